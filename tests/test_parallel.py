"""Batches read across processes, validated and scored as one table.

Reading with a process pool gives exactly what reading in one process gives, in the order
of the paths whatever the scheduling; a worker that dies costs time, not files. The
batch-wide (vectorised) checks agree with straightforward per-unit implementations.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import bad_files
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.io import batch_read
from cchc_index._internal.io.batch_read import choose_jobs, read_batch, read_files, usable_cores
from cchc_index._internal.io.copies import drop_copies
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run
from cchc_index._internal.scoring import resolve_points, scoring_nodes
from cchc_index._internal.validate import _coverage_problems, _stated_total_problems

ROOT = Path(__file__).resolve().parents[1]
M = load_methodology()
UNITS = ["Xã An Bình", "Phường Hòa Lạc", "Xã Tân Mỹ", "Xã Kim Sơn", "Thị trấn Yên Thế",
         "Phường Đông Hải", "Xã Phú Lộc", "Xã Vĩnh Xuân"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Forms of eight units (one appraised above the maximum), a consolidated table, a
    copy of a form, a truncated file and a CSV renamed .xlsx: twelve files."""
    where = tmp_path_factory.mktemp("nop")
    for number, unit in enumerate(UNITS, start=1):
        changes = {"1.1.1": {"appraisal_1": 9.0}} if number == 3 else {
            "3.2.1": {"appraisal_1": float(number % 5)}}
        bad_files.form(where / f"don_vi_{number:02d}.xlsx", unit=unit, changes=changes)
    bad_files.other_good(where / "tong_hop.xlsx")
    shutil.copy(where / "don_vi_02.xlsx", where / "don_vi_02 - ban sao.xlsx")
    bad_files.truncated(where / "hong.xlsx")
    bad_files.csv_renamed(where / "bang.xlsx")
    return where


def paths_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def same_batches(left, right) -> None:
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert a.files == b.files
        assert a.problems == b.problems
        pd.testing.assert_frame_equal(a.units, b.units)
        pd.testing.assert_frame_equal(a.entries, b.entries)


def test_pool_reads_exactly_what_one_process_reads(folder):
    paths = paths_in(folder)
    alone = read_files(paths, M, jobs=1)
    pooled = read_files(paths, M, jobs=2)
    same_batches(alone, pooled)
    assert [b.files[0].path for b in pooled] == [str(p) for p in paths]
    assert sum(len(b.units) for b in pooled) == 8 + 2 + 1  # forms, table, the copy
    assert [b.files[0].status for b in pooled].count("rejected") == 2


def same_batch(a: Batch, b: Batch) -> None:
    same_batches([a], [b])


@pytest.mark.parametrize("chunk", [1, 3, 32])
@pytest.mark.parametrize("jobs", [1, 2])
def test_read_batch_is_the_combined_per_file_batches(folder, monkeypatch, chunk, jobs):
    """Chunks combined as they come, copies dropped by their accounts: the same batch as
    combining every file's batch after drop_copies, whatever the chunk size."""
    paths = paths_in(folder)
    expected = Batch.combine(drop_copies(read_files(paths, M, jobs=1)))
    monkeypatch.setattr(batch_read, "MAX_CHUNK", chunk)
    got = read_batch(paths, M, jobs=jobs)
    same_batch(got, expected)
    copy = [p for p in got.problems if p.code == "S020"]
    assert len(copy) == 1 and copy[0].expected == "don_vi_02 - ban sao.xlsx"
    assert "don_vi_02.xlsx" not in set(got.units["file"])


def test_read_batch_keeps_the_first_of_three_copies(tmp_path):
    first = bad_files.form(tmp_path / "c.xlsx", unit="Xã Lộc Thủy")
    for name in ("a.xlsx", "b.xlsx"):  # copies of the bytes (three saves could differ in
        shutil.copy(first, tmp_path / name)  # their timestamps across a second boundary)
    bad_files.good(tmp_path / "d.xlsx")
    paths = sorted(tmp_path.iterdir())
    got = read_batch(paths, M, jobs=2)
    same_batch(got, Batch.combine(drop_copies(read_files(paths, M, jobs=1))))
    assert sorted(set(got.units["file"])) == ["a.xlsx", "d.xlsx"]
    assert [f.status for f in got.files] == ["read", "rejected", "rejected", "read"]


