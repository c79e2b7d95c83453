"""Why a footprint run failed, said in the reader's language.

``target87.measure.io_analysis`` and ``io_readers`` raise ``IOInputError(code, template,
**params)`` with an English template. A run stores the code, the values and the English
text; this module keeps every template the library raises with, marked for translation, and
says a stored failure again in the active language. A code or text it does not know keeps
the English text (a failure stored by another version of the library).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext, gettext_noop

#: (code, English template) as the library raises them; a code may have several templates.
TEMPLATES: tuple[tuple[str, str], ...] = (
    ('io_extension_unknown',
     gettext_noop('%(source)s has no extension %(name)r (it has: %(names)s)')),
    ('io_no_extension',
     gettext_noop('%(source)s holds no extension (satellite account); give one as a CSV file')),
    ('io_zip_unreadable',
     gettext_noop('cannot read %(path)s as a zip archive: %(detail)s')),
    ('io_not_pymrio',
     gettext_noop("%(path)s has no file_parameters.json: expected a folder written by pymrio's "
                  'save_all')),
    ('io_header_ragged',
     gettext_noop('%(file)s: the header rows have different lengths')),
    ('io_value_not_number',
     gettext_noop('%(file)s row %(row)s, column %(label)s: %(value)r is not a number')),
    ('io_row_ragged',
     gettext_noop('%(file)s: a row has %(got)s cells where the header has %(expected)s')),
    ('io_file_unreadable',
     gettext_noop('cannot read %(file)s: %(detail)s')),
    ('io_column_not_number',
     gettext_noop('%(file)s column %(label)s is not numeric')),
    ('io_file_missing',
     gettext_noop('%(file)s is listed in file_parameters.json but missing')),
    ('io_value_not_finite',
     gettext_noop('%(file)s row %(row)s (%(label)s), column %(column)s: %(what)s must be a '
                  'finite number, found %(value)s')),
    ('io_labels_not_pairs',
     gettext_noop('%(file)s: %(what)s label %(label)r (number %(number)s) is not a (region, '
                  'sector) pair')),
    ('io_path_missing',
     gettext_noop('%(path)s does not exist')),
    ('io_parameters_invalid',
     gettext_noop('%(file)s is not a pymrio file_parameters file: %(detail)s')),
    ('io_table_missing',
     gettext_noop('%(file)s lists no %(table)s table')),
    ('io_z_not_square',
     gettext_noop('%(file)s has %(rows)s rows and %(cols)s columns; Z must be square')),
    ('io_label_duplicate',
     gettext_noop('%(file)s: row label %(label)s appears twice')),
    ('io_z_labels_differ',
     gettext_noop("%(file)s: row %(row)s (%(label)s) has no column of the same label; Z's rows "
                  'and columns must be the same (region, sector) pairs')),
    ('io_rows_differ_from_z',
     gettext_noop('%(file)s row %(row)s: %(label)s is not a row of %(z_file)s')),
    ('io_row_missing',
     gettext_noop('%(file)s has no row %(label)s, which %(z_file)s has')),
    ('io_z_x_mismatch',
     gettext_noop("%(file)s row %(row)s (%(label)s): total output %(x)s does not equal the row's "
                  'intermediate and final sales in %(z_file)s (%(sum)s)')),
    ('io_output_negative',
     gettext_noop('%(file)s row %(row)s (%(label)s): total output is negative (%(x)s)')),
    ('io_fy_rows_differ',
     gettext_noop('%(file)s: its rows are not the stressors of %(f_file)s')),
    ('io_columns_differ',
     gettext_noop('%(file)s: column %(label)s is not in %(ref)s')),
    ('io_icio_layout',
     gettext_noop('%(file)s: expected an OECD ICIO table (a label column, then COUNTRY_INDUSTRY '
                  'columns)')),
    ('io_icio_label',
     gettext_noop('%(file)s column %(column)s (%(label)s): expected COUNTRY_INDUSTRY')),
    ('io_z_labels_differ',
     gettext_noop("%(file)s row %(row)s (%(label)s) has no column of the same label; Z's rows "
                  'and columns must be the same (region, sector) pairs')),
    ('io_z_labels_differ',
     gettext_noop('%(file)s: column %(label)s has no row of the same label')),
    ('io_satellite_empty',
     gettext_noop('%(file)s is empty: expected columns region, sector and one column per '
                  'stressor')),
    ('io_satellite_column_missing',
     gettext_noop('%(file)s has no %(column)r column (columns: %(columns)s)')),
    ('io_satellite_no_stressor',
     gettext_noop('%(file)s has no stressor column besides region and sector')),
    ('io_satellite_column_unnamed',
     gettext_noop('%(file)s: column %(column)s has no name')),
    ('io_satellite_column_duplicate',
     gettext_noop('%(file)s: column %(label)r appears twice')),
    ('io_satellite_row_ragged',
     gettext_noop('%(file)s row %(row)s has %(got)s cells, the header %(expected)s')),
    ('io_satellite_region_unknown',
     gettext_noop('%(file)s row %(row)s: region %(label)r is not a region of the MRIO '
                  '(%(choices)s)')),
    ('io_satellite_row_duplicate',
     gettext_noop('%(file)s row %(row)s: region %(region)r, sector %(label)r is already given on '
                  'row %(first)s')),
    ('io_satellite_value_not_number',
     gettext_noop('%(file)s row %(row)s (%(region)s, %(label)s), column %(column)r: %(value)r is '
                  'not a number')),
    ('io_satellite_value_not_finite',
     gettext_noop('%(file)s row %(row)s (%(region)s, %(label)s), column %(column)r: %(value)r is '
                  'not a finite number')),
    ('io_satellite_value_negative',
     gettext_noop('%(file)s row %(row)s (%(region)s, %(label)s), column %(column)r: %(value)s is '
                  'negative; expected a count or amount of 0 or more')),
    ('io_satellite_pair_unknown',
     gettext_noop('%(file)s row %(row)s: the MRIO has no sector %(label)r in region %(region)r')),
    ('io_satellite_sector_unknown',
     gettext_noop('%(file)s row %(row)s: sector %(label)r is not a sector of the MRIO '
                  '(%(choices)s)')),
    ('io_solver_unknown',
     gettext_noop('solver must be auto, dense or sparse, not %(solver)r')),
    ('io_singular',
     gettext_noop('%(file)s: I - A is singular at row %(row)s (%(label)s): this sector and those '
                  'it trades with form a closed loop with no value added or final demand; the '
                  'footprint cannot be computed')),
    ('io_z_released',
     gettext_noop('%(source)s: Z was released after factorising with the %(solver)s solver; read '
                  'the MRIO again to use another')),
    ('io_stressor_unknown',
     gettext_noop('%(file)s has no stressor %(label)r (it has: %(choices)s)')),
    ('io_satellite_size',
     gettext_noop('%(file)s has %(got)s columns of producers; the MRIO has %(n)s')),
    ('io_satellite_no_output',
     gettext_noop('%(file)s: %(label)s has a stressor but no output in %(mrio)s, so it cannot be '
                  'traced to any consumer')),
    ('io_singular',
     gettext_noop('%(file)s: I - A is singular (the economy has a closed loop of sectors with no '
                  'value added or final demand); the footprint cannot be computed')),
)

#: English words the library puts into messages as values, said in the reader's language.
WORDS: dict[str, str] = {
    "an intermediate flow": gettext_noop("an intermediate flow"),
    "final demand": gettext_noop("final demand"),
    "total output": gettext_noop("total output"),
    "a stressor": gettext_noop("a stressor"),
    "a stressor of final demand": gettext_noop("a stressor of final demand"),
    "row": gettext_noop("row"),
    "column": gettext_noop("column"),
}
_WORD_PARAMS = ("what",)

_BY_CODE: dict[str, list[str]] = {}
for _code, _template in TEMPLATES:
    _BY_CODE.setdefault(_code, []).append(_template)


def _localised(params: Mapping) -> dict:
    out = dict(params)
    for key in _WORD_PARAMS:
        value = out.get(key)
        if isinstance(value, str) and value in WORDS:
            out[key] = gettext(WORDS[value])
    return out


def describe_code(code: str | None, params: Mapping | None, english: str) -> str:
    """The stored failure in the active language: the library's template for ``code`` whose
    English text is ``english``, translated and filled with ``params``; else ``english``."""
    params = dict(params or {})
    for template in _BY_CODE.get(code or "", ()):
        try:
            if template % params != english:
                continue
            return gettext(template) % _localised(params)
        except (KeyError, TypeError, ValueError):
            continue
    return english


def describe_known(code: str | None, params: Mapping | None) -> str | None:
    """For the jobs pages (``target87.core.jobs.register_reasons``): the message of a code
    this module knows, filled with ``params``, or ``None``."""
    params = dict(params or {})
    # Where a code has several templates, the one that uses the most of the values.
    for template in sorted(_BY_CODE.get(code or "", ()), key=lambda t: -t.count("%(")):
        try:
            return gettext(template) % _localised(params)
        except (KeyError, TypeError, ValueError):
            continue
    return None
