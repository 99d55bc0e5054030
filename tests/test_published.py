"""Re-scoring a real published annex: PAR INDEX 2020, the ten best provinces."""

import csv
from pathlib import Path

import pytest

from cchc_index import load_methodology, run

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
    assert [(p.unit, p.found, p.expected) for p in warnings] == [
        ("Quảng Ninh", "Chỉ số (%) 91,4", "91,05")]
