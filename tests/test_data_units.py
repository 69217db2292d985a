"""The units a column's cells write: a percent sign some of them leave out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.data.units import mixed_percent


def told(cells: list[str]) -> list[str]:
    said: list[str] = []
    col = pd.Series(cells, index=range(len(cells)))
    unread = np.array([c in ("", "0") for c in cells])
    mixed_percent("Change", col, unread, said.append)
    return said


def test_numbers_that_leave_out_the_percent_sign_the_others_write_are_told():
    said = told(["1.80%", "4.92%", "", "-6.27%", "-0.0511", "0.1417"])
    assert len(said) == 1 and "after 3 value(s) but not after 2" in said[0]
    assert "'-0.0511', line 6" in said[0] and "all read as percent" in said[0]


@pytest.mark.parametrize("cells", [["1.8%", "4.9%", "0"], ["1.8", "4.9"], ["1.8%", "-2%"]])
def test_a_column_that_writes_its_sign_alike_or_a_bare_zero_is_not_told(cells):
    assert told(cells) == []


def test_rows_appended_without_the_sign_are_told_as_the_file_loads(tmp_path):
    """A user round: daily changes written '-6.27%', then two rows a job appended as
    fractions: read as -0.0511 % in silence, and the forecast moved."""
    days = pd.bdate_range("2024-01-01", periods=60)
    cells = [f"{v:.2f}%" for v in np.sin(np.arange(1, 59))] + ["-0.0511", "0.1417"]
    path = tmp_path / "pct.csv"
    path.write_text("DATE,Change\n" + "".join(f"{d:%Y-%m-%d},{c}\n" for d, c in
                                                zip(days, cells, strict=True)))
    s = load_series(path)
    assert s.target[-1] == pytest.approx(0.1417)  # as written: the warning is the remedy
    assert any("writes a percent sign after 58 value(s) but not after 2" in w
               for w in s.warnings)
