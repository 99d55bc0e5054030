"""Headings and labels of the results workbook and the charts, Vietnamese and English.

Kept apart from the writers so a province can read every printed phrase in one place.

>>> report_text("total", "vi"), report_text("total", "en")
('Tổng điểm', 'Total points')
>>> annex_title("Xã, phường", "2024")
'KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG'
"""

from __future__ import annotations

from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.text import canonical


def report_text(key: str, lang: str = "vi", **values: object) -> str:
    """One heading or label in ``lang`` ("vi" or "en"), with its fields filled."""
    return catalogue_text("report", key, lang, **values)


def methodology_cited(methodology, lang: str = "vi", years: bool = False) -> str:
    """The methodology as a report names it: "Bộ chỉ số … ban hành kèm theo Quyết định số
    12/QĐ-UBND"; without a decision its name, and with ``years`` (a subtitle, where no
    sentence says the year) its years too: "Bộ chỉ số … — 2024"."""
    if methodology.decision:
        return report_text("cited", lang, name=methodology.name, decision=methodology.decision)
    return methodology.describe() if years else methodology.name


# Levels whose units are local governments: their annex names the People's Committees.
_LOCAL_LEVELS = ("xa", "phuong", "thi tran", "huyen", "quan", "thi xa", "thanh pho thuoc")


def annex_title(level: str, year: str, lang: str = "vi") -> str:
    """The annex title, e.g. "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ,
    PHƯỜNG", from the methodology's level and the year of the results."""
    parts = [report_text("title", lang)]
    if year:
        parts.append(report_text("title_year", lang, year=year))
    level = " ".join(level.split())
    if level:
        local = canonical(level).startswith(_LOCAL_LEVELS)
        subject = report_text("title_local" if local else "title_other", lang,
                              level=level.upper())
        parts.append(report_text("title_of", lang, subject=subject))
    return " ".join(parts)
