"""One order of the units, computed in one place (report.tables.annex_order): the Excel
annex, the Word annex, the printed table and the CSV list the units alike. The Word annex
sorted groups by name ("Phường" before "Xã") and started with another unit (issue 16)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"


def test_the_annexes_the_terminal_and_the_csv_list_the_units_alike(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cchc_index", "score", str(SAMPLE), "-o", str(tmp_path / "k.xlsx"),
         "--csv", str(tmp_path / "k.csv"), "--docx", str(tmp_path / "b.docx")],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "k.csv", encoding="utf-8-sig") as handle:
        from_csv = [row["unit"] for row in csv.DictReader(handle)]
    sheet = load_workbook(tmp_path / "k.xlsx").worksheets[0]
    from_xlsx = [row[1] for row in sheet.iter_rows(values_only=True)
                 if isinstance(row[0], int) and row[1] in from_csv]
    table = next(t for t in Document(str(tmp_path / "b.docx")).tables
                 if t.rows[0].cells[1].text == "Đơn vị")
    from_docx = [row.cells[1].text for row in table.rows[1:] if row.cells[1].text in from_csv]
    printed = [name for line in done.stdout.splitlines() for name in from_csv
               if f"  {name}  " in f"{line}  "]
    assert len(from_csv) == 20 and from_csv[0] != sorted(from_csv)[0]
    assert from_xlsx == from_csv
    assert from_docx == from_csv
    assert printed == from_csv
