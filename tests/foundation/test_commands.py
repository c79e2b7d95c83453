from io import StringIO

import pytest
from django.core.management import call_command

from target87.accounts.models import User
from target87.cli import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_setup_is_idempotent():
    out = StringIO()
    call_command("setup", stdout=out)
    assert User.objects.filter(username="focal-npl").exists()
    out = StringIO()
    call_command("setup", stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_cli_reaches_django_commands(capsys):
    assert main(["help", "--commands"]) == 0
    out = capsys.readouterr().out
    for name in ["setup", "serve", "worker", "demo", "migrate"]:
        assert name in out
