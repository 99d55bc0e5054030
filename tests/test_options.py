"""The commands take typed options (issue 17): the command line is parsed once, in
cchc_index/_internal/cli.py, into ScoreOptions, ValidateOptions, TemplateOptions or
MethodologyOptions, and no other module reads the parser's namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc_index._internal.analysis.command import AnalysisOptions
from cchc_index._internal.cli import build_parser, command_options
from cchc_index._internal.commands import (
    MethodologyOptions,
    ScoreOptions,
    TemplateOptions,
    ValidateOptions,
)

PACKAGE = Path(__file__).resolve().parent.parent / "cchc_index" / "_internal"


def options(*words: str):
    return command_options(build_parser().parse_args(list(words)))


def test_score_options_are_typed():
    got = options("score", "x.xlsx", "--top", "5", "--charts", "bd")
    assert got == ScoreOptions(inputs=(Path("x.xlsx"),), top=5, charts=Path("bd"))
    assert got.analysis == AnalysisOptions()
    assert not got.analysis.asked()


def test_score_options_with_everything():
    got = options("score", "a.xlsx", "thu_muc", "-m", "xa_minh_hoa", "--units", "dv.xlsx",
                  "-j", "3", "-q", "--group-by", "Loại đơn vị", "-o", "kq.xlsx",
                  "--csv", "kq.csv", "--draft-appraisal", "--previous", "cu.csv",
                  "--crosswalk", "cd.xlsx", "--robustness", "100", "--seed", "7",
                  "--summary", "--docx", "bc.docx", "--lang", "en", "--debug")
    assert got == ScoreOptions(
        inputs=(Path("a.xlsx"), Path("thu_muc")), methodology="xa_minh_hoa",
        units=Path("dv.xlsx"), jobs=3, quiet=True, group_by="Loại đơn vị",
        output=Path("kq.xlsx"), csv=Path("kq.csv"), charts=None, top=None,
        draft_appraisal=True,
        analysis=AnalysisOptions(previous=Path("cu.csv"), crosswalk=Path("cd.xlsx"),
                                 robustness=100, seed=7, summary=True,
                                 docx=Path("bc.docx")),
        lang="en", debug=True)
    assert got.analysis.asked()


def test_an_empty_path_asks_for_nothing_as_before():
    got = options("score", "x.xlsx", "--csv", "", "-o", "")
    assert got.csv is None and got.output is None


def test_validate_template_methodology_options():
    assert options("validate", "d", "-o", "bc.xlsx", "--json") == ValidateOptions(
        inputs=(Path("d"),), output=Path("bc.xlsx"), json=True)
    assert options("template", "-o", "bm.xlsx", "--unit", "Xã A", "--year", "2024") == (
        TemplateOptions(output=Path("bm.xlsx"), unit="Xã A", year="2024"))
    assert options("methodology", "list") == MethodologyOptions(action="list")
    assert options("methodology") == MethodologyOptions()
    assert options("methodology", "show", "xa_minh_hoa", "--lang", "en") == (
        MethodologyOptions(action="show", source="xa_minh_hoa", lang="en"))
    assert options("methodology", "export", "-o", "b.xlsx") == MethodologyOptions(
        action="export", output=Path("b.xlsx"))


def test_options_are_frozen():
    got = options("score", "x.xlsx")
    with pytest.raises(AttributeError):
        got.top = 3  # type: ignore[misc]


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_but_cli_reads_the_namespace():
    readers = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        if "getattr(args" in text:
            readers.append(f"{path.name}: getattr(args")
        if path.name != "cli.py" and re.search(r"\bNamespace\b", text):
            readers.append(f"{path.relative_to(PACKAGE)}: Namespace")
    assert readers == []


def test_commands_read_no_args():
    for name in ("commands.py", "analysis/command.py", "council.py"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert not re.search(r"\bargs\.", text), name
