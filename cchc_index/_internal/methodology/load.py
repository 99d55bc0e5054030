"""Load a methodology from an analyst's workbook or from the bundled text files.

Both sources give the same three tables (sheets of a workbook, CSV files of a bundled
methodology), read by one parser, so a bundled methodology exported to Excel, edited and
loaded back behaves exactly the same:

- ``Tiêu chí`` (criteria): Mã, Nội dung, Điểm tối đa, Thành phần, Không phát sinh;
  optionally Quy tắc chấm and Tham số, a leaf's scoring rule from a raw figure
  (:mod:`cchc_index._internal.methodology.rule_parse`);
- ``Xếp loại`` (bands): Xếp loại, Từ (%), Thi đua, khen thưởng — or a preset named in
  ``Thông tin`` under ``Mẫu xếp loại``;
- ``Thông tin`` (settings, key/value): Tên, Số quyết định, Năm, Cấp, Số chữ số thập phân,
  Làm tròn, Xếp hạng theo nhóm, Đơn vị xếp cuối, Thiếu điều tra XHH, Ghi chú.

Every mistake is collected and raised at once in a :class:`MethodologyError`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cchc_index._internal.errors import MethodologyError, Problem
from cchc_index._internal.messages import Words, phrase, value_text
from cchc_index._internal.methodology.model import (
    Band,
    Component,
    Criterion,
    Methodology,
    NotArisenRule,
    Rounding,
    RoundingMode,
    ancestors_and_self,
)
from cchc_index._internal.methodology.rule_parse import check_rule_placement, parse_rule
from cchc_index._internal.text import NumberParseError, canonical, nfc, parse_number

DEFAULT_METHODOLOGY = "xa-phuong-minh-hoa"

SHEET_CRITERIA = "Tiêu chí"
SHEET_BANDS = "Xếp loại"
SHEET_INFO = "Thông tin"
_SHEET_KEYS = {
    SHEET_CRITERIA: {"tieu chi", "criteria"},
    SHEET_BANDS: {"xep loai", "bands", "classification"},
    SHEET_INFO: {"thong tin", "info", "settings"},
}
_BUNDLED_FILES = {SHEET_CRITERIA: "tieu_chi.csv", SHEET_BANDS: "xep_loai.csv",
                  SHEET_INFO: "thong_tin.csv"}

CRITERIA_HEADERS = {
    "code": ("Mã", {"ma", "code", "ma tieu chi", "ma so"}),
    "name": ("Nội dung", {"noi dung", "name", "ten", "ten tieu chi", "tieu chi"}),
    "max": ("Điểm tối đa", {"diem toi da", "max points", "max", "maximum"}),
    "component": ("Thành phần", {"thanh phan", "component"}),
    "not_arisen": ("Không phát sinh", {"khong phat sinh", "not arisen", "kps"}),
    "evidence": ("Tài liệu kiểm chứng", {"tai lieu kiem chung", "kiem chung", "evidence"}),
    "rule": ("Quy tắc chấm", {"quy tac cham", "quy tac cham diem", "cach cham", "scoring rule",
                              "rule"}),
    "rule_params": ("Tham số", {"tham so", "tham so quy tac", "tham so cham", "rule parameters",
                                "parameters"}),
}
EVIDENCE_WORDS = {True: ("Bắt buộc", {"bat buoc", "co", "yes", "x", "1", "required"}),
                  False: ("Không", {"khong", "khong bat buoc", "no", "0", "optional"})}
BAND_HEADERS = {
    "label": ("Xếp loại", {"xep loai", "label", "class", "band"}),
    "lower": ("Từ (%)", {"tu (%)", "tu", "tu %", "from (%)", "from", "lower bound"}),
    "emulation": ("Thi đua, khen thưởng",
                  {"thi dua, khen thuong", "thi dua khen thuong", "thi dua", "emulation"}),
}
COMPONENT_WORDS = {
    Component.APPRAISAL: ("Thẩm định", {"tham dinh", "appraisal", "tu danh gia"}),
    Component.SURVEY: ("Điều tra XHH", {"dieu tra xhh", "dieu tra xa hoi hoc", "dieu tra",
                                        "survey"}),
    Component.BONUS: ("Điểm thưởng", {"diem thuong", "thuong", "bonus"}),
    Component.PENALTY: ("Điểm trừ", {"diem tru", "tru", "penalty"}),
}
NOT_ARISEN_WORDS = {
    NotArisenRule.NOT_ALLOWED: ("Không cho phép", {"khong cho phep", "khong", "not allowed",
                                                 "no"}),
    NotArisenRule.FULL: ("Tính điểm tối đa", {"tinh diem toi da", "diem toi da", "full",
                                               "full points"}),
    NotArisenRule.EXCLUDE: ("Loại trừ", {"loai tru", "exclude", "excluded"}),
}
ROUNDING_WORDS = {
    RoundingMode.HALF_UP: ("Làm tròn", {"lam tron", "half up", "round"}),
    RoundingMode.TRUNCATE: ("Cắt bỏ", {"cat bo", "truncate", "cat"}),
}
YES_WORDS = {"co", "yes", "x", "1", "true", "dung"}
NO_WORDS = {"khong", "no", "0", "false", "sai", ""}
INFO_KEYS = {
    "name": ("Tên", {"ten", "name", "ten bo chi so"}),
    "decision": ("Số quyết định", {"so quyet dinh", "quyet dinh", "decision"}),
    "years": ("Năm", {"nam", "year", "years", "nam ap dung"}),
    "level": ("Cấp", {"cap", "level", "cap don vi"}),
    "decimals": ("Số chữ số thập phân", {"so chu so thap phan", "decimals", "chu so thap phan"}),
    "rounding": ("Làm tròn", {"lam tron", "rounding", "cach lam tron"}),
    "rank_by_group": ("Xếp hạng theo nhóm", {"xep hang theo nhom", "rank by group"}),
    "last_place": ("Đơn vị xếp cuối", {"don vi xep cuoi", "last place", "xep cuoi"}),
    "band_preset": ("Mẫu xếp loại", {"mau xep loai", "band preset", "bands"}),
    "survey_missing": ("Thiếu điều tra XHH", {"thieu dieu tra xhh", "missing survey"}),
    "note": ("Ghi chú", {"ghi chu", "note", "notes"}),
    # the official header of the published annex: left out when not given
    "issuer": ("Cơ quan ban hành", {"co quan ban hanh", "issuer", "issuing agency"}),
    "announcement": ("Số quyết định công bố", {"so quyet dinh cong bo", "quyet dinh cong bo",
                                               "announcement", "announcing decision"}),
    "announcement_date": ("Ngày quyết định", {"ngay quyet dinh", "ngay quyet dinh cong bo",
                                              "decision date", "announcement date"}),
    "signer": ("Người ký", {"nguoi ky", "signer", "signed by"}),
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_CODE = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class Table:
    """One sheet (or CSV file) as rows of cell values, with their 1-based row numbers."""

    sheet: str
    rows: list[tuple[int, list[object]]]


def bundled_names() -> list[str]:
    """Names of the methodologies shipped with the package: the folders of
    ``methodology/bundled`` that hold a criteria table (never caches or stray files).

    >>> "xa-phuong-minh-hoa" in bundled_names()
    True
    """
    root = resources.files(__package__) / "bundled"
    criteria = _BUNDLED_FILES[SHEET_CRITERIA]
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_"))
                  and (p / criteria).is_file())


def band_presets() -> list[str]:
    """Names of the band presets a methodology may name in ``Mẫu xếp loại``."""
    root = resources.files(__package__) / "bands"
    return sorted(p.name.removesuffix(".csv") for p in root.iterdir()
                  if p.is_file() and p.name.endswith(".csv"))


def load_methodology(source: str | Path | None = None) -> Methodology:
    """Load a bundled methodology by name, or an analyst's .xlsx/.xlsm workbook by path.

    ``None`` loads the default bundled one. Raises :class:`MethodologyError` listing every
    mistake found.

    >>> load_methodology().name  # doctest: +ELLIPSIS
    'Bộ chỉ số CCHC cấp xã (minh hoạ)...'
    """
    if source is None:
        source = DEFAULT_METHODOLOGY
    path = Path(source)
    if str(source) in bundled_names():
        tables = _bundled_tables(str(source))
        label = f"bundled:{source}"
    elif path.suffix.lower() in {".xlsx", ".xlsm"} and path.is_file():
        tables = _workbook_tables(path)
        label = str(path)
    elif path.is_file():
        raise MethodologyError([Problem("M007", file=path.name, found=f"«{path.name}»")])
    elif path.suffix or len(path.parts) > 1:
        raise MethodologyError([Problem("M005", found=f"«{source}»")])
    elif not bundled_names():
        raise MethodologyError([Problem("M006", found="methodology/bundled")])
    else:
        raise MethodologyError([Problem("M004", found=f"«{source}»",
                                        expected=", ".join(bundled_names()))])
    return parse_tables(tables, label)


def _bundled_tables(name: str) -> dict[str, Table]:
    folder = resources.files(__package__) / "bundled" / name
    tables = {}
    for sheet, filename in _BUNDLED_FILES.items():
        entry = folder / filename
        if entry.is_file():
            tables[sheet] = _csv_table(sheet, entry.read_text(encoding="utf-8"))
    return tables


def _csv_table(sheet: str, text: str) -> Table:
    reader = csv.reader(text.splitlines())
    return Table(sheet, [(i, list(row)) for i, row in enumerate(reader, start=1)])


def _workbook_tables(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise MethodologyError([Problem("M003", file=path.name,
                                        found=_unreadable_reason(path, exc))]) from exc
    tables = {}
    try:
        for sheet_name in workbook.sheetnames:
            key = canonical(sheet_name)
            for sheet, keys in _SHEET_KEYS.items():
                if key in keys and sheet not in tables:
                    rows = workbook[sheet_name].iter_rows()
                    tables[sheet] = Table(sheet_name, [(i, [_as_shown(c) for c in r])
                                                       for i, r in enumerate(rows, start=1)])
    finally:
        workbook.close()
    return tables


# The start of an old Excel (.xls) or password-protected workbook: an OLE2 compound file.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _unreadable_reason(path: Path, exc: Exception) -> Words:
    """Why a methodology workbook could not be opened, in the user's terms (words of the
    catalogue's ``reading`` area): the reader's exception names (BadZipFile, KeyError…)
    mean nothing to them."""
    if isinstance(exc, PermissionError):
        return Words("reading", "no_permission")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_OLE2))
    except OSError:
        head = b""
    if head == _OLE2:
        return phrase("reading", "ole_named", suffix=path.suffix)
    return Words("reading", "not_workbook")


def _as_shown(cell) -> object:
    """A cell's value as the analyst sees it: a number in a percent format ("90%" typed in
    Excel is stored as 0.9) is the text shown, "90%", which reads as 90 like a typed text."""
    value = cell.value
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and "%" in (getattr(cell, "number_format", "") or "")):
        return f"{value * 100:.10g}%"
    return value


def parse_tables(tables: dict[str, Table], source: str) -> Methodology:
    """Build and check a :class:`Methodology` from its three tables."""
    problems: list[Problem] = []
    filename = Path(source).name if not source.startswith("bundled:") else source
    info = _parse_info(tables.get(SHEET_INFO), filename, problems)
    if SHEET_CRITERIA not in tables:
        problems.append(Problem("M001", file=filename, expected=f"«{SHEET_CRITERIA}»"))
        criteria: list[Criterion] = []
    else:
        criteria = _parse_criteria(tables[SHEET_CRITERIA], filename, problems)
    bands = _parse_bands(tables, info, filename, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise MethodologyError(errors)
    return Methodology(
        name=info.get("name") or Path(filename).stem,
        criteria=tuple(criteria),
        bands=tuple(bands),
        decision=info.get("decision", ""),
        years=info.get("years", ""),
        level=info.get("level", ""),
        rounding=Rounding(info.get("decimals", 2), info.get("rounding", RoundingMode.HALF_UP)),
        rank_by_group=info.get("rank_by_group", False),
        last_place_text=info.get("last_place", ""),
        survey_missing_excluded=info.get("survey_missing", False),
        note=info.get("note", ""),
        issuer=info.get("issuer", ""),
        announcement=info.get("announcement", ""),
        announcement_date=info.get("announcement_date", ""),
        signer=info.get("signer", ""),
        source=source,
        warnings=tuple(problems),
    )


def _header_map(
    header: list[object], wanted: dict[str, tuple[str, set[str]]]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = canonical(cell).replace("\n", " ")
        for name, (_label, keys) in wanted.items():
            if key in keys and name not in found:
                found[name] = position
    return found


def _header_row(table: Table, wanted: dict[str, tuple[str, set[str]]], first: str):
    """The first row (within the first 15) that names the ``first`` column."""
    for index, (_row, values) in enumerate(table.rows[:15]):
        columns = _header_map(values, wanted)
        if first in columns:
            return index, columns
    return None, {}


def _text(values: list[object], position: int | None) -> str:
    if position is None or position >= len(values) or values[position] is None:
        return ""
    value = values[position]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _word(text: str, words: dict, default, problem: Problem, problems: list[Problem]):
    key = canonical(text)
    if not key:
        return default
    for value, (_label, keys) in words.items():
        if key in keys:
            return value
    allowed = ", ".join(label for label, _ in words.values())
    problems.append(Problem(problem.code, file=problem.file, sheet=problem.sheet,
                            cell=problem.cell, criterion=problem.criterion, found=f"«{text}»",
                            expected=allowed))
    return default


def _parse_criteria(table: Table, filename: str, problems: list[Problem]) -> list[Criterion]:
    start, columns = _header_row(table, CRITERIA_HEADERS, "code")
    missing = [CRITERIA_HEADERS[c][0] for c in ("code", "max") if c not in columns]
    if start is None or missing:
        problems.append(Problem("M002", file=filename, sheet=table.sheet,
                                expected=", ".join(f"«{m}»" for m in missing or ["Mã"])))
        return []
    raw: list[tuple[int, str, list[object]]] = []
    for row, values in table.rows[start + 1:]:
        code = _text(values, columns["code"]).rstrip(".").strip()
        if not code and not _text(values, columns.get("name")):
            continue
        raw.append((row, code, values))
    if not raw:
        problems.append(Problem("M018", file=filename, sheet=table.sheet))
        return []
    first_row: dict[str, int] = {}
    criteria: list[Criterion] = []
    inherited: dict[str, tuple[Component, NotArisenRule, bool]] = {}
    unsure: set[str] = set()  # codes whose place or maximum is in doubt (see _check_tree)
    unread_max: set[int] = set()  # rows whose maximum was reported unreadable (M015)
    previous: str | None = None
    for row, code, values in raw:
        where = dict(file=filename, sheet=table.sheet, cell=f"dòng {row}")
        if not _CODE.match(code):
            problems.append(Problem("M010", found=f"«{code}»", **where))
            unsure |= _possible_places(code, previous)
            continue
        # A repeated code is one mistake among the others: its row's cells are still
        # checked, only the row stays out of the tree (which of the two is meant is
        # for the analyst to say), and the sums above it are not checked.
        repeated = code in first_row
        if repeated:
            problems.append(Problem("M011", found=code, expected=str(first_row[code]), **where))
            unsure.add(code)
        else:
            first_row[code] = row
        previous = code
        reported = len(problems)
        max_points = _parse_max(_text(values, columns["max"]), code, where, problems)
        if len(problems) > reported:  # M015: a maximum typed but unreadable
            unread_max.add(row)
            unsure.add(code)
        parent = code.rsplit(".", 1)[0] if "." in code else None
        base = inherited.get(parent, (Component.APPRAISAL, NotArisenRule.NOT_ALLOWED, False))
        component = _word(_text(values, columns.get("component")), COMPONENT_WORDS, base[0],
                          Problem("M016", criterion=code, **where), problems)
        rule = _word(_text(values, columns.get("not_arisen")), NOT_ARISEN_WORDS, base[1],
                     Problem("M017", criterion=code, **where), problems)
        evidence = _word(_text(values, columns.get("evidence")), EVIDENCE_WORDS, base[2],
                         Problem("M030", criterion=code, **where), problems)
        scoring, mistakes = parse_rule(_text(values, columns.get("rule")),
                                       _text(values, columns.get("rule_params")),
                                       max_points, component, dict(criterion=code, **where))
        problems += mistakes
        if repeated:
            continue
        inherited[code] = (component, rule, evidence)
        criteria.append(Criterion(code, _text(values, columns.get("name")), max_points,
                                  component, rule, row, evidence,
                                  rule=scoring))
    _check_tree(criteria, filename, table.sheet, problems, unsure, unread_max)
    problems += check_rule_placement(criteria, filename, table.sheet)
    return criteria


def _possible_places(code: str, previous: str | None) -> set[str]:
    """Where a malformed code ("1.a", "II") may belong: under its leading number ("1"),
    or beside the row before it. The sums of those branches are not checked."""
    places = set()
    leading = re.match(r"\d+(\.\d+)*", code)
    if leading:
        places.add(leading.group(0))
    if previous:
        places.add(previous)
    return places


def _parse_max(text: str, code: str, where: dict, problems: list[Problem]) -> float | None:
    try:
        value = parse_number(text)
    except NumberParseError:
        problems.append(Problem("M015", criterion=code, found=f"«{text}»", **where))
        return None
    if value is not None and value < 0:
        problems.append(Problem("M015", criterion=code, found=text, **where))
        return None
    return value


def _check_tree(criteria: list[Criterion], filename: str, sheet: str,
                problems: list[Problem], unsure: set[str] | None = None,
                unread_max: set[int] | None = None) -> None:
    """Parents present (M012), leaves with a maximum (M014), and each parent's stated
    maximum equal to the sum of its children (M013).

    ``unsure``: codes whose place or maximum is in doubt (a repeated or malformed code, an
    unreadable maximum); with the codes found here without a parent or a maximum, the sums
    of their branches are not checked, since they would mislead. Every other branch is.
    ``unread_max``: rows already reported for an unreadable maximum (M015), not reported
    again as missing one.
    """
    unsure = set(unsure or ())
    unread_max = unread_max or set()
    codes = {c.code for c in criteria}
    parents = {c.parent for c in criteria if c.parent}
    for criterion in criteria:
        where = dict(file=filename, sheet=sheet, cell=f"dòng {criterion.row}")
        if criterion.parent and criterion.parent not in codes:
            problems.append(Problem("M012", found=criterion.code, expected=criterion.parent,
                                    **where))
            unsure.add(criterion.code)
        if criterion.code not in parents and criterion.max_points is None:
            unsure.add(criterion.code)
            if criterion.row not in unread_max:
                problems.append(Problem("M014", criterion=criterion.code, **where))
    skipped = {a for code in unsure for a in ancestors_and_self(code)}
    tree = Methodology("check", tuple(criteria), ()).tree
    stated = tree[~tree["is_leaf"] & tree["stated_max"].notna() & ~tree["code"].isin(skipped)]
    for row in stated.itertuples():
        if abs(row.stated_max - row.max_points) > 1e-9:
            problems.append(Problem("M013", file=filename, sheet=sheet, cell=f"dòng {row.row}",
                                    criterion=row.code, found=float(row.stated_max),
                                    expected=float(row.max_points)))


def _parse_bands(tables: dict[str, Table], info: dict, filename: str,
                 problems: list[Problem]) -> list[Band]:
    table = tables.get(SHEET_BANDS)
    if table is None and info.get("band_preset"):
        preset = info["band_preset"]
        if not band_presets():
            problems.append(Problem("M006", file=filename, found="methodology/bands/*.csv"))
            return []
        if preset not in band_presets():
            problems.append(Problem("M030", file=filename, sheet=SHEET_INFO, found=f"«{preset}»",
                                    criterion=INFO_KEYS["band_preset"][0],
                                    expected=", ".join(band_presets())))
            return []
        text = (resources.files(__package__) / "bands" / f"{preset}.csv").read_text(
            encoding="utf-8")
        table = _csv_table(SHEET_BANDS, text)
        filename = f"bands:{preset}"
    if table is None:
        problems.append(Problem("M001", file=filename, expected=f"«{SHEET_BANDS}»"))
        return []
    return parse_band_table(table, filename, problems)


def parse_band_table(table: Table, filename: str, problems: list[Problem]) -> list[Band]:
    """Bands from a ``Xếp loại`` table, in the order written: the first row is the best
    class. Checks labels, bounds (M023), repeated bounds (M021), bounds that do not
    strictly decrease down the table (M025; a table written from the lowest class up is
    one M026) and the 0% start of the last band (M022)."""
    start, columns = _header_row(table, BAND_HEADERS, "label")
    if start is None or "lower" not in columns:
        wanted = f"«{BAND_HEADERS['label'][0]}», «{BAND_HEADERS['lower'][0]}»"
        problems.append(Problem("M002", file=filename, sheet=table.sheet, expected=wanted))
        return []
    bands: list[Band] = []
    rows: list[int] = []
    seen: dict[float, tuple[str, int]] = {}
    before = len(problems)
    for row, values in table.rows[start + 1:]:
        label = _text(values, columns["label"])
        bound_text = _text(values, columns["lower"])
        if not label and not bound_text:
            continue
        where = dict(file=filename, sheet=table.sheet, cell=f"dòng {row}")
        if not label:
            problems.append(Problem("M024", **where))
            continue
        try:
            bound = parse_number(bound_text)
        except NumberParseError:
            bound = None
        if bound is None or not 0 <= bound <= 100:
            problems.append(Problem("M023", found=f"«{bound_text}»", **where))
            continue
        if bound in seen:
            other, other_row = seen[bound]
            problems.append(Problem("M021", found=float(bound), expected=label, **where,
                                    params={"other": other, "other_row": other_row}))
            continue
        seen[bound] = (label, row)
        bands.append(Band(label, bound, _text(values, columns.get("emulation"))))
        rows.append(row)
    if not bands and len(problems) == before:
        problems.append(Problem("M020", file=filename, sheet=table.sheet))
    _check_band_order(bands, rows, dict(file=filename, sheet=table.sheet), problems)
    if bands and min(b.lower_bound for b in bands) != 0:
        lowest = min(range(len(bands)), key=lambda i: bands[i].lower_bound)
        problems.append(Problem("M022", file=filename, sheet=table.sheet,
                                cell=f"dòng {rows[lowest]}",
                                found=float(bands[lowest].lower_bound), expected=0.0,
                                params={"label": bands[lowest].label}))
    return bands


def _check_band_order(bands: list[Band], rows: list[int], where: dict[str, str],
                      problems: list[Problem]) -> None:
    """Each band must start lower than the band written above it (M025): the analyst's
    order is the order of quality. A table written wholly from the lowest class up is
    one mistake (M026), not one per row."""
    pairs = list(zip(bands, bands[1:], rows[1:], rows, strict=False))
    rising = [(above, band, row, above_row) for above, band, row, above_row in pairs
              if band.lower_bound > above.lower_bound]
    if not rising:
        return
    if len(rising) == len(pairs) > 1:
        best_first = sorted(zip(bands, rows, strict=True), key=lambda b: -b[0].lower_bound)
        problems.append(Problem(
            "M026", cell=f"dòng {rows[0]}–{rows[-1]}",
            found=_band_list(bands), expected=_band_list(b for b, _ in best_first), **where,
            params={"found_en": _band_list(bands, "en"),
                    "expected_en": _band_list((b for b, _ in best_first), "en")}))
        return
    for above, band, row, above_row in rising:
        problems.append(Problem(
            "M025", cell=f"dòng {row}", found=float(band.lower_bound),
            expected=float(above.lower_bound), **where,
            params={"label": band.label, "above": above.label, "above_row": above_row,
                    "above_bound": float(above.lower_bound)}))


def _band_list(bands: Iterable[Band], lang: str = "vi") -> str:
    """"«Tốt» 80, «Khá» 70,5": the bands and their lower bounds, numbers for ``lang``."""
    return ", ".join(f"«{b.label}» {value_text(b.lower_bound, lang)}" for b in bands)


def _parse_info(table: Table | None, filename: str, problems: list[Problem]) -> dict:
    info: dict = {}
    if table is None:
        return info
    for row, values in table.rows:
        key_text = _text(values, 0)
        value = _text(values, 1)
        key = canonical(key_text)
        name = next((n for n, (_l, keys) in INFO_KEYS.items() if key in keys), None)
        if name is None:
            continue
        where = dict(file=filename, sheet=table.sheet, cell=f"dòng {row}",
                     criterion=INFO_KEYS[name][0])
        if name == "decimals":
            if value:
                if not value.isdigit() or int(value) > 6:
                    problems.append(Problem("M030", found=f"«{value}»", expected="0–6", **where))
                else:
                    info[name] = int(value)
        elif name == "rounding":
            info[name] = _word(value, ROUNDING_WORDS, RoundingMode.HALF_UP,
                               Problem("M030", **where), problems)
        elif name in ("rank_by_group", "survey_missing"):
            info[name] = _yes_no(value, name, where, problems)
        elif name == "announcement_date" and (date := _ISO_DATE.match(value)):
            info[name] = f"{date[3]}/{date[2]}/{date[1]}"  # a date cell, as Vietnamese write it
        else:
            info[name] = value
    return info


def _yes_no(value: str, name: str, where: dict, problems: list[Problem]) -> bool:
    key = canonical(value)
    if name == "survey_missing":
        if key in {"loai tru", "exclude", "khong tinh"}:
            return True
        if key in {"tinh 0 diem", "0 diem", "zero", ""}:
            return False
        problems.append(Problem("M030", found=f"«{value}»", expected="Loại trừ, Tính 0 điểm",
                                **where))
        return False
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    problems.append(Problem("M030", found=f"«{value}»", expected="Có, Không", **where))
    return False
