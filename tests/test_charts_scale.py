"""Charts and the Word draft of a province (issue 16): 160 units on pages that fit A4, a
source line on every chart, pictures that fit the Word page, and charts drawn on an
analyst's own Axes that leave the rest of her figure alone."""

from __future__ import annotations

import random
from functools import cache

import matplotlib.image
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle
from report_batches import sample_result

from cchc_index._internal.analysis import charts as analysis_charts
from cchc_index._internal.analysis.docx_report import build_document
from cchc_index._internal.analysis.robustness import robustness
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import score_batch
from cchc_index._internal.plots import (
    class_distribution,
    field_heatmap,
    heatmap_pages,
    ranked_bars,
    ranking_pages,
    self_vs_appraised,
    style,
    top_groups,
    unit_profile,
    write_charts,
    year_over_year,
)
from cchc_index._internal.report.tables import annex_groups, annex_order

pytestmark = pytest.mark.filterwarnings("error")

UNITS = 160
PAGE_CM = (17.0, 25.0)  # width, height: the most a chart may take on an A4 page
SOURCE = "Nguồn: Bộ chỉ số CCHC cấp xã (minh hoạ), năm 2024"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@cache
def province(grouped: bool = False, units: int = UNITS):
    """``units`` communes and wards scored leaf by leaf on the bundled commune methodology
    (every fifth a ward; ranked within the two groups when ``grouped``)."""
    methodology = load_methodology("xa-phuong-minh-hoa")
    leaves = methodology.tree[methodology.tree["is_leaf"]]
    rng = random.Random(16)
    unit_rows, entry_rows = [], []
    for number in range(units):
        unit_id = f"form_{number}.xlsx|Tự đánh giá"
        kind = "Phường" if number % 5 == 0 else "Xã"
        unit_rows.append({"unit_id": unit_id, "unit": f"{kind} Số {number + 1}",
                          "group": kind if grouped else "", "year": "2024",
                          "file": f"form_{number}.xlsx", "sheet": "Tự đánh giá"})
        quality = rng.uniform(0.5, 0.98)
        for code, component, maximum in zip(leaves["code"], leaves["component"],
                                            leaves["stated_max"], strict=True):
            entry = {"unit_id": unit_id, "code": code, "file": f"form_{number}.xlsx",
                     "sheet": "Tự đánh giá"}
            if component in ("bonus", "penalty"):
                entry["appraisal_1"] = 0.0
            else:
                points = round(maximum * min(1.0, max(0.0, quality + rng.gauss(0, 0.1))) * 4) / 4
                entry["appraisal_1" if component == "appraisal" else "given_points"] = points
                if component == "appraisal":
                    entry["self_points"] = maximum
            entry_rows.append(entry)
    return score_batch(Batch(make_units(unit_rows), make_entries(entry_rows)), methodology)


def png_cm(ax, tmp_path, name: str, save: bool = True) -> tuple[float, float]:
    """The chart saved as the report saves it, its PNG size read back, in cm; without
    ``save``, the size it would have (the figure's, in inches, which is what a PNG
    at :data:`~cchc_index._internal.plots.style.DPI` holds: checked on the pages that are saved)."""
    inches = ax.figure.get_size_inches()
    if not save:
        return inches[0] * 2.54, inches[1] * 2.54
    path = style.save(ax.figure, tmp_path / name, ("png",))[0]
    height, width = matplotlib.image.imread(path).shape[:2]
    assert (width, height) == (round(inches[0] * style.DPI), round(inches[1] * style.DPI))
    return width / style.DPI * 2.54, height / style.DPI * 2.54


def bar_labels(ax) -> list[str]:
    """The tick labels of the bars (group headings are texts, not ticks)."""
    return [t.get_text() for t in ax.get_yticklabels()]


def widths(ax) -> list[float]:
    return [p.get_width() for p in ax.patches if isinstance(p, Rectangle)]


@pytest.mark.parametrize("grouped", [False, True], ids=["together", "by group"])
def test_a_province_ranking_is_drawn_on_pages_that_fit_a4(tmp_path, grouped):
    result = province(grouped)
    assert len(result.results) == UNITS
    pages = ranking_pages(result)
    assert len(pages) > 1
    ordered = annex_order(result.results)
    labels, values, titles = [], [], []
    for number in range(1, len(pages) + 1):
        ax = ranked_bars(result, page=number)
        width, height = png_cm(ax, tmp_path, f"xep_hang_{number}", save=not grouped)
        assert width <= PAGE_CM[0] and height <= PAGE_CM[1], (number, width, height)
        labels += bar_labels(ax)
        values += widths(ax)
        titles.append(ax.get_title(loc="left"))
        plt.close(ax.figure)
    expected = [f"{int(r)}. {u}" for r, u in zip(ordered["rank"], ordered["unit"], strict=True)]
    assert labels == expected  # every unit once, pages in rank order
    assert values == ordered["index_display"].tolist()
    first_page = pages[0].units
    assert titles[0].endswith(f"(1/{len(pages)}): hạng 1–{int(first_page['rank'].iloc[-1])}")
    if grouped:  # by group first: no page holds two groups, each page names its group
        for page, title in zip(pages, titles, strict=True):
            assert page.units["group"].nunique() == 1
            assert f"nhóm {page.units['group'].iloc[0]}" in title
    else:
        assert titles[0].startswith("Chỉ số CCHC 2024: xếp hạng (1/")


