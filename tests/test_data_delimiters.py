"""Columns separated by runs of spaces (``lstmcast.data.delimiters.spaced_columns``): station
data, R's write.table and aligned text tables are read as delimited; text that a delimiter
(',' ';' tab '|') separates, and prose, are left as they are."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import load_series

from lstmcast.data.delimiters import spaced_columns
from lstmcast.errors import InputError

MONTHS = pd.date_range("2015-01-01", periods=72, freq="MS")


def station_file(tmp_path, provisional: bool = True):
    """A Met Office historic station file: the station's lines, a header, a units row, the
    months aligned by spaces, '---' missing, '*' estimated, 'Provisional' after the latest."""
    lines = ["Oxford", "Location 450900E 207200N, Lat 51.761 Lon -1.262, 63 metres amsl",
             "Missing data (more than 2 days missing in month) is marked by  ---.",
             "   yyyy  mm   tmax    tmin      af    rain     sun",
             "              degC    degC    days      mm   hours"]
    for i, m in enumerate(MONTHS):
        sun = "---" if i < 20 else f"{60 + i:.1f}"
        late = i >= len(MONTHS) - 2
        lines.append(f"   {m.year}  {m.month:2d}   {10 + i % 12:4.1f}{'*' * late}    "
                     f"{3 + i % 12:4.1f}      {i % 5}   {40 + i:5.1f}   {sun}"
                     + ("  Provisional" if late and provisional else ""))
    path = tmp_path / "oxforddata.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("provisional", [True, False])
def test_a_station_file_is_read_with_its_units_row_and_notes(tmp_path, provisional):
    """It was refused: 'the header ... has a single column'."""
    panel = load_series(station_file(tmp_path, provisional), target="tmax")
    assert list(panel.time) == list(MONTHS)
    assert panel.target[0] == 10.0 and panel.target[-1] == 10 + (len(MONTHS) - 1) % 12
    said = [n for n in panel.notes if n.startswith("columns separated by spaces")]
    assert said == ["columns separated by spaces: read so"
                    + ("; the word after some rows as a column 'note'" if provisional else "")]
    sun = load_series(station_file(tmp_path), target="sun")
    assert sun.time[0] == MONTHS[20]  # (the rows of '---' before its first value)


def test_a_date_and_time_or_a_month_and_year_under_one_name_are_one_field(tmp_path):
    hours = pd.date_range("2024-01-01", periods=96, freq="h")
    (tmp_path / "h.txt").write_text("time value\n" + "".join(
        f"{t:%Y-%m-%d %H:%M}  {100 + i % 24}\n" for i, t in enumerate(hours)))
    panel = load_series(tmp_path / "h.txt")
    assert list(panel.time) == list(hours) and panel.target[25] == 101
    (tmp_path / "m.txt").write_text("month sales\n" + "".join(
        f"{m:%b %Y} {200 + i}\n" for i, m in enumerate(MONTHS)))
    panel = load_series(tmp_path / "m.txt")
    assert list(panel.time) == list(MONTHS) and panel.target[-1] == 200 + len(MONTHS) - 1


def test_r_write_table_s_quoted_names_and_row_numbers_are_read(tmp_path):
    days = pd.date_range("2020-01-01", periods=60, freq="D")
    (tmp_path / "r.txt").write_text('"date" "value"\n' + "".join(
        f'"{i + 1}" "{d:%Y-%m-%d}" {50 + i / 4}\n' for i, d in enumerate(days)))
    panel = load_series(tmp_path / "r.txt")
    assert list(panel.time) == list(days) and panel.target[4] == 51.0


@pytest.mark.parametrize("text", [
    "date,value\n2024-01-01,1 2\n2024-01-02,3 4\n2024-01-03,5 6\n",  # commas delimit
    "date\tvalue\n2024-01-01\t1 2\n2024-01-02\t3 4\n2024-01-03\t5 6\n",
    "We measured it in 2020 and 2021\nvalues in mm per day\nsee the site for more\n",
    "one value\n5\n6\n7\n8\n"])
def test_text_that_delimiters_separate_and_prose_are_left_as_they_are(text):
    notes: list[str] = []
    assert spaced_columns(text, notes) == text and notes == []


def test_prose_is_still_refused_as_no_table(tmp_path):
    (tmp_path / "p.txt").write_text("This is a note\nabout the data we took\n" * 3)
    with pytest.raises(InputError, match="does not look like a CSV table"):
        load_series(tmp_path / "p.txt")


@pytest.mark.parametrize("row", ["2019-05-01 7", "2019-05-01 New York 8", "2019-05-01 7 8 9"])
def test_a_row_of_values_of_another_width_is_refused_not_misread(tmp_path, row):
    """A blank cell in a table aligned by spaces, or a value with a space ('New York'), split
    into fields put the values under the wrong names, in silence (a review): such a table is
    not read as delimited, and is refused as before."""
    rows = [f"{m:%Y-%m-%d} {i} {i * 2}" for i, m in enumerate(MONTHS)]
    rows[40] = row
    (tmp_path / "w.txt").write_text("date value other\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError, match="does not look like a CSV table"):
        load_series(tmp_path / "w.txt")
    notes: list[str] = []
    text = "date sales city\n2020-01-01 1 Boston\n2020-01-02 2 Boston\n2020-01-03 3 Salt Lake\n"
    assert spaced_columns(text, notes) == text and notes == []
