"""Tables for a person to read in a notebook: the annex with its printed headings, and a
pandas Styler that writes numbers the Vietnamese way (91,58) without the index column.

>>> import pandas as pd
>>> html = styled(pd.DataFrame({"Chỉ số (%)": [91.575]})).to_html()
>>> "91,58" in html
True
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.report import tables
from cchc_index._internal.report.text import report_text

BAR_COLOUR = "#9ECAE1"


def annex_frame(result: RunResult, lang: str = "vi") -> pd.DataFrame:
    """The annex table as a DataFrame, with the workbook's headings: unit, group, points per
    field, total, index as shown, rank, class, in annex order. Values stay unrounded
    except the index, which is shown as the methodology rounds it."""
    ordered = tables.annex_order(result.results)
    fields = list(result.methodology.fields["code"])
    frame = pd.DataFrame({
        report_text("unit", lang): ordered["unit"],
        report_text("group", lang): ordered["group"],
        **{report_text("field", lang, code=code): ordered[f"field_{code}"] for code in fields},
        report_text("total", lang): ordered["points"],
        report_text("index", lang): ordered["index_display"],
        report_text("rank", lang): ordered["rank"],
        report_text("class", lang): ordered["classification"],
    })
    if not frame[report_text("group", lang)].astype(str).str.len().any():
        frame = frame.drop(columns=report_text("group", lang))
    return frame


def styled(frame: pd.DataFrame, decimals: int = 2, lang: str = "vi",
           bars: Sequence[str] = (), bar_max: float = 100.0):
    """A Styler of ``frame``: numbers with ``decimals`` decimals (decimal comma in
    Vietnamese), blanks for NaN, no index column, and in-cell bars for the ``bars``
    columns (from 0 to ``bar_max``)."""
    decimal, thousands = (".", ",") if lang == "en" else (",", ".")
    styler = frame.style.hide(axis="index").format(precision=decimals, decimal=decimal,
                                                   thousands=thousands, na_rep="")
    if bars:
        styler = styler.bar(subset=list(bars), vmin=0, vmax=bar_max, color=BAR_COLOUR)
    return styler.set_table_styles([
        {"selector": "th", "props": [("text-align", "center"), ("font-weight", "bold")]},
        {"selector": "td", "props": [("padding", "2px 8px")]},
    ])
