"""The results workbook (``score … -o results.xlsx``): see :mod:`cchc_index.report.workbook`.

Kept here beside the CSV writer (:mod:`cchc_index.io.results`), the other output of a run.
"""

from cchc_index.report.workbook import build_workbook, write_workbook

__all__ = ["build_workbook", "write_workbook"]
