"""Validation: the pandera schema sees only the rows that can fail, and reports what it
would report over the whole batch."""

from engine_helpers import small
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from cchc_index.entries import make_entries
from cchc_index.validate import (
    SCHEMA_COLUMNS,
    _enrich,
    _entry_problem,
    _schema_problems,
    entry_schema,
)

M = small()
CODES = [*M.tree["code"], "9.9", "1.9"]
VALUES = st.one_of(st.none(), st.sampled_from([-3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 4.0, 7.0]))


def whole_batch_problems(entries, names):
    """The schema run over every row of the batch, as validation first did it."""
    frame = _enrich(entries, M)
    try:
        entry_schema(M).validate(frame[SCHEMA_COLUMNS], lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    cases = cases[cases["index"].notna()].drop_duplicates(["check", "index"])
    rows = frame.loc[cases["index"].tolist()].to_dict("records")
    return [_entry_problem(*str(check).partition("|")[::2], row, names)
            for check, row in zip(cases["check"], rows, strict=True)]


@st.composite
def batches(draw):
    rows = []
    for unit in range(draw(st.integers(1, 4))):
        for code in draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=14, unique=True)):
            rows.append({"unit_id": f"u{unit}", "code": code, "file": f"u{unit}.xlsx",
                         "sheet": "S", "cell_self_points": "E9", "cell_appraisal_1": "F9",
                         "not_arisen": draw(st.booleans()),
                         **{c: draw(VALUES) for c in ("self_points", "appraisal_1",
                                                      "appraisal_2", "given_points")}})
    return make_entries(rows)


@settings(max_examples=80, deadline=None)
@given(batches())
def test_schema_on_suspect_rows_reports_what_it_reports_on_all_rows(entries):
    names = {u: f"Xã {u}" for u in entries["unit_id"]}
    found = _schema_problems(_enrich(entries, M), M, names)
    assert found == whole_batch_problems(entries, names)


def test_a_clean_batch_has_no_schema_problem_and_a_bad_value_is_found():
    entries = make_entries([{"unit_id": "u", "code": "1.1", "appraisal_1": 2.0, "sheet": "S",
                             "file": "u.xlsx", "cell_appraisal_1": "F10"}])
    assert _schema_problems(_enrich(entries, M), M, {"u": "Xã U"}) == []
    entries.loc[0, "appraisal_1"] = 2.5
    problem, = _schema_problems(_enrich(entries, M), M, {"u": "Xã U"})
    assert (problem.code, problem.cell, problem.found, problem.expected) == (
        "I012", "F10", "2,5", "2")
