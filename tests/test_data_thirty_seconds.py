"""Prices in 32nds (``lstmcast.data.thirty_seconds``): Treasury futures' '114'125' is 114 and
12.5 32nds, not the Swiss thousands group it looks like."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.data.numbers import to_numbers
from lstmcast.data.thirty_seconds import in_32nds


def quote(price: float) -> str:
    """CME's form: whole points, an apostrophe, 32nds and a digit for the quarter 32nds."""
    whole, ticks = divmod(price * 32, 32)
    return f"{int(whole)}'{int(ticks):02d}{'0257'[int(round(ticks % 1 * 4))]}"


def test_a_treasury_futures_file_is_read_in_32nds_and_said(tmp_path):
    """It was read as 109285 (a Swiss thousands group) without a word: 1000 times the price."""
    days = pd.bdate_range("2023-07-17", periods=60)
    prices = 109 + np.arange(60) * 0.078125 % 3  # steps of 2.5 32nds
    path = tmp_path / "zn.csv"
    path.write_text("Date,Last,Volume\n" + "".join(
        f"{d:%m/%d/%Y},{quote(p)},{1500000 + i}\n" for i, (d, p) in enumerate(zip(days, prices,
                                                                        strict=True))))
    s = load_series(path)
    np.testing.assert_allclose(s.target, prices)
    assert any("column 'Last' writes prices in 32nds, as Treasuries are quoted (\"109'000\" is "
               "109): read so" in w for w in s.warnings)


@pytest.mark.parametrize(("cells", "values"), [
    (["106'24", "106-23+", "107", "106-08"], [106.75, 106 + 23.5 / 32, 107, 106.25]),
    (["1'234", "2'345.50", "12'000"], [1234, 2345.5, 12000]),  # Swiss thousands
    (["1'000", "1'020", "1'055", "1'100"], [1000, 1020, 1055, 1100]),  # too few to tell: Swiss
    ([f"112'{t:02d}0" for t in range(10)], [112000 + 10 * t for t in range(10)]),  # unnamed
])
def test_32nds_beside_swiss_thousands(cells, values):
    np.testing.assert_allclose(to_numbers("f.csv", "c", pd.Series(cells)), values)
    if len(cells) == 10:  # the same quotes under a price's name are 32nds
        np.testing.assert_allclose(to_numbers("f.csv", "Settle", pd.Series(cells)),
                                   [112 + t / 32 for t in range(10)])


@pytest.mark.parametrize("name", ["Betrag CHF", "Close"])
def test_swiss_amounts_that_fit_the_form_of_32nds_are_thousands(name):
    """'1'150' to '1'170' in steps of 5 francs: read as 1.46875, '32nds', beside 'Betrag CHF'
    (a helper's find); a price of one point and some 32nds is no Treasury's either."""
    cells = pd.Series([f"1'{v:03d}" for v in range(95, 175, 5)])
    np.testing.assert_allclose(to_numbers("f.csv", name, cells), range(1095, 1175, 5))


def test_one_cell_that_is_no_quote_leaves_the_column_as_it_was():
    assert in_32nds({"106'24", "106'25", "1'234.5"}) == {}
    assert in_32nds({"106", "107"}) == {}  # whole points alone: plain numbers
    # months and bands of ages are dashed too: a half 32nd ('+') shows a dashed quote
    assert in_32nds({f"2023-{m:02d}" for m in range(1, 13)}) == {}
    assert in_32nds({"10-14", "15-19", "20-24", "25-29"}) == {}


def test_round_swiss_prices_and_feet_and_inches_are_no_32nds():
    """A review's: 'Median Price' of '110'000' to '180'000' read as 110 to 180, a 'Height' of
    '5'06' as 5.1875."""
    prices = pd.Series([f"{k}'000" for k in range(110, 190, 10)])
    np.testing.assert_allclose(to_numbers("f.csv", "Median Price", prices),
                               [1000 * k for k in range(110, 190, 10)])
    assert in_32nds({"5'06", "5'11", "6'01"}, priced=True) == {}
    assert in_32nds({"1'27", "1'31"}) == {}  # a lap's time
