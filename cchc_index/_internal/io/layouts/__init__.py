"""Sheet layouts as plug-ins: each module of this package reads one way of laying out
a table.

A layout module defines:

- ``LAYOUT``: its name in messages and tests ("form", "consolidated");
- ``KIND``: ``"form"`` (one unit per sheet: a unit's self-assessment form) or ``"table"``
  (one unit per row or column: a consolidated table);
- ``detect(grid, methodology) -> Detection | None``: whether the sheet is laid out this
  way, with a confidence from 0 to 1 and the reason, and what it found (the header, the
  columns), handed back to ``read``;
- ``read(grid, detection, file, methodology) -> Batch | Rows``: the units and entries;
- ``leftovers(grid, detection, read) -> list[Problem]``: what looked like data but was not
  read (units typed below the signature block);
- ``combine(reads) -> Batch | Rows``: the reads of several sheets of one workbook as one.

The input step asks every layout about a sheet and reads it with the most confident
(:func:`detect`). Adding a layout is one module here, its words in
:mod:`cchc_index._internal.vocabulary`, and its tests: nothing else names it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from cchc_index._internal.entries import Batch, Rows
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid
from cchc_index._internal.methodology.model import Methodology

Read = Batch | Rows


@dataclass(frozen=True)
class Layout:
    """One layout plug-in (see the module docstring)."""

    name: str
    kind: str  # "form" or "table"
    detect: Callable[[Grid, Methodology], Detection | None]
    read: Callable[[Grid, Detection, str, Methodology], Read]
    leftovers: Callable[[Grid, Detection, Read], list[Problem]]
    combine: Callable[[list[Read]], Read]


@dataclass(frozen=True)
class Detection:
    """A layout's answer for one sheet: how sure it is (0 to 1), why, and what it found
    (its own object: a form's plan, a table's columns)."""

    layout: str  # the layout's name (its module's LAYOUT)
    confidence: float
    reason: str
    found: object = field(compare=False, repr=False)


@cache
def layouts() -> tuple[Layout, ...]:
    """Every layout of this package, in name order."""
    found = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.append(Layout(module.LAYOUT, module.KIND, module.detect, module.read,
                            module.leftovers, module.combine))
    return tuple(found)


def layout_named(name: str) -> Layout:
    return next(layout for layout in layouts() if layout.name == name)


def detections(grid: Grid, methodology: Methodology) -> list[Detection]:
    """What the layouts see in the sheet, most confident first (ties: by name).

    Layouts are asked in name order; once one is certain (confidence 1), the layouts after
    it are not asked: they could only tie, and a tie goes to the first by name.
    """
    found = []
    for layout in layouts():
        detection = layout.detect(grid, methodology)
        if detection is not None:
            found.append(detection)
            if detection.confidence >= 1.0:
                break
    return sorted(found, key=lambda d: -d.confidence)


def detect(grid: Grid, methodology: Methodology) -> Detection | None:
    """The most confident layout's detection of the sheet, or None when none sees a table."""
    found = detections(grid, methodology)
    return found[0] if found else None
