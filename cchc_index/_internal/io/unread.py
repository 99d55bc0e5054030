"""Why no layout could read a file, in the user's terms.

When no layout recognises a table in any sheet, the file is rejected; the reason names
what the sheets do look like: a table of units whose columns name no field or criterion
of the index (I029), a form with a code or content column but no points column (I030),
or no table at all (I003).
"""

from __future__ import annotations

from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.headers import APPRAISAL_1, APPRAISAL_2, CODE, NAME, SELF, role_of
from cchc_index._internal.io.recognise import names_unit_column
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.text import nfc

MAX_SCAN = 40  # rows looked at for a header, as the layouts do
SHOWN_HEADERS = 6


def unread_reason(grids: list[Grid], file: str, methodology: Methodology) -> Problem:
    """The problem that says why none of ``grids`` holds a table of ``methodology``."""
    index = f"«{methodology.name}»"
    # What a sheet looks like, the closest to a readable table first.
    for code, header_of in (("I029", _unit_header), ("I030", _criteria_header)):
        for grid in sorted(grids, key=lambda g: g.hidden):
            found = header_of(grid)
            if found is not None:
                row, col = found
                return Problem(code, "error", file, grid.sheet, address(row, col),
                               found=_headers(grid, row, col), expected=index)
    return Problem("I003", file=file, expected=index)


def _unit_header(grid: Grid) -> tuple[int, int] | None:
    for row, values in enumerate(grid.rows[:MAX_SCAN], start=1):
        for col, value in enumerate(values, start=1):
            if type(value) is str and names_unit_column(value):
                return row, col
    return None


def _criteria_header(grid: Grid) -> tuple[int, int] | None:
    """A header cell naming a code or content column, on a row without a points column."""
    for row, values in enumerate(grid.rows[:MAX_SCAN], start=1):
        roles = {role_of([v]): col for col, v in enumerate(values, start=1) if type(v) is str}
        if roles.keys() & {SELF, APPRAISAL_1, APPRAISAL_2, "appraisal"}:
            continue
        for role in (CODE, NAME):
            if role in roles:
                return row, roles[role]
    return None


def _headers(grid: Grid, row: int, col: int) -> str:
    """The header cells of ``row`` from ``col`` on, as typed ("«Tên đơn vị», «Ghi chú»…")."""
    texts = [nfc(str(v)).replace("\n", " ") for v in grid.rows[row - 1][col - 1:]
             if v is not None and str(v).strip()]
    shown = ", ".join(f"«{t[:40]}»" for t in texts[:SHOWN_HEADERS])
    return shown + (" …" if len(texts) > SHOWN_HEADERS else "")
