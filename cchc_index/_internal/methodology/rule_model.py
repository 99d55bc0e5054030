"""Scoring rules as plain data: what a leaf earns for a raw figure.

Five kinds, as provinces write them in their guides (hướng dẫn chấm):

- :class:`PassFail` (Đạt/Không đạt): the item is done or not;
- :class:`Thresholds` (Bậc thang): "≥100%: 1; ≥95%: 0,5; còn lại: 0";
- :class:`Proportional` (Tỷ lệ): points in proportion to a target, capped at full points;
- :class:`Deadline` (Thời hạn): on time, late, or missing;
- :class:`Deduction` (Trừ điểm): a deduction per occurrence, capped.

Every number is an exact :class:`~fractions.Fraction`, so a figure exactly at a threshold
(95%, 19/20, "0,95") always meets it. A rule is built, and checked, by
:func:`cchc_index._internal.methodology.rule_parse.parse_rule`; it knows its leaf's maximum.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from cchc_index._internal.messages import Words, phrase
from cchc_index._internal.methodology.rule_figures import Figure, Status, number_text


class RuleKind(StrEnum):
    PASS_FAIL = "pass_fail"  # Đạt/Không đạt
    THRESHOLDS = "thresholds"  # Bậc thang
    PROPORTIONAL = "proportional"  # Tỷ lệ
    DEADLINE = "deadline"  # Thời hạn
    DEDUCTION = "deduction"  # Trừ điểm


# kind -> (Vietnamese label, English label)
KIND_LABELS: dict[RuleKind, tuple[str, str]] = {
    RuleKind.PASS_FAIL: ("Đạt/Không đạt", "pass/fail"),
    RuleKind.THRESHOLDS: ("Bậc thang", "thresholds"),
    RuleKind.PROPORTIONAL: ("Tỷ lệ", "proportional"),
    RuleKind.DEADLINE: ("Thời hạn", "deadline"),
    RuleKind.DEDUCTION: ("Trừ điểm", "deduction"),
}

PERCENT = "%"


@dataclass(frozen=True)
class Measure:
    """What a numeric rule reads from a figure: a percentage, or a count of ``unit``."""

    unit: str

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    def value(self, figure: Figure) -> Fraction | None:
        """The figure in this measure's unit, or None when it cannot be one.

        A count takes any plain number ("24", "24 tin"); a share ("80%", "12/15") is not a
        count.
        """
        if self.is_percent:
            return figure.percent()
        return figure.number

    def expects(self) -> Words:
        if self.is_percent:
            return Words("rules", "expects_rate")
        return phrase("rules", "expects_number", unit=self.unit)

    def amount(self, value: Fraction) -> str:
        """``value`` with its unit: "95%" or "24 tin, bài"."""
        if self.is_percent:
            return f"{number_text(value)}%"
        return f"{number_text(value)} {self.unit}".strip()


@dataclass(frozen=True, kw_only=True)
class Rule(ABC):
    """What every rule has: its leaf's maximum and the parameters as the analyst typed them."""

    maximum: Fraction
    text: str = ""

    kind = RuleKind.PASS_FAIL  # overridden by every subclass
    higher_is_better = True  # for numeric figures: is a larger figure better?
    awards_deduction = False  # True when the points are a deduction (a penalty leaf)

    @abstractmethod
    def score(self, figure: Figure) -> Fraction | None:
        """The exact points for ``figure``; None when the figure does not fit the rule.

        Only the figure's readings (:meth:`Figure.readings`) count, never its text:
        :func:`cchc_index._internal.rules.apply.rule_points` works the points out once per reading.
        """

    def points(self, figure: Figure | None) -> float | None:
        """The points for ``figure`` as a float; None for no figure or one that does not fit."""
        if figure is None:
            return None
        exact_points = self.score(figure)
        return None if exact_points is None else float(exact_points)

    def label(self, lang: str = "vi") -> str:
        vi, en = KIND_LABELS[self.kind]
        return en if lang == "en" else vi

    def describe(self, lang: str = "vi") -> str:
        """The rule for a message: "Bậc thang: ≥100%: 1; ≥95%: 0,5; còn lại: 0"."""
        return f"{self.label(lang)}: {self.text or self.spelled()}"

    @abstractmethod
    def spelled(self) -> str:
        """The parameters written out, for rules typed without any."""

    @abstractmethod
    def best_points(self) -> Fraction | None:
        """The most points the rule awards, for the best figure; None when its points are
        a deduction (a penalty leaf), which has no best score to reach."""

    @abstractmethod
    def expects(self) -> Words:
        """The kind of figure the rule needs, for messages (words of the catalogue)."""


