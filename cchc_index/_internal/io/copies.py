"""Copies among the input files: each content is read once.

Offices send a form twice (the original and a copy under another name); identical bytes
are one input, named by the path that sorts first (S020 for the others).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cchc_index._internal.entries import Batch
from cchc_index._internal.errors import Problem


def drop_copies(batches: list[Batch]) -> list[Batch]:
    """Read each content once: of files with identical bytes, the one whose path sorts
    first is kept, the others are rejected as copies (whatever the order given)."""
    first: dict[str, str] = {}
    labels: dict[str, str] = {}
    for batch in batches:
        for info in batch.files:
            labels[info.path] = _label_of(batch) or Path(info.path).name
            if info.status == "read" and info.sha256:
                first[info.sha256] = min(first.get(info.sha256, info.path), info.path)
    kept = []
    for batch in batches:
        info = batch.files[0] if len(batch.files) == 1 else None
        original = first.get(info.sha256) if info and info.status == "read" else None
        if original is None or original == info.path:
            kept.append(batch)
            continue
        copy = Problem("S020", "error", labels[info.path], expected=labels[original])
        kept.append(Batch(problems=[copy], files=[replace(info, status="rejected", units=0)]))
    return kept


def _label_of(batch: Batch) -> str:
    if not batch.units.empty:
        return str(batch.units["file"].iloc[0])
    return next((p.file for p in batch.problems if p.file), "")
