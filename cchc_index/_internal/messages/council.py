"""The council's worklist against the scoring rules, the ``council`` area (Vietnamese,
English): its column headings, what is wrong with each item, and how a figure is named in
a rule's warning (R150–R160)."""

from __future__ import annotations

# key -> (Vietnamese, English)
COUNCIL: dict[str, tuple[str, str]] = {
    # ---- the worklist's columns (rules.apply.council_table) ----
    "number": ("STT", "No."),
    "unit": ("Đơn vị", "Unit"),
    "code": ("Tiêu chí", "Criterion"),
    "name": ("Nội dung", "Name"),
    "figure": ("Số liệu", "Raw figure"),
    "cell_figure": ("Ô số liệu", "Figure cell"),
    "rule": ("Quy định", "Rule"),
    "self_points": ("Tự chấm", "Self-score"),
    "cell_self_points": ("Ô tự chấm", "Self-score cell"),
    "rule_points": ("Theo quy định", "Rule points"),
    "difference": ("Chênh lệch", "Difference"),
    "issue": ("Vấn đề", "Issue"),
    "file": ("Tệp", "File"),
    # ---- what is wrong with an item (its issue) ----
    "issue_above": ("Tự chấm cao hơn quy định", "self-score above the rule"),
    "issue_below": ("Tự chấm thấp hơn quy định", "self-score below the rule"),
    "issue_deduct_less": ("Tự trừ ít hơn quy định (tự chấm cao hơn)",
                          "deducted less than the rule (self-score above it)"),
    "issue_deduct_more": ("Tự trừ nhiều hơn quy định (tự chấm thấp hơn)",
                          "deducted more than the rule (self-score below it)"),
    "issue_unreadable": ("Số liệu không dùng được", "figure does not fit the rule"),
    # ---- a figure as a rule's warning names it ({at}: its cell, when it is not the cell
    # warned about) ----
    "figure_rate": ("tỷ lệ {figure}{at}", "the rate {figure}{at}"),
    "figure_count": ("số liệu {figure}{at}", "the figure {figure}{at}"),
    "figure_quoted": ("số liệu «{figure}»{at}", "the figure «{figure}»{at}"),
}
