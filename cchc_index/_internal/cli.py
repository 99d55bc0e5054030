"""Command line: ``python -m cchc_index score|validate|methodology …``.

A thin layer: parse, call the library, print, exit code. The parsed command line is read
once, by :func:`command_options`, into the typed options of its command
(:class:`cchc_index._internal.commands.ScoreOptions` …), which the command takes. Library errors
become clean messages here; a traceback only with ``--debug``.

Exit codes: 0 every input scored; 1 some inputs had problems (reported; the rest scored
and written); 2 nothing could be scored, or a usage error; 130 stopped by Ctrl-C (one
line says so; the reading processes are stopped, and ``score``'s outputs are all old, or
all new when the Ctrl-C came while they were being renamed into place: see
:mod:`cchc_index._internal.files`).

Everything printed goes through :func:`cchc_index._internal.text.safe_stream`: a text of the inputs
never moves the cursor, clears the screen, retitles the window or reverses a line.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_index._internal.errors import CchcError, MethodologyError, Problem
from cchc_index._internal.messages import both, ui
from cchc_index._internal.text import safe_line, safe_stream
from cchc_index._version import __version__

if TYPE_CHECKING:
    from cchc_index._internal.commands import (
        MethodologyOptions,
        Options,
        ScoreOptions,
        TemplateOptions,
        ValidateOptions,
    )

DESCRIPTION = (both("cli", "about", sep="\n") + "\n\n" + both("cli", "examples") + """:
  python -m cchc_index score data/sample_district/ -o ket_qua.xlsx --csv ket_qua.csv
  python -m cchc_index methodology show
""")


class _Parser(argparse.ArgumentParser):
    """An argument parser that adds some arguments only when it is used (to parse, or to
    show its help), so that building the command line imports nothing one command alone
    needs: ``python -m cchc_index --help`` starts without pandas."""

    def __init__(self, *args: object, later: Callable[[argparse.ArgumentParser], None]
                 | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._later = later

    def _complete(self) -> None:
        if self._later is not None:
            later, self._later = self._later, None
            later(self)

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        self._complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._complete()
        return super().format_usage()

    def format_help(self) -> str:
        self._complete()
        return super().format_help()


def _analysis_arguments(parser: argparse.ArgumentParser) -> None:
    """--previous, --crosswalk, --robustness, --summary, --docx (see
    :mod:`cchc_index._internal.analysis.command`)."""
    from cchc_index._internal.analysis.command import add_arguments  # pandas: only when used

    add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cchc_index", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cchc_index {__version__}",
                        help=both("cli", "version"))
    commands = parser.add_subparsers(dest="command", metavar=both("cli", "command", sep="/"),
                                     parser_class=_Parser)

    score = commands.add_parser(
        "score", help=both("cli", "score"), description=both("cli", "score_about", sep="\n"),
        formatter_class=argparse.RawDescriptionHelpFormatter, later=_analysis_arguments)
    _inputs(score)
    score.add_argument("--group-by", metavar="COT/COLUMN",
                       help=both("cli", "group_by"))
    score.add_argument("-o", "--output", metavar="KET_QUA.xlsx",
                       help=both("cli", "output"))
    score.add_argument("--csv", metavar="KET_QUA.csv",
                       help=both("cli", "csv"))
    score.add_argument("--charts", metavar="THU_MUC/DIR",
                       help=both("cli", "charts"))
    score.add_argument("--top", type=_top, metavar="N",
                       help=both("cli", "top"))
    score.add_argument("--draft-appraisal", action="store_true",
                       help=both("cli", "draft_appraisal"))

    validate = commands.add_parser(
        "validate", help=both("cli", "validate"),
        description=both("cli", "validate_about", sep="\n"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _inputs(validate)
    validate.add_argument("-o", "--output", metavar="BAO_CAO.xlsx",
                          help=both("cli", "report"))
    validate.add_argument("--json", action="store_true",
                          help=both("cli", "json"))

    template = commands.add_parser(
        "template", help=both("cli", "template"),
        description=both("cli", "template_about", sep="\n"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    template.add_argument("-m", "--methodology", metavar="BO_CHI_SO",
                          help=both("cli", "methodology_name"))
    template.add_argument("--unit", metavar="TEN_DON_VI",
                          help=both("cli", "unit"))
    template.add_argument("--year", metavar="NAM", help=both("cli", "year"))
    template.add_argument("-o", "--output", required=True, metavar="BIEU_MAU.xlsx")
    _common(template)

    method = commands.add_parser(
        "methodology", help=both("cli", "methodology"),
        description=both("cli", "methodology_about", sep="\n"))
    method.set_defaults(source=None, output=None)  # every action's namespace has both
    actions = method.add_subparsers(dest="action", metavar="list|show|export")
    actions.add_parser("list", help=both("cli", "list"))
    show = actions.add_parser("show", help=both("cli", "show"))
    show.add_argument("source", nargs="?", metavar="TEN|TEP.xlsx",
                      help=both("cli", "methodology_name"))
    show.set_defaults(output=None)
    export = actions.add_parser("export", help=both("cli", "export"))
    export.add_argument("source", nargs="?", metavar="TEN|TEP.xlsx")
    export.add_argument("-o", "--output", required=True, metavar="BO_CHI_SO.xlsx")
    for sub in (show, export, method):
        _common(sub)
    return parser


def _jobs(text: str) -> int:
    """The value of -j: a whole number from 1 up (capped at the usable cores when read)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            both("cli", "whole_number", text=repr(text)))
    return int(text)


