"""Render a methodology as text (the CLI's ``methodology show``)."""

from __future__ import annotations

from cchc_index.messages import number_text, ui
from cchc_index.methodology.load import COMPONENT_WORDS, NOT_ARISEN_WORDS
from cchc_index.methodology.model import Component, Methodology, NotArisenRule


def tree_text(methodology: Methodology, lang: str = "vi") -> str:
    """The tree, indented, with computed maxima, components and not-arisen rules."""
    lines = [methodology.describe()]
    lines += [text for text in (methodology.level, methodology.note) if text]
    lines.append("")
    for row in methodology.tree.itertuples():
        indent = "  " * (row.level - 1)
        component = Component(row.component)
        if component.counts_in_maximum:
            points = number_text(row.max_points, 2, lang)
        else:
            points = ("+" if component is Component.BONUS else "−") + number_text(
                row.stated_max, 2, lang)
        notes = []
        if row.is_leaf and component is not Component.APPRAISAL:
            notes.append(COMPONENT_WORDS[component][0])
        if row.is_leaf and row.not_arisen != NotArisenRule.NOT_ALLOWED:
            notes.append("KPS: " + NOT_ARISEN_WORDS[NotArisenRule(row.not_arisen)][0])
        note = f"  [{'; '.join(notes)}]" if notes else ""
        lines.append(f"{indent}{row.code:<8} {points:>7}  {row.name}{note}")
    lines.append("")
    lines.append(ui("tree_total", lang, total=number_text(methodology.total_max, 2, lang)))
    lines.append(ui("bands", lang))
    for band in methodology.bands:
        text = f"  {band.label:<14} {ui('from', lang)} {number_text(band.lower_bound, 2, lang)}%"
        if band.emulation:
            text += f" — {band.emulation}"
        lines.append(text)
    return "\n".join(lines)
