"""``target87 measure``: the measurement toolbox on the command line (no Django)."""

from __future__ import annotations

import argparse
import importlib
import sys

from target87.measure import commands


class MeasureInputError(Exception):
    """Bad input the user can fix; printed as a message, never as a traceback.

    ``MeasureInputError(code, template, **params)``: ``code`` names the problem so that a
    program (the web platform) can say it in the reader's language, ``template`` is the
    English ``%``-format message and ``params`` the values put in it (column, rows, file...).
    ``str(exc)`` is the English message. ``MeasureInputError(message)`` alone still works
    (``code`` is then ``None``).
    """

    def __init__(self, code_or_message: str, template: str | None = None, /, **params):
        if template is None:
            if params:
                raise TypeError("MeasureInputError params need a code and a template")
            self.code, self.template, self.params = None, code_or_message, {}
            message = code_or_message
        else:
            self.code, self.template = code_or_message, template
            # Formatted with the values as given so the message stays what it always was;
            # .params holds plain (JSON-ready) copies for storing and translating.
            message = template % params
            self.params = {k: _plain(v) for k, v in params.items()}
        super().__init__(message)

    def __reduce__(self):
        # The default would rebuild from args (the message alone) and lose code and params.
        return _rebuild, (type(self), self.code, self.template, self.params, str(self))


def _rebuild(cls, code, template, params, message):
    if code is None:
        return cls(message)
    return cls(code, template, **params)


def _plain(value):
    """``value`` as plain JSON types: NumPy scalars unwrapped, sequences as lists."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _command_module(name: str):
    return importlib.import_module(f"{commands.__name__}.{commands.COMMANDS[name][0]}")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given ``argv``, only the command it names gets its
    options and is imported (the others are listed with their help line), so that
    ``--help`` imports no command and each run imports only its own."""
    parser = argparse.ArgumentParser(
        prog="target87 measure",
        description="Measurement toolbox for SDG Target 8.7.",
    )
    chosen = None
    if argv is not None:
        chosen = next((a for a in argv if not a.startswith("-")), "")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_line) in commands.COMMANDS.items():
        p = sub.add_parser(name, help=help_line)
        if chosen is None or chosen == name:
            module = _command_module(name)
            module.add_arguments(p)
            p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except MeasureInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
