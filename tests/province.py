"""The province-sized sample (``data/make_sample_province.py``) for tests: its ``build``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "make_sample_province.py"


def _module():
    spec = importlib.util.spec_from_file_location("make_sample_province", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _module().build
