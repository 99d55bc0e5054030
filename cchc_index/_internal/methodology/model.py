"""The methodology as plain data: criteria tree, bands, rounding, ranking settings.

A :class:`Methodology` is built by :mod:`cchc_index._internal.methodology.load` from an analyst's
workbook or from the bundled text files, and checked there. Scoring reads it through
:meth:`Methodology.tree`, one row per criterion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property

import numpy as np
import pandas as pd

from cchc_index._internal.errors import Problem
from cchc_index._internal.methodology.rule_model import Rule


class Component(StrEnum):
    """Where a leaf's points come from."""

    APPRAISAL = "appraisal"  # self-assessed, then appraised (Thẩm định)
    SURVEY = "survey"  # sociological survey, not self-scored (Điều tra XHH)
    BONUS = "bonus"  # added, capped at its maximum (Điểm thưởng)
    PENALTY = "penalty"  # subtracted, capped at its maximum (Điểm trừ)

    @property
    def counts_in_maximum(self) -> bool:
        """Whether this component's points count in the maximum (:func:`counts_in_maximum`)."""
        return bool(counts_in_maximum([self])[0])


class NotArisenRule(StrEnum):
    """What a leaf that did not arise that year (KPS) gets."""

    NOT_ALLOWED = "not_allowed"  # the leaf always arises; a KPS mark is an error
    FULL = "full"  # full points (Tính điểm tối đa)
    EXCLUDE = "exclude"  # left out of points and maximum (Loại trừ)


# The components whose leaves' maxima make up the maximum; bonus and penalty points are
# added and subtracted beyond it, within their caps.
_COUNTED = (Component.APPRAISAL.value, Component.SURVEY.value)


def counts_in_maximum(components: object) -> np.ndarray:
    """Per component (a Series, array or list of :class:`Component` values), whether its
    leaves' maxima count in the maximum: appraisal and survey do, bonus and penalty (and
    anything unknown) do not.

    >>> counts_in_maximum(["appraisal", "survey", "bonus", "penalty", None]).tolist()
    [True, True, False, False, False]
    """
    return np.isin(np.asarray(components, dtype=object), _COUNTED)


def kps_allowed(component: object, rule: object) -> np.ndarray:
    """Per leaf, whether it may be marked not arisen (KPS): an appraisal or survey leaf
    when its rule allows it (full points, or left out); a bonus or penalty leaf always,
    a KPS there saying that nothing happened (no bonus, no deduction: 0 points).

    ``component`` and ``rule`` are arrays (or Series, lists) of the tree's values.

    >>> kps_allowed(["appraisal", "appraisal", "bonus", "penalty"],
    ...             ["not_allowed", "full", "not_allowed", "not_allowed"]).tolist()
    [False, True, True, True]
    """
    component = np.asarray(component, dtype=object)
    rule = np.asarray(rule, dtype=object)
    extra = np.isin(component, (Component.BONUS.value, Component.PENALTY.value))
    return extra | (counts_in_maximum(component) & (rule != NotArisenRule.NOT_ALLOWED.value))


class RoundingMode(StrEnum):
    HALF_UP = "half_up"  # Làm tròn
    TRUNCATE = "truncate"  # Cắt bỏ


@dataclass(frozen=True)
class Criterion:
    """One node of the tree: a field ("1"), criterion ("1.1") or sub-criterion ("1.1.1").

    ``max_points`` is the stated maximum (a leaf must state it; a parent may).
    """

    code: str
    name: str
    max_points: float | None
    component: Component = Component.APPRAISAL
    not_arisen: NotArisenRule = NotArisenRule.NOT_ALLOWED
    row: int | None = None  # where it was defined, for messages
    evidence_required: bool = False  # a self-score needs evidence or an explanation
    rule: Rule | None = None  # scoring rule from a raw figure (rule_model), if any

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass(frozen=True)
class Band:
    """A classification band: ``label`` applies from ``lower_bound`` percent (inclusive)
    up to the next better band's bound (exclusive)."""

    label: str
    lower_bound: float
    emulation: str = ""


@dataclass(frozen=True)
class Rounding:
    """How indices are shown, and so how they are ranked and classified."""

    decimals: int = 2
    mode: RoundingMode = RoundingMode.HALF_UP

    def apply(self, value: float) -> float:
        """Round one value for display, in decimal arithmetic.

        Float noise is removed first (9 decimals), so 179.99/200*100, stored as
        89.99499999999999, still shows as 90.00 with half-up rounding.

        >>> Rounding(2).apply(89.995), Rounding(2, RoundingMode.TRUNCATE).apply(89.995)
        (90.0, 89.99)
        """
        if value != value:  # NaN
            return value
        exact = Decimal(repr(float(value))).quantize(Decimal("1e-9"), rounding=ROUND_HALF_UP)
        step = Decimal(1).scaleb(-self.decimals)
        how = ROUND_HALF_UP if self.mode is RoundingMode.HALF_UP else ROUND_DOWN
        return float(exact.quantize(step, rounding=how))

    def series(self, values: pd.Series) -> pd.Series:
        return values.map(self.apply).astype("float64")


