"""The one CSV writer of every export (admin's zips, the reflections download): cells a spreadsheet cannot run;
and the one CSV reader of every import (check-ins, NPS results): rows with their line numbers, a report of bad ones.

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
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from backend.errors import DomainError
from backend.i18n import translate

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


# --- reading: the imports' shared parsing -----------------------------------------------------------------


class ImportFileError(DomainError):
    """The file as a whole cannot be read (encoding, header); no row was looked at."""

    def __init__(self, key: str, locale: str, **params):
        super().__init__(key, 422, message=translate(key, locale, **params))


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the file where the row starts; the header is line 1
    values: dict[str, str]  # column -> stripped text; a column the row lacks is absent
    extra: int  # fields beyond the header's columns


@dataclass
class RowError:
    line: int
    codes: list[str]
    reasons: list[str]

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason, "codes": self.codes}


def row_error(line: int, problems: list[tuple[str, dict]], locale: str) -> RowError:
    """A bad row's report line from its problems, (message key, parameters) each, in the importer's language."""
    reasons = [translate(code, locale, **params) for code, params in problems]
    return RowError(line, [code for code, _ in problems], reasons)


@dataclass
class ImportReport:
    """What an import did, row by row: the shape every import answers (the check-in and NPS imports)."""

    rows: int = 0
    imported: int = 0
    skipped_existing: int = 0
    errors: list[RowError] = field(default_factory=list)
    strict: bool = False
    import_id: int | None = None  # the import's record, when it keeps one and anything was to be written

    @property
    def invalid(self) -> int:
        return len(self.errors)

    @property
    def rejected(self) -> bool:
        """Strict and at least one bad row: nothing was written."""
        return self.strict and bool(self.errors)

    def as_dict(self, max_errors: int | None = None) -> dict:
        shown = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "rows": self.rows,
            "imported": self.imported,
            "skipped_existing": self.skipped_existing,
            "invalid": self.invalid,
            "strict": self.strict,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in shown],
            "errors_truncated": len(shown) < len(self.errors),
            "import_id": self.import_id,
        }


DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def decode(data: bytes | str, locale: str) -> str:
    if isinstance(data, str):
        return data.removeprefix(BOM)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("import_not_utf8", locale) from None


def delimiter(header_line: str) -> str:
    """Excel writes ';' where the decimal separator is a comma (Dutch settings), ',' elsewhere.

    The header names contain neither, so the separator the header uses most is the file's.
    """
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(
    data: bytes | str,
    locale: str,
    columns: Mapping[str, str],
    required: Sequence[str],
    bad_header: str = "import_bad_header",
) -> list[Row]:
    """The rows of an import's file with their line numbers; blank rows are left out.

    `columns` maps each header name people write (lower case, Dutch or English) to the column it means;
    `required` names the columns the header must have; `bad_header` is the message key that says which.
    """
    text = decode(data, locale)
    if not text.strip():
        raise ImportFileError("import_empty_file", locale)
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(header_line))
    try:
        header: list[str] | None = None
        rows: list[Row] = []
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            if not any(f.strip() for f in fields):
                continue  # Excel leaves rows of bare separators at the end
            if header is None:
                header = _header(fields, locale, columns, required, bad_header)
                continue
            values = {name: value.strip() for name, value in zip(header, fields, strict=False)}
            rows.append(Row(line=start, values=values, extra=max(0, len(fields) - len(header))))
    except csv.Error:
        raise ImportFileError("import_not_csv", locale) from None
    return rows


def _header(fields: list[str], locale: str, known: Mapping[str, str], required: Sequence[str], key: str) -> list[str]:
    names = [f.strip().lower() for f in fields]
    unknown = [f.strip() for f, n in zip(fields, names, strict=True) if n not in known]
    columns = [known.get(n, n) for n in names]
    missing = [c for c in required if c not in columns]
    if unknown:
        problem = translate("import_header_unknown", locale, columns=", ".join(unknown))
        raise ImportFileError(key, locale, problem=problem)
    if missing:
        problem = translate("import_header_missing", locale, columns=", ".join(missing))
        raise ImportFileError(key, locale, problem=problem)
    if len(set(columns)) != len(columns):
        doubled = sorted({c for c in columns if columns.count(c) > 1})
        problem = translate("import_header_doubled", locale, columns=", ".join(doubled))
        raise ImportFileError(key, locale, problem=problem)
    return columns


def parse_date(text: str) -> date | None:
    """ISO 2024-03-18, or Dutch 18-03-2024 (also 18-3-2024, 18/03/2024 and 18.03.2024)."""
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text)
        match = DUTCH_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None
