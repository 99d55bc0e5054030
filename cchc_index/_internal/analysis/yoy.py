"""Year over year, honestly: last year's index, rank and class beside this year's.

Units are matched by name (:func:`cchc_index._internal.text.name_key`: NFC, old/new tone placement,
spacing, case), or through a crosswalk for units that were merged or renamed. A merged
unit's previous index is the weighted mean of its parts; it has no previous rank.

When the methodology changed between the years the overall index is still compared (it is
what was published), the change is said with both methodologies named, and fields are
compared only where both trees define them (same code and name), as a share of the
field's maximum.

``comparable`` says how far a row can be read as a change: ``yes``, ``methodology
changed``, ``merged`` or ``new unit``. ``rank_change`` is positive when the unit moved up;
it is left blank when the unit was ranked in another group last year (a commune that
became a ward), since ranks of different groups do not compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc_index._internal.analysis.crosswalk import crosswalk_frame
from cchc_index._internal.analysis.previous import PreviousResults
from cchc_index._internal.errors import Problem
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.report.tables import results_year
from cchc_index._internal.text import canonical, name_key

YES, CHANGED, MERGED, NEW = "yes", "methodology changed", "merged", "new unit"
COLUMNS = ["unit_id", "unit", "group", "index_pct", "prev_index_pct", "index_change", "rank",
           "prev_rank", "rank_change", "classification", "prev_classification", "comparable",
           "previous_units"]
LISTED = 10  # names listed in one message before "and N more"


@dataclass(frozen=True)
class MethodologyChange:
    """Whether the two years used the same tree, and which fields compare one by one."""

    changed: bool
    known: bool  # False: last year's file does not say its methodology (assumed from fields)
    fields: tuple[str, ...]
    previous_text: str
    current_text: str

    def problem(self, file: str = "") -> Problem | None:
        """The warning that tells the reader what was compared, or None when nothing to say."""
        listed = ", ".join(self.fields) if self.fields else "—"
        if self.changed:
            return Problem("A007", "warning", file, found=self.previous_text or "?",
                           expected=self.current_text, params={"fields": listed})
        if not self.known:
            return Problem("A008", "warning", file, expected=self.current_text)
        return None


def methodology_change(current: Methodology, previous: PreviousResults,
                       previous_methodology: Methodology | None = None) -> MethodologyChange:
    """Compare this year's methodology with what is known of last year's."""
    current_fields = [c for c in current.fields["code"] if _counts(current, c)]
    current_text = current.describe()
    if previous_methodology is not None:
        changed = _signature(previous_methodology) != _signature(current)
        names = dict(zip(previous_methodology.fields["code"],
                         previous_methodology.fields["name"].map(canonical), strict=True))
        now = dict(zip(current.fields["code"], current.fields["name"].map(canonical),
                       strict=True))
        fields = tuple(c for c in current_fields if names.get(c) == now[c]
                       and _counts(previous_methodology, c))
        return MethodologyChange(changed, True, fields, previous_methodology.describe(),
                                 current_text)
    present = [c for c in current_fields if c in previous.field_codes]
    if previous.describes_methodology:
        same = (canonical(previous.methodology_name), canonical(previous.decision)) == (
            canonical(current.name), canonical(current.decision))
        return MethodologyChange(not same, True, tuple(present) if same else (),
                                 previous.methodology_text(), current_text)
    same = sorted(previous.field_codes) == sorted(current.fields["code"])
    return MethodologyChange(not same, False, tuple(present) if same else (), "", current_text)


def _counts(methodology: Methodology, code: str) -> bool:
    """True for a field with counted points (not the bonus/penalty field)."""
    fields = methodology.fields.set_index("code")
    return code in fields.index and float(fields.loc[code, "max_points"]) > 0


def _signature(methodology: Methodology) -> tuple:
    """What makes two trees score alike: nodes, names, maxima, components, rules, bands."""
    tree = methodology.tree
    return (tuple(zip(tree["code"], tree["name"].map(canonical), tree["max_points"],
                      tree["component"], tree["not_arisen"], strict=True)),
            tuple(sorted((b.label, b.lower_bound) for b in methodology.bands)))


def link_units(current: pd.DataFrame, previous: PreviousResults,
               crosswalk: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per (this year's unit, last year's unit it stands for), and the problems.

    Returns ``unit_id, prev_row`` (position in ``previous.results``), ``weight`` and
    ``link`` (``same``, ``renamed``, ``merged``); units with no previous part are absent.
    """
    crosswalk = crosswalk if crosswalk is not None else crosswalk_frame([])
    prev = previous.results.reset_index(drop=True)
    by_key: dict[str, list[int]] = {}
    for position, key in enumerate(prev["key"]):
        by_key.setdefault(key, []).append(position)
    problems: list[Problem] = []
    file = previous.source
    links: list[tuple[str, int, float, str]] = []
    parts = {key: rows for key, rows in crosswalk.groupby("new_key", sort=False)}
    for unit_id, unit, group in zip(current["unit_id"], current["unit"],
                                    current["group"].fillna(""), strict=True):
        key = name_key(unit)
        if key in parts:
            rows = parts[key]
            kind = "merged" if len(rows) > 1 else "renamed"
            for old, old_key, weight, cell, source in zip(
                    rows["old"], rows["old_key"], rows["weight"], rows["cell"], rows["file"],
                    strict=True):
                position = _find(by_key, prev, old_key, "", problems, file)
                if position is None:
                    problems.append(Problem("A003", "warning", source, "", cell, old,
                                            found=unit))
                else:
                    links.append((unit_id, position, float(weight), kind))
        else:
            position = _find(by_key, prev, key, group, problems, file)
            if position is not None:
                links.append((unit_id, position, 1.0, "same"))
    known = {name_key(u) for u in current["unit"]}
    for new, new_key, cell, source in zip(crosswalk["new"], crosswalk["new_key"],
                                          crosswalk["cell"], crosswalk["file"], strict=True):
        if new_key not in known:
            problems.append(Problem("A004", "warning", source, "", cell, new))
    used = {position for _, position, _, _ in links}
    unused = [prev.loc[p, "unit"] for p in range(len(prev)) if p not in used]
    if unused:
        shown = ", ".join(unused[:LISTED]) + (f" (+{len(unused) - LISTED})"
                                              if len(unused) > LISTED else "")
        problems.append(Problem("A005", "warning", file, found=shown,
                                params={"n": len(unused)}))
    frame = pd.DataFrame(links, columns=["unit_id", "prev_row", "weight", "link"])
    return frame, _unique(problems)


