from django.contrib import admin

from .models import Campaign, Municipality, Order, Organisation, Person, Region, School, SchoolImport


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "timezone"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "municipality"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["municipality"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "fis_oko_login", "municipality", "kind", "is_rural"]
    list_filter = ["kind", "is_rural", "municipality__region"]
    search_fields = ["short_name", "full_name", "fis_oko_login"]
    autocomplete_fields = ["municipality", "director"]
    list_select_related = ["municipality"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organisation", "school", "email"]
    list_filter = ["region"]
    search_fields = ["last_name", "first_name", "email"]
    autocomplete_fields = ["organisation", "school"]
    list_select_related = ["organisation", "school"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "title", "issuer"]
    list_filter = ["region", "issuer"]
    search_fields = ["number", "title"]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "title"]
    list_filter = ["region"]


@admin.register(SchoolImport)
class SchoolImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "region", "status", "created_count", "updated_count", "uploaded_at"]
    list_filter = ["status", "region"]
    readonly_fields = [f.name for f in SchoolImport._meta.fields]
