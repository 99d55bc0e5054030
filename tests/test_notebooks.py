"""Every notebook runs top to bottom in a fresh kernel, headless, on the bundled data.

Each runs from a temporary copy of notebooks/ (with data/ linked beside it), so neither the
outputs nor the files a notebook writes land in the repository. The notebooks run two at a
time (one kernel per core); each is then checked in its own test.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_LINES = 25  # printed lines per cell: a notebook explains, it does not dump
AT_ONCE = 2
# A cell drawing one of the package's charts (its result is shown inline, one image).
CHART_CALL = re.compile(r"^(?:plots\.|charts\.)?(?:ranked_bars|class_distribution|field_heatmap|"
                        r"unit_profile|self_vs_appraised|year_over_year|index_change)\(",
                        re.MULTILINE)


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, object]:
    """Each notebook executed (or the exception that stopped it), by file name."""
    base = tmp_path_factory.mktemp("nb")
    folder = base / "notebooks"
    folder.mkdir()
    os.symlink(ROOT / "data", base / "data", target_is_directory=True)
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(path: Path) -> object:
        book = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(book, timeout=180, kernel_name="python3",
                                         resources={"metadata": {"path": str(folder)}})
        async with gate:
            try:
                await client.async_execute()
            except Exception as error:  # reported by the notebook's own test
                return error
        return book

    async def every() -> list[object]:
        return await asyncio.gather(*(one(p) for p in NOTEBOOKS))

    return dict(zip((p.name for p in NOTEBOOKS), asyncio.run(every()), strict=True))


def test_the_four_notebooks_are_there():
    names = [p.name[:2] for p in NOTEBOOKS]
    assert names[:4] == ["01", "02", "03", "04"], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, executed):
    book = executed[path.name]
    if isinstance(book, Exception):  # CellExecutionError names the cell and the error
        pytest.fail(f"{path.name}: {book}")
    assert book.cells[0].cell_type == "markdown" and book.cells[0].source.startswith("# ")
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        if CHART_CALL.search(cell.source) and "write_charts" not in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, (path.name, cell.source)  # each chart shown inline
        for output in cell.outputs:
            assert output.get("name") != "stderr", (path.name, cell.source, output.get("text"))
            if output.output_type == "stream":
                lines = output.text.count("\n")
                assert lines <= MAX_LINES, (path.name, cell.source)
    markdown = [c.source for c in book.cells if c.cell_type == "markdown"]
    assert any(ch in "".join(markdown) for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")


# A table shown to the analyst: headings as the workbook writes them, values in words.
CODE_HEADING = re.compile(r"<th[^>]*>\s*([a-z]+(?:_[a-z0-9]+)+|unit|group|rank|code|name)\s*</th>")
ENGLISH_VALUE = re.compile(r"<td[^>]*>\s*(True|False|merged|methodology changed|new unit|yes)"
                           r"\s*</td>")


# 03 walks the scoring step by step and shows each table as its function returns it, column
# names included, so the analyst can use them; every other notebook shows results.
RESULT_NOTEBOOKS = [p for p in NOTEBOOKS if not p.name.startswith("03_")]


@pytest.mark.parametrize("path", RESULT_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_tables_read_in_vietnamese(path, executed):
    book = executed[path.name]
    if isinstance(book, Exception):
        pytest.fail(f"{path.name}: {book}")
    for cell in book.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            assert not CODE_HEADING.search(html), (path.name, cell.source,
                                                   CODE_HEADING.search(html).group(1))
            assert not ENGLISH_VALUE.search(html), (path.name, cell.source,
                                                    ENGLISH_VALUE.search(html).group(1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_data_folder_and_methodology_are_set_in_the_first_cell(path):
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert "DATA = Path(" in code[0] and "methodology = load_methodology(BO_CHI_SO)" in code[0]
    rest = "\n".join(code[1:])
    assert "load_methodology(" not in rest and "../data" not in rest, path.name