def test_a_province_heatmap_is_drawn_on_pages_that_fit_a4(tmp_path):
    result = province()
    pages = heatmap_pages(result)
    rows = []
    for number in range(1, len(pages) + 1):
        ax = field_heatmap(result, page=number)
        width, height = png_cm(ax, tmp_path, f"linh_vuc_{number}", save=number == 1)
        assert width <= PAGE_CM[0] and height <= PAGE_CM[1], (number, width, height)
        rows += [t.get_text() for t in ax.get_yticklabels()]
        plt.close(ax.figure)
    ordered = annex_order(result.results)
    assert rows == [f"{int(r)}. {u}" for r, u in zip(ordered["rank"], ordered["unit"],
                                                      strict=True)]


def test_the_whole_province_on_one_new_figure_is_refused_with_the_way_out():
    from cchc_index._internal.errors import UsageError

    with pytest.raises(UsageError) as error:
        ranked_bars(province())
    assert error.value.problems[0].code == "R006"
    assert "page=" in error.value.problems[0].message("vi")


def test_top_and_bottom_view():
    result = province()
    ax = ranked_bars(result, top=5)
    ordered = annex_order(result.results)
    shown = pd.concat([ordered.head(5), ordered.tail(5)])
    expected = [f"{int(r)}. {u}" for r, u in zip(shown["rank"], shown["unit"], strict=True)]
    assert bar_labels(ax) == [*expected[:5], "…", *expected[5:]]
    assert widths(ax) == shown["index_display"].tolist()
    assert ax.get_title(loc="left").endswith("(5 đơn vị đầu và 5 đơn vị cuối)")


def test_the_top_view_of_a_province_ranked_by_group_fits_a_page_per_group(tmp_path):
    result = province(grouped=True)
    assert top_groups(result, 3) == [None]  # 2 × (3 + 3) units: one chart
    groups = [group for group, _units in annex_groups(result.results)]
    assert top_groups(result, 10) == groups  # 2 × 20 units pass a page: one chart each
    written, problems = write_charts(result, tmp_path, top=10, formats=("png",),
                                     profile_formats=())
    names = {p.name for p in written}
    assert {"xep_hang_dau_cuoi_xa.png", "xep_hang_dau_cuoi_phuong.png"} <= names
    assert "xep_hang_dau_cuoi.png" not in names and not problems
    for name in ("xep_hang_dau_cuoi_xa.png", "xep_hang_dau_cuoi_phuong.png"):
        image = matplotlib.image.imread(tmp_path / name)
        assert image.shape[0] / 200 * 2.54 <= PAGE_CM[1]  # 200 dpi: under 25 cm


def source_lines(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(lambda a: a.get_gid() == "source")]


def every_chart(result, lang: str = "vi", ax=None):
    """Each public chart of the sample district (one page of each), drawn on ``ax``."""
    previous = pd.DataFrame({"unit": result.results["unit"],
                             "index_pct": result.results["index_pct"] - 3})
    unit = result.results["unit"].iloc[0]
    yield "ranked_bars", lambda a: ranked_bars(result, ax=a, lang=lang)
    yield "class_distribution", lambda a: class_distribution(result, ax=a, lang=lang)
    yield "field_heatmap", lambda a: field_heatmap(result, ax=a, lang=lang)
    yield "unit_profile", lambda a: unit_profile(result, unit, ax=a, lang=lang)
    yield "year_over_year", lambda a: year_over_year(result, previous, ax=a, lang=lang)


def test_every_chart_names_its_source():
    result = sample_result()
    for name, draw in every_chart(result):
        ax = draw(None)
        assert source_lines(ax.figure) == [SOURCE], name
        plt.close(ax.figure)
    for name, draw in every_chart(result, "en"):
        ax = draw(None)
        assert source_lines(ax.figure) == [
            "Source: Bộ chỉ số CCHC cấp xã (minh hoạ), 2024"], name
        plt.close(ax.figure)


def test_self_vs_appraised_names_its_source():
    from report_batches import forms_result

    ax = self_vs_appraised(forms_result())
    assert len(source_lines(ax.figure)) == 1
    assert source_lines(ax.figure)[0].startswith("Nguồn: ")


