"""Tables whose header names the times (``lstmcast.data.across``): World Bank, Zillow and Johns
Hopkins exports are read as a series per row, and M4's files of numbered columns as numbered
steps; a wide file whose column names merely look like years, beside a column of dates, is
not."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.cli import app
from lstmcast.errors import InputError
from lstmcast.weekdays import MONTHS

YEARS = list(range(1990, 2024))
COUNTRIES = {"Aruba": "ABW", "Germany": "DEU", "France": "FRA"}


def world_bank(tmp_path, countries=COUNTRIES, years=YEARS, name="wb.csv"):
    """The layout of a World Bank download: a preamble, quoted cells, a trailing comma, the
    first years of a country empty."""
    lines = ['"Data Source","World Development Indicators",', "",
             '"Last Updated Date","2024-06-28",', "",
             ",".join(f'"{c}"' for c in ["Country Name", "Country Code", "Indicator Name",
                                          "Indicator Code", *map(str, years)]) + ","]
    for k, (country, code) in enumerate(countries.items()):
        cells = ["" if (k == 1 and i < 3) else f"{100 * (k + 1) + i:.1f}"
                 for i in range(len(years))]
        lines.append(",".join(f'"{c}"' for c in [country, code, "GDP (current US$)",
                                                  "NY.GDP.MKTP.CD", *cells]) + ",")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_world_bank_table_is_a_yearly_series_per_country(tmp_path):
    panel = load_series(world_bank(tmp_path))
    assert (panel.time_col, panel.target_col, panel.freq) == ("Year", "value", "YS-JAN")
    assert list(panel.ids) == list(COUNTRIES)
    germany = panel.select(["Germany"])
    assert germany.time[0] == pd.Timestamp("1993-01-01")  # its first three years are empty
    np.testing.assert_array_equal(germany.target, 200 + np.arange(3, len(YEARS)))
    aruba = panel.select(["Aruba"])
    assert aruba.time[-1] == pd.Timestamp("2023-01-01") and aruba.target[-1] == 100 + 33
    assert any("times run across the header ('1990' to '2023', 34 columns)" in n
               and "left out 'Country Code', 'Indicator Name', 'Indicator Code'" in n
               for n in panel.notes)
    # one row: one series, no id
    one = load_series(world_bank(tmp_path, {"Aruba": "ABW"}, name="one.csv"))
    assert len(one) == 1 and one.time[0] == pd.Timestamp("1990-01-01")
    # newest year first, as some exports write them: the same series
    newest_first = tmp_path / "desc.csv"
    newest_first.write_text("Country," + ",".join(map(str, YEARS[::-1])) + "\nAruba,"
                            + ",".join(str(100 + i) for i in range(len(YEARS))[::-1]) + "\n")
    np.testing.assert_array_equal(load_series(newest_first).target, 100 + np.arange(len(YEARS)))


def test_a_databank_download_reads_its_year_headers_and_drops_its_footer(tmp_path):
    """DataBank writes years as '1990 [YR1990]', '..' for a gap, and two lines under the
    table after blank ones; its long layout ('Time,Time Code,Value') has the same footer."""
    footer = "\n\nData from database: World Development Indicators\nLast Updated: 06/28/2024\n"
    head = "Country Name,Country Code,Series Name,Series Code," + ",".join(
        f"{y} [YR{y}]" for y in YEARS)
    rows = "".join(f"{name},{code},GDP (current US$),NY.GDP.MKTP.CD," + ",".join(
        ".." if y == YEARS[-1] else str(1000 * k + y) for y in YEARS) + "\n"
        for k, (name, code) in enumerate(COUNTRIES.items()))
    wide = tmp_path / "databank.csv"
    wide.write_text(f"{head}\n{rows}{footer}")
    panel = load_series(wide)
    assert (panel.time_col, panel.freq, list(panel.ids)) == ("Year", "YS-JAN", list(COUNTRIES))
    assert panel.time[0] == pd.Timestamp("1990-01-01") and panel.target[0] == 1990
    assert any("dropped 2 line(s) of text under the table" in w for w in panel.warnings)
    long = tmp_path / "databank_long.csv"
    long.write_text("Country Name,Country Code,Series Name,Series Code,Time,Time Code,Value\n"
                    + "".join(f"France,FRA,GDP,NY.GDP,{y},YR{y},{1000 + y}\n" for y in YEARS)
                    + footer)
    assert load_series(long).time[-1] == pd.Timestamp(f"{YEARS[-1]}-01-01")


def test_the_column_with_a_value_per_row_names_the_series():
    """Zillow: 'RegionName' names each row; 'RegionType', 'StateName' repeat (attributes),
    'RegionID' and 'SizeRank' are numbers. Johns Hopkins: no column names each row alone
    (a province is empty, a country repeats): the two together do."""
    months = pd.date_range("2000-01-31", periods=30, freq="ME")
    header = ["RegionID", "SizeRank", "RegionName", "RegionType", "StateName",
              *(f"{m:%Y-%m-%d}" for m in months)]
    rows = [[102001, 0, "United States", "country", ""],
            [394913, 1, "New York, NY", "msa", "NY"], [753899, 2, "Los Angeles, CA", "msa", "CA"],
            [394463, 3, "Chicago, IL", "msa", "IL"]]
    text = _csv([header, *([*r, *(1000 * (k + 1) + np.arange(30))] for k, r in enumerate(rows))])
    panel = load_series(_path(text))
    assert (panel.time_col, panel.freq) == ("Date", "ME")
    assert list(panel.ids) == [r[2] for r in rows]
    np.testing.assert_array_equal(panel.select(["Chicago, IL"]).target, 4000 + np.arange(30))

    days = pd.date_range("2020-01-22", periods=20, freq="D")
    header = ["Province/State", "Country/Region", "Lat", "Long",
              *(f"{d.month}/{d.day}/{d:%y}" for d in days)]
    rows = [["", "Afghanistan", 33.9, 67.7], ["New South Wales", "Australia", -33.9, 151.2],
            ["Victoria", "Australia", -37.8, 145.0]]
    text = _csv([header, *([*r, *range(k, k + 20)] for k, r in enumerate(rows))])
    panel = load_series(_path(text, "jhu.csv"))
    assert panel.id_col == "Province/State+Country/Region" and panel.freq == "D"
    assert list(panel.ids) == ["/Afghanistan", "New South Wales/Australia", "Victoria/Australia"]
    np.testing.assert_array_equal(panel.select(["Victoria/Australia"]).target, range(2, 22))
    assert panel.time[0] == pd.Timestamp("2020-01-22")


def test_names_that_look_like_years_beside_dates_are_series_not_times():
    days = pd.date_range("2021-01-01", periods=40, freq="D")
    stores = [str(s) for s in range(1001, 1011)]
    text = _csv([["Date", *stores], *([f"{d:%Y-%m-%d}", *(i + np.arange(10))]
                                      for i, d in enumerate(days))])
    panel = load_series(_path(text, "stores.csv"), target="all")
    assert list(panel.ids) == stores and panel.time_col == "Date"
    assert not any("across the header" in n for n in panel.notes)


@pytest.mark.parametrize("time_col, cell", [
    ("fiscal_year", "{y}"), ("Unnamed: 0", "{y}"), ("ts", "{epoch}"), ("Date", "{serial}"),
])
def test_numbered_series_beside_a_time_column_of_numbers_stay_a_wide_file(time_col, cell):
    """Stores 2001..2010 beside years (any name, or pandas' unnamed index), epoch seconds or
    Excel serials: the time column is the one loading finds, as before."""
    stores = [str(s) for s in range(2001, 2011)]
    days = pd.date_range("2021-01-01", periods=30, freq="YS" if "{y}" == cell else "D")
    text = _csv([["" if time_col.startswith("Unnamed") else time_col, *stores],
                 *([cell.format(y=1990 + i, epoch=int(d.timestamp()),
                                serial=(d - pd.Timestamp("1899-12-30")).days),
                    *(i + np.arange(10))] for i, d in enumerate(days))])
    panel = load_series(_path(text), target="all")
    assert list(panel.ids) == stores and not any("across" in n for n in panel.notes)


def test_numbers_naming_rows_and_calendar_fields_beside_years():
    """FIPS codes name counties (a whole number per row); a pivot of months (rows) by years
    (columns) is one monthly series; a 'Week' of numbers or of ISO week labels is not read
    across (the labels are the time of a wide file), not years named by weeks."""
    panel = load_series(_path(_csv([["FIPS", *map(str, YEARS[:8])],
                                    ["36001", *range(8)], ["36003", *range(8)]])))
    assert panel.id_col == "FIPS" and list(panel.ids) == ["36001", "36003"]
    years = [str(y) for y in range(2019, 2025)]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    panel = load_series(_path(_csv([["Month", *years], *([m, *(100 * k + i for k in
                                                             range(6))]
                                                         for i, m in enumerate(months))]),
                              "pivot.csv"))
    assert (panel.time_col, panel.freq, len(panel)) == ("Year+Month", "MS", 1)
    np.testing.assert_array_equal(panel.target[:13], [*range(12), 100])
    with pytest.raises(InputError, match="cannot tell which column to forecast; numeric "
                       "columns: '2019'"):  # weeks numbered 1 to 52: steps, the years values
        load_series(_path(_csv([["Week", *years], *([w, *range(6)] for w in range(1, 53))]),
                          "weeks.csv"))
    labels = _csv([["Week", *years], *([f"2021-W{w:02d}", *range(6)] for w in range(1, 53))])
    panel = load_series(_path(labels, "labels.csv"), target="all")  # ISO weeks: the time
    assert (panel.time_col, panel.freq, list(panel.ids)) == ("Week", "W-MON", years)


def test_train_then_predict_gives_each_country_its_next_years(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = world_bank(tmp_path)
    result = runner.invoke(app, ["train", str(path), "--horizon", "3", "--hidden", "8",
                                 "--epochs", "2", "--quiet"])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["predict", str(path)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["Country Name", "Year", "forecast"]
    assert [r[:2] for r in rows[1:]] == [[c, str(y)] for c in COUNTRIES
                                        for y in (2024, 2025, 2026)]


_TMP: list = []


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _tmp(tmp_path):
    _TMP[:] = [tmp_path]


def _path(text: str, name: str = "table.csv"):
    path = _TMP[0] / name
    path.write_text(text)
    return path


def test_a_eurostat_tsv_with_flags_newest_month_first():
    """'unit,geo\\time' names the rows (a key of dimensions), the months run newest first,
    '124.71 p' is provisional 124.71 and ': c' a confidential, missing value."""
    months = pd.date_range("2020-01-01", periods=24, freq="MS")[::-1]
    header = "unit,geo\\time\t" + "\t".join(f"{m:%YM%m} " for m in months)
    rows = [f"I15,{geo}\t" + "\t".join((": c" if (geo, i) == ("BE", 5) else
                                         f"{100 + k + i / 10:.2f} {'p' if i == 0 else ''}")
                                        for i in range(24))
            for k, geo in enumerate(("AT", "BE"))]
    panel = load_series(_path(header + "\n" + "\n".join(rows) + "\n", "prc.tsv"))
    assert list(panel.ids) == ["I15,AT", "I15,BE"] and panel.freq == "MS"
    at = panel.select(["I15,AT"])
    assert at.time[-1] == pd.Timestamp("2021-12-01") and at.target[-1] == 100.0
    assert np.isclose(at.target[0], 102.3)
    be = panel.select(["I15,BE"])
    assert be.filled is not None and be.filled.sum() == 1




def test_an_imf_table_s_status_rows_are_flags_of_its_value_rows(tmp_path):
    """The IMF's layout: an 'Attribute' column of 'Value' and 'Status' rows per series, a
    status 'P' (provisional) in some months; it was refused ("column 'value' has text 'P'")."""
    months = pd.date_range("2018-01-01", periods=24, freq="MS")
    lines = [",".join(f'"{c}"' for c in ["Country Name", "Country Code", "Indicator Name",
                                          "Indicator Code", "Attribute",
                                          *(f"{m.year}M{m.month}" for m in months)]) + ","]
    for k, (country, code) in enumerate((("United Kingdom", "112"), ("Japan", "158"))):
        lead = [country, code, "Exchange Rates, Period Average", "ENDA_XDC_USD_RATE"]
        lines += [",".join(f'"{c}"' for c in [*lead, "Value", *(
                      f"{(k + 1) * (0.7 + i / 100):.6f}" for i in range(24))]) + ",",
                  ",".join(f'"{c}"' for c in [*lead, "Status", *(
                      "P" if i % 7 == 0 else "" for i in range(24))]) + ","]
    (tmp_path / "ifs.csv").write_text("\n".join(lines) + "\n")
    panel = load_series(tmp_path / "ifs.csv")
    assert list(panel.ids) == ["United Kingdom", "Japan"] and panel.freq == "MS"
    japan = panel.select(["Japan"])
    assert japan.time[-1] == months[-1] and japan.target[-1] == pytest.approx(2 * 0.93)
    assert any("left out the rows of 'Attribute' 'Status'" in n for n in panel.notes)
    # rows of numbers are series, whatever their attribute: a trade table's (a review's)
    trade = "Reporter,Attribute," + ",".join(map(str, YEARS)) + "\n" + "".join(
        f"Chile,{a}," + ",".join(str(k + i) for i in range(len(YEARS))) + "\n"
        for k, a in ((1000, "Value"), (51, "Quantity"), (22, "Unit value")))
    (tmp_path / "trade.csv").write_text(trade)
    assert load_series(tmp_path / "trade.csv").ids == ("Value", "Quantity", "Unit value")


def m4_file(tmp_path, lengths=(30, 45, 38), header=None, name="m4.csv"):
    """M4's layout: 'V1' the series' names, then 'V2', 'V3', ... their values, each row as
    long as its series, its other cells empty."""
    width = max(lengths)
    header = header or ["V1", *(f"V{k}" for k in range(2, width + 2))]
    lines = [",".join(f'"{h}"' for h in header)]
    for s, n in enumerate(lengths):
        values = [f'"{100 * (s + 1) + 10 * np.sin(t / 3):.1f}"' for t in range(n)]
        lines.append(",".join([f'"H{s + 1}"', *values, *([""] * (width - n))]))
    (tmp_path / name).write_text("\n".join(lines) + "\n")
    return tmp_path / name


def test_m4s_file_is_a_series_per_row_of_numbered_steps(tmp_path):
    panel = load_series(m4_file(tmp_path))
    assert (panel.id_col, panel.ids, panel.lengths.tolist()) == ("V1", ("H1", "H2", "H3"),
                                                                 [30, 45, 38])
    assert panel.date_format == "numbered steps"
    second = panel.series(1)
    assert [t.value for t in second.time[[0, -1]]] == [1, 45]  # 'V2' is step 1
    assert second.target[0] == 200.0
    assert any("steps numbered across the header ('V2' to 'V46'" in n for n in panel.notes)


@pytest.mark.parametrize("header", [
    ["V1", *(f"V{k}" for k in (2, 3, 5, 6, 7, 8, 9, 10, 11) + tuple(range(12, 48)))],  # a gap
    ["V1", *(f"{p}{k}" for k in range(2, 47) for p in "V")][:23] +  # two prefixes
    [f"W{k}" for k in range(24, 47)]])
def test_columns_numbered_otherwise_are_no_steps(tmp_path, header):
    with pytest.raises(InputError):
        load_series(m4_file(tmp_path, header=header))


def test_a_year_per_row_and_its_months_across_is_one_monthly_series():
    """BLS's, NOAA's and GISS's tables: 'Year,Jan,...,Dec' and an annual mean (GISS: seasons'
    means, and '***' for the months to come). Before: 'cannot tell which column to forecast',
    and --target all gave 12 yearly series. A pivot of months by only 3 years is read too."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [["Year", *months, "Annual"]] + [
        [str(y), *(f"{10 * k + i}" for i in range(12)), "x"] for k, y in enumerate((2021, 2022))]
    rows.append(["2023", "20", "21", "22", *["***"] * 9, "***"])
    panel = load_series(_path(_csv(rows), "bls.csv"))
    assert (panel.time_col, panel.freq, len(panel)) == ("Year+Month", "MS", 1)
    assert panel.time[0] == pd.Timestamp("2021-01-01") and panel.time[-1] == pd.Timestamp(
        "2023-03-01")
    np.testing.assert_array_equal(panel.target, [*range(12), *range(10, 22), 20, 21, 22])
    assert any("a year per row, its months across the header ('Jan' to 'Dec'); left out "
               "'Annual'" in n for n in panel.notes)
    pivot = _csv([["Month", "2021", "2022", "2023"], *([m, i, 100 + i, 200 + i]
                                                       for i, m in enumerate(months))])
    panel = load_series(_path(pivot, "pivot3.csv"))
    assert (panel.time_col, panel.freq, len(panel.target)) == ("Year+Month", "MS", 36)
    np.testing.assert_array_equal(panel.target[11:14], [11, 100, 101])


