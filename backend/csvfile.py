"""The one CSV writer of every export (admin's zips, the reflections download): cells a spreadsheet cannot run.

A cell that starts with = + - @ is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` leaks
data on a click, `=cmd|…` ran programs), and so is one that starts with a tab or a carriage return, or with
the full-width ＝ ＋ － ＠ that spreadsheets fold into their ASCII twins. Following OWASP's guidance on CSV
injection, such a text cell gets a leading apostrophe: the spreadsheet shows it as text, and a reader of the
raw file sees the original after the apostrophe. Numbers stay numbers (-5 is not text), None is an empty
cell, booleans are `true`/`false`. Quoting of commas, quotes and line breaks is the csv module's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠
BOM = "\ufeff"  # written first where Excel must read UTF-8 (its default is the system's code page)


def cell(value):
    """A value as a safe CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Writer:
    """csv.writer whose every cell passes through cell(); a header comes from writeheader() or the first dict."""

    def __init__(self, stream: IO[str], fieldnames: Sequence[str] | None = None):
        self._writer = csv.writer(stream)
        self.fieldnames = list(fieldnames) if fieldnames is not None else None

    def writeheader(self) -> None:
        self._writer.writerow([cell(name) for name in self.fieldnames or ()])

    def writerow(self, row: Sequence | dict) -> None:
        """A sequence of values, or a dict (the first one fixes the columns when none were given)."""
        if isinstance(row, dict):
            if self.fieldnames is None:
                self.fieldnames = list(row)
                self.writeheader()
            row = [row.get(name) for name in self.fieldnames]
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Sequence | dict]) -> None:
        for row in rows:
            self.writerow(row)


def text(header: Sequence[str], rows: Iterable[Sequence], bom: bool = False) -> str:
    """A whole small CSV file as text."""
    buffer = io.StringIO(newline="")
    if bom:
        buffer.write(BOM)
    writer = Writer(buffer, header)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