def test_a_chart_on_the_analysts_axes_leaves_her_figure_alone():
    result = sample_result()
    for name, draw in every_chart(result):
        figure, (hers, ours) = plt.subplots(1, 2, figsize=(14, 9))
        hers.plot([0, 1], [0, 1], label="của tôi")
        figure.suptitle("Hình của tôi")
        figure.legend(loc="upper right")
        before = (list(figure.texts), list(figure.legends), list(figure.axes))
        assert draw(ours) is ours, name
        assert (list(figure.texts), list(figure.legends), list(figure.axes)) == before, name
        assert figure.get_suptitle() == "Hình của tôi"
        figure.canvas.draw()
        legend = ours.get_legend()
        if legend is not None:  # under her Axes, not across the figure
            box, frame = legend.get_window_extent(), ours.get_window_extent()
            assert frame.x0 <= (box.x0 + box.x1) / 2 <= frame.x1, name
            assert box.x0 > hers.get_window_extent().x1, name
        plt.close(figure)


def usable(section) -> tuple[int, int]:
    return (section.page_width - section.left_margin - section.right_margin,
            section.page_height - section.top_margin - section.bottom_margin)


# The Word draft's tests draw every chart in full: a district-sized province (still two
# ranking pages and three of fields) keeps them quick.
DOCX_UNITS = 60


def test_the_word_draft_carries_the_core_charts_and_every_picture_fits_its_page():
    result = province(units=DOCX_UNITS)
    document = build_document(result)  # no --previous, no --robustness
    shapes = document.inline_shapes
    expected = len(ranking_pages(result)) + 1 + len(heatmap_pages(result))
    assert len(ranking_pages(result)) > 1 and len(shapes) == expected
    width, height = usable(document.sections[0])
    for shape in shapes:
        assert 0 < shape.width <= width and 0 < shape.height <= height
    # the ranking's pages come first, each at the text width (nothing shrunk to a stamp)
    assert all(shape.width >= width * 0.9 for shape in list(shapes)[:len(ranking_pages(result))])


def test_the_word_draft_with_robustness_fits_its_pages():
    result = province(units=DOCX_UNITS)
    robust = robustness(result, runs=20, seed=1)
    document = build_document(result, robust=robust)
    shapes = document.inline_shapes
    pages = len(analysis_charts.pages(int(robust["rank"].notna().sum())))
    core = len(ranking_pages(result)) + 1 + len(heatmap_pages(result))
    assert len(shapes) == core + pages
    width, height = usable(document.sections[0])
    for shape in shapes:
        assert 0 < shape.width <= width and 0 < shape.height <= height


def test_every_page_of_the_heatmap_has_the_same_colour_scale():
    result = province()
    scales = set()
    for number in (1, len(heatmap_pages(result))):
        ax = field_heatmap(result, page=number)
        image = next(a for a in ax.get_children() if isinstance(a, AxesImage))
        scales.add((image.norm.vmin, image.norm.vmax))
        plt.close(ax.figure)
    assert len(scales) == 1


def test_write_charts_numbers_the_pages_of_a_long_chart(tmp_path, monkeypatch):
    from cchc_index._internal.plots import write_charts

    monkeypatch.setattr(style, "PAGE_HEIGHT", 5.0)  # 14 bars a page: the district's 20 split
    result = sample_result()
    pages = ranking_pages(result)
    assert [(p.sections[0][0], p.label()) for p in pages] == [
        ("Xã", " (1/3): hạng 1–7"), ("Xã", " (2/3): hạng 8–14"), ("Phường", " (3/3): hạng 1–6")]
    written, _ = write_charts(result, tmp_path, formats=("svg",), profile_formats=())
    names = sorted(p.stem for p in written if p.stem.startswith("xep_hang"))
    assert names == ["xep_hang_trang_01", "xep_hang_trang_02", "xep_hang_trang_03"]


def test_analysis_charts_on_the_analysts_axes_leave_her_figure_alone():
    from report_batches import forms_result

    result = province(units=40)
    robust = robustness(result, runs=5, seed=1)
    draws = {
        "rank_intervals": lambda a: analysis_charts.rank_intervals(robust, ax=a, page=1,
                                                                   source=SOURCE),
        "self_vs_appraised": lambda a: self_vs_appraised(forms_result(), ax=a),
    }
    for name, draw in draws.items():
        figure, (hers, ours) = plt.subplots(1, 2, figsize=(14, 9))
        figure.suptitle("Hình của tôi")
        before = (list(figure.texts), list(figure.legends), list(figure.axes))
        assert draw(ours) is ours, name
        assert (list(figure.texts), list(figure.legends), list(figure.axes)) == before, name
        assert len(source_lines(figure)) == 1, name
        figure.canvas.draw()
        legend = ours.get_legend()
        box = legend.get_window_extent()
        assert box.x0 > hers.get_window_extent().x1, name
        plt.close(figure)
