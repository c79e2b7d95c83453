"""Sub-commands of ``target87 measure``.

Each module here exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args)``
returning an exit code. ``target87.measure.cli`` discovers them.
"""