@pytest.mark.parametrize("ending", [True, False])
def test_a_day_per_row_and_its_half_hours_across_is_one_half_hourly_series(ending):
    """A smart meter's 'Date,00:30,...,24:00' (each label its period's end: read as the start)
    or 'Date,00:00,...,23:30'. Before: refused, or --target all gave 48 daily series."""
    labels = [f"{(k + ending) // 2:02d}:{30 * ((k + ending) % 2):02d}" for k in range(48)]
    days = pd.date_range("2024-01-28", periods=5, freq="D")  # day-first: 28/01/2024 on
    rows = [["Date", *labels]] + [[f"{d:%d/%m/%Y}", *(f"{i}.{k:02d}" for k in range(48))]
                                  for i, d in enumerate(days, start=1)]
    panel = load_series(_path(_csv(rows), "meter.csv"))
    assert (panel.time_col, panel.freq, len(panel.target)) == ("Date+Time", "30min", 240)
    assert list(panel.time) == list(pd.date_range("2024-01-28", periods=240, freq="30min"))
    np.testing.assert_array_equal(panel.target[46:50], [1.46, 1.47, 2.0, 2.01])
    half = _csv([["Date", *labels[:47]]] + [r[:48] for r in rows[1:]])  # a slot short: not
    with pytest.raises(InputError):
        load_series(_path(half, "half.csv"))


