"""The public API: what ``import cchc_index`` offers a notebook, and what ``help`` shows;
every other module is private (issue 17)."""

import importlib
import inspect
import json
import pkgutil
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cchc_index

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ["cchc_index", "cchc_index.analysis", "cchc_index.rules"]
COMMAND_LINE = "cchc_index.__main__"

CHARTS = ["ranked_bars", "class_distribution", "field_heatmap", "self_vs_appraised",
          "unit_profile", "year_over_year", "write_charts"]
STEPS = ["load_methodology", "find_inputs", "read_file", "run", "score_batch",
         "validate_batch", "rank_and_classify", "annex_frame", "styled", "readable",
         "write_workbook", "write_csv", "write_docx"]


def test_every_public_name_resolves():
    for name in cchc_index.__all__:
        assert getattr(cchc_index, name) is not None, name
    assert set(CHARTS + STEPS) <= set(cchc_index.__all__)


@pytest.mark.parametrize("name", PUBLIC[1:])
def test_every_name_of_the_other_public_modules_resolves(name):
    module = importlib.import_module(name)
    for public in module.__all__:
        assert getattr(module, public) is not None, public
        assert public in dir(module), public
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        module.nothing_here  # noqa: B018


@pytest.mark.parametrize("module_name", PUBLIC)
def test_help_lists_every_function_with_a_one_line_summary(module_name):
    module = importlib.import_module(module_name)
    text = pydoc.render_doc(module, renderer=pydoc.plaintext)
    assert module.__doc__ and len(module.__doc__) > 200  # an overview, with an example
    for name in module.__all__:
        value = getattr(module, name)
        if not inspect.isfunction(value):
            continue
        summary = (inspect.getdoc(value) or "").strip().splitlines()
        assert summary and len(summary[0]) > 15, name  # a sentence, not a stub
        assert f"\n    {name}(" in text, name  # listed under FUNCTIONS
        assert summary[0] in text, name
    for name in CHARTS:  # named in the module's own overview, too
        assert f":func:`{name}`" in cchc_index.__doc__


@pytest.mark.parametrize("name", PUBLIC)
def test_importing_a_public_module_loads_none_of_its_heavy_parts(name):
    code = (f"import sys, {name}; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'pandera') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_every_module_that_is_not_api_is_private():
    found = [m.name for m in pkgutil.walk_packages(cchc_index.__path__, "cchc_index.")]
    assert len(found) > 80  # the walk reached the private package
    public = [name for name in found
              if not any(part.startswith("_") for part in name.split(".")[1:])]
    assert sorted(public) == sorted(PUBLIC[1:])
    assert COMMAND_LINE in found


def _imported_modules(code: str) -> set[str]:
    return set(re.findall(r"^\s*(?:from|import)\s+(cchc_index[\w.]*)", code, re.M))


def test_notebooks_and_the_readme_import_only_public_modules():
    where = {path.name: "\n".join("".join(cell["source"]) for cell in
                                   json.loads(path.read_text(encoding="utf-8"))["cells"]
                                   if cell["cell_type"] == "code")
             for path in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    where["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(where) >= 7
    used = {name: _imported_modules(code) for name, code in where.items()}
    assert {"cchc_index", "cchc_index.analysis", "cchc_index.rules"} <= set().union(*used.values())
    for name, modules in used.items():
        assert modules <= set(PUBLIC), (name, modules - set(PUBLIC))


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_is_listed_once_in_all_three_places(name):
    """A public module names each of its names in ``__all__``, in its lazy table (where the
    name lives) and in its TYPE_CHECKING imports (for editors and type checkers): the three
    agree, name for name and module for module, so adding a name to one but not the others
    fails here."""
    import ast

    module = importlib.import_module(name)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    [checking] = [node for node in tree.body if isinstance(node, ast.If)
                  and ast.unparse(node.test) == "TYPE_CHECKING"]
    typed = {alias.asname or alias.name: node.module for node in checking.body
             for alias in node.names}
    lazy = module._LAZY
    assert set(module.__all__) - {"__version__"} == set(lazy)
    assert typed == lazy
