"""The home page gathers its cards from the apps through core's registry; core's own
modules import no domain app."""

import ast
from pathlib import Path

import pytest

import target87

DOMAIN_APPS = {"knowledge", "monitoring", "pathfinders", "partnership", "trends", "surveys",
               "meetings", "pledges", "groups", "ereport", "notifications"}


def test_core_modules_import_no_domain_app():
    core = Path(target87.__file__).parent / "core"
    offenders = []
    for path in core.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "target87" and len(parts) > 1 and parts[1] in DOMAIN_APPS:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


@pytest.mark.django_db
def test_home_cards_come_from_the_apps(client):
    from target87.core.home import _BLOCKS, home_cards

    keys = [key for _order, key, _func in _BLOCKS]
    assert keys[:1] == ["countries"]
    assert {"pathfinders", "indicators", "practices", "events", "partners"} <= set(keys)
    titles = [card.title for card in home_cards()]
    assert titles[0] == "Countries" and "Good practices" in titles
    html = client.get("/en/").content.decode()
    assert "Pathfinder countries" in html and "Partners" in html
