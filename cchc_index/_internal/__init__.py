"""How cchc_index is built: private, and free to change between versions.

What a user imports is public and documented: :mod:`cchc_index` (everything a notebook
needs), :mod:`cchc_index.analysis`, :mod:`cchc_index.rules` and the command line
(``python -m cchc_index``). The parts here import only the parts below them, in the order
declared in pyproject.toml (``[tool.importlinter]``).
"""
