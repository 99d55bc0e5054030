"""Outputs are written atomically with the mode open() would give them, charts included."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from report_batches import sample_result

from cchc_index._internal.errors import UsageError
from cchc_index._internal.files import atomic_write
from cchc_index._internal.plots import write_charts
from cchc_index._internal.plots.style import save
from cchc_index._internal.report.csv import write_csv

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture()
def umask():
    """Set the process umask for one test, and put the old one back."""
    before = os.umask(0o022)
    os.umask(before)
    yield lambda mask: os.umask(mask)
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_text(text: str):
    return lambda temporary: temporary.write_text(text, encoding="utf-8")


@posix_only
@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask, mask, expected):
    umask(mask)
    written = atomic_write(tmp_path / "kq.txt", write_text("mới"))
    with open(tmp_path / "by_open.txt", "w", encoding="utf-8") as handle:
        handle.write("mới")
    assert mode(written) == expected == mode(tmp_path / "by_open.txt")


@posix_only
@pytest.mark.parametrize("old_mode", [0o640, 0o444, 0o660])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, old_mode):
    umask(0o022)
    target = tmp_path / "kq.txt"
    target.write_text("cũ", encoding="utf-8")
    target.chmod(old_mode)
    atomic_write(target, write_text("mới"))
    assert target.read_text(encoding="utf-8") == "mới" and mode(target) == old_mode


@posix_only
def test_results_csv_gets_the_umask_mode(tmp_path, umask):
    umask(0o027)
    assert mode(write_csv(sample_result(), tmp_path / "kq.csv")) == 0o640


def test_no_temporary_file_is_left_after_success_or_failure(tmp_path):
    target = tmp_path / "kq.txt"
    atomic_write(target, write_text("mới"))

    def fail(temporary: Path) -> None:
        temporary.write_text("một nửa", encoding="utf-8")
        raise OSError("đĩa đầy")

    with pytest.raises(UsageError) as failed:  # said in the user's terms, not a traceback
        atomic_write(target, fail)
    assert [(p.code, p.expected) for p in failed.value.problems] == [("U007", "đĩa đầy")]
    assert [p.name for p in tmp_path.iterdir()] == ["kq.txt"]
    assert target.read_text(encoding="utf-8") == "mới"


def test_charts_are_renamed_into_place_and_leave_no_temporary_file(tmp_path, monkeypatch):
    renamed = []
    real = os.replace

    def spy(source, target, *args, **kwargs):
        renamed.append((Path(source).parent, Path(source).name, Path(target).name))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    written, _problems = write_charts(sample_result(), tmp_path, profile_formats=())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in written) and "xep_hang.svg" in names
    assert sorted(target for folder, _source, target in renamed if folder == tmp_path) == names
    assert all(source.startswith(".") for _folder, source, _target in renamed)


def test_an_interrupted_chart_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    stem = tmp_path / "xep_hang"
    for suffix in ("png", "svg"):
        stem.with_suffix(f".{suffix}").write_bytes(b"bieu do cu")
    real = Figure.savefig

    def half_then_die(self, fname, *args, **kwargs):
        if kwargs.get("format") == "svg":
            Path(fname).write_bytes(b"<svg half")
            raise KeyboardInterrupt  # the run killed midway
        return real(self, fname, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", half_then_die)
    figure, ax = plt.subplots()
    ax.bar([1, 2], [3, 4])
    try:
        with pytest.raises(KeyboardInterrupt):
            save(figure, stem)
    finally:
        plt.close(figure)
    assert stem.with_suffix(".png").read_bytes().startswith(b"\x89PNG")  # written before
    assert stem.with_suffix(".svg").read_bytes() == b"bieu do cu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xep_hang.png", "xep_hang.svg"]
