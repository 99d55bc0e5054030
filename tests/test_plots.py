"""Charts: what was drawn (bar lengths, order, labels), never pixels; warnings are errors, so
a missing glyph or a deprecated call fails the test."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle
from PIL import Image
from report_batches import ROOT, SAMPLE, forms_result, sample_result, small_sample

from cchc_index._internal.analysis.crosswalk import crosswalk_frame
from cchc_index._internal.analysis.previous import PreviousResults
from cchc_index._internal.analysis.run import Analyses, with_analyses
from cchc_index._internal.analysis.yoy import compare_years
from cchc_index._internal.errors import UsageError
from cchc_index._internal.plots import (
    class_distribution,
    field_heatmap,
    glyph_problems,
    missing_glyphs,
    ranked_bars,
    self_vs_appraised,
    unit_profile,
    write_charts,
    year_over_year,
)
from cchc_index._internal.plots.style import FONT, class_colours, figure_texts
from cchc_index._internal.report.tables import annex_order
from cchc_index._internal.text import name_key

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def tick_labels(ax, axis: str = "y") -> list[str]:
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def all_glyphs_present(ax) -> None:
    for text in figure_texts(ax.figure):
        assert not missing_glyphs(text), text


def test_ranked_bars_draw_the_indices_in_rank_order():
    result = sample_result()
    ax = ranked_bars(result)
    ordered = annex_order(result.results)
    drawn = bars(ax)
    assert [b.get_width() for b in drawn] == ordered["index_display"].tolist()
    ys = [b.get_y() + b.get_height() / 2 for b in drawn]
    assert ys == sorted(ys)  # top to bottom in annex order
    for group, rows in ordered.groupby("group", sort=False):
        assert rows["rank"].is_monotonic_increasing, group
    expected = [f"{int(r)}. {u}" for r, u in zip(ordered["rank"], ordered["unit"], strict=True)]
    assert tick_labels(ax) == expected
    assert "1. Xã Thạch Bàn" in expected and "3. Xã Đồng Tâm" in expected
    assert all(unicodedata.is_normalized("NFC", label) for label in expected)
    colours = class_colours(["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"])
    for bar, klass in zip(drawn, ordered["classification"], strict=True):
        assert matplotlib.colors.to_hex(bar.get_facecolor()) == colours[klass].lower()
    thresholds = sorted(line.get_xdata()[0] for line in ax.lines)
    assert thresholds == [50, 70, 80, 90]
    assert "92,75" in texts(ax) and {"Xã", "Phường"} <= set(texts(ax))
    assert ax.get_title(loc="left") == "Chỉ số CCHC 2024: xếp hạng"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Xuất sắc (≥ 90)", "Tốt (≥ 80)", "Khá (≥ 70)", "Trung bình (≥ 50)", "Yếu"]
    all_glyphs_present(ax)


def test_ranked_bars_of_one_group_in_english():
    result = sample_result()
    ax = ranked_bars(result, group="Phường", lang="en")
    wards = result.results[result.results["group"] == "Phường"].sort_values("rank")
    assert [b.get_width() for b in bars(ax)] == wards["index_display"].tolist()
    assert tick_labels(ax)[0] == "1. Phường Trần Phú"
    assert "89.50" in texts(ax) and "89,50" not in texts(ax)
    assert ax.get_title(loc="left") == "PAR index 2024: ranking, group Phường"


def test_class_distribution_counts():
    result = sample_result()
    ax = class_distribution(result)
    counts = result.results["classification"].value_counts()
    labels = tick_labels(ax, "x")
    assert labels == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert [b.get_height() for b in bars(ax)] == [counts.get(c, 0) for c in labels]
    assert "8 (40,0%)" in texts(ax) and "0 (0,0%)" in texts(ax)
    all_glyphs_present(ax)


def test_heatmap_shows_each_field_as_a_share_of_its_maximum():
    result = sample_result()
    ax = field_heatmap(result)
    image = next(a for a in ax.get_children() if isinstance(a, AxesImage))
    fields = result.methodology.fields
    fields = fields[fields["max_points"] > 0]  # bonus/penalty field 9 has no maximum
    ordered = annex_order(result.results)
    expected = np.array([[row[f"field_{code}"] / maximum * 100
                          for code, maximum in zip(fields["code"], fields["max_points"],
                                                   strict=True)]
                         for _, row in ordered.iterrows()])
    np.testing.assert_allclose(np.ma.getdata(image.get_array()), expected)
    assert tick_labels(ax, "x") == [f"LV{c}" for c in fields["code"]]
    assert tick_labels(ax)[0] == "1. Xã Thạch Bàn"
    assert "LV3: Cải cách thủ tục hành chính" in "\n".join(texts(ax))
    all_glyphs_present(ax)


def test_unit_profile_against_group_mean_and_leader():
    result = sample_result()
    ax = unit_profile(result, "phường  MINH KHAI")  # found whatever the case and spacing
    wards = result.results[result.results["group"] == "Phường"].set_index("unit")
    fields = result.methodology.fields
    fields = fields[fields["max_points"] > 0]
    share = [wards.loc["Phường Minh Khai", f"field_{c}"] / m * 100
             for c, m in zip(fields["code"], fields["max_points"], strict=True)]
    mean = [(wards[f"field_{c}"] / m * 100).mean()
            for c, m in zip(fields["code"], fields["max_points"], strict=True)]
    best = [wards.loc["Phường Trần Phú", f"field_{c}"] / m * 100
            for c, m in zip(fields["code"], fields["max_points"], strict=True)]
    np.testing.assert_allclose([b.get_width() for b in bars(ax)], share)
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    np.testing.assert_allclose(markers[0].get_offsets()[:, 0], mean)
    np.testing.assert_allclose(markers[1].get_offsets()[:, 0], best)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Phường Minh Khai", "Bình quân nhóm", "Dẫn đầu nhóm (Phường Trần Phú)"]
    assert ax.get_title(loc="left").startswith("Phường Minh Khai: chỉ số 88,75%, xếp hạng 2/6")
    assert tick_labels(ax)[0].startswith("LV1. Công tác chỉ đạo")
    all_glyphs_present(ax)
    with pytest.raises(UsageError) as error:
        unit_profile(result, "Xã Không Có")
    assert error.value.problems[0].code == "R003"


def test_self_assessed_against_appraised():
    result = forms_result()
    ax = self_vs_appraised(result)
    rounding = result.methodology.rounding
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    claimed = markers[0].get_offsets()[:, 0]
    official = markers[1].get_offsets()[:, 0]
    by_unit = result.results.set_index("unit")
    units = tick_labels(ax)
    assert sorted(units) == sorted(by_unit.index)
    np.testing.assert_allclose(official, [rounding.apply(by_unit.loc[u, "index_pct"])
                                          for u in units])
    gaps = claimed - official
    assert (gaps > 0).all() and list(gaps) == sorted(gaps, reverse=True)  # over-claims first
    assert texts(ax)[0].startswith("+")
    all_glyphs_present(ax)
    with pytest.raises(UsageError) as error:  # a consolidated table has no self-scores
        self_vs_appraised(sample_result())
    assert error.value.problems[0].code == "R001"


def test_self_assessed_index_is_scored_from_the_self_scores():
    result = forms_result()
    from cchc_index._internal.report.tables import self_vs_appraised as table

    frame = table(result).set_index("unit")
    entries = result.batch.entries
    unit_id = result.results.set_index("unit").loc["Xã Minh Tiến", "unit_id"]
    own = entries[entries["unit_id"] == unit_id]
    tree = result.methodology.tree.set_index("code")
    component = own["code"].map(tree["component"])
    claimed = own["self_points"].where(component != "survey", own["appraisal_1"]).fillna(0)
    claimed = claimed.where(~own["not_arisen"], own["code"].map(tree["max_points"]))
    # the KPS leaf 1.3.2 gets its maximum; Xã Minh Tiến has no left-out leaves
    assert frame.loc["Xã Minh Tiến", "self_points"] == pytest.approx(claimed.sum())
    assert frame.loc["Xã Minh Tiến", "self_index"] == pytest.approx(claimed.sum())


def test_year_over_year_matches_names_and_draws_the_change():
    result = forms_result()
    previous = pd.DataFrame({
        "unit": [unicodedata.normalize("NFD", "Xã Minh Tiến"), "xã hoà bình", "Phường Lê Lợi",
                 "Xã Đã Sáp Nhập"],
        "index_pct": [65.123, 60.0, 90.0, 50.0], "year": ["2023"] * 4})
    ax = year_over_year(result, previous)
    shown = result.results.set_index("unit")["index_display"]
    lines = next(c for c in ax.collections if isinstance(c, LineCollection))
    segments = {label.split(". ", 1)[1]: seg for label, seg in
                zip(tick_labels(ax), lines.get_segments(), strict=True)}
    assert set(segments) == {"Xã Minh Tiến", "Xã Hòa Bình", "Phường Lê Lợi"}
    assert segments["Xã Minh Tiến"][:, 0].tolist() == [65.12, shown["Xã Minh Tiến"]]
    assert segments["Phường Lê Lợi"][:, 0].tolist() == [90.0, shown["Phường Lê Lợi"]]
    change = shown["Phường Lê Lợi"] - 90.0
    assert f"−{abs(change):.2f}".replace(".", ",") in texts(ax)
    assert ax.get_title(loc="left") == "Chỉ số CCHC: 2023 và 2024"
    assert "3 đơn vị không có số liệu năm trước." in texts(ax)
    all_glyphs_present(ax)
    with pytest.raises(UsageError) as error:
        year_over_year(result, previous.assign(unit="Xã Khác"))
    assert error.value.problems[0].code == "R004"
    with pytest.raises(UsageError) as error:
        year_over_year(result, previous.rename(columns={"index_pct": "diem"}))
    assert error.value.problems[0].code == "R002"


def test_charts_draw_on_a_given_axes_and_leave_rcparams_alone(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    before = dict(matplotlib.rcParams)
    with matplotlib.rc_context({"font.family": "serif", "font.size": 20}):
        figure, axes = plt.subplots(1, 2, figsize=(12, 6))
        assert ranked_bars(sample_result(), ax=axes[0]) is axes[0]
        assert class_distribution(sample_result(), ax=axes[1]) is axes[1]
    figure.canvas.draw()  # after the context, as a notebook renders it
    fonts = {t.get_fontfamily()[0] for t in axes[0].get_yticklabels() + axes[0].texts}
    assert fonts == {FONT}
    assert {t.get_fontsize() for t in axes[0].get_yticklabels()} == {9}
    assert dict(matplotlib.rcParams) == before


def test_missing_glyphs():
    assert missing_glyphs("Xã Đồng Tâm, Phường Hoàng Văn Thụ: ỹ ự ẵ ậ ổ ≥ −") == set()
    assert missing_glyphs(unicodedata.normalize("NFD", "Tiến Thịnh")) == set()
    assert missing_glyphs("Xã 漢") == {"漢"}


def test_write_charts_png_at_200_dpi_and_svg(tmp_path):
    written, problems = write_charts(sample_result(), tmp_path, profile_formats=())
    names = sorted(p.name for p in written)
    assert names == sorted(f"{n}.{s}" for n in ("xep_hang", "xep_hang_xa", "xep_hang_phuong",
                                                "xep_loai", "linh_vuc") for s in ("png", "svg"))
    assert [p.code for p in problems] == ["R001"]  # no self-scores in a consolidated table
    with Image.open(tmp_path / "xep_hang.png") as image:
        assert image.info["dpi"][0] == pytest.approx(200, abs=0.5)
        assert image.width >= 6 * 200  # A4 text width at 200 dpi
    svg = ET.parse(tmp_path / "xep_hang.svg").getroot()
    assert svg.tag.endswith("svg") and not svg.findall(".//{http://www.w3.org/2000/svg}text")
    again, _problems = write_charts(sample_result(), tmp_path / "lan_2", profile_formats=())
    for first, second in zip(sorted(written), sorted(again), strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name  # the same every run


def test_a_glyph_the_font_lacks_is_reported():
    result = sample_result()
    strange = result.results.copy()
    strange.loc[0, "unit"] = "Xã 漢"
    odd = type(result)(result.methodology, strange, result.nodes, result.problems,
                       result.files, result.batch)
    ax = ranked_bars(odd, group="Xã")
    problems = glyph_problems(ax.figure, "xep_hang")
    assert [p.code for p in problems] == ["R005"] and problems[0].found == "U+6F22"


def test_cli_writes_workbook_and_charts(tmp_path):
    table = small_sample(tmp_path, keep=3)
    charts = tmp_path / "bieu_do"
    done = subprocess.run([sys.executable, "-m", "cchc_index", "score", str(table), "-o",
                           str(tmp_path / "kq.xlsx"), "--charts", str(charts)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    assert f"Đã ghi {charts}" in done.stdout
    assert "Không vẽ biểu đồ tự đánh giá và thẩm định" in done.stdout
    assert (charts / "xep_hang.png").is_file() and (charts / "linh_vuc.svg").is_file()
    profiles = sorted(p.name for p in (charts / "ho_so_don_vi").glob("*.png"))
    assert profiles == ["01_xa_minh_tien.png", "02_xa_tan_lap.png", "03_xa_hoa_binh.png"]


def test_matplotlib_is_imported_only_for_charts(tmp_path):
    code = ("import sys; from cchc_index._internal.cli import main; "
            f"main(['score', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'kq.xlsx')!r}]); "
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)
    assert done.stdout.strip().endswith("False"), done.stdout[-300:] + done.stderr


def test_a_chart_too_long_for_a_page_is_refused(monkeypatch):
    from cchc_index._internal.plots import charts

    monkeypatch.setattr(charts, "MAX_ROWS", 10)
    with pytest.raises(UsageError) as error:
        ranked_bars(sample_result())  # 20 units and 2 group headings
    assert error.value.problems[0].code == "R006"
    assert error.value.problems[0].found == "22"
    assert len(bars(ranked_bars(sample_result(), group="Phường"))) == 6  # 6 rows fit


def previous_results(rows: list[tuple[str, float]]) -> PreviousResults:
    """Last year's results (unit, index) as :func:`read_previous` gives them."""
    frame = pd.DataFrame(rows, columns=["unit", "index_pct"])
    frame["key"] = frame["unit"].map(name_key)
    frame["group"], frame["points"], frame["classification"] = "", frame["index_pct"], ""
    frame["rank"] = pd.array(range(1, len(frame) + 1), dtype="Int64")
    return PreviousResults(frame, year="2023", source="ket_qua_2023.csv")


