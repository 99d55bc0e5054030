"""Validation as named checks (issue 17): each check declared once in validate.CHECKS with
its code (its message's key), severity and meaning, each triggered here by a batch built in
code; problems carry raw values, which messages write per language."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import bad_files
import pytest
from engine_helpers import CRITERIA_HEADER, FIVE_BANDS, SMALL, form, full_marks, small

from cchc_index._internal.entries import Batch
from cchc_index._internal.errors import Problem, problems_frame
from cchc_index._internal.messages import MESSAGES, value_text
from cchc_index._internal.methodology.load import Table, parse_tables
from cchc_index._internal.validate import (
    CHECKS,
    ROW_CHECKS,
    Check,
    RowCheck,
    _enrich,
    failing_rows,
    validate_batch,
)

ROOT = Path(__file__).resolve().parents[1]


def _with_evidence():
    """SMALL, its criterion 1.1 asking for evidence (Tài liệu kiểm chứng: Bắt buộc)."""
    rows = [[*CRITERIA_HEADER, "Tài liệu kiểm chứng"],
            *([*r, "Bắt buộc" if r[0] == "1.1" else ""] for r in SMALL)]
    tables = {"Tiêu chí": Table("Tiêu chí", list(enumerate(rows, start=1))),
              "Xếp loại": Table("Xếp loại", list(enumerate(FIVE_BANDS, start=1)))}
    return parse_tables(tables, "test.xlsx")


def _trigger(check: Check) -> tuple[Batch, object]:
    """A batch (and its methodology) that fails ``check``, built in code."""
    m = small()
    marks = full_marks(m)
    column = check.column if isinstance(check, RowCheck) else ""
    cases = {
        "I020": {"1.9": 1.0},
        "I011": {"2.1": {"appraisal_1": 6.0, column: -1.0}},
        "I012": {"2.1": {"appraisal_1": 6.0, column: 7.5}},
        "I017": {"3.1": {"self_points": 4.0, "appraisal_1": 4.0}},
        "I024": {"1.1": "KPS"},
        "I016": {"1": 6.0, "1.2.2": 2.0},
    }
    if check.code == "I013" and isinstance(check, RowCheck):
        return form("Xã A", marks | {"2.1": {}}), m
    if check.code == "I013":
        return form("Xã A", {c: v for c, v in marks.items() if c != "1.2.1"}), m
    if check.code == "I014":
        return Batch.combine([form("Xã A", marks, file="a.xlsx"),
                              form("Xã A", marks, file="b.xlsx")]), m
    if check.code == "I115":
        m = _with_evidence()
        given = {"self_points": 2.0, "appraisal_1": 2.0, "evidence": "",
                 "cell_evidence": "H10"}
        return form("Xã A", full_marks(m) | {"1.1": given}), m
    return form("Xã A", marks | cases[check.code]), m


def _name(check: Check) -> str:
    return "-".join(filter(None, [check.code, getattr(check, "column", "")]))


def test_the_table_declares_each_check_once_with_a_message_and_a_severity():
    keys = [(c.code, c.column) for c in ROW_CHECKS]
    assert len(keys) == len(set(keys))
    for check in CHECKS:
        vi, en = MESSAGES[check.code]
        assert vi and en and check.severity in ("error", "warning") and check.doc
    severities = {}
    for check in CHECKS:  # one code, one severity, wherever it is declared
        assert severities.setdefault(check.code, check.severity) == check.severity


@pytest.mark.parametrize("check", CHECKS, ids=_name)
def test_every_declared_check_is_triggered_with_its_code_and_severity(check):
    batch, m = _trigger(check)
    problems = validate_batch(batch, m).problems
    mine = [p for p in problems if p.code == check.code]
    assert mine and {p.severity for p in mine} == {check.severity}
    if isinstance(check, RowCheck):  # this very declaration failed, not another of its code
        frame = _enrich(batch.entries, m)
        assert any(found is check for found, _rows in failing_rows(frame))


def test_a_clean_batch_fails_no_check():
    batch = form("Xã A", full_marks(small()))
    assert validate_batch(batch, small()).problems == []
    assert failing_rows(_enrich(batch.entries, small())) == []


VI_NUMBER = re.compile(r"^-?\d+,\d+$")


@pytest.mark.parametrize("check", CHECKS, ids=_name)
def test_problems_carry_raw_values(check):
    batch, m = _trigger(check)
    for problem in validate_batch(batch, m).problems:
        for value in (problem.found, problem.expected):
            assert isinstance(value, float) or not VI_NUMBER.match(value), problem


def test_raw_values_of_range_and_stated_total_problems():
    m = small()
    batch = form("Xã A", full_marks(m) | {"1": 7.25, "2.1": {"appraisal_1": 6.5}})
    problems = {p.code: p for p in validate_batch(batch, m).problems}
    assert (problems["I012"].found, problems["I012"].expected) == (6.5, 6.0)
    assert (problems["I016"].found, problems["I016"].expected) == (7.25, 6.0)
    assert problems["I012"].message().endswith("điểm 6,5 lớn hơn điểm tối đa 6.")
    assert problems["I012"].message("en").endswith("points 6.5 exceed the maximum 6.")
    assert "tổng điểm ghi 7,25 khác tổng các tiêu chí con 6;" in problems["I016"].message()
    assert "stated total 7.25 differs from the sum of its parts 6;" in problems[
        "I016"].message("en")


def test_a_kps_claim_without_evidence_is_found_as_kps():
    m = _with_evidence()
    given = {"not_arisen": True, "evidence": "", "cell_evidence": "H10"}
    [problem] = [p for p in validate_batch(form("Xã A", full_marks(m) | {"1.1": given}),
                                           m).problems if p.code == "I115"]
    assert (problem.found, problem.cell) == ("KPS", "H10")


def test_numbers_are_written_for_the_language_where_they_are_shown():
    problem = Problem("I023", "warning", "a.xlsx", found="Tổng điểm 97,5 → ", expected=96.25,
                      params={"other": 0.5})
    assert value_text(97.5) == "97,5" and value_text(97.5, "en") == "97.5"
    assert value_text(-0.0) == "0" and value_text(2.0) == "2" and value_text(3) == "3"
    assert value_text(float("nan")) == "—" and value_text(0.1 + 0.2, "en") == "0.3"
    assert problem.message().endswith("96,25.") and problem.message("en").endswith("96.25.")
    assert problem.as_row()["expected"] == "96,25"
    assert problems_frame([problem], "en")["expected"].tolist() == ["96.25"]


def _vietnamese(text: str) -> list[str]:
    """Letters of ``text`` outside ASCII (Vietnamese words carry them: "điểm", "tổng")."""
    return [ch for ch in text if ch.isalpha() and not ch.isascii()
            and unicodedata.category(ch).startswith("L")]


def test_english_output_of_a_batch_with_validation_problems(tmp_path):
    """`validate --lang en` writes "97.5", never "97,5", and no Vietnamese but names (the
    unit, the sheet); the Vietnamese output is the Vietnamese one."""
    bad_files.form(tmp_path / "a.xlsx", unit="Xã Lộc Thủy",
                   changes={"1.1.1": {"appraisal_1": 2.5}, "1": {"appraisal_1": 97.5}})
    run = [sys.executable, "-m", "cchc_index", "validate", str(tmp_path)]
    en = subprocess.run([*run, "--lang", "en"], capture_output=True, text=True,
                        encoding="utf-8", cwd=ROOT, timeout=120)
    vi = subprocess.run(run, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                        timeout=120)
    assert en.returncode == vi.returncode != 0
    assert "points 2.5 exceed the maximum 1." in en.stdout
    assert "stated total 97.5 differs from the sum of its parts" in en.stdout
    assert not re.search(r"\d,\d", en.stdout)
    names_left_out = en.stdout.replace("Xã Lộc Thủy", "").replace("Tự đánh giá", "")
    assert _vietnamese(names_left_out) == []
    assert "điểm 2,5 lớn hơn điểm tối đa 1." in vi.stdout
    assert "tổng điểm ghi 97,5 khác tổng các tiêu chí con" in vi.stdout
