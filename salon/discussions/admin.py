from django.contrib import admin

from salon.discussions.models import Category, Post, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "circle", "position", "chatham_house"]
    list_filter = ["community"]
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "post_count", "last_activity_at", "archived"]
    list_filter = ["kind", "pinned", "locked", "closed", "archived"]
    search_fields = ["title"]
    raw_id_fields = ["category", "community", "circle", "author", "accepted_answer"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "deleted_at", "hidden_at"]
    raw_id_fields = ["topic", "author", "mentions"]