def drawn(ax) -> dict[str, list[float]]:
    """Tick label (rank stripped) -> [previous, current] of its line."""
    lines = next(c for c in ax.collections if isinstance(c, LineCollection))
    return {label.split(". ", 1)[1]: seg[:, 0].tolist()
            for label, seg in zip(tick_labels(ax), lines.get_segments(), strict=True)}


def test_year_over_year_from_a_crosswalk_comparison_shows_merged_and_renamed_units():
    result = forms_result()
    last = previous_results([("Xã Minh Tiến", 65.123), ("Xã Hoà Bình", 60.0),
                             ("Xã Tân Lập A", 70.0), ("Xã Tân Lập B", 80.0),
                             ("Xã Đồng Tâm Cũ", 50.0), ("Phường Lê Lợi", 90.0)])
    crosswalk = crosswalk_frame([("Xã Tân Lập A", "Xã Tân Lập", 1.0),
                                 ("Xã Tân Lập B", "Xã Tân Lập", 3.0),
                                 ("Xã Đồng Tâm Cũ", "Xã Đồng Tâm", 1.0)])
    ax = year_over_year(result, compare_years(result, last, crosswalk))
    shown = result.results.set_index("unit")["index_display"]
    segments = drawn(ax)
    assert segments == {
        "Xã Minh Tiến": [65.12, shown["Xã Minh Tiến"]],
        "Xã Hòa Bình": [60.0, shown["Xã Hòa Bình"]],
        "Xã Tân Lập (hợp nhất)": [77.5, shown["Xã Tân Lập"]],  # (70×1 + 80×3) / 4
        "Xã Đồng Tâm": [50.0, shown["Xã Đồng Tâm"]],  # renamed: matched, not merged
        "Phường Lê Lợi": [90.0, shown["Phường Lê Lợi"]],
    }
    assert "1 đơn vị không có số liệu năm trước." in texts(ax)  # Phường Trần Phú
    assert ax.get_title(loc="left") == "Chỉ số CCHC: 2023 và 2024"
    all_glyphs_present(ax)
    english = year_over_year(result, compare_years(result, last, crosswalk), lang="en")
    assert "Xã Tân Lập (merged)" in drawn(english)