def _slow_first(path, methodology, label=None, limits=batch_read.DEFAULT_LIMITS):
    """read_file, slowed down for the first file so its chunk finishes last."""
    if path.name.startswith("bang"):
        time.sleep(0.5)
    return _REAL_READ_FILE(path, methodology, label, limits)


_REAL_READ_FILE = batch_read.read_file


def test_order_follows_the_paths_not_the_scheduling(folder, monkeypatch):
    monkeypatch.setattr(batch_read, "read_file", _slow_first)  # forked workers see it
    paths = paths_in(folder)
    assert paths[0].name == "bang.xlsx"
    for order in (paths, paths[::-1]):
        batches = read_files(order, M, jobs=2)
        assert [b.files[0].path for b in batches] == [str(p) for p in order]


_PARENT = os.getpid()
_DIED = Path(os.devnull)  # set by the test: the mark of the one worker killed


def _dying_chunk(chunk):
    """A worker killed in the middle of its chunk (out of memory, say), once: the chunks
    are read again in fresh processes (never in the parent: see batch_read's notes)."""
    if os.getpid() != _PARENT and not _DIED.exists():
        _DIED.touch()
        os._exit(3)
    return [batch_read.read_file(path, M, label) for path, label in chunk]


def test_a_dead_worker_costs_time_not_files(folder, monkeypatch, tmp_path):
    paths = paths_in(folder)
    expected = read_files(paths, M, jobs=1)
    whole = read_batch(paths, M, jobs=1)
    monkeypatch.setattr(batch_read, "_read_chunk", _dying_chunk)
    monkeypatch.setattr(sys.modules[__name__], "_DIED", tmp_path / "died")
    same_batches(read_files(paths, M, jobs=2), expected)
    same_batch(read_batch(paths, M, jobs=2), whole)


def test_reading_collects_young_objects_less_often_then_as_before(folder, monkeypatch):
    """While a batch is read the youngest generation is collected after
    READING_GC_THRESHOLD objects; the thresholds are the caller's again afterwards, also
    when reading stops on an exception (Ctrl-C)."""
    import gc

    caller = gc.get_threshold()
    seen = []
    reader = batch_read.read_input

    def spying(*args, **kwargs):
        seen.append(gc.get_threshold())
        return reader(*args, **kwargs)

    monkeypatch.setattr(batch_read, "read_input", spying)
    try:
        gc.set_threshold(500, 7, 9)
        read_batch(paths_in(folder)[:3], M, jobs=1)
        assert seen == [(batch_read.READING_GC_THRESHOLD, 7, 9)] * 3
        assert gc.get_threshold() == (500, 7, 9)
        gc.set_threshold(50_000, 7, 9)  # a caller's higher threshold is kept
        read_batch(paths_in(folder)[:1], M, jobs=1)
        assert seen[-1] == (50_000, 7, 9)

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        gc.set_threshold(500, 7, 9)
        monkeypatch.setattr(batch_read, "read_input", interrupted)
        with pytest.raises(KeyboardInterrupt):
            read_batch(paths_in(folder)[:1], M, jobs=1)
        assert gc.get_threshold() == (500, 7, 9)
    finally:
        gc.set_threshold(*caller)


def test_jobs_chosen_by_batch_size():
    cores = usable_cores()
    assert choose_jobs(None, 3) == 1  # a handful of files: no pool
    assert choose_jobs(None, batch_read.MIN_FILES_FOR_POOL) == cores
    assert choose_jobs(0, 500) == cores and choose_jobs(-1, 500) == cores
    assert choose_jobs(8, 3) == min(3, cores)  # never more processes than files or cores
    assert choose_jobs(1, 500) == 1
    assert choose_jobs(None, 0) == 1


