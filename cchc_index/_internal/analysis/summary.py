"""A factual paragraph for the report, generated from the numbers.

Every sentence states a count, a mean, a name or a change that the tables show; no
adjective the numbers do not support. Vietnamese by default, English with ``lang="en"``.
"""

from __future__ import annotations

import pandas as pd

from cchc_index._internal.analysis.lost_points import lost_across_units
from cchc_index._internal.messages import number_text
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.report.tables import annex_groups, ranked_apart, survey_missing_text
from cchc_index._internal.report.text import methodology_cited


def say(key: str, lang: str = "vi", **values: object) -> str:
    return catalogue_text("summary", key, lang, **values)


def summary_text(result, comparison: pd.DataFrame | None = None,
                 robust: pd.DataFrame | None = None, lang: str = "vi", top: int = 3) -> str:
    """A few factual paragraphs about a run, one per line: the units (and those without
    their survey points); the mean, the change from last year with ``comparison`` (from
    :func:`~cchc_index._internal.analysis.yoy.compare_years`) and the classes; the first and last
    units (a paragraph per group ranked apart); the weak fields and most-lost criteria;
    the unsettled classes with ``robust`` (from
    :func:`~cchc_index._internal.analysis.robustness.robustness`)."""
    results = result.results
    if results.empty:
        return ""
    methodology = result.methodology
    decimals = methodology.rounding.decimals

    def num(value: float) -> str:
        return number_text(float(value), decimals, lang)

    units = [_units(result, lang)]
    if (~results["appraised"].astype(bool)).any():
        units.append(say("not_appraised", lang, n=int((~results["appraised"]).sum())))
    missing = survey_missing_text(result, lang)
    if missing:  # said before the fields: the survey's field is low because of it
        units.append(missing + ".")
    shown = results["index_display"].dropna()
    # the mean of the indices as shown, as the results workbook gives it
    overall = [say("mean", lang, mean=num(methodology.rounding.apply(float(shown.mean()))),
                   high=num(shown.max()), low=num(shown.min()))]
    if comparison is not None:
        overall += _change(comparison, results, methodology, lang, num)
    overall.append(_classes(results, methodology, lang))
    if ranked_apart(results):  # each group is its own ranking: its own first and last
        extremes = [[_group_extremes(group, members, top, lang, num)]
                    for group, members in annex_groups(results)]
    else:
        extremes = [[_extremes(results, top, lang, num, highest=True),
                     _extremes(results, top, lang, num, highest=False)]]
    weak = [_weak_fields(result, top, lang), _most_lost(result, top, lang, num)]
    robust_part = [_robust(robust, lang)] if robust is not None else []
    paragraphs = [units, overall, *extremes, weak, robust_part]
    return "\n".join(text for text in (" ".join(s for s in p if s) for p in paragraphs)
                     if text)


def _units(result, lang: str) -> str:
    results = result.results
    year = next((str(y) for y in results.get("year", pd.Series(dtype=str)) if y and y == y), "")
    key = "units_year" if year else "units"
    cited = methodology_cited(result.methodology, lang)
    return say(key, lang, year=year, n=len(results), methodology=cited)


def _change(comparison, results, methodology, lang, num) -> list[str]:
    change = comparison.attrs.get("change")
    known = comparison[comparison["prev_index_pct"].notna()]
    if known.empty:
        return []
    sentences = []
    prev_mean = methodology.rounding.apply(float(known["prev_index_pct"].mean()))
    now_mean = methodology.rounding.apply(float(known["index_pct"].mean()))
    delta = methodology.rounding.apply(now_mean - prev_mean)
    key = "up" if delta > 0 else "down" if delta < 0 else "same"
    direction = say(key, lang, d=num(abs(delta)), prev=num(prev_mean), now=num(now_mean))
    year = comparison.attrs.get("previous_year", "")
    sentences.append(say("previous", lang, year=f" ({year})" if year else "", m=len(known),
                         direction=direction))
    moved = known["index_change"]  # the change as shown (compare_years)
    merged = int((known["comparable"] == "merged").sum())
    sentences.append(say("moves", lang, k=len(known), up=int((moved > 0).sum()),
                         down=int((moved < 0).sum()), same=int((moved == 0).sum()),
                         merged=say("merged", lang, n=merged) if merged else ""))
    if change is not None and change.changed:
        sentences.append(say("changed", lang, previous=change.previous_text or "?"))
    return sentences


def _classes(results, methodology, lang) -> str:
    counts = results["classification"].value_counts()
    total = len(results)
    items = []
    for band in sorted(methodology.bands, key=lambda b: b.lower_bound, reverse=True):
        n = int(counts.get(band.label, 0))
        items.append(say("class_item", lang, label=band.label, n=n,
                         pct=number_text(n / total * 100, 1, lang)))
    return say("classes", lang, items=", ".join(items))


