"""Read a scoring rule from the two cells an analyst writes, and check it.

Columns of the ``Tiêu chí`` sheet (both optional):

- ``Quy tắc chấm``: the kind — Đạt/Không đạt, Bậc thang, Tỷ lệ, Thời hạn, Trừ điểm;
- ``Tham số``: its parameters, parts separated by ";" (or line breaks), each
  "condition: points", with decimal commas:

  ============== ===============================================================
  Bậc thang      ≥100%: 1; ≥95%: 0,5; còn lại: 0   (also "từ 95% đến dưới 100%",
                 "95–<100%", "trên", "dưới", "≤"; counts: "≥24 tin, bài: 1,5")
  Tỷ lệ          Chỉ tiêu: 80%   or   Chỉ tiêu: 24 tin, bài; Điểm: 1,5
  Thời hạn       Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0
  Đạt/Không đạt  Đạt: 2; Không đạt: 0   (blank: the maximum, or 0)
  Trừ điểm       Mỗi báo cáo trễ hạn: 0,25; Tối đa: 1
  ============== ===============================================================

Points may be written "tối đa" (the leaf's maximum). Checks: thresholds from the best
figure to the worst, ranges that meet, points within 0 and the leaf's maximum, a better
figure never earning fewer points, the figure's unit stated (% or a word such as "tin,
bài"), and rules only on leaves that are scored (a penalty leaf takes only Trừ điểm; a
survey leaf none). Every mistake is a :class:`~cchc_index._internal.errors.Problem` (R101–R114);
a rule that cannot award the leaf's maximum is a warning (R115).

Ranges: "từ 95% đến dưới 100%" (or "95–<100%") excludes 100%, so the step above must start
at "≥100%"; "từ 95% đến 99%" includes 99%, so the step above must start above it, at
">99%" ("trên 99%"). A range that leaves a gap or overlaps the step above is R111. The
steps are tried from the best down, so the upper end only checks that the ranges meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise

from cchc_index._internal.errors import Problem
from cchc_index._internal.messages import Words
from cchc_index._internal.methodology.model import Component, Criterion
from cchc_index._internal.methodology.rule_figures import (
    Status,
    exact,
    find_status,
    number_text,
    parse_number_exact,
)
from cchc_index._internal.methodology.rule_model import (
    KIND_LABELS,
    PERCENT,
    Deadline,
    Deduction,
    Measure,
    PassFail,
    Proportional,
    Rule,
    RuleKind,
    Step,
    Thresholds,
)
from cchc_index._internal.text import canonical, nfc

KIND_WORDS: dict[RuleKind, set[str]] = {
    RuleKind.PASS_FAIL: {"dat/khong dat", "dat / khong dat", "dat, khong dat", "dat khong dat",
                         "dat", "pass/fail", "pass fail", "pass_fail"},
    RuleKind.THRESHOLDS: {"bac thang", "theo bac", "theo bac thang", "theo muc", "nguong",
                          "thresholds", "threshold", "steps"},
    RuleKind.PROPORTIONAL: {"ty le", "ti le", "theo ty le", "theo ti le", "ty le thuan",
                            "proportional"},
    RuleKind.DEADLINE: {"thoi han", "dung han", "theo thoi han", "deadline"},
    RuleKind.DEDUCTION: {"tru diem", "tru", "deduction"},
}
ALLOWED_KINDS: dict[Component, frozenset[RuleKind]] = {
    Component.APPRAISAL: frozenset(RuleKind),
    Component.BONUS: frozenset(RuleKind) - {RuleKind.DEDUCTION},
    Component.PENALTY: frozenset({RuleKind.DEDUCTION}),
    Component.SURVEY: frozenset(),
}
EXAMPLES: dict[RuleKind, str] = {
    RuleKind.PASS_FAIL: "Đạt: 1; Không đạt: 0",
    RuleKind.THRESHOLDS: "≥100%: 1; ≥95%: 0,5; còn lại: 0",
    RuleKind.PROPORTIONAL: "Chỉ tiêu: 80%",
    RuleKind.DEADLINE: "Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0",
    RuleKind.DEDUCTION: "Mỗi báo cáo trễ hạn: 0,25; Tối đa: 1",
}
OTHERWISE_WORDS = {"con lai", "khac", "truong hop khac", "cac truong hop khac",
                   "truong hop con lai", "cac truong hop con lai", "otherwise", "other"}
TARGET_WORDS = {"chi tieu", "muc tieu", "ke hoach", "dat", "target"}
FULL_WORDS = {"diem", "so diem", "diem toi da", "toi da", "points"}
CAP_WORDS = {"toi da", "tru toi da", "toi da tru", "khong qua", "cap", "max", "maximum"}
MAX_POINT_WORDS = {"toi da", "diem toi da", "max", "maximum"}

_NUM = r"\d[\d.,]*\d|\d"
# (words, higher figures are better, strict) — longest words first in the pattern.
_OPERATORS: tuple[tuple[tuple[str, ...], bool, bool], ...] = (
    (("≥", ">=", "từ", "tu", "đạt", "dat", "tối thiểu", "toi thieu", "ít nhất", "it nhat",
      "không dưới", "khong duoi"), True, False),
    ((">", "trên", "tren"), True, True),
    (("≤", "<=", "không quá", "khong qua"), False, False),
    (("<", "dưới", "duoi"), False, True),
)
_OPERATOR_OF = {word: (better, strict) for words, better, strict in _OPERATORS for word in words}
_OPERATOR_RE = "|".join(re.escape(w) for w in sorted(_OPERATOR_OF, key=len, reverse=True))
_CONDITION = re.compile(rf"^(?P<op>{_OPERATOR_RE})?\s*(?P<num>{_NUM})\s*(?P<rest>.*)$",
                        re.IGNORECASE)
# The upper end of a range: "… đến dưới 100%" (exclusive), "… đến 99%" (inclusive), "–<100%".
_UPPER = re.compile(rf"^(?P<unit>[^\d]*?)\s*(?P<to>đến dưới|den duoi|đến|den|–\s*<|-\s*<)"
                    rf"\s*(?P<num>{_NUM})\s*(?P<unit2>.*)$", re.IGNORECASE)
_AMOUNT = re.compile(rf"^(?P<num>{_NUM})\s*(?P<unit>.*)$")
_POINT_WORD = re.compile(r"\s*(điểm|diem|đ)\.?$", re.IGNORECASE)


@dataclass
class _Context:
    """Where the rule is written and the problems found in it so far."""

    where: dict[str, str]
    maximum: Fraction
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, found: str = "", expected: str | Words = "") -> None:
        self.problems.append(Problem(code, "error", found=found, expected=expected, **self.where))

    def unreadable(self, part: _Part, kind: RuleKind) -> None:
        """R102: ``part`` is not a part a ``kind`` rule takes; its example is the hint."""
        self.add("R102", f"«{part.text}»", EXAMPLES[kind])

    def nothing_usable(self, text: str, kind: RuleKind) -> None:
        """R110: ``text`` gave no part the rule needs, unless a part was reported already."""
        if not self.problems:
            self.add("R110", f"«{text}»", EXAMPLES[kind])


@dataclass(frozen=True)
class _Part:
    """One "condition: points" part of the parameters, as typed."""

    text: str
    key: str
    value: str | None  # None when the part has no ":"


def kind_of(text: str) -> RuleKind | None:
    """The rule kind a ``Quy tắc chấm`` cell names, or None.

    >>> kind_of("Bậc thang"), kind_of("TỶ LỆ"), kind_of("dat / khong dat")
    (<RuleKind.THRESHOLDS: 'thresholds'>, <RuleKind.PROPORTIONAL: 'proportional'>, \
<RuleKind.PASS_FAIL: 'pass_fail'>)
    """
    key = canonical(text)
    return next((kind for kind, words in KIND_WORDS.items() if key in words), None)


def parse_rule(kind_text: str, params_text: str, maximum: float | None,
               component: Component | str, where: dict[str, str]) -> tuple[Rule | None,
                                                                           list[Problem]]:
    """The rule of one leaf from its two cells, and every mistake in it.

    ``where`` locates the row for messages (file, sheet, cell, criterion). Blank cells
    give no rule and no problem; a rule with any mistake is not returned. A rule whose
    best points are below the leaf's maximum is returned with a warning (R115): no unit
    could reach the maximum.

    >>> rule, problems = parse_rule("Bậc thang", "≥100%: 1; ≥95%: 0,5; còn lại: 0", 1.0,
    ...                             "appraisal", {})
    >>> rule.describe(), problems
    ('Bậc thang: ≥100%: 1; ≥95%: 0,5; còn lại: 0', [])
    """
    kind_text, params_text = nfc(kind_text or ""), nfc(params_text or "")
    context = _Context(where, exact(maximum) if maximum is not None else Fraction(0))
    if not kind_text:
        if params_text:
            context.add("R113", f"«{params_text}»", _kind_list())
        return None, context.problems
    kind = kind_of(kind_text)
    if kind is None:
        context.add("R101", f"«{kind_text}»", _kind_list())
        return None, context.problems
    if kind not in ALLOWED_KINDS[Component(component)]:
        allowed = ALLOWED_KINDS[Component(component)]
        context.add("R108", KIND_LABELS[kind][0],
                    ", ".join(KIND_LABELS[k][0] for k in RuleKind if k in allowed) or "—")
        return None, context.problems
    if maximum is None:  # the missing maximum is reported by the tree check
        return None, context.problems
    parts = [_split(text) for text in re.split(r"[;\n]", params_text) if text.strip()]
    rule = _BUILDERS[kind](parts, context, Component(component), params_text)
    if rule is None or context.problems:
        return None, context.problems
    best = rule.best_points()
    if best is not None and best < context.maximum:  # R115: the maximum is out of reach
        return rule, [Problem("R115", "warning", found=number_text(best),
                              expected=number_text(context.maximum), **where)]
    return rule, []


def check_rule_placement(criteria: Iterable[Criterion], filename: str,
                         sheet: str) -> list[Problem]:
    """A rule on a criterion that has sub-criteria (R107): rules score leaves only."""
    criteria = list(criteria)
    parents = {c.parent for c in criteria if c.parent}
    return [Problem("R107", file=filename, sheet=sheet, cell=f"dòng {c.row}", criterion=c.code,
                    found=c.rule.label())
            for c in criteria if getattr(c, "rule", None) is not None and c.code in parents]


def rule_cells(rule: Rule | None) -> dict[str, str]:
    """The two cells that write ``rule`` back (``Quy tắc chấm``, ``Tham số``), keyed like
    the loader's headers ("rule", "rule_params"); empty for no rule.

    >>> rule_cells(parse_rule("Tỷ lệ", "Chỉ tiêu: 80%", 4.0, "appraisal", {})[0])
    {'rule': 'Tỷ lệ', 'rule_params': 'Chỉ tiêu: 80%'}
    """
    if rule is None:
        return {}
    return {"rule": KIND_LABELS[rule.kind][0], "rule_params": rule.text}


def _kind_list() -> str:
    return ", ".join(vi for vi, _ in KIND_LABELS.values())


def _split(text: str) -> _Part:
    text = text.strip()
    for separator in (":", "→"):
        if separator in text:
            key, _, value = text.partition(separator)
            return _Part(text, key.strip(), value.strip())
    return _Part(text, text, None)


def _points(part: _Part, context: _Context, kind: RuleKind) -> Fraction | None:
    """The points of a part: a number ("0,5", "1 điểm") or "tối đa"; checked in [0, max]."""
    if part.value is None:
        context.unreadable(part, kind)
        return None
    text = _POINT_WORD.sub("", part.value).strip()
    if canonical(text) in MAX_POINT_WORDS:
        return context.maximum
    value = parse_number_exact(text)
    if value is None:
        context.unreadable(part, kind)
        return None
    if not 0 <= value <= context.maximum:
        context.add("R104", f"«{part.text}»", number_text(context.maximum))
        return None
    return value


def _unit(text: str) -> str:
    text = text.strip(" :.")
    return PERCENT if text.startswith("%") else text


def _thresholds(parts: list[_Part], context: _Context, component: Component,
                text: str) -> Rule | None:
    steps: list[tuple[_Part, Step, bool, str]] = []  # part, step, higher is better, unit
    otherwise: Fraction | None = None
    uppers: dict[int, tuple[Fraction, bool]] = {}  # step index -> (upper end, inclusive)
    for part in parts:
        is_otherwise = canonical(part.key) in OTHERWISE_WORDS
        if otherwise is not None and not is_otherwise:
            context.add("R103", f"«{part.text}»", Words("rules", "otherwise_last"))
            continue
        points = _points(part, context, RuleKind.THRESHOLDS)
        if points is None:
            continue
        if is_otherwise:
            if otherwise is not None:
                context.add("R114", f"«{part.text}»")
            otherwise = points
            continue
        condition = _condition(part, context)
        if condition is None:
            continue
        bound, better, strict, unit, upper = condition
        if upper is not None:
            uppers[len(steps)] = upper
        steps.append((part, Step(bound, points, strict), better, unit))
    if not steps:
        context.nothing_usable(text, RuleKind.THRESHOLDS)
        return None
    # A last "dưới 95%" after "≥ …" steps is the otherwise case, written as a condition.
    directions = [better for _, _, better, _ in steps]
    if len(steps) > 1 and otherwise is None and directions[-1] != directions[0] \
            and len(set(directions[:-1])) == 1:
        part, last, _, _ = steps.pop()
        _check_meets(steps[-1][1], (last.bound, not last.strict), part, context)
        otherwise = last.points
        directions.pop()
    if len(set(directions)) > 1:
        context.add("R103", " ; ".join(f"«{p.key}»" for p, *_ in steps),
                    Words("rules", "one_direction"))
        return None
    higher = directions[0]
    measure = _measure(steps, context)
    mistakes = len(context.problems)
    _check_order(steps, uppers, higher, context)
    last_points = otherwise if otherwise is not None else Fraction(0)
    if len(context.problems) == mistakes:  # steps out of order (R103): their points too
        _check_points_order([(p, s.points) for p, s, _, _ in steps], last_points, context)
    if measure is None:
        return None
    return Thresholds(maximum=context.maximum, text=text, measure=measure,
                      steps=tuple(s for _, s, _, _ in steps), otherwise=last_points,
                      higher_is_better=higher)


def _condition(part: _Part, context: _Context):
    """(bound, higher is better, strict, unit, upper end or None) of a threshold part."""
    match = _CONDITION.match(part.key)
    bound = parse_number_exact(match["num"]) if match else None
    if match is None or bound is None:
        context.unreadable(part, RuleKind.THRESHOLDS)
        return None
    operator = (match["op"] or "").lower()
    better, strict = (_OPERATOR_OF.get(operator) or _OPERATOR_OF.get(canonical(operator))
                      or (True, False))
    rest = match["rest"]
    upper = None
    ranged = _UPPER.match(rest)
    if ranged is not None:
        high = parse_number_exact(ranged["num"])
        if high is None:
            context.unreadable(part, RuleKind.THRESHOLDS)
            return None
        exclusive = canonical(ranged["to"]).replace(" ", "") in {"denduoi", "-<", "–<"}
        upper = (high, not exclusive)
        rest = ranged["unit"] or ranged["unit2"]
    if re.search(r"[\d:;<>≤≥]", rest):  # two conditions run together: "≥100%: 1, ≥95%"
        context.unreadable(part, RuleKind.THRESHOLDS)
        return None
    return bound, better, strict, _unit(rest), upper


def _measure(steps, context: _Context) -> Measure | None:
    units = [(part, unit) for part, _, _, unit in steps if unit]
    if not units:
        context.add("R105", " ; ".join(f"«{p.key}»" for p, *_ in steps), "«≥95%», «≥24 tin, bài»")
        return None
    first = units[0][1]
    for part, unit in units[1:]:
        if canonical(unit) != canonical(first):
            context.add("R106", f"«{part.key}»", f"«{first}»")
            return None
    return Measure(first)


def _check_order(steps, uppers, higher: bool, context: _Context) -> None:
    """Steps from the best figure to the worst, ranges meeting the step above."""
    for index, (part, step, _, _) in enumerate(steps):
        if index in uppers:
            if index == 0:
                context.add("R111", f"«{part.key}»", Words("rules", "top_unbounded"))
            else:
                high, inclusive = uppers[index]
                _check_meets(steps[index - 1][1], (high, inclusive), part, context)
        if index == 0:
            continue
        before = steps[index - 1][1]
        if higher:
            ordered = (step.bound, step.strict) < (before.bound, before.strict)
        else:
            ordered = (step.bound, not step.strict) > (before.bound, not before.strict)
        if not ordered:
            context.add("R103", f"«{steps[index - 1][0].key}» → «{part.key}»",
                        Words("rules", "high_to_low" if higher else "low_to_high"))


def _check_meets(above: Step, upper: tuple[Fraction, bool], part: _Part,
                 context: _Context) -> None:
    """A range's upper end (or a last "dưới …") must start where the step above ends."""
    high, inclusive = upper
    if high != above.bound or inclusive != above.strict:
        sign = ">" if above.strict else "≥"
        context.add("R111", f"«{part.key}»", f"{sign}{number_text(above.bound)}")


