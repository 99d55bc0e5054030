"""The public API: what ``import cchc_index`` offers a notebook, and what ``help`` shows."""

import inspect
import pydoc
import subprocess
import sys

import cchc_index

CHARTS = ["ranked_bars", "class_distribution", "field_heatmap", "self_vs_appraised",
          "unit_profile", "year_over_year", "write_charts"]
STEPS = ["load_methodology", "find_inputs", "read_file", "run", "score_batch",
         "validate_batch", "rank_and_classify", "annex_frame", "styled", "readable",
         "write_workbook", "write_csv", "write_docx"]


def test_every_public_name_resolves():
    for name in cchc_index.__all__:
        assert getattr(cchc_index, name) is not None, name
    assert set(CHARTS + STEPS) <= set(cchc_index.__all__)


def test_help_lists_every_function_with_a_one_line_summary():
    text = pydoc.render_doc(cchc_index, renderer=pydoc.plaintext)
    for name in cchc_index.__all__:
        value = getattr(cchc_index, name)
        if not inspect.isfunction(value):
            continue
        summary = (inspect.getdoc(value) or "").strip().splitlines()
        assert summary and len(summary[0]) > 15, name  # a sentence, not a stub
        assert f"\n    {name}(" in text, name  # listed under FUNCTIONS
        assert summary[0] in text, name
    for name in CHARTS:  # named in the module's own overview, too
        assert f":func:`{name}`" in cchc_index.__doc__


def test_importing_the_package_loads_none_of_its_heavy_parts():
    code = ("import sys, cchc_index; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'openpyxl', 'pandera') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
