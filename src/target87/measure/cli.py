"""``target87 measure``: the measurement toolbox on the command line (no Django)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from target87.measure import commands


class MeasureInputError(Exception):
    """Bad input the user can fix; printed as a message, never as a traceback."""


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            yield module


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="target87 measure",
        description="Measurement toolbox for SDG Target 8.7.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        p = sub.add_parser(module.NAME, help=getattr(module, "HELP", None))
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except MeasureInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