TREE_COLUMNS = [
    "code",
    "name",
    "level",
    "parent",
    "field",
    "is_leaf",
    "component",
    "not_arisen",
    "max_points",
    "bonus_cap",
    "penalty_cap",
    "stated_max",
    "row",
    "evidence_required",
]


@dataclass(frozen=True)
class Methodology:
    """A province's index for one level and period, as data.

    ``max_points`` of a node in :meth:`tree` is the sum of the maxima of the leaves below
    it that count in the maximum (appraisal and survey); ``bonus_cap`` and ``penalty_cap``
    sum the caps of the bonus and penalty leaves below it.

    ``bands`` are in the order the analyst wrote them, the best class first; the loader
    refuses a table whose bounds do not strictly decrease down to 0, so that order is
    also the order of the bounds. ``warnings`` are what the loader found worth telling
    the methodology's author without refusing it (a rule that cannot reach its leaf's
    maximum, R115); a run reports them with its own problems.
    """

    name: str
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    decision: str = ""
    years: str = ""
    level: str = ""
    rounding: Rounding = field(default_factory=Rounding)
    rank_by_group: bool = False
    last_place_text: str = ""
    survey_missing_excluded: bool = False
    note: str = ""
    # the official header of the published annex (empty: no header block)
    issuer: str = ""
    announcement: str = ""
    announcement_date: str = ""
    signer: str = ""
    source: str = ""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    @cached_property
    def tree(self) -> pd.DataFrame:
        """One row per criterion, in the order given, with computed maxima."""
        codes = [c.code for c in self.criteria]
        parents = {c.parent for c in self.criteria if c.parent}
        frame = pd.DataFrame(
            {
                "code": codes,
                "name": [c.name for c in self.criteria],
                "level": [c.level for c in self.criteria],
                "parent": [c.parent for c in self.criteria],
                "field": [c.code.split(".")[0] for c in self.criteria],
                "is_leaf": [c.code not in parents for c in self.criteria],
                "component": [c.component.value for c in self.criteria],
                "not_arisen": [c.not_arisen.value for c in self.criteria],
                "stated_max": [c.max_points for c in self.criteria],
                "row": [c.row for c in self.criteria],
                "evidence_required": [c.evidence_required for c in self.criteria],
            }
        )
        frame["stated_max"] = frame["stated_max"].astype("float64")
        leaves = frame[frame["is_leaf"]]
        caps = leaves["stated_max"].fillna(0.0)
        for column, kinds in (("max_points", counts_in_maximum(leaves["component"])),
                              ("bonus_cap", leaves["component"] == Component.BONUS),
                              ("penalty_cap", leaves["component"] == Component.PENALTY)):
            points = caps.where(kinds, 0.0)
            totals = dict.fromkeys(codes, 0.0)
            for code, value in zip(leaves["code"], points, strict=True):
                for ancestor in ancestors_and_self(code):
                    if ancestor in totals:
                        totals[ancestor] += float(value)
            frame[column] = frame["code"].map(totals)
        return frame[TREE_COLUMNS]

    @property
    def total_max(self) -> float:
        """Sum of the maxima of the leaves that count (bonus and penalty caps do not)."""
        tree = self.tree
        counted = tree["is_leaf"] & counts_in_maximum(tree["component"])
        return float(tree.loc[counted, "max_points"].sum())

    @property
    def fields(self) -> pd.DataFrame:
        tree = self.tree
        return tree[tree["level"] == 1]

    @property
    def bands_ascending(self) -> tuple[Band, ...]:
        """The bands from the lowest lower bound up: the order :meth:`band_positions`
        numbers them in."""
        return tuple(sorted(self.bands, key=lambda band: band.lower_bound))

    def band_positions(self, shown_index: object) -> np.ndarray:
        """The band lookup, the one rule: per shown index (a number or an array of any
        shape), the position in :attr:`bands_ascending` of the band whose lower bound
        (inclusive) is the highest at or below it; -1 for NaN or below every band.

        >>> m = Methodology("x", (), (Band("Tốt", 90.0), Band("Khá", 70.0), Band("TB", 0.0)))
        >>> m.band_positions([95.0, 90.0, 89.99, 0.0, float("nan")]).tolist()
        [2, 2, 1, 0, -1]
        """
        bounds = np.array([band.lower_bound for band in self.bands_ascending], dtype="float64")
        values = np.asarray(shown_index, dtype="float64")
        chosen = np.searchsorted(bounds, values, side="right") - 1
        return np.where(np.isnan(values), -1, chosen)

    def band_for(self, index_pct: float) -> Band | None:
        """The band of one shown index (:meth:`band_positions`), None below every band."""
        position = int(self.band_positions(index_pct))
        return self.bands_ascending[position] if position >= 0 else None

    def describe(self) -> str:
        parts = [self.name]
        if self.decision:
            parts.append(self.decision)
        if self.years:
            parts.append(self.years)
        return " — ".join(parts)


def ancestors_and_self(code: str) -> list[str]:
    """``"1.2.3"`` gives ``["1", "1.2", "1.2.3"]``."""
    pieces = code.split(".")
    return [".".join(pieces[: i + 1]) for i in range(len(pieces))]