def _extremes(results, top, lang, num, highest: bool) -> str:
    items = _extreme_items(results, top, num, highest)
    if not items:
        return ""
    prefix = "top" if highest else "bottom"
    key = f"{prefix}_3" if len(items) == 3 else f"{prefix}_n"
    return say(key, lang, items=_join(items, lang))


def _extreme_items(results, top, num, highest: bool) -> list[str]:
    """The ``top`` highest (or lowest) units with their index, ties at the boundary kept."""
    ranked = results.dropna(subset=["index_display"]).sort_values(
        ["index_display", "unit"], ascending=[not highest, True], kind="stable")
    if ranked.empty:
        return []
    boundary = ranked["index_display"].iloc[min(top, len(ranked)) - 1]
    chosen = ranked[ranked["index_display"] >= boundary] if highest else ranked[
        ranked["index_display"] <= boundary]
    return [f"{u} ({num(v)}%)" for u, v in zip(chosen["unit"], chosen["index_display"],
                                              strict=True)]


def _group_extremes(group, units, top, lang, num) -> str:
    """One sentence per group ranked apart: its highest and lowest units."""
    parts = [say("top_in_group", lang, items=_join(_extreme_items(units, top, num, True), lang))]
    if len(units) > top:  # a small group's lowest are its highest again
        parts.append(say("bottom_in_group", lang,
                         items=_join(_extreme_items(units, top, num, False), lang)))
    return say("group_extremes", lang, group=group, n=len(units), parts="; ".join(parts))


def mean_field_shares(result) -> pd.DataFrame:
    """Mean share of the field maximum over units, per field with counted points (%): one
    row per field (:func:`cchc_index._internal.report.tables.field_shares` gives one per unit).

    Columns: ``field, name, mean_share, units``; lowest first.
    """
    nodes = result.nodes
    fields = result.methodology.fields.set_index("code")
    sums = nodes.groupby(["unit_id", "field"], sort=False)[["contribution", "max_points"]].sum()
    sums = sums[sums["max_points"] > 0]
    share = (sums["contribution"] / sums["max_points"] * 100).rename("share").reset_index()
    table = share.groupby("field", sort=False)["share"].agg(["mean", "size"]).reset_index()
    table.columns = ["field", "mean_share", "units"]
    table["name"] = table["field"].map(fields["name"])
    order = {code: i for i, code in enumerate(fields.index)}
    table["_order"] = table["field"].map(order)
    table = table.sort_values(["mean_share", "_order"], kind="stable")
    return table[["field", "name", "mean_share", "units"]].reset_index(drop=True)


def _weak_fields(result, top, lang) -> str:
    table = mean_field_shares(result).head(top)
    if table.empty:
        return ""
    items = [say("field_item", lang, code=c, name=n, share=number_text(s, 1, lang))
             for c, n, s in zip(table["field"], table["name"], table["mean_share"], strict=True)]
    return say("fields", lang, items=_join(items, lang))


def _most_lost(result, top, lang, num) -> str:
    table = lost_across_units(result, top)
    if table.empty:
        return ""
    fields_only = (result.nodes["code"].astype(str).str.count(r"\.") == 0).all()
    kind = "field_code" if fields_only else "criterion_code"
    items = [say("lost_item", lang, code=say(kind, lang, code=c), name=n, k=int(k), n=int(u),
                 points=_plain(num(p), lang))
             for c, n, k, u, p in zip(table["code"], table["name"], table["units_losing"],
                                      table["units"], table["lost_total"], strict=True)]
    return say("lost_fields" if fields_only else "lost_criteria", lang, items=_join(items, lang))


def _robust(robust: pd.DataFrame, lang: str) -> str:
    settings = robust.attrs.get("settings")
    runs = number_text(settings.runs, 0, lang) if settings else ""  # "1.000 lần"
    settled = number_text((settings.settled if settings else 0.9) * 100, 0, lang)
    unsettled = robust[~robust["settled"] & robust["class_probability"].notna()]
    if unsettled.empty:
        return say("robust_none", lang, runs=runs, settled=settled)
    unsettled = unsettled.sort_values(["class_probability", "unit"], kind="stable")
    items = [say("robust_item", lang, unit=u, label=c, pct=number_text(p * 100, 0, lang))
             for u, c, p in zip(unsettled["unit"], unsettled["classification"],
                                unsettled["class_probability"], strict=True)]
    return say("robust_some", lang, runs=runs, k=len(unsettled), settled=settled,
               how=say("robust_items", lang), items=_join(items, lang))


def _plain(number: str, lang: str) -> str:
    """A number as shown without its trailing zeros: "82,00" is "82", "49,50" is "49,5".

    >>> _plain("82,00", "vi"), _plain("1.049,50", "vi"), _plain("1,000", "en")
    ('82', '1.049,5', '1,000')
    """
    decimal = "." if lang == "en" else ","
    if decimal not in number:
        return number
    return number.rstrip("0").rstrip(decimal)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + say("and", lang) + items[-1]
