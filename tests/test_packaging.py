"""What an installation needs beyond the code: its data found by the package, errors that
cross process boundaries, scripts that answer --help, and a clear word when files are
missing from an installation."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_index import __version__
from cchc_index._internal.errors import CchcError, InputError, MethodologyError, Problem, UsageError
from cchc_index._internal.methodology import load
from cchc_index._internal.methodology.load import band_presets, bundled_names, load_methodology

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted([*(ROOT / "data").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")])


@pytest.mark.parametrize("kind", [CchcError, MethodologyError, InputError, UsageError])
def test_errors_survive_pickling(kind):
    problems = [Problem("M030", file="bo.xlsx", sheet="Thông tin", found="«nam-muc»",
                        params={"n": 2}),
                Problem("I001", severity="warning", file="xa.xlsx", unit_id="k")]
    again = pickle.loads(pickle.dumps(kind(problems)))
    assert type(again) is kind
    assert again.problems == problems
    assert again.messages() == kind(problems).messages()
    assert str(again) == str(kind(problems))


def _package_copy(tmp_path: Path, monkeypatch, keep_bands: bool = True) -> Path:
    """A copy of the methodology package's data, with what an installation may leave
    behind (caches, stray files), that the loader is pointed at."""
    source = Path(load.__file__).parent
    root = tmp_path / "methodology"
    shutil.copytree(source / "bundled", root / "bundled")
    (root / "bands").mkdir()
    if keep_bands:
        for preset in (source / "bands").glob("*.csv"):
            shutil.copy2(preset, root / "bands")
    (root / "bundled" / "__pycache__").mkdir(exist_ok=True)
    (root / "bundled" / "notes").mkdir()  # a folder without a criteria table
    (root / "bundled" / "README.txt").write_text("stray")
    monkeypatch.setattr(load.resources, "files", lambda package: root)
    return root


def test_bundled_names_are_methodology_folders_only(tmp_path, monkeypatch):
    _package_copy(tmp_path, monkeypatch)
    assert bundled_names() == ["par-index-2020", "xa-phuong-minh-hoa"]


def test_band_presets_ignore_other_files(tmp_path, monkeypatch):
    root = _package_copy(tmp_path, monkeypatch)
    (root / "bands" / "__init__.py").write_text("")
    assert "__init__" not in band_presets() and "nam-muc" in band_presets()


def test_missing_band_presets_say_the_installation_is_incomplete(tmp_path, monkeypatch):
    _package_copy(tmp_path, monkeypatch, keep_bands=False)
    with pytest.raises(MethodologyError) as caught:
        load_methodology()
    assert [p.code for p in caught.value.problems] == ["M006"]
    assert "cài lại" in caught.value.messages()[0]
    assert "reinstall" in caught.value.messages("en")[0]


def test_missing_bundled_folder_says_the_installation_is_incomplete(tmp_path, monkeypatch):
    (tmp_path / "methodology" / "bundled").mkdir(parents=True)
    monkeypatch.setattr(load.resources, "files", lambda package: tmp_path / "methodology")
    with pytest.raises(MethodologyError) as caught:
        load_methodology("xa-phuong-minh-hoa")
    assert [p.code for p in caught.value.problems] == ["M006"]


def test_a_missing_methodology_file_is_called_a_missing_file(tmp_path):
    with pytest.raises(MethodologyError) as caught:
        load_methodology(tmp_path / "bo_chi_so.xlsx")
    (problem,) = caught.value.problems
    assert problem.code == "M005"
    assert "không tìm thấy tệp bộ chỉ số" in problem.message().lower()


def test_a_methodology_in_another_format_is_named(tmp_path):
    path = tmp_path / "bo_chi_so.ods"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    assert [p.code for p in caught.value.problems] == ["M007"]


def test_an_unknown_bundled_name_lists_the_bundled_ones():
    with pytest.raises(MethodologyError) as caught:
        load_methodology("xa-phuong")
    (problem,) = caught.value.problems
    assert problem.code == "M004" and "xa-phuong-minh-hoa" in problem.message()
    assert "bộ chỉ số" in problem.message()


def test_version_option(tmp_path):
    done = subprocess.run([sys.executable, "-m", "cchc_index", "--version"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"cchc_index {__version__}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_script_answers_help_without_side_effects(script, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")
    assert list(tmp_path.iterdir()) == []
    after = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert after == before