def test_months_across_with_a_series_per_station_and_no_year_column_no_reading():
    """A station's name before the year makes a series per station; four-digit store numbers
    before the months are no years (before: one monthly series of the years 2101..2106)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [["Station", "Year", *months]] + [[st, str(y), *(f"{k}.{i}" for i in range(12))]
                                             for k, st in enumerate(("Oslo", "Bergen"))
                                             for y in (2021, 2022)]
    panel = load_series(_path(_csv(rows), "stations.csv"))
    assert (panel.id_col, list(panel.ids), panel.freq) == ("Station", ["Oslo", "Bergen"], "MS")
    assert len(panel.target) == 48 and panel.target[12] == 0.0  # Oslo's 2022 starts over
    stores = [["Store", *months]] + [[str(2101 + k), *range(12)] for k in range(6)]
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(_path(_csv(stores), "stores.csv"))


def test_times_of_day_across_with_a_series_per_meter():
    labels = [f"{h:02d}:00" for h in range(24)]
    days = pd.date_range("2024-01-28", periods=4, freq="D")
    rows = [["Meter", "Date", *labels]] + [[m, f"{d:%Y-%m-%d}", *range(24)]
                                          for m in ("M-A", "M-B") for d in days]
    panel = load_series(_path(_csv(rows), "meters.csv"))
    assert (panel.id_col, list(panel.ids), panel.freq) == ("Meter", ["M-A", "M-B"], "h")
    assert len(panel.target) == 2 * 96 and panel.time[-1] == pd.Timestamp("2024-01-31 23:00")


def test_a_day_s_total_beside_its_hours_across_is_left_out_not_an_id():
    labels = [f"{h:02d}:00" for h in range(24)]
    days = pd.date_range("2024-01-28", periods=4, freq="D")
    rows = [["Date", *labels, "Total"]] + [[f"{d:%Y-%m-%d}", *range(24), 276 + i]
                                           for i, d in enumerate(days)]
    panel = load_series(_path(_csv(rows), "total.csv"))
    assert (panel.layout, panel.freq, len(panel.target)) == ("single", "h", 96)
    assert any("left out 'Total'" in n for n in panel.notes)


def test_hours_ending_across_as_grid_operators_and_german_months_across():
    days = pd.date_range("2024-01-28", periods=4, freq="D")
    rows = [["Date", *(f"HE{h}" for h in range(1, 25))]] + [[f"{d:%Y-%m-%d}", *range(24)]
                                                              for d in days]
    panel = load_series(_path(_csv(rows), "ercot.csv"))  # ERCOT's, PJM's hour ending 1..24
    assert (panel.freq, len(panel.target), panel.time[0]) == ("h", 96, days[0])
    monate = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
    rows = [["Jahr", *monate]] + [[str(y), *range(12)] for y in (2022, 2023)]
    panel = load_series(_path(_csv(rows), "monate.csv"))
    assert (panel.freq, len(panel.target), panel.time[-1]) == ("MS", 24, pd.Timestamp("2023-12-01"))


def test_financial_years_with_their_months_across_from_april():
    # a UK financial year per row ('2012-13'), its months April to March across: January to
    # March are the next calendar year's
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    rows = [["Year", *months]] + [[f"{y}-{(y + 1) % 100:02d}", *range(12 * k, 12 * k + 12)]
                                  for k, y in enumerate((2012, 2013))]
    panel = load_series(_path(_csv(rows), "fy.csv"))
    assert (panel.freq, len(panel.target)) == ("MS", 24)
    assert panel.time[0] == pd.Timestamp("2012-04-01") and panel.time[9] == pd.Timestamp(
        "2013-01-01") and panel.time[-1] == pd.Timestamp("2014-03-01")
    np.testing.assert_array_equal(panel.target, range(24))
    calendar = [["Year", *months]] + [["2012", *range(12)], ["2013", *range(12)]]
    with pytest.raises(InputError):  # April-first months under calendar years: which year?
        load_series(_path(_csv(calendar), "ambiguous.csv"))


def test_a_quickbooks_profit_and_loss_reads_its_months_written_in_words(tmp_path):
    """QuickBooks: a title above, '"","Jan 2021",...,"Dec 2023","Total"', headings without
    values ('Cost of Goods Sold' above the account of that name): a monthly series per
    account, its total left out. Xero's '31 Dec 23' newest first reads too."""
    from lstmcast.data import load_panel

    months = pd.date_range("2021-01-01", periods=36, freq="MS")
    accounts = {"Landscaping Services": 20_000, "Cost of Goods Sold": 7_000, "Rent": 2_000}
    lines = ['"Acme LLC"', '"Profit and Loss"', "",
             ",".join(['""', *(f'"{m:%b %Y}"' for m in months), '"Total"'])]
    for account, level in accounts.items():
        if account == "Cost of Goods Sold":
            lines.append(",".join([f'"{account}"', *['""'] * 37]))  # its heading
        cells = [f'"{level + 37 * i:,.2f}"' for i in range(36)]
        lines.append(",".join([f'"   {account}"', *cells, f'"{36 * level:,.2f}"']))
    (tmp_path / "pnl.csv").write_text("\n".join(lines) + "\n")
    panel = load_panel(tmp_path / "pnl.csv")
    assert list(panel.ids) == list(accounts) and panel.freq == "MS"
    assert panel.time[0] == months[0] and panel.target[1] == 20_037.0
    xero = ["Account," + ",".join(f"{m + pd.offsets.MonthEnd(0):%d %b %y}" for m in months[::-1]),
            "Sales," + ",".join(str(100 + i) for i in range(36)[::-1])]
    (tmp_path / "xero.csv").write_text("\n".join(xero) + "\n")
    s = load_series(tmp_path / "xero.csv")
    assert s.freq.startswith("ME") and s.target[0] == 100
    assert s.time[-1] == pd.Timestamp("2023-12-31")


