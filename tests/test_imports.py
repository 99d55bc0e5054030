"""The direction of imports between the package's parts, as pyproject.toml declares it
([tool.importlinter]): the public modules above the private package, and inside it one
layers contract over every part, each importing only the parts below it, with no exceptions
listed (issue 17)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    program = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if program is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([program], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "0 broken" in done.stdout


def test_the_layers_cover_the_whole_package_with_no_exceptions():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = settings["tool"]["importlinter"]["contracts"]
    layers = [c for c in contracts if c["type"] == "layers"]
    assert [c["containers"] for c in layers] == [["cchc_index"], ["cchc_index._internal"]]
    for contract in layers:
        assert contract["exhaustive"] is True, contract["name"]  # a new part needs a place
    for contract in contracts:
        assert not contract.get("ignore_imports"), contract["name"]
        assert not contract.get("exhaustive_ignores"), contract["name"]