@dataclass(frozen=True, kw_only=True)
class PassFail(Rule):
    """Đạt → ``passed`` points; không đạt (or không có, trễ hạn) → ``failed``."""

    passed: Fraction
    failed: Fraction = Fraction(0)
    kind = RuleKind.PASS_FAIL

    def score(self, figure: Figure) -> Fraction | None:
        if figure.status in (Status.PASS, Status.ON_TIME):
            return self.passed
        if figure.status in (Status.FAIL, Status.NONE, Status.LATE):
            return self.failed
        return None

    def spelled(self) -> str:
        return f"Đạt: {number_text(self.passed)}; Không đạt: {number_text(self.failed)}"

    def best_points(self) -> Fraction:
        return max(self.passed, self.failed)

    def expects(self) -> Words:
        return Words("rules", "expects_pass_fail")


@dataclass(frozen=True)
class Step:
    """One threshold: figures at (or beyond, when ``strict``) ``bound`` earn ``points``."""

    bound: Fraction
    points: Fraction
    strict: bool = False

    def met(self, value: Fraction, higher_is_better: bool) -> bool:
        if higher_is_better:
            return value > self.bound if self.strict else value >= self.bound
        return value < self.bound if self.strict else value <= self.bound

    def sign(self, higher_is_better: bool) -> str:
        if higher_is_better:
            return ">" if self.strict else "≥"
        return "<" if self.strict else "≤"


@dataclass(frozen=True, kw_only=True)
class Thresholds(Rule):
    """The first step the figure meets gives the points; none met gives ``otherwise``.

    Steps go from the best figure to the worst; the loader checks that they do.
    """

    measure: Measure
    steps: tuple[Step, ...]
    otherwise: Fraction = Fraction(0)
    higher_is_better: bool = True
    kind = RuleKind.THRESHOLDS

    def score(self, figure: Figure) -> Fraction | None:
        value = self.measure.value(figure)
        if value is None:
            return None
        for step in self.steps:
            if step.met(value, self.higher_is_better):
                return step.points
        return self.otherwise

    def spelled(self) -> str:
        parts = [f"{s.sign(self.higher_is_better)}{self.measure.amount(s.bound)}: "
                 f"{number_text(s.points)}" for s in self.steps]
        return "; ".join([*parts, f"còn lại: {number_text(self.otherwise)}"])

    def best_points(self) -> Fraction:
        return max([*(step.points for step in self.steps), self.otherwise])

    def expects(self) -> Words:
        return self.measure.expects()


@dataclass(frozen=True, kw_only=True)
class Proportional(Rule):
    """``full`` points × figure ÷ ``target``, capped at ``full`` (reached at the target)."""

    measure: Measure
    target: Fraction
    full: Fraction
    kind = RuleKind.PROPORTIONAL

    def score(self, figure: Figure) -> Fraction | None:
        value = self.measure.value(figure)
        if value is None:
            return None
        return self.full * min(value / self.target, Fraction(1))

    def spelled(self) -> str:
        return f"Chỉ tiêu: {self.measure.amount(self.target)}; Điểm: {number_text(self.full)}"

    def best_points(self) -> Fraction:
        return self.full

    def expects(self) -> Words:
        return self.measure.expects()


@dataclass(frozen=True, kw_only=True)
class Deadline(Rule):
    """Đúng hạn → ``on_time``; trễ hạn → ``late``; không có → ``missing``."""

    on_time: Fraction
    late: Fraction
    missing: Fraction = Fraction(0)
    kind = RuleKind.DEADLINE

    def score(self, figure: Figure) -> Fraction | None:
        return {Status.ON_TIME: self.on_time, Status.LATE: self.late,
                Status.NONE: self.missing}.get(figure.status)

    def spelled(self) -> str:
        return (f"Đúng hạn: {number_text(self.on_time)}; Trễ hạn: {number_text(self.late)}; "
                f"Không có: {number_text(self.missing)}")

    def best_points(self) -> Fraction:
        return max(self.on_time, self.late, self.missing)

    def expects(self) -> Words:
        return Words("rules", "expects_deadline")


@dataclass(frozen=True, kw_only=True)
class Deduction(Rule):
    """``per`` points for each occurrence, at most ``cap`` in all.

    On a scored leaf the deduction comes off the leaf's maximum (``from_maximum``); on a
    penalty leaf (Điểm trừ) the points *are* the deduction, which the engine subtracts.
    "Không có" and "Đúng hạn" count as no occurrence.
    """

    measure: Measure
    per: Fraction
    cap: Fraction
    from_maximum: bool = True
    kind = RuleKind.DEDUCTION
    higher_is_better = False

    @property
    def awards_deduction(self) -> bool:  # type: ignore[override]
        return not self.from_maximum

    def score(self, figure: Figure) -> Fraction | None:
        count = figure.number
        if count is None and figure.ratio is None and figure.status in (Status.NONE,
                                                                          Status.ON_TIME):
            count = Fraction(0)
        if count is None:
            return None
        deduction = min(count * self.per, self.cap)
        return self.maximum - deduction if self.from_maximum else deduction

    def spelled(self) -> str:
        return f"Mỗi {self.measure.unit}: {number_text(self.per)}; Tối đa: {number_text(self.cap)}"

    def best_points(self) -> Fraction | None:
        return self.maximum if self.from_maximum else None  # no occurrence: nothing off

    def expects(self) -> Words:
        return self.measure.expects()
