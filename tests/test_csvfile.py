"""backend/csvfile.py: the one CSV writer of every export neutralises formulas (OWASP CSV injection)."""

import csv
import io

import pytest

from backend import csvfile


@pytest.mark.parametrize(
    "dangerous",
    [
        "=SUM(A1)",
        "+31 6 1234",
        "-2+3",
        "@cmd",
        "\t=1+1",
        "\r=1+1",
        '＝HYPERLINK("x")',  # noqa: RUF001  (full-width: what the test is about)
        "＋1",  # noqa: RUF001
        "－1",  # noqa: RUF001
        "＠SUM(A1)",  # noqa: RUF001
    ],
)
def test_a_cell_starting_like_a_formula_is_text(dangerous):
    assert csvfile.cell(dangerous) == "'" + dangerous
    written = csvfile.text(["value"], [[dangerous]])
    assert list(csv.reader(io.StringIO(written, newline="")))[1] == ["'" + dangerous]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Belde =SUM(A1)", "Belde =SUM(A1)"),
        (-5, -5),
        (2.5, 2.5),
        (None, ""),
        (True, "true"),
        (False, "false"),
        ("", ""),
    ],
)
def test_other_cells_stay_as_they_are(value, cell):
    assert csvfile.cell(value) == cell


def test_dict_rows_name_the_columns_and_quote_like_the_csv_module():
    buffer = io.StringIO(newline="")
    writer = csvfile.Writer(buffer)
    writer.writerow({"name": 'Met "quotes", en komma', "note": "=1"})
    writer.writerow({"name": "regel\nbreuk", "extra": "ignored"})
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [
        ["name", "note"],
        ['Met "quotes", en komma', "'=1"],
        ["regel\nbreuk", ""],
    ]


def test_a_bom_only_when_asked():
    assert csvfile.text(["a"], [[1]], bom=True).startswith("\ufeffa")
    assert csvfile.text(["a"], [[1]]).startswith("a")
