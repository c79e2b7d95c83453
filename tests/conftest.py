"""Shared fixtures: reference countries loaded once per test database, users by role."""

from pathlib import Path

import pytest

from target87.accounts.models import Role, User
from target87.accounts.services import grant_role


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; production redirects it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """A request in another language leaves it active in the thread; start each test in
    English so messages built outside a request do not depend on test order."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_caches():
    """Cached pages and fragments are keyed by the content version, which lives in the
    database and goes back with each test's rollback (and is moved on only after a commit,
    which a test transaction never makes): start every test with empty caches."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from target87.countries.services import load_countries

    with django_db_blocker.unblock():
        load_countries()


@pytest.fixture(autouse=True)
def _reference_countries(request):
    """Transactional tests flush the database; put the reference countries back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    if marker.kwargs.get("transaction") or (marker.args and marker.args[0]):
        request.getfixturevalue("transactional_db")
        from target87.countries.models import Country
        from target87.countries.services import load_countries

        if not Country.objects.exists():
            load_countries()


@pytest.fixture
def country(db):
    from target87.countries.models import Country

    return Country.objects.get(iso3="NPL")


@pytest.fixture
def other_country(db):
    from target87.countries.models import Country

    return Country.objects.get(iso3="MDG")


def make_user(username, role=None, country=None, **extra):
    user = User.objects.create_user(username=username, password="a-Strong-pass-87!", **extra)
    if role:
        grant_role(user, role, country)
    return user


@pytest.fixture
def secretariat(db):
    return make_user("sec", Role.SECRETARIAT, is_staff=True)


@pytest.fixture
def gcg_member(db):
    return make_user("gcg", Role.GCG_MEMBER)


@pytest.fixture
def focal_point(db, country):
    """Focal point of Nepal (NPL)."""
    return make_user("fp", Role.FOCAL_POINT, country)


@pytest.fixture
def other_focal_point(db, other_country):
    """Focal point of Madagascar (MDG)."""
    return make_user("fp-mdg", Role.FOCAL_POINT, other_country)


@pytest.fixture
def partner_user(db):
    return make_user("partner", Role.PARTNER_REPRESENTATIVE)


@pytest.fixture
def chair(db):
    return make_user("chair", Role.ACTION_GROUP_CHAIR)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The test database, reachable by other processes the test starts (a worker, a
    server): yields the environment they need (``DATABASE_URL``, a data directory).

    On PostgreSQL that is the test database itself. SQLite's in-memory test database is
    copied to a file, which this process then uses too until the test ends.
    """
    import os
    import sqlite3

    from django.db import connections

    original = connections["default"]
    env = {**os.environ, "TARGET87_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    if original.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        original.ensure_connection()
        copy = sqlite3.connect(path)
        original.connection.backup(copy)
        copy.close()
        shared = original.__class__({**original.settings_dict, "NAME": str(path)}, "default")
        connections["default"] = shared
        env["DATABASE_URL"] = f"sqlite:///{path}"
        try:
            yield env
        finally:
            shared.close()
            connections["default"] = original
    else:
        s = original.settings_dict
        env["DATABASE_URL"] = (f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:"
                               f"{s['PORT']}/{s['NAME']}")
        yield env


def shared_dir() -> Path:
    """The project's shared folder (the briefing pack is in its seeds/), which lies beside
    the clone (``<clone>/../shared``); from a linked work tree, beside the main clone."""
    repo = Path(__file__).resolve().parents[1]
    candidates = [repo.parent / "shared"]
    git = repo / ".git"
    if git.is_file():  # a linked work tree: ".git" names <main clone>/.git/worktrees/NAME
        text = git.read_text("utf-8").strip()
        if text.startswith("gitdir:"):
            main_git = Path(text.split(":", 1)[1].strip()).resolve().parents[1]
            candidates.append(main_git.parent.parent / "shared")
    return next((c for c in candidates if c.is_dir()), candidates[0])


SEEDS_DIR = shared_dir() / "seeds"
