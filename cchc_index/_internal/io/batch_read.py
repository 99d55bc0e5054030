"""Read many input files at once, across processes when the batch is big enough.

Reading dominates a run (a province's few hundred forms, the country's ten thousand), and
each file is read on its own, so files are shared out in contiguous chunks to a process
pool. Results come back in the order of the paths given, whatever the scheduling: the
same inputs give the same batch, the same messages in the same order.

:func:`read_batch` (what :func:`cchc_index._internal.pipeline.run` uses) combines each chunk as soon
as it is read and keeps per file only its problems, its account and its row counts:
ten thousand small DataFrames cost three times the memory of the same rows in a few
hundred chunks. :func:`read_files` gives one :class:`Batch` per file.

A small batch is read in this process: starting workers costs more than it saves.

One file can never lose the batch. A reader may die rather than fail (python-calamine
aborts the whole process on some hostile workbooks; the kernel kills a process out of
memory), and nothing is ever read again in the process holding the results:

- in a pool, a dead worker breaks the pool. The chunks left unfinished are read again, each
  in a fresh process of its own (as many at a time as there were workers); a chunk whose
  process dies again is read one file per process, and a file whose process dies is
  reported against that file (S043). The other files are read as usual;
- an exception on one file is caught around that file, in the worker (I099, naming the
  file); a chunk whose result cannot come back is read again file by file, apart;
- in this process (a small batch, ``jobs=1``), a workbook whose safety pre-scan finds parts
  that would make a reader's memory explode (a value in XFD1048576: see
  :mod:`cchc_index._internal.io.extent`) is read in a child process of its own. It is read, not
  refused: the reader gets a copy without the far cells (S042 says which), so the form is
  scored; and should a reader die on it all the same, only that file is lost.
"""

from __future__ import annotations

import gc
import hashlib
import math
import multiprocessing
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import connection
from pathlib import Path

import numpy as np

from cchc_index._internal.entries import Batch, InputFile, Rows, entry_count, unit_count
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.copies import drop_copies
from cchc_index._internal.io.inputs import read_file, read_input
from cchc_index._internal.io.loading import HazardousFile, hazards_elsewhere
from cchc_index._internal.io.plan_cache import keep_templates_here, templates_kept
from cchc_index._internal.io.safety import DEFAULT_LIMITS, Limits
from cchc_index._internal.methodology.model import Methodology

# Below this many files the batch is read in one process (workers cost ~0.1 s to start).
MIN_FILES_FOR_POOL = 48
# Files per chunk: big enough to amortise the hand-over, small enough to balance the load
# and move the progress bar.
MAX_CHUNK = 32
# The progress bar appears only once reading has taken this long (seconds).
PROGRESS_DELAY = 2.0
# While a batch is read, the cyclic garbage collector's youngest generation is collected
# after this many more objects (Python's default: 700). Reading a form makes thousands of
# short-lived objects and few cycles; at 700 the collector runs every few forms and
# promotes what is merely in use to the older generations, walked again and again.
READING_GC_THRESHOLD = 10_000

Task = tuple[Path, str]  # a path and its label in messages


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def choose_jobs(jobs: int | None, files: int) -> int:
    """Processes to read ``files`` files with: ``jobs`` if given (0 or less means all
    cores), else all cores for a batch big enough to pay off and 1 for a handful; never
    more than the usable cores (each process holds a reader's memory: ``-j 64`` on two
    cores only cost memory) nor than the files."""
    cores = usable_cores()
    if jobs is None:
        jobs = cores if files >= MIN_FILES_FOR_POOL else 1
    elif jobs <= 0:
        jobs = cores
    return max(1, min(jobs, cores, files))


def read_files(paths: Sequence[Path], methodology: Methodology,
               labels: Sequence[str] | None = None, limits: Limits = DEFAULT_LIMITS,
               jobs: int | None = None, progress: bool = False,
               lang: str = "vi") -> list[Batch]:
    """One :class:`Batch` per path, in the order of ``paths``.

    ``jobs``: processes to use (None: chosen by :func:`choose_jobs`). ``progress``: show a
    progress bar on stderr when reading takes more than a couple of seconds and stderr is
    a terminal. Like :func:`cchc_index._internal.io.inputs.read_file`, never raises for a bad file.
    """
    chunks = _read_chunks(_tasks(paths, labels), methodology, limits, jobs, progress, lang,
                          _read_chunk, _lost_batches)
    return [batch for chunk in chunks for batch in chunk]


