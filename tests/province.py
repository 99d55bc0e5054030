"""The province-sized sample (``data/make_sample_province.py``) for tests: its ``build``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "make_sample_province.py"


def _module():
    spec = importlib.util.spec_from_file_location("make_sample_province", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SCRIPT.parent))  # it imports make_sample, the script beside it
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return module


build = _module().build