def test_m5_s_days_numbered_across_after_its_item_columns_are_steps(tmp_path):
    """M5's sales: 'id,item_id,...,state_id,d_1,...,d_N', a row per item: a series per row
    named by its first column, its item's other columns left out, said (before: refused
    with 'no column holds dates')."""
    from lstmcast.data import load_panel

    days = [f"d_{k}" for k in range(1, 61)]
    rows = [",".join([f"HOBBIES_1_00{i}_CA_1", f"HOBBIES_1_00{i}", "HOBBIES", "CA_1",
                      *(str((k * (i + 1)) % 4) for k in range(60))]) for i in range(3)]
    (tmp_path / "m5.csv").write_text(",".join(["id", "item_id", "cat_id", "store_id", *days])
                                     + "\n" + "\n".join(rows) + "\n")
    panel = load_panel(tmp_path / "m5.csv")
    assert list(panel.ids) == [f"HOBBIES_1_00{i}_CA_1" for i in range(3)]
    assert len(panel.time) == 180 and panel.target[1] == 1.0
    assert any("left out 'item_id', 'cat_id', 'store_id'" in n for n in panel.notes)


def test_china_s_nbs_months_across_the_header_are_a_series_per_row(tmp_path):
    """The NBS writes its months '2021年1月' across the header (refused: no column of dates);
    the same months in a column were read already."""
    months = pd.date_range("2021-01-01", periods=24, freq="MS")
    path = tmp_path / "nbs.csv"
    path.write_text("指标," + ",".join(f"{m.year}年{m.month}月" for m in months) + "\n"
                    + "居民消费价格指数," + ",".join(f"{101 + i / 10:.1f}" for i in range(24))
                    + "\n" + "工业生产者出厂价格指数," + ",".join(
                        f"{100 - i / 10:.1f}" for i in range(24)) + "\n")
    panel = load_series(path)
    assert panel.ids == ("居民消费价格指数", "工业生产者出厂价格指数") and panel.freq == "MS"
    assert list(panel.select(["居民消费价格指数"]).time) == list(months)


