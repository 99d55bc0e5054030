"""Read many input files at once, across processes when the batch is big enough.

Reading dominates a run (a province's few hundred forms, the country's ten thousand), and
each file is read on its own, so files are shared out in contiguous chunks to a process
pool. Results come back in the order of the paths given, whatever the scheduling: the
same inputs give the same batch, the same messages in the same order.

A small batch is read in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from cchc_index.entries import Batch
from cchc_index.io.inputs import read_file
from cchc_index.io.safety import DEFAULT_LIMITS, Limits
from cchc_index.methodology.model import Methodology

# Below this many files the batch is read in one process (workers cost ~0.1 s to start).
MIN_FILES_FOR_POOL = 48
# Files per chunk: big enough to amortise the hand-over, small enough to balance the load
# and move the progress bar.
MAX_CHUNK = 32
# The progress bar appears only once reading has taken this long (seconds).
PROGRESS_DELAY = 2.0


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
    paths = [Path(p) for p in paths]
    labels = list(labels) if labels is not None else [p.name for p in paths]
    tasks = list(zip(paths, labels, strict=True))
    workers = choose_jobs(jobs, len(tasks))
    with _progress_bar(len(tasks), progress, lang) as advance:
        if workers == 1:
            return _read_here(tasks, methodology, limits, advance)
        return _read_in_pool(tasks, methodology, limits, workers, advance)


def _read_here(tasks, methodology, limits, advance: Callable[[int], None]) -> list[Batch]:
    batches = []
    for path, label in tasks:
        batches.append(read_file(path, methodology, label, limits))
        advance(1)
    return batches


def _read_in_pool(tasks, methodology, limits, workers: int,
                  advance: Callable[[int], None]) -> list[Batch]:
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (workers * 4))))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    done: list[list[Batch] | None] = [None] * len(chunks)
    try:
        with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                                 initargs=(methodology, limits)) as pool:
            futures = {pool.submit(_read_chunk, chunk): i for i, chunk in enumerate(chunks)}
            for future in as_completed(futures):
                index = futures[future]
                done[index] = future.result()
                advance(len(chunks[index]))
    except BrokenProcessPool:
        # A worker died (out of memory, killed): read what is left here, file by file.
        for index, chunk in enumerate(chunks):
            if done[index] is None:
                done[index] = _read_here(chunk, methodology, limits, advance)
    return [batch for chunk in done if chunk is not None for batch in chunk]


def _context():
    """Fork on Linux: workers inherit the loaded modules and start in milliseconds.
    Elsewhere the platform's default (spawn), which re-imports the package."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_WORKER: dict[str, object] = {}


def _start_worker(methodology: Methodology, limits: Limits) -> None:
    _WORKER["methodology"] = methodology
    _WORKER["limits"] = limits


def _read_chunk(chunk: list[tuple[Path, str]]) -> list[Batch]:
    methodology, limits = _WORKER["methodology"], _WORKER["limits"]
    return [read_file(path, methodology, label, limits) for path, label in chunk]


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
