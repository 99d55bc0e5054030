"""One catalogue of words (issue 17): the user-facing words live in
cchc_index/_internal/messages/, and ``--lang en`` output holds no Vietnamese but names and
quoted cell text."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc_index import load_methodology, run
from cchc_index._internal.messages import english_number, number_text, value_text, vietnamese_number

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cchc_index"
FORMS = ROOT / "data" / "sample_forms"
VIETNAMESE = re.compile("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđàáâãèéêìíòóôõùúăơưý]",
                        re.IGNORECASE)

# Modules whose Vietnamese string literals are input recognition, not output: left out.
RECOGNITION = {"vocabulary.py", "legacy_text.py"}

# The Vietnamese string literals still outside the catalogue, by module, each with why. A
# count here may only fall: move a module's words into cchc_index/_internal/messages/ and lower it.
OUTSIDE: dict[str, tuple[int, str]] = {
    "methodology/load.py": (51, "the methodology workbook's own sheet, column and setting "
                            "names (a file format it reads; export writes them back); "
                            "'dòng N' cells, which messages.location words per language"),
    "methodology/export.py": (6, "the methodology workbook's format (its Thông tin keys, "
                              "Có/Không, Loại trừ/Tính 0 điểm)"),
    "methodology/rule_figures.py": (36, "words recognised in a raw figure (đúng hạn, "
                                    "trễ hạn, đạt …)"),
    "methodology/rule_parse.py": (24, "the rule language (keywords recognised, examples of "
                                  "its Vietnamese syntax: «≥95%», «Đạt ≥ Không đạt», "
                                  "«còn lại: N»); 'dòng N' cells"),
    "methodology/rule_model.py": (15, "the rule language: kinds and rules written back as a "
                                  "methodology cell holds them"),
    "io/codes.py": (2, "recognition: the Vietnamese alphabet of item letters (a, b, đ)"),
    "io/legacy.py": (1, "recognition: a pattern of Vietnamese letters"),
    "io/layouts/form.py": (1, "recognition: the unit-kind column of a form"),
    "text.py": (2, "recognition: Đ/đ folded for matching"),
    "analysis/previous.py": (2, "recognition: a header pattern; the column names a user "
                             "must give, quoted"),
    "analysis/crosswalk.py": (1, "the column names a user must give, quoted"),
    "accounting.py": (1, "the column name a user must give, quoted"),
    "pipeline.py": (1, "'dòng N' cells, which messages.location words per language"),
}


def _vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of ``path`` holding a Vietnamese letter, docstrings apart."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef
                                | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and VIETNAMESE.search(node.value)]


def test_user_facing_words_outside_the_catalogue_are_only_those_listed():
    counts = Counter()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix().removeprefix("_internal/")
        if name.startswith("messages/") or name in RECOGNITION:
            continue
        counts[name] = len(_vietnamese_literals(path))
    found = {name: n for name, n in counts.items() if n}
    grown = {name: (n, OUTSIDE.get(name, (0, ""))[0]) for name, n in found.items()
             if n > OUTSIDE.get(name, (0, ""))[0]}
    assert not grown, f"Vietnamese words outside the catalogue (found, allowed): {grown}"
    fallen = {name: (found.get(name, 0), n) for name, (n, _why) in OUTSIDE.items()
              if found.get(name, 0) < n}
    assert not fallen, f"lower these counts in OUTSIDE (found, listed): {fallen}"


def test_one_number_formatter_per_language():
    assert vietnamese_number(1049.5, 1) == "1.049,5" and english_number(1049.5, 1) == "1,049.5"
    assert number_text(91.5) == "91,50" and number_text(91.5, lang="en") == "91.50"
    assert value_text(97.5) == "97,5" and value_text(97.5, "en") == "97.5"
    assert value_text(3001) == "3.001" and value_text(3001, "en") == "3,001"


# ---- --lang en: no Vietnamese but names and quoted cell text ----

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc_index", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=300)


def _names_of_forms() -> list[str]:
    """The names and cell texts an English run may quote: files, sheets, units and their
    groups, the methodology's name and classes, the rules as the methodology writes them and
    the figures as the forms write them."""
    result = run([FORMS], load_methodology())
    names = {p.name for p in FORMS.iterdir()}
    for problem in result.problems:
        names |= {problem.file, problem.sheet, problem.unit}
        names |= {str(problem.params[k]) for k in ("rule", "rule_en") if k in problem.params}
    units = result.batch.units
    names |= set(units["unit"]) | set(units["sheet"]) | set(units["file"])
    entries = result.batch.entries
    names |= {str(v) for v in entries["raw_figure"].dropna()}
    names |= set(units["group"].dropna().astype(str))
    methodology = result.methodology
    names |= {methodology.name, *(band.label for band in methodology.bands)}
    return sorted((n for n in names if n), key=len, reverse=True)


def _left(text: str, names: list[str]) -> list[str]:
    """The lines of ``text`` still holding a Vietnamese letter once the quoted text («…»)
    and ``names`` are taken out."""
    text = re.sub(r"«[^»]*»", "", text)
    for name in names:
        text = text.replace(name, "")
    return [line for line in text.splitlines() if VIETNAMESE.search(line)]


@pytest.fixture(scope="module")
def names() -> list[str]:
    return _names_of_forms()


@pytest.mark.parametrize("command", ["score", "validate"])
def test_english_output_of_a_batch_with_problems_has_no_vietnamese(command, names):
    done = cli(command, str(FORMS), "--lang", "en", "--quiet")
    assert done.returncode in (0, 1), done.stderr
    assert "Problems in" in done.stdout + done.stderr
    assert _left(done.stdout + done.stderr, names) == []


def test_english_methodology_mistake_and_usage_error(tmp_path):
    path = tmp_path / "sai.xlsx"
    book = Workbook()
    book.active.title = "Tiêu chí"
    for row in [["Mã", "Điểm tối đa"], ["1", -1], ["1", 2], ["x", 1], ["2", 4.5]]:
        book.active.append(row)
    book.save(path)
    done = cli("score", str(FORMS), "-m", str(path), "--lang", "en")
    assert done.returncode == 2 and "The methodology cannot be used" in done.stderr
    assert _left(done.stdout + done.stderr, [path.name, "Tiêu chí", "Xếp loại"]) == []
    missing = cli("score", "khong_co_tep.xlsx", "--lang", "en")
    assert missing.returncode == 2 and "not found" in missing.stdout + missing.stderr
    assert _left(missing.stdout + missing.stderr, ["khong_co_tep.xlsx"]) == []
