from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "target87.countries"
    verbose_name = _("Countries")

    def load_reference_data(self, stdout):
        from target87.countries.services import load_countries

        return load_countries(stdout=stdout)
