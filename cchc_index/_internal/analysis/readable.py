"""An analysis table as a person reads it: the headings and words of the workbook's
analysis sheets instead of the column names code uses.

>>> import pandas as pd
>>> frame = pd.DataFrame({"unit": ["Xã An Khánh"], "comparable": ["merged"],
...                       "class_probability": [0.85], "settled": [False]})
>>> list(readable(frame).columns)
['Đơn vị', 'So sánh được', 'Xác suất giữ xếp loại (%)', 'Xếp loại chắc chắn']
>>> print(*readable(frame).iloc[0], sep=" | ")
Xã An Khánh | hợp nhất | 85.0 | không
"""

from __future__ import annotations

import pandas as pd

from cchc_index._internal.analysis.workbook import settings_text
from cchc_index._internal.messages.analysis_workbook import ANALYSIS_COLUMNS as COLUMNS
from cchc_index._internal.messages.analysis_workbook import ANALYSIS_TITLES as TITLES
from cchc_index._internal.messages.analysis_workbook import COMPARABLE

__all__ = ["readable", "settings_text"]


def readable(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """``frame`` (any analysis table, or a part of one) with its known columns headed as in
    the workbook, the comparability and yes/no columns in words, and shares kept as
    fractions (``class_probability``, a band's ``p_<class>``) shown in percent, as their
    headings say. The internal key ``unit_id`` is left out (the unit's name is there);
    columns the workbook does not know keep their names; the values are not rounded.
    """
    shown = frame.drop(columns=["unit_id"], errors="ignore")
    english = lang == "en"
    if "comparable" in shown:
        shown["comparable"] = shown["comparable"].map(
            lambda v: COMPARABLE.get(v, (v, v))[english])
    names = {c: COLUMNS[c][english] for c in shown.columns if c in COLUMNS}
    for column in shown.columns:
        band = isinstance(column, str) and column.startswith("p_") and column not in COLUMNS
        if band:
            names[column] = f"{column.removeprefix('p_')} (%)"
        if band or (column in COLUMNS and COLUMNS[column][2].endswith("%")):
            shown[column] = shown[column] * 100  # "0%" in Excel: a fraction shown in percent
        if shown[column].dtype == bool:
            shown[column] = shown[column].map(
                lambda v: TITLES["yes" if v else "no"][english])
    if isinstance(shown.index, pd.MultiIndex) or shown.index.name in COLUMNS:
        shown = shown.rename_axis([COLUMNS.get(n, (n, n))[english] if n else n
                                   for n in shown.index.names])
    return shown.rename(columns=names)
