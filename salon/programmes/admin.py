from django.contrib import admin

from salon.programmes.models import Item, Module, Programme


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ["position", "title", "starts_on", "ends_on"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "starts_on", "ends_on"]
    list_filter = ["community"]
    search_fields = ["title"]
    inlines = [ModuleInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "module", "opens_on", "due_on"]
    list_filter = ["kind"]
    search_fields = ["title"]