def _find(by_key, prev, key, group, problems, file) -> int | None:
    rows = by_key.get(key, [])
    if len(rows) > 1 and group:
        same_group = [r for r in rows if canonical(prev.loc[r, "group"]) == canonical(group)]
        rows = same_group or rows
    if len(rows) > 1:
        problems.append(Problem("A009", "warning", file, unit=prev.loc[rows[0], "unit"],
                                found=str(len(rows))))
    return rows[0] if rows else None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def compare_years(result, previous: PreviousResults, crosswalk: pd.DataFrame | None = None,
                  previous_methodology: Methodology | None = None) -> pd.DataFrame:
    """Per unit of ``result`` (a RunResult): last year's index, rank, class and the change.

    Columns: :data:`COLUMNS`; ``index_change`` is the change between the two indices as
    the methodology rounds them, the one every output shows. ``frame.attrs`` carries ``change`` (a
    :class:`MethodologyChange`) and ``problems`` (units not matched, crosswalk rows that
    match nothing, the methodology note).
    """
    current = result.results.reset_index(drop=True)
    links, problems = link_units(current, previous, crosswalk)
    change = methodology_change(result.methodology, previous, previous_methodology)
    note = change.problem(previous.source)
    prev = previous.results.reset_index(drop=True)
    parts = links.join(prev[["unit", "group", "index_pct", "rank", "classification"]],
                       on="prev_row")
    frame = current[["unit_id", "unit", "group", "index_pct", "rank",
                     "classification"]].copy()
    grouped = parts.groupby("unit_id", sort=False)
    frame["prev_index_pct"] = frame["unit_id"].map(_weighted(parts, "index_pct"))
    merged = frame["unit_id"].map(grouped["link"].first().eq("merged")).fillna(False)
    merged = merged.astype(bool)
    # the change a reader sees: between the indices as shown (89,9 → 79,9 is −10,0 whatever
    # the digits behind them; 85,5 − 85,5 is 0, never a float's 1e-15 drawn as a fall)
    rounding = result.methodology.rounding
    frame["index_change"] = rounding.series(rounding.series(frame["index_pct"])
                                            - rounding.series(frame["prev_index_pct"]))
    single_rank = grouped["rank"].first().where(grouped.size() == 1)
    frame["prev_rank"] = frame["unit_id"].map(single_rank).astype("Int64")
    frame["prev_rank"] = frame["prev_rank"].where(~merged)
    prev_group = frame["unit_id"].map(grouped["group"].first()).fillna("").map(canonical)
    same_group = prev_group == frame["group"].fillna("").map(canonical)
    rank_change = (frame["prev_rank"] - frame["rank"].astype("Int64")).astype("Int64")
    frame["rank_change"] = rank_change.where(same_group)
    frame["prev_classification"] = frame["unit_id"].map(
        grouped["classification"].agg(_classes)).fillna("")
    frame["previous_units"] = frame["unit_id"].map(
        grouped["unit"].agg(lambda names: ", ".join(names))).fillna("")
    frame["comparable"] = np.select(
        [frame["prev_index_pct"].isna(), merged, np.full(len(frame), change.changed)],
        [NEW, MERGED, CHANGED], default=YES)
    frame.attrs["change"] = change
    frame.attrs["previous_year"] = previous.year
    frame.attrs["problems"] = problems + ([note] if note else []) + _not_earlier(
        result, previous)
    return frame[COLUMNS]


