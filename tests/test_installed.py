"""The package as a user installs it: from a wheel, run from a folder outside the repository.

The wheel is built from a copy of the checkout's files (what a fresh clone holds), installed
into a new virtual environment, and every command a new user meets is run from an empty
temporary folder: ``score`` on a copy of the sample district, ``methodology list`` and
``show`` for every bundled methodology, ``template``, ``--version``, and the first notebook.
A file the package reads at run time but the wheel leaves out fails here, not on a user's
machine.

The package comes from the wheel only. Its dependencies are, by default, those of this test
environment, made visible to the new environment by a path file (fast, and works offline);
with ``CCHC_INSTALL_CHECK=full`` (as ``.ci/run`` sets after the suite) pip installs them
into the new environment from the package index, exactly as the README tells a user to.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from cchc_index import __version__
from cchc_index._internal.methodology.load import bundled_names

ROOT = Path(__file__).resolve().parents[1]
FULL = os.environ.get("CCHC_INSTALL_CHECK") == "full"
NOTEBOOK = "01_bat_dau_nhanh.ipynb"


def _source_files() -> list[str]:
    """The files a fresh clone would hold (tracked, or new and not ignored)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the files of a fresh clone are unknown")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def _run(args: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a command as a user's shell would, without this test run's PYTHONPATH (which
    would put a source tree before the installed package)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, (done.args, done.returncode, done.stdout[-3000:],
                                  done.stderr[-3000:])
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the checkout."""
    source = tmp_path_factory.mktemp("clone")
    for name in _source_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    dist = tmp_path_factory.mktemp("dist")
    isolation = [] if FULL else ["--no-build-isolation"]
    _ok(_run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation,
              "-w", dist, source], cwd=source))
    (built,) = dist.glob("cchc_index-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict[str, Path]:
    """A new virtual environment with the wheel installed; its python and scripts folder."""
    venv = tmp_path_factory.mktemp("venv")
    _ok(_run([sys.executable, "-m", "venv", "--clear", *([] if FULL else ["--without-pip"]),
              venv], cwd=venv))
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    if FULL:
        # What the notebooks need to run headless: the ``notebooks`` extra's jinja2 and a
        # kernel, without JupyterLab's user interface.
        _ok(_run([python, "-m", "pip", "install", "-q", wheel, "jinja2>=3.1", "nbclient",
                  "ipykernel"], cwd=venv, timeout=900))
    else:
        _ok(_run([sys.executable, "-m", "pip", "--python", python, "install", "-q",
                  "--no-deps", "--no-index", wheel], cwd=venv))
        site = Path(_ok(_run([python, "-c", "import sysconfig; print(sysconfig.get_path("
                              "'purelib'))"], cwd=venv)).strip())
        borrowed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
        (site / "_borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return {"venv": venv, "python": python, "bin": bindir}


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An analyst's own folder, with a copy of the sample district in it."""
    shutil.copytree(ROOT / "data" / "sample_district", tmp_path / "du_lieu")
    return tmp_path


def _cli(installed: dict[str, Path], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return _run([installed["python"], "-m", "cchc_index", *args], cwd=cwd)


def test_wheel_holds_every_data_file_the_package_tracks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [n for n in _source_files() if n.startswith("cchc_index/")
            and not n.endswith(".py") and "__pycache__" not in n]
    assert data, "the package tracks no data files: this test checks nothing"
    assert [n for n in data if n not in names] == []


def test_the_package_is_imported_from_the_wheel(installed, tmp_path):
    where = _ok(_run([installed["python"], "-c", "import cchc_index; print(cchc_index.__file__)"],
                     cwd=tmp_path)).strip()
    assert Path(where).resolve().is_relative_to(installed["venv"].resolve())


def test_score_from_another_folder(installed, elsewhere):
    done = _cli(installed, "score", "du_lieu/", "-o", "ket_qua.xlsx", "--csv", "ket_qua.csv",
                cwd=elsewhere)
    _ok(done)
    with open(elsewhere / "ket_qua.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    assert zipfile.is_zipfile(elsewhere / "ket_qua.xlsx")


def test_methodology_list_and_show_every_bundled_one(installed, tmp_path):
    listed = _ok(_cli(installed, "methodology", "list", cwd=tmp_path))
    assert "__pycache__" not in listed
    for name in bundled_names():
        assert name in listed
        shown = _ok(_cli(installed, "methodology", "show", name, cwd=tmp_path))
        assert shown.strip()


def test_template_from_another_folder(installed, tmp_path):
    _ok(_cli(installed, "template", "-o", "bieu_mau.xlsx", "--year", "2024", cwd=tmp_path))
    assert zipfile.is_zipfile(tmp_path / "bieu_mau.xlsx")


def test_version_from_module_and_script(installed, tmp_path):
    assert _ok(_cli(installed, "--version", cwd=tmp_path)).strip() == f"cchc_index {__version__}"
    script = installed["bin"] / ("cchc-index.exe" if os.name == "nt" else "cchc-index")
    assert _ok(_run([script, "--version"], cwd=tmp_path)).strip() == f"cchc_index {__version__}"


def test_a_notebook_runs_against_the_installed_package(installed, tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks" / NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK)
    shutil.copytree(ROOT / "data", tmp_path / "data",
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    runner = (
        "import sys, nbformat, nbclient\n"
        "book = nbformat.read(sys.argv[1], as_version=4)\n"
        "book.cells.append(nbformat.v4.new_code_cell("
        "'import cchc_index; print(cchc_index.__file__)'))\n"
        "nbclient.NotebookClient(book, timeout=180, kernel_name='python3',"
        " resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "print(book.cells[-1].outputs[0]['text'])\n"
    )
    out = _ok(_run([installed["python"], "-c", runner, f"notebooks/{NOTEBOOK}", "notebooks"],
                   cwd=tmp_path))
    assert Path(out.strip()).resolve().is_relative_to(installed["venv"].resolve())
    assert (tmp_path / "notebooks" / "ket_qua" / "ket_qua_2024.csv").is_file()
