"""The charts' labels, titles, page words and source line, Vietnamese first."""

from __future__ import annotations

# the analysis charts (analysis.charts)
ANALYSIS_CHARTS: dict[str, tuple[str, str]] = {
    "rank": ("Thứ hạng", "Rank"),
    "official": ("Thứ hạng chính thức", "Official rank"),
    "interval": ("Khoảng 5%–95% qua mô phỏng", "5%–95% interval over the runs"),
    "unsettled": ("Xếp loại chưa chắc chắn", "Class not settled"),
    "rank_title": ("Độ vững của thứ hạng ({runs} lần mô phỏng)",
                   "Robustness of ranks ({runs} runs)"),
    "change": ("Thay đổi chỉ số so với năm trước (điểm phần trăm)",
               "Change of the index from last year (percentage points)"),
    "change_title": ("Đơn vị tăng, giảm chỉ số so với năm trước",
                     "Units that rose and fell since last year"),
    "merged": ("hợp nhất", "merged"),
}

# a chart drawn page by page (plots.charts) and the source line under every chart
PLOT_WORDS: dict[str, tuple[str, str]] = {
    "page": (" ({number}/{total})", " ({number}/{total})"),
    "ranks": (": hạng {first}–{last}", ": ranks {first}–{last}"),
    "rows": (": đơn vị {first}–{last}", ": units {first}–{last}"),
    "group": (", nhóm {group}", ", group {group}"),
    "top": (" ({n} đơn vị đầu và {n} đơn vị cuối)", " (first and last {n} units)"),
    "source": ("Nguồn: {name}, năm {year}", "Source: {name}, {year}"),
}
