"""Read many input files at once, across processes when the batch is big enough.

Reading dominates a run (a province's few hundred forms, the country's ten thousand), and
each file is read on its own, so files are shared out in contiguous chunks to a process
pool. Results come back in the order of the paths given, whatever the scheduling: the
same inputs give the same batch, the same messages in the same order.

:func:`read_batch` (what :func:`cchc_index.pipeline.run` uses) combines each chunk as soon
as it is read and keeps per file only its problems, its account and its row counts:
ten thousand small DataFrames cost three times the memory of the same rows in a few
hundred chunks. :func:`read_files` gives one :class:`Batch` per file.

A small batch is read in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cchc_index.accounting import drop_copies
from cchc_index.entries import Batch, InputFile, entry_count, unit_count
from cchc_index.errors import Problem
from cchc_index.io.inputs import read_file, read_input
from cchc_index.io.safety import DEFAULT_LIMITS, Limits
from cchc_index.methodology.model import Methodology

# Below this many files the batch is read in one process (workers cost ~0.1 s to start).
MIN_FILES_FOR_POOL = 48
# Files per chunk: big enough to amortise the hand-over, small enough to balance the load
# and move the progress bar.
MAX_CHUNK = 32
# The progress bar appears only once reading has taken this long (seconds).
PROGRESS_DELAY = 2.0

Task = tuple[Path, str]  # a path and its label in messages


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def choose_jobs(jobs: int | None, files: int) -> int:
    """Processes to read ``files`` files with: ``jobs`` if given (0 or less means all
    cores), else all cores for a batch big enough to pay off and 1 for a handful."""
    cores = usable_cores()
    if jobs is None:
        jobs = cores if files >= MIN_FILES_FOR_POOL else 1
    elif jobs <= 0:
        jobs = cores
    return max(1, min(jobs, files))


def read_files(paths: Sequence[Path], methodology: Methodology,
               labels: Sequence[str] | None = None, limits: Limits = DEFAULT_LIMITS,
               jobs: int | None = None, progress: bool = False,
               lang: str = "vi") -> list[Batch]:
    """One :class:`Batch` per path, in the order of ``paths``.

    ``jobs``: processes to use (None: chosen by :func:`choose_jobs`). ``progress``: show a
    progress bar on stderr when reading takes more than a couple of seconds and stderr is
    a terminal. Like :func:`cchc_index.io.inputs.read_file`, never raises for a bad file.
    """
    chunks = _read_chunks(_tasks(paths, labels), methodology, limits, jobs, progress, lang,
                          _read_chunk)
    return [batch for chunk in chunks for batch in chunk]


def read_batch(paths: Sequence[Path], methodology: Methodology,
               labels: Sequence[str] | None = None, limits: Limits = DEFAULT_LIMITS,
               jobs: int | None = None, progress: bool = False, lang: str = "vi") -> Batch:
    """All the files as one :class:`Batch`, each content read once: the same as
    ``Batch.combine(drop_copies(read_files(…)))``, in a fraction of the memory."""
    chunks = _read_chunks(_tasks(paths, labels), methodology, limits, jobs, progress, lang,
                          _read_chunk_combined)
    files = [f for chunk in chunks for f in chunk.files]
    problems = [p for chunk in chunks for p in chunk.problems]
    unit_rows = np.array([n for chunk in chunks for n in chunk.unit_rows], dtype=np.int64)
    entry_rows = np.array([n for chunk in chunks for n in chunk.entry_rows], dtype=np.int64)
    combined = Batch.combine([chunk.batch for chunk in chunks])
    dropped = _drop_copies(combined, files, problems, unit_rows)
    units, entries = combined.units, combined.entries
    if dropped.any():
        units = units[np.repeat(~dropped, unit_rows)].reset_index(drop=True)
        entries = entries[np.repeat(~dropped, entry_rows)].reset_index(drop=True)
    return Batch(units, entries, [p for each in problems for p in each],
                 [f for each in files for f in each])


def _tasks(paths: Sequence[Path], labels: Sequence[str] | None) -> list[Task]:
    paths = [Path(p) for p in paths]
    labels = list(labels) if labels is not None else [p.name for p in paths]
    return list(zip(paths, labels, strict=True))


def _drop_copies(combined: Batch, files: list[list[InputFile]],
                 problems: list[list[Problem]], unit_rows: np.ndarray) -> np.ndarray:
    """Apply :func:`cchc_index.accounting.drop_copies` to the files whose bytes another
    read file shares (only those can be copies), replacing the problems and accounts of
    the copies in place; returns the mask of the files dropped."""
    dropped = np.zeros(len(files), dtype=bool)
    digests = Counter(f[0].sha256 for f in files
                      if len(f) == 1 and f[0].status == "read" and f[0].sha256)
    alike = [i for i, f in enumerate(files) if len(f) == 1 and f[0].status == "read"
             and digests[f[0].sha256] > 1]
    if not alike:
        return dropped
    starts = np.concatenate([[0], np.cumsum(unit_rows)])
    stubs = [Batch(units=combined.units.iloc[starts[i]:starts[i + 1]],
                   problems=problems[i], files=files[i]) for i in alike]
    for i, stub, kept in zip(alike, stubs, drop_copies(stubs), strict=True):
        if kept is not stub:
            dropped[i] = True
            problems[i], files[i] = kept.problems, kept.files
    return dropped


def _read_chunks(tasks: list[Task], methodology: Methodology, limits: Limits,
                 jobs: int | None, progress: bool, lang: str, reader: Callable) -> list:
    """``reader(chunk)`` of every chunk of ``tasks``, in order, here or in a pool."""
    workers = choose_jobs(jobs, len(tasks))
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (workers * 4))))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    _WORKER.update(methodology=methodology, limits=limits)
    with _progress_bar(len(tasks), progress, lang) as advance:
        if workers == 1:
            return [_counted(reader, chunk, advance) for chunk in chunks]
        return _in_pool(chunks, methodology, limits, workers, advance, reader)


def _counted(reader: Callable, chunk: list[Task], advance: Callable[[int], None]):
    result = reader(chunk)
    advance(len(chunk))
    return result


def _in_pool(chunks: list[list[Task]], methodology: Methodology, limits: Limits,
             workers: int, advance: Callable[[int], None], reader: Callable) -> list:
    done: list = [None] * len(chunks)
    finished = [False] * len(chunks)
    try:
        with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                 initargs=(methodology, limits)) as pool:
            futures = {pool.submit(reader, chunk): i for i, chunk in enumerate(chunks)}
            for future in as_completed(futures):
                index = futures[future]
                done[index], finished[index] = future.result(), True
                advance(len(chunks[index]))
    except BrokenProcessPool:
        # A worker died (out of memory, killed): read what is left here.
        for index, chunk in enumerate(chunks):
            if not finished[index]:
                done[index] = _counted(reader, chunk, advance)
    return done


def _context():
    """Fork on Linux: workers inherit the loaded modules and start in milliseconds.
    Elsewhere the platform's default (spawn), which re-imports the package."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