def read_batch(paths: Sequence[Path], methodology: Methodology,
               labels: Sequence[str] | None = None, limits: Limits = DEFAULT_LIMITS,
               jobs: int | None = None, progress: bool = False, lang: str = "vi") -> Batch:
    """All the files as one :class:`Batch`, each content read once: the same as
    ``Batch.combine(drop_copies(read_files(…)))``, in a fraction of the memory."""
    chunks = _read_chunks(_tasks(paths, labels), methodology, limits, jobs, progress, lang,
                          _read_chunk_combined, _lost_combined)
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
    """Apply :func:`cchc_index._internal.io.copies.drop_copies` to the files whose bytes another
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
                 jobs: int | None, progress: bool, lang: str, reader: Callable,
                 lost: Callable[[Rows], object]) -> list:
    """``reader(part)`` of every chunk of ``tasks``, in order, here or in a pool: one
    result per chunk, or one per file of a chunk read again file by file (see the module
    notes). ``lost(rows)`` is the result ``reader`` would give for the one file of
    ``rows`` (a file no process could read)."""
    workers = choose_jobs(jobs, len(tasks))
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (workers * 4))))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    _WORKER.update(methodology=methodology, limits=limits)
    with (_progress_bar(len(tasks), progress, lang) as advance, templates_kept(),
          _fewer_collections()):
        if workers == 1:
            with hazards_elsewhere():  # a hazardous file is read in a process of its own
                return [_counted(reader, chunk, advance) for chunk in chunks]
        return _in_pool(chunks, methodology, limits, workers, advance, reader, lost)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect the youngest generation after :data:`READING_GC_THRESHOLD` objects (not
    fewer) while the block runs, then as before: a batch of 1,000 forms spent about 45 ms
    collecting, 10 ms so (forked workers inherit it). Nothing else changes: cycles are
    still collected, a little later."""
    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, READING_GC_THRESHOLD), *older)
    try:
        yield
    finally:
        gc.set_threshold(first, *older)


def _counted(reader: Callable, chunk: list[Task], advance: Callable[[int], None]):
    result = reader(chunk)
    advance(len(chunk))
    return result


