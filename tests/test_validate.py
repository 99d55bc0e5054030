"""Validation: the pandera schema is the declared table of checks (validate.ROW_CHECKS),
and reports over a whole batch what the checks find, each run once in pandas."""

import numpy as np
from engine_helpers import small
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from cchc_index._internal.entries import make_entries
from cchc_index._internal.validate import (
    ROW_CHECKS,
    SCHEMA_COLUMNS,
    _enrich,
    _row_problems,
    entry_schema,
    failing_rows,
)

M = small()
CODES = [*M.tree["code"], "9.9", "1.9"]
VALUES = st.one_of(st.none(), st.sampled_from([-3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 4.0, 7.0]))


def schema_failures(frame) -> set[tuple[int, int]]:
    """(position of the check in ROW_CHECKS, row) of each failure pandera reports."""
    try:
        entry_schema(M).validate(frame[SCHEMA_COLUMNS], lazy=True)
        return set()
    except SchemaErrors as errors:
        cases = errors.failure_cases
    assert set(cases["check"]) <= {c.doc for c in ROW_CHECKS}  # pandera shows the error
    cases = cases[cases["index"].notna()]
    return set(zip(cases["check_number"].astype(int), cases["index"].astype(int), strict=True))


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


def test_the_schema_is_the_table_of_checks():
    schema = entry_schema(M)
    assert [(c.name, c.error) for c in schema.checks] == [(c.code, c.doc) for c in ROW_CHECKS]
    assert set(schema.columns) == set(SCHEMA_COLUMNS)


@settings(max_examples=80, deadline=None)
@given(batches())
def test_the_schema_over_a_batch_fails_where_the_checks_fail(entries):
    frame = _enrich(entries, M)
    position = {id(c): i for i, c in enumerate(ROW_CHECKS)}
    found = {(position[id(check)], int(frame.index[r]))
             for check, rows in failing_rows(frame) for r in rows}
    assert found == schema_failures(frame)


def test_a_clean_batch_has_no_schema_problem_and_a_bad_value_is_found():
    entries = make_entries([{"unit_id": "u", "code": "1.1", "appraisal_1": 2.0, "sheet": "S",
                             "file": "u.xlsx", "cell_appraisal_1": "F10"}])
    assert _row_problems(_enrich(entries, M), {"u": "Xã U"}) == []
    entries.loc[0, "appraisal_1"] = 2.5
    problem, = _row_problems(_enrich(entries, M), {"u": "Xã U"})
    assert (problem.code, problem.cell, problem.found, problem.expected) == (
        "I012", "F10", 2.5, 2.0)
    assert np.isclose(problem.found, 2.5) and problem.message().endswith(
        "điểm 2,5 lớn hơn điểm tối đa 2.")