def test_run_scores_the_same_with_any_number_of_processes(folder):
    one = run([folder], M, jobs=1)
    two = run([folder], M, jobs=2)
    pd.testing.assert_frame_equal(one.results, two.results)
    pd.testing.assert_frame_equal(one.nodes, two.nodes)
    assert one.problems == two.problems and one.files == two.files
    scored = dict(zip(one.results["unit"], one.results["points"], strict=True))
    assert set(scored) >= set(UNITS) - {"Xã Tân Mỹ"}  # appraised 9 of 1 point: not scored
    assert "Xã Tân Mỹ" not in scored
    codes = {p.code for p in one.problems}
    assert {"I012", "S020"} <= codes  # above the maximum; the copy read once


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang, word, unit", [("vi", "Đang đọc", "tệp/s"),
                                              ("en", "Reading", "files/s")])
def test_progress_bar_on_a_terminal(folder, monkeypatch, lang, word, unit):
    monkeypatch.setattr(batch_read, "PROGRESS_DELAY", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    paths = paths_in(folder)
    read_files(paths, M, jobs=1, progress=True, lang=lang)
    shown = terminal.getvalue()
    assert f"{word}:" in shown and f"/{len(paths)} [" in shown and unit in shown


def test_no_progress_bar_when_asked_or_not_a_terminal(folder, monkeypatch):
    monkeypatch.setattr(batch_read, "PROGRESS_DELAY", 0.0)
    terminal, pipe = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    read_files(paths_in(folder), M, jobs=2, progress=False)
    monkeypatch.setattr(sys, "stderr", pipe)
    read_files(paths_in(folder), M, jobs=2, progress=True)
    assert terminal.getvalue() == "" and pipe.getvalue() == ""


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc_index", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=180)


def test_cli_jobs_and_quiet(folder, tmp_path):
    one = _cli("score", str(folder), "-j", "1", "--csv", str(tmp_path / "mot.csv"))
    two = _cli("score", str(folder), "--jobs", "2", "-q", "--csv", str(tmp_path / "hai.csv"))
    assert one.returncode == two.returncode == 1  # some files had problems, the rest scored
    assert (tmp_path / "mot.csv").read_bytes() == (tmp_path / "hai.csv").read_bytes()
    assert one.stdout.replace("mot.csv", "hai.csv") == two.stdout
    assert "Đang đọc" not in one.stderr + two.stderr  # stderr is a pipe: no bar
    checked = _cli("validate", str(folder), "-j", "2", "--quiet", "--lang", "en")
    assert checked.returncode == 1 and "hong.xlsx" in checked.stdout


# ---- batch-wide (vectorised) checks against per-unit reference implementations ----

def _reference_scoring_nodes(entries: pd.DataFrame) -> list[bool]:
    above = set()
    for unit, code in zip(entries["unit_id"], entries["code"], strict=True):
        while "." in code:
            code = code.rsplit(".", 1)[0]
            above.add((unit, code))
    return [(u, c) not in above for u, c in zip(entries["unit_id"], entries["code"],
                                                strict=True)]


def _official(row) -> float:
    for column in ("appraisal_2", "appraisal_1", "given_points", "self_points"):
        if not math.isnan(row[column]):
            return row[column]
    return math.nan


def _reference_stated_totals(entries: pd.DataFrame) -> list[tuple[str, str, float, float]]:
    """(unit, code, stated, sum of parts) of every total that is neither the sum of the
    points scoring adds for its parts (a penalty total read as a deduction) nor the sum
    typed with deductions counted positive; the sum shown is the scored one."""
    rows = entries.to_dict("records")
    scored = _reference_scoring_nodes(entries)
    component = dict(zip(M.tree["code"], M.tree["component"], strict=True))
    added = {}  # (unit, code): the points scoring adds, before its caps
    for unit in dict.fromkeys(entries["unit_id"]):
        resolved, _ = resolve_points(entries[entries["unit_id"] == unit], M)
        for code, points, contribution in zip(resolved["code"], resolved["points"],
                                              resolved["contribution"], strict=True):
            added[unit, code] = math.copysign(abs(points), contribution)
    found = []
    for row, is_part in zip(rows, scored, strict=True):
        stated = _official(row)
        if is_part or math.isnan(stated):
            continue
        parts = [r for r, p in zip(rows, scored, strict=True) if p
                 and r["unit_id"] == row["unit_id"] and r["code"].startswith(row["code"] + ".")]
        typed = [(_official(r), component.get(r["code"]) == "penalty") for r in parts]
        typed_sum = sum(abs(v) if deduction else v for v, deduction in typed
                        if not math.isnan(v))
        signed = [added.get((r["unit_id"], r["code"]), _official(r)) for r in parts]
        signed_sum = sum(v for v in signed if not math.isnan(v))
        penalty = component.get(row["code"]) == "penalty"
        as_scored = -abs(stated) if penalty else stated
        if abs(signed_sum - as_scored) > 0.005 and abs(typed_sum - stated) > 0.005:
            shown = -signed_sum if penalty and stated > 0 else signed_sum
            found.append((row["unit_id"], row["code"], stated, shown + 0.0))
    return found


def _reference_coverage(entries: pd.DataFrame) -> list[tuple[str, str]]:
    """(unit, highest missing node) for the counted leaves no given code covers."""
    tree = M.tree
    leaves = tree.loc[tree["is_leaf"] & (tree["component"] == "appraisal"), "code"]
    chains = [[".".join(c.split(".")[:i + 1]) for i in range(c.count(".") + 1)] for c in leaves]
    found = []
    for unit in dict.fromkeys(entries["unit_id"]):
        given = set(entries.loc[entries["unit_id"] == unit, "code"])
        covered = {".".join(c.split(".")[:i + 1]) for c in given for i in range(c.count(".") + 1)}
        reported = []
        for chain in chains:
            if not given & set(chain):
                top = next(c for c in chain if c not in covered)
                if top not in reported:
                    reported.append(top)
                    found.append((unit, top))
    return found


_CODES = [*M.tree["code"], "1.9", "3.2.9"]
_points = st.one_of(st.none(), st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 12.0]))


