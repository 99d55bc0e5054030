"""Properties of every rule kind: points always within [0, max]; a better figure never
earns fewer points (for a penalty leaf: never a bigger deduction); a figure typed as a
percentage, a share or a fraction earns the same points; no parameters crash the parser."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_index._internal.methodology.rule_figures import STATUS_PHRASES, find_status
from cchc_index._internal.text import canonical
from cchc_index.rules import parse_figure, parse_rule

SETTINGS = settings(max_examples=80, deadline=None)
MAXIMA = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 5.0])


def comma(value: Fraction | Decimal) -> str:
    """A decimal typed the Vietnamese way: 0,25."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator)
                  if isinstance(value, Fraction) else value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


hundredths = st.integers(0, 20000).map(lambda n: Fraction(n, 100))  # 0 … 200 % in 0,01 steps


@st.composite
def thresholds(draw):
    """A well-formed Bậc thang in percent, as typed, with its maximum."""
    maximum = Fraction(draw(MAXIMA)).limit_denominator(4)
    bounds = sorted(draw(st.lists(st.integers(1, 15000), min_size=1, max_size=4, unique=True)),
                    reverse=True)
    quarters = int(maximum * 4)
    awarded = sorted(draw(st.lists(st.integers(0, quarters), min_size=len(bounds) + 1,
                                   max_size=len(bounds) + 1)), reverse=True)
    steps = [f"{draw(st.sampled_from(['≥', '>', 'từ ', '']))}{comma(Fraction(b, 100))}%: "
             f"{comma(Fraction(p, 4))}" for b, p in zip(bounds, awarded, strict=False)]
    text = "; ".join([*steps, f"còn lại: {comma(Fraction(awarded[-1], 4))}"])
    return text, float(maximum)


def make(kind: str, params: str, maximum: float, component: str = "appraisal"):
    made, problems = parse_rule(kind, params, maximum, component, {})
    errors = [p for p in problems if p.severity == "error"]
    assert errors == [], (params, [p.message() for p in errors])
    # The one warning: the rule cannot reach the leaf's maximum (R115), exactly then.
    best = made.best_points()
    short = best is not None and best < made.maximum
    assert [p.code for p in problems] == (["R115"] if short else []), params
    return made


def within(points: float | None, maximum: float) -> bool:
    return points is None or 0.0 <= points <= maximum + 1e-12


@SETTINGS
@given(thresholds(), hundredths, hundredths)
def test_thresholds_bounded_and_monotonic(spec, a, b):
    text, maximum = spec
    made = make("Bậc thang", text, maximum)
    low, high = sorted((a, b))
    got_low, got_high = made.points(parse_figure(f"{comma(low)}%")), made.points(
        parse_figure(f"{comma(high)}%"))
    assert within(got_low, maximum) and within(got_high, maximum)
    assert got_low <= got_high


@SETTINGS
@given(thresholds(), st.integers(0, 400), st.integers(1, 400))
def test_a_fraction_a_share_and_a_percentage_earn_the_same(spec, top, bottom):
    text, maximum = spec
    made = make("Bậc thang", text, maximum)
    share = Fraction(top, bottom)
    as_fraction = made.points(parse_figure(f"{top} / {bottom} hồ sơ"))
    if share == int(share * 100) / Fraction(100):  # exactly typeable as a percentage
        assert made.points(parse_figure(f"{comma(share * 100)}%")) == as_fraction
    if share <= 1 and share == Fraction(Decimal(comma(share).replace(",", "."))):
        assert made.points(parse_figure(comma(share))) == as_fraction


@SETTINGS
@given(MAXIMA, st.integers(1, 100), hundredths, hundredths)
def test_proportional_bounded_and_monotonic(maximum, target, a, b):
    made = make("Tỷ lệ", f"Chỉ tiêu: {target}%", maximum)
    low, high = sorted((a, b))
    got_low = made.points(parse_figure(f"{comma(low)}%"))
    got_high = made.points(parse_figure(f"{comma(high)}%"))
    assert within(got_low, maximum) and within(got_high, maximum)
    assert got_low <= got_high
    assert (got_high == maximum) == (high >= target)


