from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from salon.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "region", "country", "is_staff", "deletion_requested_at"]
    list_filter = ["is_staff", "is_active", "region", "function"]
    search_fields = ["email", "name", "organisation"]
    readonly_fields = ["date_joined", "last_login", "deletion_requested_at"]
    autocomplete_fields = ["manager"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "name",
                    "title",
                    "organisation",
                    "organisation_unit",
                    "manager",
                    "function",
                    "industry",
                    "region",
                    "country",
                    "timezone",
                    "languages",
                    "work_start",
                    "work_end",
                    "bio",
                ]
            },
        ),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["date_joined", "last_login", "deletion_requested_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    filter_horizontal = ["languages", "groups"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]
