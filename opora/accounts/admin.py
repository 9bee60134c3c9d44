from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Assignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "person", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "person__last_name"]
    autocomplete_fields = ["person"]
    fieldsets = [
        (None, {"fields": ["email", "password", "person"]}),
        ("Права", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Даты", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "person", "password1", "password2"]})]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "region", "municipality", "campaign", "order", "valid_from", "valid_to"]
    list_filter = ["role", "region", "campaign"]
    search_fields = ["person__last_name", "person__first_name"]
    autocomplete_fields = ["person", "municipality", "schools", "order"]
    list_select_related = ["person", "region", "municipality", "campaign", "order"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