# What every chunk is read with: set here before reading, and in each worker at its start.
_WORKER: dict[str, object] = {}


def _start_worker(methodology: Methodology, limits: Limits) -> None:
    _WORKER.update(methodology=methodology, limits=limits)


def _read_chunk(chunk: list[Task]) -> list[Batch]:
    methodology, limits = _WORKER["methodology"], _WORKER["limits"]
    return [read_file(path, methodology, label, limits) for path, label in chunk]


@dataclass
class _Chunk:
    """Files read and combined: their rows in one batch, the rest kept per file."""

    batch: Batch  # units and entries of the chunk's files, in order
    problems: list[list[Problem]]
    files: list[list[InputFile]]
    unit_rows: list[int]
    entry_rows: list[int]


def _read_chunk_combined(chunk: list[Task]) -> _Chunk:
    methodology, limits = _WORKER["methodology"], _WORKER["limits"]
    reads = [read_input(path, methodology, label, limits) for path, label in chunk]
    combined = Batch.combine(reads)
    return _Chunk(Batch(combined.units, combined.entries), [r.problems for r in reads],
                  [r.files for r in reads], [unit_count(r) for r in reads],
                  [entry_count(r) for r in reads])


class _progress_bar:
    """A context giving ``advance(n)``; a tqdm bar on stderr when wanted and possible."""

    def __init__(self, total: int, wanted: bool, lang: str):
        self.bar = None
        if wanted and total > 1 and sys.stderr is not None and sys.stderr.isatty():
            from tqdm import tqdm

            from cchc_index.messages import ui

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self.bar = tqdm(total=total, delay=PROGRESS_DELAY, file=sys.stderr,
                            desc=ui("reading", lang), unit=ui("files_unit", lang),
                            leave=False, dynamic_ncols=True)

    def __enter__(self) -> Callable[[int], None]:
        return self.bar.update if self.bar is not None else _nothing

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def _nothing(_count: int) -> None:
    return None