def _top(text: str) -> int:
    """The value of --top: a whole number from 1 up."""
    return _jobs(text)


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help=both("cli", "inputs"))
    parser.add_argument("-m", "--methodology", metavar="BO_CHI_SO",
                        help=both("cli", "methodology_default"))
    parser.add_argument("--units", metavar="DON_VI.xlsx",
                        help=both("cli", "units"))
    parser.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help=both("cli", "jobs"))
    parser.add_argument("-q", "--quiet", action="store_true",
                        help=both("cli", "quiet"))
    _common(parser)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["vi", "en"], default="vi",
                        help=both("cli", "lang"))
    parser.add_argument("--debug", action="store_true",
                        help=both("cli", "debug"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; Ctrl-C ends it with one line and exit code 130 (no traceback
    unless ``--debug``). ``argv`` None: the program's own command line (``python -m
    cchc_index``, ``cchc-index``), where a Ctrl-C that comes while no output is being
    written ends the process at once (see :class:`_Interrupts`)."""
    words = list(sys.argv[1:] if argv is None else argv)
    interrupts = _Interrupts(_lang_of(words), at_once=argv is None).install()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        if "--debug" in words:
            traceback.print_exc()
        return stopped(interrupts)
    finally:
        interrupts.remove()


def _main(argv: Sequence[str] | None) -> int:
    _utf8_output()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if args.command is None:
        parser.print_help()
        return 2
    options = command_options(args)  # the namespace is read here, and nowhere else
    if not options.debug:
        # openpyxl warns about oddities of damaged files; our messages already name them
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        # matplotlib's layout notes name its source files; chart problems are reported
        # as R-codes instead
        warnings.filterwarnings("ignore", category=UserWarning, module=r"matplotlib(\.|$)")
    guard = sys.stdout = _PipeGuard(sys.stdout)
    errors = sys.stderr = _CleanStream(sys.stderr)
    try:
        return _dispatch(options)
    except MethodologyError as error:
        print(ui("methodology_rejected", options.lang, n=len(error.problems)),
              file=sys.stderr)
        _print_problems(error.problems, options.lang, sys.stderr)
        return 2
    except CchcError as error:
        _raise_if_interrupted(error)
        _print_problems(error.problems, options.lang, sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away ("… | head"): stop quietly
        _silence_stdout()
        return 1
    except Exception as exc:  # the border: no traceback for users unless asked
        _raise_if_interrupted(exc)
        if options.debug:
            traceback.print_exc()
        print(ui("internal", options.lang, error=f"{type(exc).__name__}: {exc}"),
              file=sys.stderr)
        return 2
    finally:
        sys.stdout, sys.stderr = guard.stream, errors.stream


class _Interrupts:
    """The SIGINT handler of a command.

    In a reading process forked from this one (it inherits the handler, and gets the
    terminal's Ctrl-C too): nothing; the command stops it, so no reader prints a
    traceback.

    In this process, while no output is being written and the command line is the
    program's own (``at_once``): stop the readers, say so in one line and end the process
    at once, exit code 130. Nothing is on disk to clean up then, and waiting for a process
    pool to wind down can hang for ever (a reader stopped while it sends its results leaves
    half a message the pool waits for).

    Otherwise (writing outputs, or :func:`main` called from Python): stop the readers and
    raise KeyboardInterrupt, so that the temporaries are removed on the way out
    (:func:`cchc_index._internal.files.outputs_together`) and :func:`main` says it in one line.

    Neither inside the process pool's own code (while it forks a reader or starts its
    thread): a reader just forked is not yet among the processes to stop, and an exception
    there turns into another error. Nor in an at-fork hook or a finaliser, where Python
    would print the exception and go on. There the Ctrl-C is delivered again a moment
    later, silently."""

    def __init__(self, lang: str, at_once: bool = False) -> None:
        self.lang, self.at_once, self.pid, self.told = lang, at_once, os.getpid(), False
        self.before = _written_count()
        self.previous: object = None
        self.previous_hook = sys.unraisablehook

    def install(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self)
            self.previous_hook, sys.unraisablehook = sys.unraisablehook, self._unraisable
        return self

    def remove(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            sys.unraisablehook = self.previous_hook
            self.previous = None

    def __call__(self, _signum: int, frame) -> None:
        if os.getpid() != self.pid or self.told:
            return
        if _in_pool_code(frame):  # a reader just forked is not known yet: not now
            self._again()
            return
        if self.at_once and not _writing():
            self._end_now()
        _stop_workers(wait=0)
        raise KeyboardInterrupt

    def message(self) -> str:
        """The one line: stopped, and what had been written in full before, if anything."""
        written = _written_since(self.before)
        if written:
            return safe_line(ui("interrupted_written", self.lang,
                                paths=", ".join(str(p) for p in written)))
        return ui("interrupted", self.lang)

    def _end_now(self) -> None:
        self.told = True
        _stop_workers(wait=1.0)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os.write(2, (self.message() + "\n").encode("utf-8"))
        os._exit(130)

    def _unraisable(self, unraisable) -> None:
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and os.getpid() == self.pid:
            self._again()
            return
        self.previous_hook(unraisable)

    def _again(self) -> None:
        """SIGINT to this process in a moment (once out of the code that could not take
        it; a signal sent now would be handled here and now)."""
        if not self.told:
            again = threading.Timer(_AGAIN_AFTER, _interrupt_main_thread)
            again.daemon = True
            again.start()


_AGAIN_AFTER = 0.05  # seconds


def _interrupt_main_thread() -> None:
    """SIGINT to the main thread, so that a wait it is blocked in ends (on Windows, where
    os.kill would end the process, the signal is raised in the C runtime instead)."""
    if hasattr(signal, "pthread_kill"):
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
    else:
        signal.raise_signal(signal.SIGINT)
_POOL_CODE = ("multiprocessing", "concurrent.futures.process")


def _in_pool_code(frame) -> bool:
    """Whether ``frame`` runs inside the code of a process pool (or under it)."""
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if any(module == name or module.startswith(name + ".") for name in _POOL_CODE):
            return True
        frame = frame.f_back
    return False


def stopped(interrupts: _Interrupts) -> int:
    """Say in one line that the run was stopped (and what it had written in full, if
    anything), stop the reading processes, return 130."""
    interrupts.told = True  # a further Ctrl-C changes nothing now
    _stop_workers()
    print(interrupts.message(), file=sys.stderr)
    return 130


def _stop_workers(wait: float = 5.0) -> None:
    """End the processes this one started (the readers of a big batch): a Ctrl-C sent to
    this process alone does not reach them."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    if wait:
        for child in children:
            child.join(wait)


def _raise_if_interrupted(error: BaseException) -> None:
    """A Ctrl-C that code cleaning up after it turned into another error (a thread pool
    stopped while it was starting raises RuntimeError) is still a Ctrl-C."""
    seen = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            raise KeyboardInterrupt from error
        seen = seen.__cause__ or seen.__context__


def _writing() -> bool:
    results = sys.modules.get("cchc_index._internal.files")
    return bool(results and results.writing())


def _written_count() -> int:
    results = sys.modules.get("cchc_index._internal.files")
    return len(results.WRITTEN) if results else 0


def _written_since(before: int) -> list:
    results = sys.modules.get("cchc_index._internal.files")
    return results.WRITTEN[before:] if results else []


def _lang_of(words: list[str]) -> str:
    """The --lang of a command line, read without parsing it (a Ctrl-C may come first)."""
    for number, word in enumerate(words):
        if word == "--lang" and number + 1 < len(words):
            return "en" if words[number + 1] == "en" else "vi"
        if word.startswith("--lang="):
            return "en" if word == "--lang=en" else "vi"
    return "vi"


class _CleanStream:
    """A text stream that passes on only what a terminal may receive
    (:func:`cchc_index._internal.text.safe_stream`)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(safe_stream(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class _PipeGuard:
    """stdout that goes quiet once its reader has gone ("score … -o kq.xlsx | head"): the
    run goes on and still writes its files."""

    def __init__(self, stream):
        self.stream, self.gone = stream, False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(safe_stream(text))
                return len(text)
            except BrokenPipeError:
                self._go()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._go()

    def _go(self) -> None:
        self.gone = True
        _silence_stdout()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush of a closed pipe
    raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def command_options(parsed: argparse.Namespace) -> Options:
    """The options of the command parsed, as typed values: the one place the parser's
    namespace is read. Imports the commands (pandas, the pipeline: ~0.7 s), so it is
    called only once the command line has parsed (``--help`` never gets here)."""
    builders = {"score": _score_options, "validate": _validate_options,
                "template": _template_options, "methodology": _methodology_options}
    return builders[parsed.command](parsed)


def _score_options(parsed: argparse.Namespace) -> ScoreOptions:
    from cchc_index._internal.analysis.command import AnalysisOptions
    from cchc_index._internal.commands import ScoreOptions

    analysis = AnalysisOptions(
        previous=_path(parsed.previous), crosswalk=_path(parsed.crosswalk),
        robustness=parsed.robustness, seed=parsed.seed, summary=parsed.summary,
        docx=_path(parsed.docx))
    return ScoreOptions(
        inputs=_paths(parsed.inputs), methodology=parsed.methodology,
        units=_path(parsed.units), jobs=parsed.jobs, quiet=parsed.quiet,
        group_by=parsed.group_by, output=_path(parsed.output), csv=_path(parsed.csv),
        charts=_path(parsed.charts), top=parsed.top, draft_appraisal=parsed.draft_appraisal,
        analysis=analysis, lang=parsed.lang, debug=parsed.debug)


def _validate_options(parsed: argparse.Namespace) -> ValidateOptions:
    from cchc_index._internal.commands import ValidateOptions

    return ValidateOptions(
        inputs=_paths(parsed.inputs), methodology=parsed.methodology,
        units=_path(parsed.units), jobs=parsed.jobs, quiet=parsed.quiet,
        output=_path(parsed.output), json=parsed.json, lang=parsed.lang, debug=parsed.debug)


def _template_options(parsed: argparse.Namespace) -> TemplateOptions:
    from cchc_index._internal.commands import TemplateOptions

    return TemplateOptions(output=Path(parsed.output), methodology=parsed.methodology,
                           unit=parsed.unit, year=parsed.year, lang=parsed.lang,
                           debug=parsed.debug)


def _methodology_options(parsed: argparse.Namespace) -> MethodologyOptions:
    from cchc_index._internal.commands import MethodologyOptions

    output = None if parsed.output is None else Path(parsed.output)  # export's -o
    return MethodologyOptions(action=parsed.action, source=parsed.source, output=output,
                              lang=parsed.lang, debug=parsed.debug)


def _path(text: str | None) -> Path | None:
    """A path given on the command line; None when not given (or given empty, which
    asks for nothing, as before)."""
    return Path(text) if text else None


def _paths(texts: Sequence[str]) -> tuple[Path, ...]:
    return tuple(Path(text) for text in texts)


def _dispatch(options: Options) -> int:
    from cchc_index._internal import commands  # pandas and the pipeline (~0.7 s): not for --help

    if isinstance(options, commands.ScoreOptions):
        return commands.score(options)
    if isinstance(options, commands.ValidateOptions):
        return commands.validate(options)
    if isinstance(options, commands.MethodologyOptions):
        return commands.methodology(options)
    if isinstance(options, commands.TemplateOptions):
        return commands.template(options)
    return 2


def _print_problems(problems: list[Problem], lang: str, stream) -> None:
    for problem in problems:
        print(f"  - {safe_line(problem.message(lang))}", file=stream)


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

