from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from target87.core.languages import language_suffix
from target87.countries.regions import ILO_REGIONS, SDG_REGIONS


def name_field(language: str | None = None) -> str:
    return f"name_{language_suffix(language)}"


class UNStatus(models.TextChoices):
    MEMBER = "member", _("UN member state")
    OBSERVER = "observer", _("Observer state")
    NON_MEMBER = "non_member", _("Non-member state")
    TERRITORY = "territory", _("Territory")


class SDGRegion(models.TextChoices):
    SUB_SAHARAN_AFRICA = SDG_REGIONS[0], _("Sub-Saharan Africa")
    NORTHERN_AFRICA_WESTERN_ASIA = SDG_REGIONS[1], _("Northern Africa and Western Asia")
    CENTRAL_SOUTHERN_ASIA = SDG_REGIONS[2], _("Central and Southern Asia")
    EASTERN_SOUTH_EASTERN_ASIA = SDG_REGIONS[3], _("Eastern and South-Eastern Asia")
    LATIN_AMERICA_CARIBBEAN = SDG_REGIONS[4], _("Latin America and the Caribbean")
    OCEANIA = SDG_REGIONS[5], _("Oceania")
    EUROPE_NORTHERN_AMERICA = SDG_REGIONS[6], _("Europe and Northern America")


class ILORegion(models.TextChoices):
    AFRICA = ILO_REGIONS[0], _("Africa")
    AMERICAS = ILO_REGIONS[1], _("Americas")
    ARAB_STATES = ILO_REGIONS[2], _("Arab States")
    ASIA_PACIFIC = ILO_REGIONS[3], _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = ILO_REGIONS[4], _("Europe and Central Asia")


class Country(models.Model):
    """A UN member state, observer state or territory covered by household surveys."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    un_status = models.CharField(_("UN status"), max_length=12, choices=UNStatus.choices)
    sdg_region = models.CharField(_("SDG region"), max_length=40, choices=SDGRegion.choices)
    ilo_region = models.CharField(_("ILO region"), max_length=30, choices=ILORegion.choices)
    m49_region = models.CharField(_("M49 region"), max_length=40, blank=True)
    m49_sub_region = models.CharField(_("M49 sub-region"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_upper_alpha"
            ),
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper_alpha"
            ),
            models.CheckConstraint(
                condition=Q(m49__regex=r"^[0-9]{3}$"), name="country_m49_digits"
            ),
            models.CheckConstraint(
                condition=Q(un_status__in=UNStatus.values), name="country_un_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(sdg_region__in=SDGRegion.values), name="country_sdg_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(ilo_region__in=ILORegion.values), name="country_ilo_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None = None) -> str:
        return getattr(self, name_field(language)) or self.name_en

    @property
    def name(self) -> str:
        return self.name_in()

    @property
    def is_member_state(self) -> bool:
        return self.un_status == UNStatus.MEMBER

    def get_absolute_url(self) -> str:
        return reverse("countries:detail", args=[self.iso3])

    # permission service hook: the countries a record belongs to
    def permission_country_ids(self) -> set[int]:
        return {self.pk}


class CountryProfile(models.Model):
    """What a country says about itself on its page; kept by its focal point."""

    country = models.OneToOneField(Country, on_delete=models.CASCADE, related_name="profile")
    summary = models.TextField(_("summary"), blank=True)
    national_statistics_office = models.CharField(
        _("national statistics office"), max_length=200, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")

    def __str__(self) -> str:
        return str(self.country)

    def permission_country_ids(self) -> set[int]:
        return {self.country_id}

    def get_absolute_url(self) -> str:
        return self.country.get_absolute_url()
