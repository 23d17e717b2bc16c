from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from salon.discussions.models import Category, Post, Topic


class _UnderTheRule:
    """Topics and posts under the Chatham House rule name nobody in the admin either: the
    author is left off their form and shown as "a member" in the list (as in the audit
    log's admin)."""

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]
        if obj is not None and obj.unattributed_author_id is not None:
            exclude.append("author")
        return exclude

    @admin.display(description=_("author"))
    def who(self, obj: Any) -> str:
        if obj.unattributed_author_id is not None:
            return str(_("a member"))
        return str(obj.author) if obj.author is not None else ""


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "circle", "position", "chatham_house"]
    list_filter = ["community"]
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(_UnderTheRule, admin.ModelAdmin):
    list_display = ["title", "community", "kind", "post_count", "last_activity_at", "archived"]
    list_filter = ["kind", "pinned", "locked", "closed", "archived"]
    search_fields = ["title"]
    raw_id_fields = ["category", "community", "circle", "author", "accepted_answer"]


@admin.register(Post)
class PostAdmin(_UnderTheRule, admin.ModelAdmin):
    list_display = ["__str__", "who", "created_at", "edited_at", "deleted_at", "hidden_at"]
    list_select_related = ["topic__category", "author"]
    raw_id_fields = ["topic", "author", "mentions"]