def _in_pool(chunks: list[list[Task]], methodology: Methodology, limits: Limits,
             workers: int, advance: Callable[[int], None], reader: Callable,
             lost: Callable[[Rows], object]) -> list:
    done: list[list] = [[] for _chunk in chunks]  # each chunk's result(s), in order
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                               initargs=(methodology, limits))
    try:
        futures = {pool.submit(reader, chunk): i for i, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                done[index] = [future.result()]
            except (BrokenProcessPool, KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # a reader's bug, a Rust panic, a result that could not
                continue  # come back: read again apart
            advance(len(chunks[index]))
    except BrokenProcessPool:
        pass  # a worker died (a reader aborted, out of memory, killed): see the notes
    except BaseException:
        # Ctrl-C (the command stops the workers): leave at once. Waiting here could join
        # the pool's thread before it started, and raise that instead of the Ctrl-C.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    unfinished = [index for index, results in enumerate(done) if not results]
    if unfinished:
        _read_again(unfinished, chunks, done, workers, advance, reader, lost)
    return [result for results in done for result in results]


def _read_again(unfinished: list[int], chunks: list[list[Task]], done: list[list],
                workers: int, advance: Callable[[int], None], reader: Callable,
                lost: Callable[[Rows], object]) -> None:
    """The chunks a broken pool left unfinished, each in a process of its own; those that
    fail again, one file per process; a file that fails alone is ``lost``."""
    again = _apart([(reader, chunks[index]) for index in unfinished], workers)
    files: list[tuple[int, Task]] = []
    for index, outcome in zip(unfinished, again, strict=True):
        if outcome.ok:
            done[index] = [outcome.value]
            advance(len(chunks[index]))
        else:
            files += [(index, task) for task in chunks[index]]
    alone = _apart([(reader, [task]) for _index, task in files], workers)
    for (index, task), outcome in zip(files, alone, strict=True):
        done[index].append(outcome.value if outcome.ok else lost(_lost_file(task, outcome)))
        advance(1)


@dataclass
class _Outcome:
    """What a process of its own gave back: its result (``ok``), or why there is none
    (how it ended, or what it raised)."""

    ok: bool
    value: object = None
    why: str = ""
    died: bool = False


def _apart(jobs: list[tuple[Callable, object]], workers: int) -> list[_Outcome]:
    """``function(argument)`` of each job in a fresh process of its own, at most
    ``workers`` at a time, in the order given; a process that dies (or whose result
    cannot come back) costs its job only."""
    context = _context()
    outcomes: list[_Outcome | None] = [None] * len(jobs)
    waiting = list(range(len(jobs) - 1, -1, -1))
    running: dict = {}  # connection -> (job, process)
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index = waiting.pop()
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_run_apart, daemon=True,
                    args=(sender, *jobs[index], _WORKER["methodology"], _WORKER["limits"]))
                process.start()
                sender.close()
                running[receiver] = (index, process)
            for receiver in connection.wait(list(running)):
                index, process = running.pop(receiver)
                outcomes[index] = _outcome(receiver, process)
    finally:
        for receiver, (_index, process) in running.items():  # interrupted
            process.terminate()
            process.join()
            receiver.close()
    return outcomes


def _run_apart(sender, function: Callable, argument: object, methodology: Methodology,
               limits: Limits) -> None:
    """In a process of its own: send back ``(True, function(argument))``, or ``(False,
    what went wrong)``."""
    _start_worker(methodology, limits)
    try:
        with hazards_elsewhere(False):  # already apart
            result = (True, function(argument))
    except BaseException as exc:  # a Rust panic is a BaseException
        result = (False, _said(exc))
    try:
        sender.send(result)
    except Exception as exc:  # the result cannot be pickled
        sender.send((False, _said(exc)))
    sender.close()


def _outcome(receiver, process) -> _Outcome:
    try:
        ok, value = receiver.recv()
    except EOFError:  # nothing came: the process died
        ok, value = None, ""
    except Exception as exc:  # what came cannot be unpickled here
        ok, value = False, _said(exc)
    finally:
        receiver.close()
    process.join()
    if ok:
        return _Outcome(True, value)
    if ok is None:
        return _Outcome(False, why=_ended(process.exitcode), died=True)
    return _Outcome(False, why=value)


def _ended(exitcode: int | None) -> str:
    """How a process ended, for a message: "SIGABRT", "exit 3"."""
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit {exitcode}"


def _said(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _lost_file(task: Task, outcome: _Outcome) -> Rows:
    """The read of a file no process could read: S043 when its reader died, I099 when it
    raised."""
    path, label = task
    problem = (Problem("S043", file=label, found=outcome.why) if outcome.died
               else Problem("I099", file=label, found=outcome.why))
    return Rows(problems=[problem], files=[InputFile(str(path), _digest(path), "rejected")])


def _digest(path: Path) -> str:
    """SHA-256 of a file, streamed (the bytes only: no reader touches them here)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _context():
    """Fork on Linux: workers inherit the loaded modules and start in milliseconds.
    Elsewhere the platform's default (spawn), which re-imports the package."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


# What every chunk is read with: set here before reading, and in each worker at its start.
_WORKER: dict[str, object] = {}


def _start_worker(methodology: Methodology, limits: Limits) -> None:
    """A worker's start: what its chunks are read with, and templates of its own for the
    forms it reads of the batch (see :mod:`cchc_index._internal.io.plan_cache`; the batch's reader
    keeps its own while the batch is read)."""
    _WORKER.update(methodology=methodology, limits=limits)
    keep_templates_here()


def _read_chunk(chunk: list[Task]) -> list[Batch]:
    return [_as_batch(_read_one((read_file, task))) for task in chunk]


def _as_batch(read: Batch | Rows) -> Batch:
    return read if isinstance(read, Batch) else read.to_batch()


def _lost_batches(rows: Rows) -> list[Batch]:
    return [rows.to_batch()]


def _read_one(job: tuple[Callable, Task]) -> Batch | Rows:
    """``read(path, methodology, label, limits)`` of one task; a hazardous file (under
    :func:`cchc_index._internal.io.loading.hazards_elsewhere`) read in a process of its own, and any
    exception turned into a problem against the file (I099), so that one file never stops
    the others of its chunk."""
    read, (path, label) = job
    methodology, limits = _WORKER["methodology"], _WORKER["limits"]
    try:
        return read(path, methodology, label, limits)
    except HazardousFile:
        [outcome] = _apart([(_read_one, job)], 1)
        return outcome.value if outcome.ok else _lost_file((path, label), outcome)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # any other, a Rust panic (a BaseException) included
        return _lost_file((path, label), _Outcome(False, why=_said(exc)))


@dataclass
class _Chunk:
    """Files read and combined: their rows in one batch, the rest kept per file."""

    batch: Batch  # units and entries of the chunk's files, in order
    problems: list[list[Problem]]
    files: list[list[InputFile]]
    unit_rows: list[int]
    entry_rows: list[int]


def _read_chunk_combined(chunk: list[Task]) -> _Chunk:
    return _combined([_read_one((read_input, task)) for task in chunk])


def _lost_combined(rows: Rows) -> _Chunk:
    return _combined([rows])


def _combined(reads: list[Batch | Rows]) -> _Chunk:
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

            from cchc_index._internal.messages import ui

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