def test_year_over_year_without_a_crosswalk_draws_what_name_matching_draws():
    result = forms_result()
    rows = [("Xã Minh Tiến", 65.123), ("xã hoà bình", 60.0), ("Phường Lê Lợi", 90.0),
            ("Xã Đã Sáp Nhập", 50.0)]
    by_names = year_over_year(result, pd.DataFrame(rows, columns=["unit", "index_pct"]))
    by_comparison = year_over_year(result, compare_years(result, previous_results(rows)))
    assert drawn(by_comparison) == drawn(by_names)
    assert texts(by_comparison) == texts(by_names)
    assert len(drawn(by_names)) == 3


def test_write_charts_draws_the_comparison_of_an_analysed_run(tmp_path):
    result = forms_result()
    last = previous_results([("Xã Tân Lập A", 70.0), ("Xã Tân Lập B", 80.0)])
    crosswalk = crosswalk_frame([("Xã Tân Lập A", "Xã Tân Lập", 1.0),
                                 ("Xã Tân Lập B", "Xã Tân Lập", 1.0)])
    analysed = with_analyses(result, Analyses(comparison=compare_years(result, last,
                                                                       crosswalk)))
    written, _ = write_charts(analysed, tmp_path, formats=("svg",), profile_formats=())
    assert tmp_path / "so_voi_nam_truoc.svg" in written
    svg = (tmp_path / "so_voi_nam_truoc.svg").read_text(encoding="utf-8")
    assert "Xã Tân Lập (hợp nhất)" in svg
    plain, _ = write_charts(result, tmp_path / "plain", formats=("svg",), profile_formats=())
    assert not any(p.stem == "so_voi_nam_truoc" for p in plain)


def test_long_unit_names_neither_break_file_names_nor_crowd_the_ranking(tmp_path):
    """A merged unit's long name: its profile file name is cut, its bar label shortened."""
    from cchc_index._internal.plots import slug
    from cchc_index._internal.plots.charts import LABEL_CHARACTERS, _short

    name = "Ủy ban nhân dân xã Quang Trung " * 12 + "(sáp nhập từ xã A, xã B và xã C)"
    assert len(slug(name)) <= 60 and slug(name).startswith("uy_ban_nhan_dan_xa_quang")
    assert len(_short(name)) <= LABEL_CHARACTERS and _short(name).endswith("…")
    assert _short("Phường Trần Phú") == "Phường Trần Phú"