def _not_earlier(result, previous: PreviousResults) -> list[Problem]:
    """A warning when "last year's" results are of this year or later (this year's own
    results given by mistake)."""
    year, before = results_year(result), str(previous.year).strip()
    if year.isdigit() and before.isdigit() and int(before) >= int(year):
        return [Problem("A014", "warning", previous.source, found=before, expected=year)]
    return []


def _weighted(parts: pd.DataFrame, column: str) -> pd.Series:
    found = parts.dropna(subset=[column])
    weights = found["weight"].groupby(found["unit_id"], sort=False).sum()
    totals = (found[column] * found["weight"]).groupby(found["unit_id"], sort=False).sum()
    return totals / weights


def _classes(labels: pd.Series) -> str:
    """The one class of all parts, or the parts' classes joined ("Tốt / Khá")."""
    distinct = [label for label in dict.fromkeys(labels) if label]
    return " / ".join(distinct)


def compare_fields(result, previous: PreviousResults, crosswalk: pd.DataFrame | None = None,
                   previous_methodology: Methodology | None = None) -> pd.DataFrame:
    """Field by field, where both years' trees define the field: share of the field maximum.

    Returns a long frame ``unit_id, unit, field, field_name, share, prev_share, change``
    (percent and percentage points). This year's share uses the unit's applicable maximum;
    last year's uses the field maximum of last year's tree (this year's when unchanged).
    Empty when no field compares.
    """
    columns = ["unit_id", "unit", "field", "field_name", "share", "prev_share", "change"]
    methodology = result.methodology
    change = methodology_change(methodology, previous, previous_methodology)
    if not change.fields:
        return pd.DataFrame(columns=columns)
    current = result.results.reset_index(drop=True)
    links, _ = link_units(current, previous, crosswalk)
    before = previous_methodology or methodology
    maxima = before.fields.set_index("code")["max_points"]
    names = methodology.fields.set_index("code")["name"]
    nodes = result.nodes
    by_field = nodes.groupby(["unit_id", "field"], sort=False)[["contribution", "max_points"]]
    sums = by_field.sum()
    shares = (sums["contribution"] / sums["max_points"].where(sums["max_points"] > 0) * 100)
    prev = previous.results.reset_index(drop=True)
    rows = []
    for code in change.fields:
        column = f"field_{code}"
        if column not in prev:
            continue
        parts = links.assign(value=links["prev_row"].map(prev[column] / maxima[code] * 100))
        before_share = _weighted(parts, "value")
        for unit_id, unit in zip(current["unit_id"], current["unit"], strict=True):
            share = shares.get((unit_id, code), np.nan)
            prior = before_share.get(unit_id, np.nan)
            rows.append((unit_id, unit, code, names[code], share, prior, share - prior))
    return pd.DataFrame(rows, columns=columns)