@st.composite
def _batches(draw):
    rows = []
    for unit in range(draw(st.integers(1, 6))):
        for code in draw(st.lists(st.sampled_from(_CODES), min_size=1, max_size=25,
                                  unique=True)):
            rows.append({"unit_id": f"u{unit}", "code": code, "file": f"f{unit}.xlsx",
                         "sheet": "S", **{c: draw(_points) for c in
                                          ("self_points", "appraisal_1", "given_points")}})
    order = draw(st.permutations(range(len(rows))))
    return make_entries([rows[i] for i in order])


@settings(max_examples=60, deadline=None)
@given(_batches())
def test_batch_wide_checks_agree_with_per_unit_loops(entries):
    units = make_units([{"unit_id": u, "unit": f"Xã {u}", "file": f"{u}.xlsx", "sheet": "S"}
                        for u in dict.fromkeys(entries["unit_id"])])
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    assert scoring_nodes(entries).tolist() == _reference_scoring_nodes(entries)
    totals = _stated_total_problems(entries, M, names)
    assert [(p.unit, p.criterion, p.found, p.expected) for p in totals] == [
        (names[u], c, f, e) for u, c, f, e in _reference_stated_totals(entries)]
    coverage = _coverage_problems(entries, units, M, names)
    assert [(p.unit, p.criterion) for p in coverage] == [
        (names[u], top) for u, top in _reference_coverage(entries)]


def test_scoring_nodes_of_a_whole_country_batch():
    """3,400 units giving every row of the tree: exactly the leaves are scored."""
    codes = np.tile(M.tree["code"].to_numpy(), 3400)
    units = np.repeat([f"u{i}" for i in range(3400)], len(M.tree))
    entries = pd.DataFrame({"unit_id": units, "code": codes})
    mask = scoring_nodes(entries)
    leaves = set(M.tree.loc[M.tree["is_leaf"], "code"])
    assert mask.to_numpy().tolist() == [c in leaves for c in codes]