@SETTINGS
@given(MAXIMA, st.integers(1, 8), st.integers(1, 8), st.integers(0, 40), st.integers(0, 40),
       st.booleans())
def test_deduction_bounded_and_fewer_occurrences_never_worse(maximum, per_quarters, cap_part,
                                                             a, b, penalty):
    per = min(Fraction(per_quarters, 4), Fraction(maximum).limit_denominator(4))
    cap = Fraction(maximum).limit_denominator(4) * cap_part / 8
    params = f"Mỗi báo cáo trễ hạn: {comma(per)}; Tối đa: {comma(cap)}"
    made = make("Trừ điểm", params, maximum, "penalty" if penalty else "appraisal")
    fewer, more = sorted((a, b))
    got_fewer = made.points(parse_figure(f"{fewer} báo cáo"))
    got_more = made.points(parse_figure(str(more)))
    assert within(got_fewer, maximum) and within(got_more, maximum)
    if penalty:  # the points are a deduction: fewer occurrences, no bigger deduction
        assert got_fewer <= got_more <= float(cap)
    else:
        assert got_fewer >= got_more >= maximum - float(cap)


@SETTINGS
@given(MAXIMA, st.lists(st.integers(0, 20), min_size=3, max_size=3))
def test_deadline_on_time_never_below_late_never_below_missing(maximum, quarters):
    top = int(maximum * 4)
    missing, late, on_time = sorted(min(q, top) for q in quarters)
    made = make("Thời hạn", f"Đúng hạn: {comma(Fraction(on_time, 4))}; Trễ hạn: "
                f"{comma(Fraction(late, 4))}; Không có: {comma(Fraction(missing, 4))}", maximum)
    got = [made.points(parse_figure(w)) for w in ("Không có", "Trễ hạn", "Đúng hạn")]
    assert got == sorted(got) and all(within(p, maximum) for p in got)


PARAM_TEXT = st.text(alphabet=st.sampled_from(list("≥><≤%:;,. 0123456789còn lạiđúnghạnmỗitốa/")),
                     max_size=40)
KINDS = st.sampled_from(["Bậc thang", "Tỷ lệ", "Thời hạn", "Đạt/Không đạt", "Trừ điểm"])


@settings(max_examples=150, deadline=None)
@given(KINDS, PARAM_TEXT, MAXIMA, st.one_of(st.text(max_size=20), PARAM_TEXT,
                                            st.floats(allow_nan=True)))
def test_any_parameters_give_a_checked_rule_or_problems_and_bounded_points(kind, params,
                                                                           maximum, figure):
    made, problems = parse_rule(kind, params, maximum, "appraisal", {})
    assert (made is None) == bool(problems) or (made is None and not params.strip())
    if made is not None:
        assert within(made.points(parse_figure(figure)), maximum)


def _status_by_patterns(text: str):
    """find_status as first written: every phrase's pattern run, in order."""
    from cchc_index._internal.methodology.rule_figures import _STATUS_PATTERNS, _WHOLE_WORDS
    from cchc_index._internal.text import canonical, nfc

    lowered, plain = nfc(text).casefold(), canonical(text)
    if plain.strip(" .") in _WHOLE_WORDS:
        return _WHOLE_WORDS[plain.strip(" .")]
    for status, accented, unaccented in _STATUS_PATTERNS:
        if accented.search(lowered) or (unaccented is not None and unaccented.search(plain)):
            return status
    return None


_PHRASE_WORDS = sorted({w for _s, phrases in STATUS_PHRASES for p in phrases
                        for w in (*p.split(), *canonical(p).split())})
_PIECES = st.one_of(st.sampled_from(_PHRASE_WORDS), st.sampled_from(_PHRASE_WORDS).map(str.upper),
                    st.sampled_from([" ", "  ", "\xa0", "\t", "-", "/", ".", ",", "(", ")", "_",
                                     "x", "KH", "số", "05", "%", "đúnghạn", "\u0301"]),
                    st.text(max_size=3))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_status_words_skip_only_phrases_that_cannot_match(text):
    """Skipping a phrase whose words are not all words of the text never changes the
    status found."""
    assert find_status(text) == _status_by_patterns(text)
