"""Render a methodology as text (the CLI's ``methodology show``).

Each criterion shows its computed maximum and, on a leaf, what sets it apart: its component
when not appraised, its not-arisen (KPS) rule, whether evidence is required, and its scoring
rule (``Quy tắc chấm``, ``Tham số``) on an indented line below.
"""

from __future__ import annotations

from cchc_index._internal.messages import number_text, ui
from cchc_index._internal.methodology.load import (
    COMPONENT_WORDS,
    CRITERIA_HEADERS,
    EVIDENCE_WORDS,
    NOT_ARISEN_WORDS,
)
from cchc_index._internal.methodology.model import Component, Criterion, Methodology, NotArisenRule


def tree_text(methodology: Methodology, lang: str = "vi") -> str:
    """The tree, indented, with computed maxima, components, not-arisen rules, evidence
    flags and scoring rules, then the bands."""
    lines = [methodology.describe()]
    lines += [text for text in (methodology.level, methodology.note) if text]
    lines.append("")
    criteria = {c.code: c for c in methodology.criteria}
    for row in methodology.tree.itertuples():
        indent = "  " * (row.level - 1)
        lines.append(f"{indent}{row.code:<8} {_points(row, lang):>7}  {row.name}"
                     f"{_notes(row)}")
        rule = criteria[row.code].rule
        if rule is not None:
            lines.append(f"{indent}{'':<8} {'':>7}  {_rule_text(criteria[row.code])}")
    lines.append("")
    lines.append(ui("tree_total", lang, total=number_text(methodology.total_max, 2, lang)))
    lines.append(ui("bands", lang))
    for band in methodology.bands:
        text = f"  {band.label:<14} {ui('from', lang)} {number_text(band.lower_bound, 2, lang)}%"
        if band.emulation:
            text += f" — {band.emulation}"
        lines.append(text)
    return "\n".join(lines)


def _points(row, lang: str) -> str:
    component = Component(row.component)
    if component.counts_in_maximum:
        return number_text(row.max_points, 2, lang)
    sign = "+" if component is Component.BONUS else "−"
    return sign + number_text(row.stated_max, 2, lang)


def _notes(row) -> str:
    """``  [Điều tra XHH; KPS: Loại trừ; Tài liệu kiểm chứng: Bắt buộc]`` for a leaf."""
    if not row.is_leaf:
        return ""
    notes = []
    component = Component(row.component)
    if component is not Component.APPRAISAL:
        notes.append(COMPONENT_WORDS[component][0])
    if row.not_arisen != NotArisenRule.NOT_ALLOWED:
        notes.append("KPS: " + NOT_ARISEN_WORDS[NotArisenRule(row.not_arisen)][0])
    if row.evidence_required:
        notes.append(f"{CRITERIA_HEADERS['evidence'][0]}: {EVIDENCE_WORDS[True][0]}")
    return f"  [{'; '.join(notes)}]" if notes else ""


def _rule_text(criterion: Criterion) -> str:
    """``Quy tắc chấm: Bậc thang — Tham số: ≥100%: 1; …``, in the exported columns' words."""
    rule = criterion.rule
    text = f"{CRITERIA_HEADERS['rule'][0]}: {rule.label()}"
    params = rule.text or rule.spelled()
    if params:
        text += f" — {CRITERIA_HEADERS['rule_params'][0]}: {params}"
    return text