def _check_points_order(points: list[tuple[_Part, Fraction]], last: Fraction,
                        context: _Context) -> None:
    for (part, value), (next_part, next_value) in pairwise(points):
        if next_value > value:
            context.add("R109", f"«{next_part.text}»", f"«{part.text}»")
            return
    if points and last > points[-1][1]:
        context.add("R109", f"còn lại: {number_text(last)}", f"«{points[-1][0].text}»")


def _amount(text: str, part: _Part, context: _Context, kind: RuleKind):
    match = _AMOUNT.match(text.strip())
    value = parse_number_exact(match["num"]) if match else None
    if value is None:
        context.unreadable(part, kind)
        return None
    unit = _unit(match["unit"])
    if not unit:
        context.add("R105", f"«{part.text}»", "«≥95%», «≥24 tin, bài»")
        return None
    if value <= 0:
        context.add("R112", f"«{part.text}»")
        return None
    return value, unit


def _proportional(parts: list[_Part], context: _Context, component: Component,
                  text: str) -> Rule | None:
    target = None
    full = context.maximum
    for part in parts:
        key = canonical(part.key)
        if part.value is None or key in TARGET_WORDS:
            if target is not None:
                context.add("R114", f"«{part.text}»")
            target = _amount(part.value if part.value is not None else part.key, part, context,
                             RuleKind.PROPORTIONAL)
        elif key in FULL_WORDS:
            points = _points(part, context, RuleKind.PROPORTIONAL)
            full = points if points is not None else full
        else:
            context.unreadable(part, RuleKind.PROPORTIONAL)
    if target is None:
        context.nothing_usable(text, RuleKind.PROPORTIONAL)
        return None
    return Proportional(maximum=context.maximum, text=text, measure=Measure(target[1]),
                        target=target[0], full=full)