def test_periods_marked_provisional_in_the_header_are_their_periods(tmp_path):
    """KOSIS marks its newest months '2023.10 p)': they were left out as no time, and the
    'forecast' covered months the file already held."""
    months = pd.date_range("2019-01-01", "2023-12-01", freq="MS")
    labels = [f"{m:%Y.%m}" + (" p)" if m.year == 2023 and m.month >= 10 else "") for m in months]
    path = tmp_path / "kosis.csv"
    path.write_text("Region,Item," + ",".join(labels) + "\n" + "".join(
        f"{region},CPI," + ",".join(f"{100 + i / 10:.2f}" for i in range(len(months))) + "\n"
        for region in ("Seoul", "Busan")))
    panel = load_series(path)
    assert panel.time.max() == pd.Timestamp("2023-12-01") and len(panel.time) == 2 * len(months)
    assert any(n.startswith("3 period(s) marked provisional in the header") for n
               in panel.notes)
    years = tmp_path / "years.csv"  # '2024*' may be a projection; '2023 p)' beside '2023'
    years.write_text("Region," + ",".join(map(str, range(2015, 2024))) + ",2023 p),2024*\n"
                     + "".join(f"{r}," + ",".join(str(100 + k) for k in range(11)) + "\n"
                               for r in ("North", "South")))
    assert load_series(years).time.max() == pd.Timestamp("2023-01-01")  # left out, as before


