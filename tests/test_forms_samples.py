"""The sample folder of self-assessment forms (data/sample_forms/): what a user sees when
scoring it, and that its script still makes exactly these files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "sample_forms"
METHODOLOGY = load_methodology("xa-phuong-minh-hoa")
COLUMNS = ["code", "self_points", "appraisal_1", "appraisal_2", "not_arisen",
           "cell_self_points", "cell_appraisal_1", "raw_figure", "evidence"]


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_forms",
                                                  ROOT / "data" / "make_sample_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_folder_scores_the_good_forms_and_names_the_bad():
    result = run([SAMPLES], METHODOLOGY)
    assert sorted(result.results["unit"]) == sorted([
        "Phường Minh Khai", "Phường Trần Phú", "Xã Cẩm Hoà", "Xã Minh Tiến", "Xã Thạch Bàn",
        "Xã Tân Lập", "Xã Yên Thế"])
    assert result.exit_code == 1
    errors = {(p.file, p.code, p.cell) for p in result.errors}
    assert {file for file, _code, _cell in errors} == {
        "xa_dong_tam.xlsx", "xa_quang_trung.xlsx", "xa_phu_my.xlsx", "Xa Phu My - gui lai.xlsx"}
    assert ("xa_dong_tam.xlsx", "I010", "E19") in errors
    assert ("xa_quang_trung.xlsx", "I107", "A70") in errors
    warnings = {(p.file, p.code) for p in result.problems if p.severity == "warning"}
    assert {("xa_yen_the.xlsx", "I103"), ("phuong_tran_phu.xlsx", "I111"),
            ("xa_quang_trung.xlsx", "I106")} <= warnings
    units = result.batch.units.set_index("file")
    assert units.loc["phuong_minh_khai.xlsx", "unit"] == "Phường Minh Khai"  # typed in NFD
    assert units.loc["xa_tan_lap.xlsx", "sheet"] == "Tự đánh giá"  # instructions sheet first


def test_sample_script_makes_these_files(tmp_path):
    made = _script().make(METHODOLOGY, tmp_path)
    assert sorted(p.name for p in made) == sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    for path in made:
        fresh = read_file(path, METHODOLOGY).entries
        shipped = read_file(SAMPLES / path.name, METHODOLOGY).entries
        pd.testing.assert_frame_equal(fresh[COLUMNS], shipped[COLUMNS], obj=path.name)


def test_forms_rank_by_group_as_the_consolidated_table_of_the_same_units(tmp_path):
    """A folder of forms is ranked within "Xã" and "Phường" when the methodology ranks by
    group, as the district's consolidated table of the same units is (it was ranked all
    together: two units ranked 1 of 7)."""
    methodology = load_methodology("xa-phuong-minh-hoa")
    assert methodology.rank_by_group
    result = run([Path(__file__).resolve().parents[1] / "data" / "sample_forms"], methodology)
    scored = result.results.dropna(subset=["rank"])
    assert set(scored["group"]) == {"Xã", "Phường"}
    for _group, units in scored.groupby("group"):
        assert sorted(units["rank"])[0] == 1 and units["group_size"].iloc[0] == len(units)