def _by_status(parts: list[_Part], context: _Context, kind: RuleKind,
               groups: dict[Status, str]) -> dict[str, Fraction]:
    """Points per slot from parts keyed by status words ("Đúng hạn: 1")."""
    found: dict[str, Fraction] = {}
    for part in parts:
        slot = groups.get(find_status(part.key))
        if slot is None:
            context.unreadable(part, kind)
            continue
        points = _points(part, context, kind)
        if slot in found:
            context.add("R114", f"«{part.text}»")
        elif points is not None:
            found[slot] = points
    return found


def _deadline(parts: list[_Part], context: _Context, component: Component,
              text: str) -> Rule | None:
    slots = _by_status(parts, context, RuleKind.DEADLINE,
                       {Status.ON_TIME: "on_time", Status.LATE: "late", Status.NONE: "missing"})
    missing = [label for slot, label in (("on_time", "Đúng hạn"), ("late", "Trễ hạn"))
               if slot not in slots]
    if missing:
        if not context.problems:
            context.add("R110", f"«{text}»", ", ".join(missing))
        return None
    slots.setdefault("missing", Fraction(0))
    if not slots["on_time"] >= slots["late"] >= slots["missing"]:
        context.add("R109", f"«{text}»", "Đúng hạn ≥ Trễ hạn ≥ Không có")
        return None
    return Deadline(maximum=context.maximum, text=text, **slots)