def test_a_statement_s_years_across_under_a_label_named_year_are_read(tmp_path, runner):
    """'Year,2023,2022,...' over 'Revenue,...', 'Net Income,...': refused ('Year' holds
    'Revenue', no date), where the same table under 'Metric' was read; predict reads it too."""
    years = list(range(2023, 2011, -1))
    rows = {"Revenue": 100000, "Net Income": 20000, "EPS (Diluted)": 1.33}
    path = tmp_path / "fin.csv"
    path.write_text("Year," + ",".join(map(str, years)) + "\n" + "".join(
        f"{name}," + ",".join(f"{base * (1 + 0.08 * (y - 2012)):.2f}" for y in years) + "\n"
        for name, base in rows.items()))
    s = load_series(path)
    assert (s.id_col, s.time_col, s.freq) == ("series", "Period", "YS-JAN")
    assert s.ids == tuple(rows) and s.time[-1] == pd.Timestamp("2023-01-01")
    model = str(tmp_path / "fin.lstmcast")
    trained = runner.invoke(app, ["train", str(path), "--horizon", "2", "--epochs", "1",
                                  "--hidden", "4", "-q", "--out", model])
    assert trained.exit_code == 0, trained.stderr
    done = runner.invoke(app, ["predict", str(path), "--model", model])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("Revenue,2024,")


