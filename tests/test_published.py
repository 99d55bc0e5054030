"""Re-scoring a real published annex: PAR INDEX 2020, the ten best provinces."""

import csv
from pathlib import Path

import pytest

from cchc_index import load_methodology, run
from cchc_index._internal.messages import value_text

# A copy of ../shared/domain/published/par-index-2020-top10.csv (PAR INDEX 2020, announced
# June 2021), so the test runs wherever the repository is cloned.
PUBLISHED = Path(__file__).parent / "data" / "par-index-2020-top10.csv"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "domain" / "published" / PUBLISHED.name


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} not found")
def test_the_copy_is_the_published_table():
    assert PUBLISHED.read_bytes() == SHARED.read_bytes()


def published_rows():
    with PUBLISHED.open(encoding="utf-8") as handle:
        return {row["Tỉnh, thành phố"]: row for row in csv.DictReader(handle)}


def test_totals_ranks_and_classes_match_the_published_table():
    result = run([PUBLISHED], load_methodology("par-index-2020"))
    assert result.exit_code == 0, [p.message() for p in result.problems]
    rows = published_rows()
    assert len(result.results) == len(rows) == 10
    for unit in result.results.itertuples():
        printed = rows[unit.unit]
        assert unit.index_pct == pytest.approx(float(printed["Chỉ số CCHC (%)"]), abs=0.01 + 1e-9)
        assert unit.rank == int(printed["Xếp hạng"])
    classes = result.results.set_index("unit")["classification"]
    assert list(classes[classes == "Nhóm A"].index) == ["Quảng Ninh", "Hải Phòng"]
    assert (classes.drop(["Quảng Ninh", "Hải Phòng"]) == "Nhóm B").all()


def test_published_difference_beyond_tolerance_is_reported(tmp_path):
    text = PUBLISHED.read_text(encoding="utf-8").replace("91.04", "91.40")
    changed = tmp_path / "changed.csv"
    changed.write_text(text, encoding="utf-8")
    result = run([changed], load_methodology("par-index-2020"))
    warnings = [p for p in result.problems if p.code == "I023"]
    assert [(p.unit, published(p), value_text(p.expected)) for p in warnings] == [
        ("Quảng Ninh", "Chỉ số (%) 91,4", "91,05")]


def test_published_figures_rechecked_unit_by_unit_in_the_order_of_the_checks():
    import pandas as pd

    from cchc_index._internal.pipeline import _published_differences

    results = pd.DataFrame({
        "file": ["a.xlsx", "a.xlsx", "a.xlsx"], "sheet": ["S", "S", "S"],
        "unit": ["Xã A", "Xã B", "Xã C"],
        "points": [80.0, 70.004, 60.0], "index_display": [80.0, 70.0, 60.0],
        "rank": pd.array([1, 2, 3], dtype="Int64"),
        "classification": ["Tốt", "Khá", "Trung bình"],
        "published_total": ["80,5", "70", None],
        "published_index": [80.0, 70.01, 61.0],
        "published_rank": pd.Series([2, "2", True], dtype=object),
        "published_class": ["TỐT", "Trung bình", "  "],
    })
    found = [(p.unit, published(p), value_text(p.expected))
             for p in _published_differences(results)]
    assert found == [("Xã A", "Tổng điểm 80,5", "80"), ("Xã A", "Xếp hạng 2", "1"),
                     ("Xã B", "Xếp loại «Trung bình»", "«Khá»"),
                     ("Xã C", "Chỉ số (%) 61", "60")]


def published(problem) -> str:
    """What an I023 warning says was published ("Tổng điểm 90"), as its message shows it."""
    return problem.message().rsplit(": ", 1)[-1].split(" công bố")[0]