def _pass_fail(parts: list[_Part], context: _Context, component: Component,
               text: str) -> Rule | None:
    slots = _by_status(parts, context, RuleKind.PASS_FAIL,
                       {Status.PASS: "passed", Status.ON_TIME: "passed", Status.FAIL: "failed",
                        Status.NONE: "failed", Status.LATE: "failed"})
    passed, failed = slots.get("passed", context.maximum), slots.get("failed", Fraction(0))
    if failed > passed:
        context.add("R109", f"«{text}»", "Đạt ≥ Không đạt")
        return None
    return PassFail(maximum=context.maximum, text=text, passed=passed, failed=failed)


def _deduction(parts: list[_Part], context: _Context, component: Component,
               text: str) -> Rule | None:
    per: tuple[Fraction, str] | None = None
    cap = context.maximum
    for part in parts:
        key = canonical(part.key)
        if key.split(" ")[0] == "moi" or key.startswith("per "):
            unit = nfc(part.key).split(None, 1)[1].strip() if " " in part.key.strip() else ""
            points = _points(part, context, RuleKind.DEDUCTION)
            if not unit:
                context.add("R105", f"«{part.text}»", "«Mỗi báo cáo trễ hạn: 0,25»")
            elif points is not None and points <= 0:
                context.add("R112", f"«{part.text}»")
            elif points is not None:
                per = (points, unit)
        elif key in CAP_WORDS:
            value = _points(part, context, RuleKind.DEDUCTION)
            if value is not None and value <= 0:
                context.add("R112", f"«{part.text}»")
            cap = value or cap
        else:
            context.unreadable(part, RuleKind.DEDUCTION)
    if per is None:
        context.nothing_usable(text, RuleKind.DEDUCTION)
        return None
    return Deduction(maximum=context.maximum, text=text, measure=Measure(per[1]), per=per[0],
                     cap=cap, from_maximum=component is not Component.PENALTY)


_BUILDERS: dict[RuleKind, Callable[[list[_Part], _Context, Component, str], Rule | None]] = {
    RuleKind.PASS_FAIL: _pass_fail,
    RuleKind.THRESHOLDS: _thresholds,
    RuleKind.PROPORTIONAL: _proportional,
    RuleKind.DEADLINE: _deadline,
    RuleKind.DEDUCTION: _deduction,
}
