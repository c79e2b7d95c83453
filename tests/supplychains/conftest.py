import pytest

from target87.countries.models import Country
from target87.groups.models import ActionGroup, GroupChair, GroupMembership
from target87.partnership.models import Partner, PartnerType
from target87.supplychains.criteria import load_criteria


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def criteria(db):
    load_criteria()


@pytest.fixture
def supply_chains_group(db):
    return ActionGroup.objects.create(slug="supply-chains", name_en="Supply Chains")


@pytest.fixture
def sc_chair(chair, supply_chains_group):
    """The ``chair`` user, representing the organisation that chairs the Supply Chains group."""
    org = Partner.objects.create(name="International Labour Organization",
                                 partner_type=PartnerType.INTERNATIONAL_ORGANISATION)
    GroupChair.objects.create(group=supply_chains_group, organisation=org, role="chair",
                              representative=chair)
    return chair


@pytest.fixture
def other_chair(db):
    """A chair of another Action Group."""
    from target87.accounts.models import Role
    from tests.conftest import make_user

    user = make_user("chair-migration", Role.ACTION_GROUP_CHAIR)
    group = ActionGroup.objects.create(slug="migration", name_en="Migration")
    org = Partner.objects.create(name="IOM", partner_type=PartnerType.INTERNATIONAL_ORGANISATION)
    GroupChair.objects.create(group=group, organisation=org, role="chair", representative=user)
    return user


def member(group, name, country, kind=PartnerType.CIVIL_SOCIETY):
    partner = Partner.objects.create(name=name, partner_type=kind, country=country)
    GroupMembership.objects.create(group=group, partner=partner)
    return partner


def nepal():
    return Country.objects.get(iso3="NPL")
