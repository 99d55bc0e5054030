"""The scoring rules' words, the ``rules`` area (Vietnamese, English): what figure a rule
needs (R160's ``needs``) and what a rule's author is told to write (the ``expected`` of
R103, R111). The rule language's own keywords («Đạt», «Trễ hạn», «còn lại» …) are written
as a methodology cell holds them, in both languages."""

from __future__ import annotations

# key -> (Vietnamese, English)
RULES: dict[str, tuple[str, str]] = {
    # ---- the figure a rule needs ----
    "expects_rate": ("một tỷ lệ, vd. 92%, 0,92 hoặc 12/15", "a rate, e.g. 92%, 0,92 or 12/15"),
    "expects_number": ("một số ({unit}), vd. 12", "a number ({unit}), e.g. 12"),
    "expects_pass_fail": ("«Đạt» hoặc «Không đạt»", "«Đạt» or «Không đạt»"),
    "expects_deadline": ("«Đúng hạn», «Trễ hạn» hoặc «Không có»",
                         "«Đúng hạn» (on time), «Trễ hạn» (late) or «Không có» (none)"),
    # ---- what a rule's author is told ----
    "otherwise_last": ("«còn lại» ở cuối", "«còn lại» (otherwise) last"),
    "one_direction": ("cùng một chiều (≥, > hoặc ≤, <)", "one direction (≥, > or ≤, <)"),
    "top_unbounded": ("bậc cao nhất không có cận trên", "no upper bound on the highest step"),
    "high_to_low": ("từ cao xuống thấp", "from high to low"),
    "low_to_high": ("từ thấp lên cao", "from low to high"),
}
