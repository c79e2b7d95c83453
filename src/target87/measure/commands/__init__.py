"""Sub-commands of ``target87 measure``.

Each module here exposes ``NAME``, ``add_arguments(parser)`` and ``run(args)`` returning an
exit code, and is listed in ``COMMANDS`` with its help line. ``target87.measure.cli`` imports
only the module of the command it runs (``target87 measure --help`` imports none), so each
module imports its numerical libraries inside its functions.
"""

# name -> (module in this package, help line)
COMMANDS = {
    "child-labour": (
        "child_labour",
        "SDG 8.7.1 child labour prevalence with standard errors from survey microdata",
    ),
    "footprint": (
        "footprint",
        "child labour (or any stressor) embodied in each region's final demand (input-output)",
    ),
    "forced-labour": (
        "forced_labour",
        "forced labour prevalence per 1,000 with standard errors from survey microdata "
        "(ICLS 2018)",
    ),
    "mse": (
        "mse",
        "estimate a hidden population from overlapping lists (multiple systems estimation)",
    ),
    "project": (
        "project",
        "project a series to a target year and the pace needed to reach a target level",
    ),
}
