"""Rows that total others (``lstmcast.data.totals``): dropped with a warning, never read as
values, nor refused for their empty date."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import load_series

from lstmcast.errors import InputError


def erp_export(path, subtotal: str = "Subtotal") -> pd.DatetimeIndex:
    """An ERP's daily amounts with a row after each month, its date empty, naming the
    month's subtotal beside its sum, and a grand total last; the days, as written."""
    days = pd.bdate_range("2023-01-02", "2023-06-30")
    lines = ["Posting Date,Customer Group,Net Amount"]
    for month, group in pd.Series(range(len(days)), index=days).groupby(days.to_period("M")):
        lines += [f"{d:%m/%d/%Y},All,\"{1000 + i:,.2f}\"" for d, i in group.items()]
        lines.append(f",{subtotal} {month:%B %Y},\"{sum(1000 + i for i in group):,.2f}\"")
    lines.append(f",Grand Total,\"{sum(1000 + i for i in range(len(days))):,.2f}\"")
    path.write_text("\n".join(lines) + "\n")
    return days


def test_undated_subtotals_are_dropped_with_a_warning(tmp_path):
    days = erp_export(tmp_path / "erp.csv")
    panel = load_series(tmp_path / "erp.csv")
    assert panel.time.equals(days) and panel.target.max() < 1200
    assert any("dropped 6 row(s) without a date in 'Posting Date' that name a total "
               "('Subtotal January 2023'" in w for w in panel.warnings)


def test_subtotals_beside_dates_by_month_name_and_summing_several_columns(tmp_path):
    """'02-Jan-2023' dates, and a subtotal of quantity, net and gross (a review: refused)."""
    days = pd.bdate_range("2023-01-02", "2023-03-31")
    lines = ["Date,Customer,Qty,Net,Gross"]
    for month, group in pd.Series(range(len(days)), index=days).groupby(days.to_period("M")):
        lines += [f"{d:%d-%b-%Y},All,{i % 5 + 1},{100 + i},{120 + i}" for d, i in group.items()]
        lines.append(f",Subtotal {month:%B},{sum(i % 5 + 1 for i in group)},"
                     f"{sum(100 + i for i in group)},{sum(120 + i for i in group)}")
    (tmp_path / "erp.csv").write_text("\n".join(lines) + "\n")
    panel = load_series(tmp_path / "erp.csv", target="Net")
    assert panel.time.equals(days) and panel.target.max() < 200


def test_an_undated_row_that_names_no_total_is_still_refused(tmp_path):
    erp_export(tmp_path / "erp.csv", subtotal="Carried over")
    with pytest.raises(InputError, match="time column 'Posting Date' is empty at row"):
        load_series(tmp_path / "erp.csv")


def test_an_index_named_total_return_keeps_its_rows_without_an_open(tmp_path):
    """Opens of 1,800 to 2,100 are no dates, and a row of an 'S&P 500 Total Return' that lacks
    its open writes its date and close: none dropped (a review: 3 closes were)."""
    days = pd.bdate_range("2014-06-02", periods=300)
    rows = [f"{name},{d:%Y-%m-%d},{'' if i in (100, 150) else f'{level + i / 10 - 1:.2f}'},"
            f"{level + i / 10:.2f}" for name, level in (("S&P 500", 1950.0),
                                                       ("S&P 500 Total Return", 1990.0))
            for i, d in enumerate(days)]
    (tmp_path / "indexes.csv").write_text("index,date,open,close\n" + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "indexes.csv", target="close")
    assert panel.lengths.tolist() == [300, 300] and not panel.warnings
