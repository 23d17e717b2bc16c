from django.contrib import admin

from salon.circles.models import Nudge


@admin.register(Nudge)
class NudgeAdmin(admin.ModelAdmin):
    list_display = ["circle", "recipient", "sender", "sent_at"]
    list_filter = ["circle__community"]
    # The words are between the sender and the recipient.
    exclude = ["message"]
