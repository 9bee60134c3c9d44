from django.contrib import admin

from .models import Digest, Message, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """What was sent to whom and when: for answering «мне не пришло письмо»."""

    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "title", "key"]
    readonly_fields = ["recipient", "kind", "title", "body", "url", "key", "created_at", "read_at", "emailed_at"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "messages", "sent_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "day", "messages", "sent_at"]
