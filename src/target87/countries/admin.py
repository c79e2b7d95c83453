from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from target87.accounts.admin_mixins import ScopedAdminMixin
from target87.countries.models import Country, CountryProfile


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso3", "name_en", "un_status", "sdg_region", "ilo_region", "m49"]
    list_filter = ["un_status", "sdg_region", "ilo_region"]
    search_fields = ["iso3", "iso2", "m49", "name_en", "name_fr", "name_es", "name_ar",
                     "name_zh", "name_ru"]


@admin.register(CountryProfile)
class CountryProfileAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["country", "national_statistics_office", "updated_at"]
    search_fields = ["country__name_en", "country__iso3", "summary"]
    list_filter = ["country__sdg_region"]
    autocomplete_fields = ["country"]
