import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    """Partners and knowledge seed data, as ``target87 setup`` loads them."""
    from target87.knowledge.services import load_reference_data
    from target87.partnership.services import load_partners

    load_partners()
    load_reference_data()