def test_a_label_named_year_over_months_or_quarters_names_no_series(tmp_path):
    """A review's: 'Year,2015,...,2023' over 'Jan'..'Dec' became 12 yearly series (a pivot's
    calendar under a 'Year' corner); it is read as before."""
    years = list(range(2015, 2024))
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    path = tmp_path / "pivot.csv"
    path.write_text("Year," + ",".join(map(str, years)) + "\n" + "".join(
        f"{m}," + ",".join(str(100 + k) for k in range(len(years))) + "\n" for m in months))
    try:
        panel = load_series(path)
    except InputError:
        return  # refused, as before
    assert panel.id_col != "series"


@pytest.mark.parametrize("corner, year", [("YEAR", "{y}.0"), ('""', '"{y}"')])
def test_years_as_floats_or_as_r_s_row_names_hold_their_months_across(tmp_path, corner, year):
    """statsmodels' elnino ('1950.0') and R's write.csv of a year-by-month matrix (the years its
    row names, under an empty name) were refused, and --target all made 12 yearly series."""
    years = range(1990, 2000)
    text = corner + "," + ",".join(m.title() for m in MONTHS) + "\n" + "".join(
        year.format(y=y) + "," + ",".join(str(100 + 12 * k + m) for m in range(12)) + "\n"
        for k, y in enumerate(years))
    (tmp_path / "m.csv").write_text(text)
    panel = load_series(tmp_path / "m.csv")
    assert panel.freq == "MS" and len(panel.time) == 120
    assert panel.time[-1] == pd.Timestamp("1999-12-01") and panel.target[-1] == 100 + 119
