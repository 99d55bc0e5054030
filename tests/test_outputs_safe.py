"""Nothing run, nothing leaked, nothing half-written: text from inputs never becomes a
formula in our outputs, outputs replace old files atomically, no input formula is
evaluated, no link followed, no network touched, XML attacks refused by the parser too."""

from __future__ import annotations

import csv
import re
import shutil
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import bad_files as bad
import pytest
from openpyxl import Workbook, load_workbook

from cchc_index import load_methodology, run
from cchc_index._internal.cli import main
from cchc_index._internal.files import atomic_write, write_table
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.report.workbook import write_workbook

M = load_methodology()

PAYLOADS = {
    "unit": ['=HYPERLINK("http://127.0.0.1:9/x","Xã An Bình")', "+84 Xã Tân Mỹ",
             "-Xã Bắc Hà", "@SUM(1+1)*cmd|' /C calc'!A0"],
    "group": "=cmd|' /C calc'!A0",
    "extra": "=1+1",
}


def injected_table(path: Path) -> Path:
    """A consolidated table whose unit names, group and an extra column hold text that a
    spreadsheet would run; stored as text, as Excel stores a typed '=… ."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    sheet.append([bad.TITLE])
    sheet.append([])
    sheet.append(["STT", "Đơn vị", "Nhóm", *bad.HEADER[2:-1], "Người lập"])
    points = [*bad.GOOD_UNITS.values(), bad.OTHER_UNITS["Xã Bắc Hà"]]
    for number, (name, row) in enumerate(zip(PAYLOADS["unit"], points, strict=True), start=1):
        sheet.append([number, name, PAYLOADS["group"], *row, PAYLOADS["extra"]])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                cell.data_type = "s"
    workbook.save(path)
    return path


def all_payloads() -> set[str]:
    return {*PAYLOADS["unit"], PAYLOADS["group"], PAYLOADS["extra"]}


def cells_of(path: Path):
    workbook = load_workbook(path)  # formulas as written, not cached values
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula_from_input(path: Path) -> set[str]:
    """No formula cell carries input text; returns the text cells' values."""
    texts = set()
    for cell in cells_of(path):
        if cell.data_type == "f":
            formula = str(cell.value)
            assert not any(p.lstrip("=+-@") in formula for p in all_payloads()), (
                cell.coordinate, formula)
        elif isinstance(cell.value, str):
            texts.add(cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                formulas = re.findall(r"<f[^>]*>(.*?)</f>", xml)
                assert not [f for f in formulas if "HYPERLINK" in f or "cmd|" in f], name
    return texts


@pytest.fixture()
def injected(tmp_path):
    folder = tmp_path / "vao"
    folder.mkdir()
    injected_table(folder / "tong_hop.xlsx")
    return folder


def test_input_text_is_never_a_formula_in_the_results_workbook(injected, tmp_path):
    out = tmp_path / "ra" / "ket_qua.xlsx"
    assert main(["score", str(injected), "-o", str(out), "--group-by", "Nhóm"]) == 0
    texts = assert_no_formula_from_input(out)
    assert set(PAYLOADS["unit"]) <= texts  # each name shown exactly as typed
    assert PAYLOADS["group"] in texts


def test_validation_report_workbook_keeps_text_as_text(injected, tmp_path):
    table = injected / "tong_hop.xlsx"
    sheet_book = load_workbook(table)
    sheet_book.active["D4"] = "một"  # an error, so the report has rows naming the unit
    sheet_book.save(table)
    out = tmp_path / "kiem_tra.xlsx"
    assert main(["validate", str(injected), "-o", str(out)]) == 1
    texts = assert_no_formula_from_input(out)
    assert PAYLOADS["unit"][0] in texts


def test_csv_output_neutralises_formula_text(injected, tmp_path):
    out = tmp_path / "ket_qua.csv"
    result = run([injected], M, group_by="Nhóm")
    write_csv(result, out)
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    units = sorted(r[header.index("unit")] for r in body)
    assert units == sorted("'" + u for u in PAYLOADS["unit"])
    assert {r[header.index("group")] for r in body} == {"'" + PAYLOADS["group"]}
    assert {r[header.index("Người lập")] for r in body} == {"'" + PAYLOADS["extra"]}
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "@")), value
            assert not value.startswith("-") or _is_number(value), value


