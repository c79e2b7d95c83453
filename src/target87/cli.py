"""The ``target87`` command.

``target87 measure ...`` runs the measurement toolbox without Django; every other
sub-command is a Django management command (``setup``, ``serve``, ``worker``, ``demo``,
``migrate``, ``createsuperuser``, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "measure":
        from target87.measure.cli import main as measure_main

        return measure_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "target87.settings")
    if argv and argv[0] == "demo":
        # the demo is served over plain HTTP on localhost
        os.environ.setdefault("HTTPS", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["target87", *argv])
    return 0
