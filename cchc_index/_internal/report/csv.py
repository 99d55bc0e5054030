"""The results CSV: the contract for scripts.

Columns, in this order, then any others: ``unit, group, points, max_points, index_pct,
rank, classification, appraised, emulation, field_<code>…``. Numbers use a dot decimal and
are unrounded; text a spreadsheet would run as a formula is neutralised
(:func:`~cchc_index._internal.files.csv_text`). Written all or nothing
(:func:`~cchc_index._internal.files.atomic_write`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_index._internal.files import atomic_write, csv_text
from cchc_index._internal.pipeline import RESULT_COLUMNS, RunResult
from cchc_index._internal.report.tables import annex_order


def csv_frame(result: RunResult) -> pd.DataFrame:
    """The CSV table: the contract columns first, then the rest (minus internal ones)."""
    frame = annex_order(result.results)  # listed as the annex, the Word draft, the terminal
    frame["appraised"] = frame["appraised"].map({True: "yes", False: "no"})
    fields = [c for c in frame.columns if c.startswith("field_")]
    internal = {"unit_id", "unit_source"}
    rest = [c for c in frame.columns
            if c not in RESULT_COLUMNS and c not in fields and c not in internal]
    return frame[RESULT_COLUMNS + fields + rest]


def write_csv(result: RunResult, path: str | Path) -> Path:
    """Write the results CSV (UTF-8 with BOM, so Excel shows the diacritics)."""
    frame = csv_frame(result)
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    for column in text_columns:
        frame[column] = frame[column].map(csv_text)
    frame.columns = [csv_text(str(c)) for c in frame.columns]
    return atomic_write(Path(path), lambda p: frame.to_csv(p, index=False, encoding="utf-8-sig"))
