"""The catalogue of every user-facing word, Vietnamese first and English beside it.

One module per area holds its (Vietnamese, English) tables: :mod:`.problems` (the problems'
messages by code), :mod:`.ui` (the command line), :mod:`.report` (the results workbook and
charts), :mod:`.summary`, :mod:`.analysis_workbook`, :mod:`.docx`, :mod:`.charts`,
:mod:`.form` (the blank form, written in Vietnamese only), :mod:`.cli` (the command line's
help, shown "vi / en" by :func:`both`) and :mod:`.reading` (why a file cannot be read, and the
hidden rows a reader left out). :func:`text` is the one lookup; :func:`phrase` keeps words and
their raw values until a language is asked; :mod:`.numbers` writes numbers for each
language.

The catalogue imports nothing of the package above it (the layers in pyproject.toml).
"""

from __future__ import annotations

from cchc_index._internal.messages.lookup import (
    AREAS,
    Words,
    both,
    location,
    phrase,
    render,
    shown,
    text,
    ui,
    words,
)
from cchc_index._internal.messages.numbers import (
    english_number,
    number_text,
    value_text,
    vietnamese_number,
)
from cchc_index._internal.messages.problems import MESSAGES
from cchc_index._internal.messages.ui import UI

__all__ = [
    "AREAS",
    "MESSAGES",
    "UI",
    "Words",
    "both",
    "english_number",
    "location",
    "number_text",
    "phrase",
    "render",
    "shown",
    "text",
    "ui",
    "value_text",
    "vietnamese_number",
    "words",
]
