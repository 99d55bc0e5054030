"""Command line: ``python -m cchc_index score|validate|methodology …``.

A thin layer: parse, call the library, print, exit code. Library errors become clean
messages here; a traceback only with ``--debug``.

Exit codes: 0 every input scored; 1 some inputs had problems (reported; the rest scored
and written); 2 nothing could be scored, or a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence

from cchc_index import __version__
from cchc_index.errors import CchcError, MethodologyError, Problem

DESCRIPTION = """\
Chấm điểm Chỉ số cải cách hành chính (Chỉ số CCHC) của các xã, phường, sở, ngành.
Score Vietnam's administrative-reform index (PAR INDEX) for local units.

Ví dụ / examples:
  python -m cchc_index score data/sample_district/ -o ket_qua.xlsx --csv ket_qua.csv
  python -m cchc_index methodology show
"""


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
    :mod:`cchc_index.analysis.command`)."""
    from cchc_index.analysis.command import add_arguments

    add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cchc_index", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"cchc_index {__version__}",
                        help="in phiên bản rồi thoát / print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH/COMMAND",
                                     parser_class=_Parser)

    score = commands.add_parser(
        "score", help="chấm điểm, xếp hạng, xếp loại / score, rank and classify",
        description="Chấm điểm các đơn vị, xếp hạng và xếp loại theo bộ chỉ số.\n"
                    "Score units, rank and classify them by the methodology.",
        formatter_class=argparse.RawDescriptionHelpFormatter, later=_analysis_arguments)
    _inputs(score)
    score.add_argument("--group-by", metavar="COT/COLUMN",
                       help="xếp hạng riêng theo cột này (vd. Loại đơn vị) / "
                            "rank within the groups of this input column")
    score.add_argument("-o", "--output", metavar="KET_QUA.xlsx",
                       help="ghi sổ kết quả Excel / write the results workbook")
    score.add_argument("--csv", metavar="KET_QUA.csv",
                       help="ghi bảng kết quả CSV (UTF-8) / write the results CSV")
    score.add_argument("--charts", metavar="THU_MUC/DIR",
                       help="vẽ biểu đồ (PNG, SVG) vào thư mục này / draw the charts into DIR")
    score.add_argument("--draft-appraisal", action="store_true",
                       help="đề xuất điểm thẩm định dự thảo theo quy định chấm điểm nơi chưa có "
                            "điểm thẩm định / propose the rules' points as a draft appraisal "
                            "where none is entered")

    validate = commands.add_parser(
        "validate", help="kiểm tra dữ liệu, không chấm điểm / check the inputs only",
        description="Kiểm tra các tệp đầu vào theo bộ chỉ số và liệt kê mọi vấn đề.\n"
                    "Check the inputs against the methodology and list every problem.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _inputs(validate)
    validate.add_argument("-o", "--output", metavar="BAO_CAO.xlsx",
                          help="ghi báo cáo kiểm tra ra Excel / write the report workbook")
    validate.add_argument("--json", action="store_true",
                          help="in báo cáo dạng JSON cho các công cụ khác / print JSON")

    template = commands.add_parser(
        "template", help="ghi biểu mẫu tự đánh giá trống / write the blank self-assessment form",
        description="Ghi biểu mẫu tự đánh giá, chấm điểm theo bộ chỉ số để gửi các đơn vị.\n"
                    "Write the blank self-assessment form of a methodology for units to fill.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    template.add_argument("-m", "--methodology", metavar="BO_CHI_SO",
                          help="tên bộ có sẵn hoặc tệp Excel / bundled name or workbook")
    template.add_argument("--unit", metavar="TEN_DON_VI",
                          help='tên đơn vị, vd. "Xã Minh Tiến" / the unit\'s name')
    template.add_argument("--year", metavar="NAM", help="năm đánh giá / assessment year")
    template.add_argument("-o", "--output", required=True, metavar="BIEU_MAU.xlsx")
    _common(template)

    method = commands.add_parser(
        "methodology", help="xem, xuất bộ chỉ số / show or export a methodology",
        description="Xem danh sách, cấu trúc hoặc xuất bộ chỉ số ra Excel để chỉnh sửa.\n"
                    "List, show, or export a methodology to Excel for editing.")
    actions = method.add_subparsers(dest="action", metavar="list|show|export")
    actions.add_parser("list", help="các bộ chỉ số có sẵn / bundled methodologies")
    show = actions.add_parser("show", help="cây tiêu chí và tổng điểm / the tree with its sums")
    show.add_argument("source", nargs="?", metavar="TEN|TEP.xlsx",
                      help="tên bộ có sẵn hoặc tệp Excel / bundled name or workbook")
    export = actions.add_parser("export", help="xuất ra Excel để chỉnh sửa / write as a workbook")
    export.add_argument("source", nargs="?", metavar="TEN|TEP.xlsx")
    export.add_argument("-o", "--output", required=True, metavar="BO_CHI_SO.xlsx")
    for sub in (show, export, method):
        _common(sub)
    return parser


def _jobs(text: str) -> int:
    """The value of -j: a whole number from 1 up (capped at the usable cores when read)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên từ 1 trở lên, không phải {text!r} / a whole number from 1 up "
            f"is needed, not {text!r}")
    return int(text)


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="tệp .xlsx/.csv hoặc thư mục / files or folders")
    parser.add_argument("-m", "--methodology", metavar="BO_CHI_SO",
                        help="tên bộ có sẵn hoặc tệp Excel (mặc định: bộ minh hoạ cấp xã) / "
                             "bundled name or workbook (default: illustrative commune index)")
    parser.add_argument("--units", metavar="DON_VI.xlsx",
                        help="danh sách đơn vị phải có (cột Đơn vị); đơn vị vắng được liệt kê / "
                             "list of expected units (a Đơn vị column); absent ones are listed")
    parser.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help="số tiến trình đọc tệp, từ 1 trở lên; nhiều hơn số lõi dùng được "
                             "thì chỉ dùng số lõi (mặc định: mọi lõi khi có nhiều tệp, 1 khi có "
                             "ít tệp) / processes reading the files, 1 or more; more than the "
                             "usable cores means the cores (default: all cores for a big batch, "
                             "1 for a few files)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="không hiện thanh tiến trình / no progress bar")
    _common(parser)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["vi", "en"], default="vi",
                        help="ngôn ngữ thông báo / message language (vi, en)")
    parser.add_argument("--debug", action="store_true",
                        help="hiện chi tiết lỗi nội bộ / show tracebacks")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    if args.command is None:
        parser.print_help()
        return 2
    if not getattr(args, "debug", False):
        # openpyxl warns about oddities of damaged files; our messages already name them
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        # matplotlib's layout notes name its source files; chart problems are reported
        # as R-codes instead
        warnings.filterwarnings("ignore", category=UserWarning, module=r"matplotlib(\.|$)")
    guard = sys.stdout = _PipeGuard(sys.stdout)
    try:
        return _dispatch(args)
    except MethodologyError as error:
        from cchc_index.messages import ui

        print(ui("methodology_rejected", args.lang, n=len(error.problems)), file=sys.stderr)
        _print_problems(error.problems, args.lang, sys.stderr)
        return 2
    except CchcError as error:
        _print_problems(error.problems, args.lang, sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away ("… | head"): stop quietly
        _silence_stdout()
        return 1
    except Exception as exc:  # the border: no traceback for users unless asked
        if getattr(args, "debug", False):
            traceback.print_exc()
        from cchc_index.messages import ui

        print(ui("internal", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2
    finally:
        sys.stdout = guard.stream


class _PipeGuard:
    """stdout that goes quiet once its reader has gone ("score … -o kq.xlsx | head"): the
    run goes on and still writes its files."""

    def __init__(self, stream):
        self.stream, self.gone = stream, False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self.stream.write(text)
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


def _dispatch(args: argparse.Namespace) -> int:
    from cchc_index import commands

    if args.command == "score":
        return commands.score(args)
    if args.command == "validate":
        return commands.validate(args)
    if args.command == "methodology":
        return commands.methodology(args)
    if args.command == "template":
        return commands.template(args)
    return 2


def _print_problems(problems: list[Problem], lang: str, stream) -> None:
    for problem in problems:
        print(f"  - {problem.message(lang)}", file=stream)


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

