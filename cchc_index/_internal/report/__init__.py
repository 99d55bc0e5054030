"""Results for the official report, one module each: the tables behind it (``tables``:
annex order and groups, class counts, profiles, field shares), how a notebook shows them
(``display``), the report's words (``text``), the annex (``annex``), the sheets and their
print setup (``sheets``, ``xlsx``), the results workbook (``workbook``) and the CSV
(``csv``). Nothing is imported here: a run that writes no workbook never loads openpyxl's
writer (about 0.13 s). A notebook takes them from :mod:`cchc_index`.
"""