def test_a_column_header_from_an_input_is_neutralised_in_csv(tmp_path):
    path = bad.consolidated(tmp_path / "t.xlsx", {"Xã An Bình": bad.GOOD_UNITS["Xã An Bình"]})
    workbook = load_workbook(path)
    workbook.active["K3"] = "=cmd|' /C calc'!A0"
    workbook.active["K3"].data_type = "s"
    workbook.active["K4"] = "x"
    workbook.save(path)
    out = write_csv(run([path], M), tmp_path / "kq.csv")
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "'=cmd|' /C calc'!A0" in header


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_libreoffice_shows_the_names_as_typed(injected, tmp_path):
    """Open our results workbook in a real spreadsheet program: the names stay text."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "ket_qua.xlsx"
    assert main(["score", str(injected), "-o", str(out)]) == 0
    done = subprocess.run([soffice, "--headless", "--convert-to", "csv:Text - txt - csv "
                           "(StarCalc):44,34,76,1", "--outdir", str(tmp_path / "lo"),
                           str(out)], capture_output=True, timeout=180,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    converted = tmp_path / "lo" / "ket_qua.csv"
    if not converted.exists():
        pytest.skip(f"LibreOffice could not convert: {done.stderr[-300:]!r}")
    text = converted.read_text(encoding="utf-8")
    for name in PAYLOADS["unit"]:
        assert name.replace('"', '""') in text, name


# ---- atomic writes ----

def _old_results(path: Path) -> bytes:
    path.write_bytes(b"ket qua cu")
    return path.read_bytes()


def test_a_failed_write_leaves_the_old_results_intact(injected, tmp_path, monkeypatch):
    result = run([injected], M)
    targets = {"xlsx": tmp_path / "kq.xlsx", "csv": tmp_path / "kq.csv",
               "report": tmp_path / "kt.xlsx"}
    old = {k: _old_results(p) for k, p in targets.items()}

    def half_then_die(self, filename, *args, **kwargs):
        Path(filename).write_bytes(b"PK\x03\x04 half")
        raise KeyboardInterrupt  # the run killed midway

    monkeypatch.setattr(Workbook, "save", half_then_die)
    monkeypatch.setattr("pandas.DataFrame.to_csv", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        write_workbook(result, targets["xlsx"])
    with pytest.raises(KeyboardInterrupt):
        write_csv(result, targets["csv"])
    with pytest.raises(KeyboardInterrupt):
        write_table(result.report(), targets["report"])
    assert {k: p.read_bytes() for k, p in targets.items()} == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kq.csv", "kq.xlsx", "kt.xlsx",
                                                          "vao"]


def test_atomic_write_replaces_in_one_step(tmp_path):
    target = tmp_path / "sub" / "kq.txt"
    seen = []

    def write(temporary: Path) -> None:
        seen.append(temporary)
        assert temporary.parent == target.parent and temporary != target
        assert not target.exists()  # nothing at the target until the rename
        temporary.write_text("mới", encoding="utf-8")

    assert atomic_write(target, write) == target
    assert target.read_text(encoding="utf-8") == "mới" and not seen[0].exists()


def test_cli_outputs_all_go_through_atomic_write(injected, tmp_path, monkeypatch):
    """Every file the CLI writes arrives by a rename from a temporary file beside it."""
    import os

    renamed = []
    real = os.replace

    def spy(source, target, *args, **kwargs):
        renamed.append((Path(source).parent, Path(target).name))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    out = tmp_path / "ra"
    assert main(["score", str(injected), "-o", str(out / "kq.xlsx"),
                 "--csv", str(out / "kq.csv")]) == 0
    assert main(["validate", str(injected), "-o", str(out / "kt.xlsx")]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["kq.csv", "kq.xlsx", "kt.xlsx"]
    assert sorted(name for folder, name in renamed if folder == out) == written


# ---- nothing run, nothing fetched ----

@pytest.fixture()
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name is recorded and refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    return attempts


def test_no_network_access_during_a_run(tmp_path, no_network):
    folder = tmp_path / "vao"
    folder.mkdir()
    bad.good(folder / "tot.xlsx")
    bad.external_entity(folder / "xxe.xlsx")
    bad.external_link(folder / "lien_ket.xlsx")
    bad.live_formulas(folder / "cong_thuc.xlsx")
    injected_table(folder / "chen.xlsx")
    out = tmp_path / "ra"
    code = main(["score", str(folder), "-o", str(out / "kq.xlsx"), "--csv", str(out / "kq.csv")])
    assert code == 1  # the external entity file is refused; the rest is scored
    assert no_network == []
    assert (out / "kq.xlsx").exists()


def test_formulas_in_inputs_are_never_evaluated(tmp_path, no_network):
    # cached values are used as they are (WEBSERVICE is not called, 4+4 not recomputed)
    cached = run([bad.live_formulas(tmp_path / "cached.xlsx")], M)
    assert dict(zip(cached.results["unit"], cached.results["points"], strict=True)) == (
        bad.OTHER_TOTALS)
    # a formula without a cached value is not a number: never computed to 8
    path = bad.consolidated(tmp_path / "uncached.xlsx",
                            {"Xã Đông Sơn": [12, "=4+4", 20, 8, 12, 8, 12, 20]})
    uncached = run([path], M)
    assert uncached.results.empty
    missing = [p for p in uncached.problems if p.code == "I013"]
    assert [(p.unit, p.criterion) for p in missing] == [("Xã Đông Sơn", "2")]
    assert no_network == []


def test_openpyxl_in_this_environment_refuses_entities(tmp_path):
    """openpyxl reads sheets with defusedxml's iterparse when defusedxml is importable
    (a dependency of ours); its other parts go through defusedxml or, when lxml is
    installed, an lxml parser that never resolves entities."""
    import io

    import defusedxml
    from openpyxl.xml import DEFUSEDXML, functions

    assert DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    lol = (b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
           b"<r>&b;</r>")
    with pytest.raises(defusedxml.EntitiesForbidden):
        list(functions.iterparse(io.BytesIO(lol)))
    try:
        parsed = functions.fromstring(lol)
    except defusedxml.EntitiesForbidden:
        return
    assert "aaaaaaaaaa" not in (parsed.text or "")


@pytest.mark.parametrize("builder", [bad.billion_laughs, bad.external_entity])
def test_readers_refuse_xml_attacks_even_without_the_safety_check(tmp_path, builder,
                                                                  no_network):
    """Defence in depth: the readers themselves (calamine, then openpyxl with
    defusedxml) neither expand entities nor fetch anything, and return quickly."""
    from cchc_index._internal.errors import InputError
    from cchc_index._internal.io.cells import read_grids

    path = builder(tmp_path / "x.xlsx")
    for engine in ("auto", "openpyxl"):
        start = time.perf_counter()
        try:
            grids = read_grids(path, engine=engine)
        except InputError as error:
            assert error.problems[0].code == "I001"
        else:
            text = "".join(str(v) for g in grids for r in g.rows for v in r if v is not None)
            assert "lollollol" not in text and len(text) < 10_000
        assert time.perf_counter() - start < 5
    assert no_network == []


def test_notes_and_evidence_of_a_form_stay_text(tmp_path):
    """A unit's explanation and evidence (Giải trình, Tài liệu kiểm chứng) and a unit
    name starting with "+" or "@" reach the results workbook as text."""
    folder = tmp_path / "vao"
    folder.mkdir()
    notes = {"explanation": '=HYPERLINK("http://127.0.0.1:9/x","xem")',
             "evidence": "@cmd|' /C calc'!A0"}
    bad.form(folder / "a.xlsx", unit="+84 Xã Lộc Thủy", text={"1.1.1": notes, "3.2.1": notes})
    bad.form(folder / "b.xlsx", unit="@Xã Vĩnh Linh", changes={"2.2": {"appraisal_1": -3}})
    out = tmp_path / "kq.xlsx"
    assert main(["score", str(folder), "-o", str(out), "--csv", str(tmp_path / "kq.csv")]) == 1
    texts = assert_no_formula_from_input(out)
    assert "+84 Xã Lộc Thủy" in texts and "@Xã Vĩnh Linh" in texts
    report = tmp_path / "kt.xlsx"
    assert main(["validate", str(folder), "-o", str(report)]) == 1
    assert "@Xã Vĩnh Linh" in assert_no_formula_from_input(report)
    rows = (tmp_path / "kq.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(line.startswith("'+84 Xã Lộc Thủy,") for line in rows), rows
