"""Every notebook runs top to bottom in a fresh kernel, headless, on the bundled data.

Each runs from a temporary copy of notebooks/ (with data/ linked beside it), so neither the
outputs nor the files a notebook writes land in the repository. The notebooks run two at a
time (one kernel per core); each is then checked in its own test.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_LINES = 25  # printed lines per cell: a notebook explains, it does not dump
AT_ONCE = 2


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
        if "plots." in cell.source and "write_charts" not in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, (path.name, cell.source)  # each chart shown inline
        for output in cell.outputs:
            assert output.get("name") != "stderr", (path.name, cell.source, output.get("text"))
            if output.output_type == "stream":
                lines = output.text.count("\n")
                assert lines <= MAX_LINES, (path.name, cell.source)
    markdown = [c.source for c in book.cells if c.cell_type == "markdown"]
    assert any(ch in "".join(markdown) for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")
