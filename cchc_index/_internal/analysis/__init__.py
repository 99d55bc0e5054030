"""The analyses beyond the ranked table (issue 7), one module each: year over year across
mergers (``yoy``, ``crosswalk``, ``previous``), robustness of ranks and classes
(``robustness``), where the points were lost (``lost_points``), a factual summary
(``summary``), the Word draft (``docx_report``), the analysed workbook (``workbook``) and their
charts (``charts``); ``run`` runs them all for the command line.

Private: a notebook imports them from :mod:`cchc_index.analysis`.
"""
