"""A time written over two columns (``lstmcast.data.joined``): dates with times of day, or with
whole hours, are one hourly time; without that, 24 rows a day read as 24 daily series (the
time-of-day column taken for an id) or as duplicated dates."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.cli import app
from lstmcast.data.joined import packed_clock
from lstmcast.errors import InputError

HOURS = pd.date_range("2022-01-01", periods=10 * 24, freq="h")
LOAD = 50 + 5 * np.sin(2 * np.pi * np.arange(len(HOURS)) / 24)


def write(tmp_path, header: str, cells, name: str = "meter.csv"):
    path = tmp_path / name
    path.write_text(header + "\n" + "".join(
        f"{t.strftime('%Y-%m-%d')},{c},{v:.2f}\n" for t, c, v in zip(HOURS, cells, LOAD,
                                                                      strict=True)))
    return path


@pytest.mark.parametrize("header, cells, why", [
    ("Date,Time,Load", [t.strftime("%H:%M") for t in HOURS], "times of day in 'Time'"),
    ("Date,Time,Load", [t.strftime("%I:%M %p") for t in HOURS], "times of day in 'Time'"),
    ("Date,Time,Load", [t.strftime("%H:%M:%S") for t in HOURS], "times of day in 'Time'"),
    ("Date,Hour,Load", [t.hour for t in HOURS], "hours in 'Hour'"),
    ("Date,HE,Load", [t.hour + 1 for t in HOURS], "hours ending in 'HE'"),
    ("Date,Hour Ending,Load", [f"{t.hour + 1:02d}:00" for t in HOURS],  # ERCOT, to 24:00
     "hours ending in 'Hour Ending'"),
])
def test_dates_and_times_of_day_make_one_hourly_time(tmp_path, header, cells, why):
    s = load_series(write(tmp_path, header, cells))
    assert s.time_col == header.split(",")[0] + "+" + header.split(",")[1]
    assert s.freq == "h" and len(s.time) == len(HOURS)
    assert list(s.time) == list(HOURS)
    np.testing.assert_allclose(s.values[:, 0], np.round(LOAD, 2))
    assert any(why in n for n in s.notes)


@pytest.mark.parametrize("header", ["date,hour,Load", "Date,Heure,Load"])
def test_half_hours_under_a_column_named_hour_are_times_of_day_not_series(tmp_path, header):
    # 'hour' of '00:30': read as 48 daily series, one per time of day, before
    halves = pd.date_range("2022-01-01", periods=10 * 48, freq="30min")
    path = tmp_path / "halves.csv"
    path.write_text(header + "\n" + "".join(f"{t:%Y-%m-%d},{t:%H:%M},{i % 48}\n"
                                            for i, t in enumerate(halves)))
    s = load_series(path)
    assert s.layout == "single" and s.freq == "30min" and list(s.time) == list(halves)
    assert s.values[:, 0].tolist() == [i % 48 for i in range(len(halves))]
    assert any(f"times of day in {header.split(',')[1]!r}" in n for n in s.notes)


def test_an_interval_s_start_and_end_take_the_start(tmp_path):
    # Green Button's and German smart meters' exports: DATE,START TIME,END TIME,USAGE
    ends = [(t + pd.Timedelta(minutes=59)).strftime("%H:%M") for t in HOURS]
    path = tmp_path / "usage.csv"
    path.write_text("TYPE,DATE,START TIME,END TIME,USAGE (kWh),COST\n" + "".join(
        f"Electric usage,{t:%Y-%m-%d},{t:%H:%M},{e},{v:.2f},${v / 10:.2f}\n"
        for t, e, v in zip(HOURS, ends, LOAD, strict=True)))
    s = load_series(path)
    assert s.time_col == "DATE+START TIME" and list(s.time) == list(HOURS) and s.freq == "h"
    assert s.target_col == "USAGE (kWh)"


def test_numbered_settlement_periods_are_half_hours_across_the_clock_changes(tmp_path):
    """Britain's demand data: SETTLEMENT_DATE and SETTLEMENT_PERIOD 1..48, 46 on the day the
    clocks go forward (no 01:00-01:59) and 50 on the day they go back (01:00-01:59 twice,
    averaged). The file's last day, cut short at period 30, is only cut short."""
    days = pd.date_range("2019-03-29", "2019-10-29")
    periods = {pd.Timestamp("2019-03-31"): 46, pd.Timestamp("2019-10-27"): 50,
               days[-1]: 30}
    rows = [(d, p) for d in days for p in range(1, periods.get(d, 48) + 1)]
    path = tmp_path / "demand.csv"
    path.write_text("SETTLEMENT_DATE,SETTLEMENT_PERIOD,ND,TSD,ENGLAND_WALES_DEMAND\n" + "".join(
        f"{d:%d-%b-%Y},{p},{20000 + 10 * p},{21000 + p},{18000 + p}\n" for d, p in rows))
    s = load_series(path)
    assert s.time_col == "SETTLEMENT_DATE+SETTLEMENT_PERIOD" and s.freq == "30min"
    assert s.target_col == "ND"  # the national demand, not England and Wales
    at = dict(zip(s.time, s.target, strict=True))
    assert at[pd.Timestamp("2019-03-30 23:30")] == 20000 + 480
    assert at[pd.Timestamp("2019-03-31 02:00")] == 20000 + 30  # period 3, an hour on
    assert at[pd.Timestamp("2019-03-31 23:30")] == 20000 + 460
    assert at[pd.Timestamp("2019-10-27 01:00")] == 20000 + (30 + 50) / 2  # periods 3 and 5
    assert at[pd.Timestamp("2019-10-27 02:00")] == 20000 + 70
    assert at[pd.Timestamp("2019-10-27 23:30")] == 20000 + 500
    assert s.time[-1] == pd.Timestamp("2019-10-29 14:30")
    assert any("48 periods a day in 'SETTLEMENT_PERIOD'" in n for n in s.notes)


@pytest.mark.parametrize(("last_day", "periods", "last_time"), [
    ("2024-03-31", 46, "2024-03-31 23:30"), ("2024-03-31", 20, "2024-03-31 10:30"),
    ("2023-10-29", 50, "2023-10-29 23:30"), ("2023-10-29", 30, "2023-10-29 13:30")])
def test_a_file_that_ends_on_the_day_the_clocks_change_ends_at_its_right_time(
        tmp_path, last_day, periods, last_time):
    """NESO's demand data cut to end on the spring day of 46 periods, whole or cut short: its
    periods after 01:00 are an hour on, as the day's are inside a file (the forecasts began
    at 23:00, a time the data held); and the autumn day of 50, cut short, an hour back."""
    days = pd.date_range(pd.Timestamp(last_day) - pd.Timedelta(days=6), last_day)
    rows = [(d, p) for d in days for p in range(1, (periods if d == days[-1] else 48) + 1)]
    path = tmp_path / "demand.csv"
    path.write_text("SETTLEMENT_DATE,SETTLEMENT_PERIOD,ND\n" + "".join(
        f"{d:%Y-%m-%d},{p},{20000 + 10 * p}\n" for d, p in rows))
    s = load_series(path)
    assert s.freq == "30min" and s.time[-1] == pd.Timestamp(last_time)
    assert dict(zip(s.time, s.target, strict=True))[s.time[-1]] == 20000 + 10 * periods
    meter = tmp_path / "meter.csv"  # a British meter's 'HH' (half-hour) too
    meter.write_text(path.read_text().replace("SETTLEMENT_DATE,SETTLEMENT_PERIOD", "Date,HH"))
    assert load_series(meter).time[-1] == pd.Timestamp(last_time)


def test_new_zealands_trading_periods_keep_their_own_clock(tmp_path):
    """Britain's clock-change days are no days of New Zealand's trading periods: a file that
    ends on one (27 October 2024) is only cut short at period 20."""
    days = pd.date_range("2024-10-13", "2024-10-27")
    rows = [(d, p) for d in days for p in range(1, (20 if d == days[-1] else 48) + 1)]
    path = tmp_path / "nz.csv"
    path.write_text("Date,Trading Period,Price\n" + "".join(
        f"{d:%Y-%m-%d},{p},{50 + p}\n" for d, p in rows))
    s = load_series(path)
    assert s.time[-1] == pd.Timestamp("2024-10-27 09:30") and len(s.time) == 14 * 48 + 20


def test_a_constant_time_of_day_leaves_a_daily_file_daily(tmp_path):
    days = pd.date_range("2022-01-01", periods=40, freq="D")
    path = tmp_path / "daily.csv"
    path.write_text("Date,Time,Close\n" + "".join(
        f"{d:%Y-%m-%d},16:00,{100 + i}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.time_col, s.freq) == ("Date", "D")


@pytest.mark.parametrize("header, cell, what", [
    ("Date,Time,Load", "13:00 PM", "not a time of day"),
    ("Date,Time,Load", "12:75", "not a time of day"),
])
def test_a_cell_that_is_no_time_of_day_is_an_error_naming_it(tmp_path, header, cell, what):
    first = [t.strftime("%H:%M") if "Time" in header else t.hour for t in HOURS]
    path = write(tmp_path, header, [cell, *first[1:]])
    with pytest.raises(InputError, match=f"'{cell}' at row 1 .*{what}"):
        load_series(path)


def test_train_and_predict_read_the_joined_time_the_same_way(runner, in_tmp):
    path = write(in_tmp, "Date,Time,Load", [t.strftime("%H:%M") for t in HOURS])
    args = ["train", str(path), "--horizon", "3", "--epochs", "2", "--hidden", "8"]
    trained = runner.invoke(app, args, prog_name="lstmcast")
    assert trained.exit_code == 0, trained.stderr
    assert "id column" not in trained.stderr  # 'Time' is no series id
    out = runner.invoke(app, ["predict", str(path)], prog_name="lstmcast")
    assert out.exit_code == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0][:2] == ["Date+Time", "forecast"]
    assert [r[0] for r in rows[1:]] == ["2022-01-11 00:00:00", "2022-01-11 01:00:00",
                                        "2022-01-11 02:00:00"]


def test_a_clock_time_that_is_a_value_of_a_daily_row_is_not_joined(tmp_path):
    """A daily file's sunrise or sleep time: each date once, so no time of day of it."""
    days = pd.date_range("2020-01-01", periods=60, freq="D")
    path = tmp_path / "sun.csv"
    path.write_text("date,sunrise,temp\n" + "".join(
        f"{d:%Y-%m-%d},{8 - i // 40}:{59 - i % 60:02d},{10 + i % 7}\n" for i, d in enumerate(days)))
    s = load_series(path, target="temp")
    assert (s.time_col, s.freq) == ("date", "D")


def test_the_dates_named_by_time_col_take_their_times_of_day_too(tmp_path):
    path = write(tmp_path, "Date,Time,Load", [t.strftime("%H:%M") for t in HOURS])
    assert load_series(path, time_col="Date").time_col == "Date+Time"
    assert load_series(path, time_col="Date+Time").freq == "h"  # as a model file names it


def test_a_time_of_day_of_each_series_in_a_daily_panel_is_a_value(tmp_path):
    """Three tickers closing at their exchanges' hours: three business-day series, not one
    half-hourly series of them all (a column varies within each date besides the time)."""
    days = pd.bdate_range("2023-01-02", periods=30)
    path = tmp_path / "close.csv"
    path.write_text("Date,Time,Symbol,Close\n" + "".join(
        f"{d:%Y-%m-%d},{t},{sym},{level + i}\n" for i, d in enumerate(days)
        for sym, t, level in (("AAPL", "16:00", 100), ("VOD.L", "16:30", 150),
                              ("SAP.DE", "17:30", 120))))
    panel = load_series(path)
    assert (panel.time_col, panel.freq, panel.ids) == ("Date", "B", ("AAPL", "VOD.L", "SAP.DE"))
    named = load_series(path, id_col="Symbol")  # one time per series and date: no time of day
    assert (named.time_col, len(named)) == ("Date", 3)


MONTHS = pd.date_range("1990-01-01", periods=36, freq="MS")


@pytest.mark.parametrize("cell", ["{m}", "{m:02d}", "{name}", "{long}"])
def test_years_and_months_in_two_columns_are_one_monthly_time(tmp_path, cell):
    # Mauna Loa's CO2 file: year, month, a decimal year (a number, not the time), values.
    rows = [f"{t.year},{cell.format(m=t.month, name=t.strftime('%b'), long=t.strftime('%B'))},"
            f"{t.year + (t.month - 0.5) / 12:.4f},{350 + i * 0.1:.2f}"
            for i, t in enumerate(MONTHS)]
    path = tmp_path / "co2.csv"
    path.write_text("year,month,decimal date,average\n" + "\n".join(rows) + "\n")
    s = load_series(path, target="average")
    assert (s.time_col, s.freq) == ("year+month", "MS") and list(s.time) == list(MONTHS)
    assert load_series(path, target="average", time_col="year+month").time.equals(s.time)


@pytest.mark.parametrize("daily", [False, True])
def test_power_bis_year_quarter_month_hierarchy_is_one_time(tmp_path, daily):
    """Power BI's export of a date hierarchy, 'Year,Quarter,Month(,Day)' with 'Qtr 1' and
    month names: the quarter took the months' place (12 yearly series of months, or a refusal
    advising '--id-col Quarter,Month,Day'); the quarter is a calendar field of the months."""
    times = pd.date_range("2016-01-01", periods=40, freq="D" if daily else "MS")
    path = tmp_path / "powerbi.csv"
    path.write_text("Year,Quarter,Month," + ("Day," if daily else "") + "Total Sales\n" + "".join(
        f"{t.year},Qtr {t.quarter},{t:%B}," + (f"{t.day}," if daily else "") + f"{100 + i}\n"
        for i, t in enumerate(times)))
    s = load_series(path)
    assert s.time_col == "Year+Quarter+Month" + ("+Day" if daily else "")
    assert list(s.time) == list(times) and s.freq == ("D" if daily else "MS")
    quarters = tmp_path / "quarters.csv"  # 'Qtr 1' alone: quarters, as 'Q1' is
    quarters.write_text("Year,Quarter,Sales\n" + "".join(
        f"{2016 + k // 4},Qtr {k % 4 + 1},{k}\n" for k in range(12)))
    assert load_series(quarters).freq.startswith("QS")


@pytest.mark.parametrize(("step", "codes", "freq"), [
    ("MS", [f"M{m:02d}" for m in range(1, 14)], "MS"),
    ("QS", [f"Q{q:02d}" for q in range(1, 6)], "QS-JAN")])
def test_the_bls_periods_of_a_year_are_its_months_or_quarters_and_its_average_is_dropped(
        tmp_path, step, codes, freq):
    """The BLS's download: 'Series ID,Year,Period,Label,Value', the periods M01..M12 and the
    year's average M13 (quarterly: Q01..Q04, Q05)."""
    times = pd.date_range("2015-01-01", periods=len(codes[:-1]) * 6, freq=step)
    rows = []
    for year in range(2015, 2021):
        for code in codes:
            label = f"{year} {'Annual' if code in ('M13', 'Q05') else code}"
            rows.append(f"CUUR0000SA0,{year},{code},{label},{100 + len(rows) * 0.3:.1f}")
    path = tmp_path / "bls.csv"
    path.write_text("Series ID,Year,Period,Label,Value\n" + "\n".join(rows) + "\n")
    s = load_series(path)
    assert (s.time_col, s.target_col, s.freq) == ("Year+Period", "Value", freq)
    assert list(s.time) == list(times) and len(s) == 1
    assert any(n.startswith(f"dropped 6 row(s) of a year's average ('Period' {codes[-1]})")
               for n in s.notes)


def test_a_month_beside_the_dates_is_a_calendar_field(tmp_path):
    days = pd.date_range("2020-01-01", periods=60, freq="D")
    path = tmp_path / "sales.csv"
    path.write_text("Date,Year,Month,Sales\n" + "".join(
        f"{d:%Y-%m-%d},{d.year},{d.month},{i}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.time_col, s.target_col, s.freq) == ("Date", "Sales", "D")


def test_a_month_that_is_no_month_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Year,Month,Value\n2020,1,5\n2020,2,6\n2020,13,7\n2020,4,8\n")
    with pytest.raises(InputError, match=r"'13' at row 3 \(line 4\), not a month"):
        load_series(path)


def test_an_hour_ending_at_24_00_in_one_column_is_the_next_midnight(tmp_path):
    # ERCOT's load archive: 'Hour Ending' holds '01/01/2020 01:00' ... '01/01/2020 24:00'.
    ending = HOURS + pd.Timedelta(hours=1)
    cells = [f"{t - pd.Timedelta(days=1):%m/%d/%Y} 24:00" if t.hour == 0 else f"{t:%m/%d/%Y %H:%M}"
             for t in ending]
    path = tmp_path / "ercot.csv"
    path.write_text("Hour Ending,ERCOT\n" + "".join(
        f"{c},{v:.2f}\n" for c, v in zip(cells, LOAD, strict=True)))
    s = load_series(path)
    assert s.freq == "h" and list(s.time) == list(ending)


@pytest.mark.parametrize("time_col, cell", [
    ("timestamp", lambda t: str(int(t.timestamp()))),  # Unix epoch seconds
    ("Datum", lambda t: f"{t:%d.%m.%Y}"),
    ("date", lambda t: f"{t:%Y%m%d}"),
])
def test_a_column_of_times_goes_before_years_and_months_beside_it(tmp_path, time_col, cell):
    days = pd.date_range("2020-01-01", periods=60, freq="D")
    path = tmp_path / "sales.csv"
    path.write_text(f"{time_col},Year,Month,Umsatz\n" + "".join(
        f"{cell(d)},{d.year},{d.month},{i}\n" for i, d in enumerate(days)))
    s = load_series(path, target="Umsatz")
    assert (s.time_col, s.freq) == (time_col, "D") and list(s.time) == list(days)


def test_years_months_and_days_in_three_columns_are_dates(tmp_path):
    days = pd.date_range("2021-01-01", periods=60, freq="D")
    path = tmp_path / "ymd.csv"
    path.write_text("Year,Month,Day,Value\n" + "".join(
        f"{d.year},{d.month},{d.day},{i}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.time_col, s.freq) == ("Year+Month+Day", "D") and list(s.time) == list(days)
    # A day column that is no day of its month (a weekday 0-6) leaves the dates alone
    path.write_text("Date,Year,Month,Day,Sales\n" + "".join(
        f"{d:%Y-%m-%d},{d.year},{d.month},{d.day_of_week},{i}\n" for i, d in enumerate(days)))
    s = load_series(path, target="Sales")
    assert (s.time_col, s.freq) == ("Date", "D")
    # A monthly file with a day of the month: its months (the day a sample was taken)
    path.write_text("Year,Month,Day,Level\n" + "".join(
        f"{2015 + i // 12},{i % 12 + 1},15,{i}\n" for i in range(36)))
    s = load_series(path)
    assert (s.time_col, s.freq) == ("Year+Month", "MS")


def test_epex_s_repeated_hour_3a_3b_is_the_clocks_repeated_hour(tmp_path):
    # EPEX's day-ahead prices: hours 1-24 ending, and on the autumn change '3A', '3B'
    days = pd.date_range("2023-10-27", "2023-10-31", freq="D")
    lines = []
    for d in days:
        hours = [*map(str, range(1, 3)), "3A", "3B", *map(str, range(4, 25))] \
            if d == pd.Timestamp("2023-10-29") else [*map(str, range(1, 25))]
        lines += [f"{d:%d/%m/%Y},{h},{50 + k}" for k, h in enumerate(hours)]
    path = tmp_path / "epex.csv"
    path.write_text("Delivery day,Hour,Price (EUR/MWh)\n" + "\n".join(lines) + "\n")
    s = load_series(path)
    assert s.freq == "h" and len(s.time) == 5 * 24
    assert any("1 time(s) repeated, as a clock change repeats an hour" in n for n in s.notes)
    repeated = s.time.get_loc(pd.Timestamp("2023-10-29 02:00"))
    assert s.target[repeated] == 52.5  # the two hours' prices (52 and 53), averaged


@pytest.mark.parametrize("extra", ["Read Type", "Receipt"])
def test_a_text_column_that_names_no_series_leaves_date_and_time_joined(tmp_path, extra):
    # a meter's 'Read Type' (Actual, Estimated) and a till's receipt numbers vary within a
    # day: before, 'Time' was taken for the id of 24 daily series
    cells = {"Read Type": lambda i: "Estimated" if i % 7 == 0 else "Actual",
             "Receipt": lambda i: f"R{10000 + i}"}[extra]
    path = tmp_path / "till.csv"
    path.write_text(f"Date,Time,{extra},Load\n" + "".join(
        f"{t:%Y-%m-%d},{t:%H:%M},{cells(i)},{v:.2f}\n"
        for i, (t, v) in enumerate(zip(HOURS, LOAD, strict=True))))
    s = load_series(path)
    assert (s.layout, s.freq, s.time_col) == ("single", "h", "Date+Time")
    assert list(s.time) == list(HOURS)


def test_a_receipt_number_on_each_line_of_its_sale_leaves_date_and_time_joined(tmp_path):
    """Square's item export: a sale's lines share its 'Transaction ID' (so it repeats, each
    at one time of day), but each on one date: no series of its own time. Taken for one,
    the time of day was dropped, and a day still running was forecast from as a whole one."""
    path = tmp_path / "items.csv"
    path.write_text("Date,Time,Net Sales,Transaction ID\n" + "".join(
        f"{t:%Y-%m-%d},{t:%H:%M:%S},{v / 2:.2f},2024-{i:06d}\n"
        for i, (t, v) in enumerate(zip(HOURS, LOAD, strict=True)) for _ in range(2)))
    s = load_series(path, duplicates="sum")
    assert (s.layout, s.freq, s.time_col) == ("single", "h", "Date+Time")
    assert list(s.time) == list(HOURS) and np.allclose(s.target, (LOAD / 2).round(2) * 2)
    # tickers at their own last trades' times, three listed on the last date only: series,
    # not receipts (more values on one date only than the data has dates)
    days = pd.bdate_range("2024-01-01", periods=60)
    rng = np.random.default_rng(1)
    path.write_text("Date,Time,Ticker,Last\n" + "".join(
        f"{d:%Y-%m-%d},{hour}:{rng.integers(0, 60):02d}:{rng.integers(0, 60):02d},{tick},"
        f"{100 + i}\n" for i, d in enumerate(days) for tick, hour in (("AAA", 15), ("BBB", 17)))
        + "".join(f"{days[-1]:%Y-%m-%d},15:59:0{k},NEW{k},50\n" for k in (1, 2, 3)))
    panel = load_series(path)
    assert (panel.id_col, len(panel), panel.freq) == ("Ticker", 5, "B")


def test_tickers_each_at_its_own_hour_stay_series(tmp_path):
    # two tickers closing at their exchanges' hours: the time of day is a value of theirs
    days = pd.bdate_range("2024-01-01", periods=30)
    path = tmp_path / "closes.csv"
    path.write_text("Date,Time,Ticker,Close\n" + "".join(
        f"{d:%Y-%m-%d},{hour},{tick},{100 + i}\n" for i, d in enumerate(days)
        for tick, hour in (("AAA", "16:00"), ("BBB", "17:30"))))
    s = load_series(path)
    assert (s.id_col, len(s), s.freq) == ("Ticker", 2, "B")


def test_davis_weatherlink_s_times_with_a_and_p_join_their_dates(tmp_path):
    """Davis WeatherLink writes '12:00 a', '12:30 a', ... '11:30 p' beside '2/1/23': one
    half-hourly series (before: 48 daily series named by their times); 'p.m.' too."""
    times = pd.date_range("2023-02-12", periods=48 * 5, freq="30min")
    for written in ("{t:%I:%M} {m}", "{t:%I:%M} {m}.m."):
        path = tmp_path / "davis.txt"
        path.write_text("Date\tTime\tBar\n" + "".join(
            f"{t.month}/{t.day}/{t:%y}\t" + written.format(t=t, m="p" if t.hour >= 12 else "a")
            .lstrip("0") + f"\t{29 + i / 1000:.3f}\n" for i, t in enumerate(times)))
        s = load_series(path)
        assert (s.time_col, s.freq) == ("Date+Time", "30min")
        assert list(s.time) == list(times)


def test_stooq_s_times_written_as_six_digits_join_their_dates(tmp_path):
    """Stooq and Finam write '<DATE>,<TIME>' as '20230103,153500': one five-minute series
    (before: refused, advising '<TIME>' as an id of 78 daily series)."""
    bars = pd.date_range("2023-01-03 15:35", "2023-01-03 22:00", freq="5min")
    bars = bars.append(bars + pd.Timedelta(days=1)).append(bars + pd.Timedelta(days=2))
    path = tmp_path / "aapl.csv"
    path.write_text("<TICKER>,<PER>,<DATE>,<TIME>,<CLOSE>\n" + "".join(
        f"AAPL.US,5,{t:%Y%m%d},{t:%H%M%S},{125 + i / 100:.4f}\n" for i, t in enumerate(bars)))
    s = load_series(path)
    assert s.time_col == "<DATE>+<TIME>" and list(s.time) == list(bars)
    # December's '20241202' also fits '%Y%m%d%H' (2024-01-20 02:00), whose fields zero-padded
    # are ten digits: refused as ambiguous before
    december = bars + pd.Timedelta(days=699)
    path.write_text("<TICKER>,<PER>,<DATE>,<TIME>,<CLOSE>\n" + "".join(
        f"AAPL.US,5,{t:%Y%m%d},{t:%H%M%S},{125 + i / 100:.4f}\n" for i, t in enumerate(december)))
    s = load_series(path)
    assert s.time_col == "<DATE>+<TIME>" and list(s.time) == list(december)


@pytest.mark.parametrize(("written", "step"), [("{t.hour}{t:%M%S}", "30min"),  # '93000'
                                               ("{t.hour}{t:%M}", "5min")])  # TradeStation's
def test_times_as_whole_numbers_without_their_leading_zero_join_their_dates(tmp_path, written,
                                                                            step):
    """'93000' (HHMMSS after Excel dropped its 0) and '930' (HHMM) were refused, advising
    'Time' as an id: followed, a series per time of day."""
    day = pd.date_range("2024-06-03 09:30", "2024-06-03 15:30", freq=step)
    bars = day.append([day + pd.Timedelta(days=k) for k in range(1, 4)])
    path = tmp_path / "bars.csv"
    path.write_text("Date,Time,Close\n" + "".join(
        f"{t:%Y%m%d},{written.format(t=t)},{470 + i / 10:.2f}\n" for i, t in enumerate(bars)))
    s = load_series(path)
    assert s.time_col == "Date+Time" and list(s.time) == list(bars)
    assert packed_clock(pd.Series(["930", "2400"])) is None  # no time of day
    # hours 0-23 and store codes 101-103 (one 'hour') show no clock: refused as before, not
    # read as minutes (a review's find)
    assert packed_clock(pd.Series([str(h) for h in range(24)])) is None
    assert packed_clock(pd.Series(["101", "102", "103"])) is None


@pytest.mark.parametrize("first", [0, 1])
def test_a_time_of_whole_hours_joins_its_dates(tmp_path, first):
    """'Date,Time,Load' with hours 0-23 (or 1-24, hours ending) in 'Time': refused, advising
    'Load' as an id; read as an 'Hour' column is."""
    days = pd.date_range("2024-01-01", periods=10)
    path = tmp_path / "load.csv"
    path.write_text("Date,Time,Load\n" + "".join(f"{d:%Y-%m-%d},{h + first},{50 + h}\n"
                                                  for d in days for h in range(24)))
    s = load_series(path)
    assert s.freq == "h" and s.time[0] == pd.Timestamp("2024-01-01 00:00") and len(s.time) == 240


def test_years_and_their_days_of_the_year_are_dates_to_predict_s_reading_too(runner, in_tmp):
    # NASA POWER's daily 'YEAR,DOY' below its '-BEGIN HEADER-' block; 2020 is a leap year
    days = pd.date_range("2020-11-01", periods=90, freq="D")
    path = in_tmp / "power.csv"
    path.write_text("-BEGIN HEADER-\nNASA/POWER Daily Data\n-END HEADER-\nYEAR,DOY,T2M\n" + "".join(
        f"{d.year},{d.day_of_year},{10 + np.sin(i / 5):.2f}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.time_col, s.freq) == ("YEAR+DOY", "D") and list(s.time) == list(days)
    args = ["train", str(path), "--horizon", "3", "--epochs", "2", "--hidden", "8"]
    assert (trained := runner.invoke(app, args, prog_name="lstmcast")).exit_code == 0, \
        trained.stderr
    out = runner.invoke(app, ["predict", str(path)], prog_name="lstmcast")
    assert out.exit_code == 0, out.stderr
    assert [r[0] for r in list(csv.reader(io.StringIO(out.stdout)))[1:]] == [
        "2021-01-30", "2021-01-31", "2021-02-01"]


def test_a_day_past_its_year_s_end_is_named_not_read_as_the_next_year(tmp_path):
    path = tmp_path / "doy.csv"
    path.write_text("YEAR,DOY,T2M\n" + "".join(f"2023,{d},{d}.5\n" for d in range(340, 367)))
    with pytest.raises(InputError, match="'366' at row 27 .*a day of its year"):
        load_series(path)


def test_nasa_power_s_hours_join_years_months_and_days(runner, in_tmp):
    path = in_tmp / "power_hourly.csv"
    path.write_text("YEAR,MO,DY,HR,T2M,WS10M\n" + "".join(
        f"{t.year},{t.month},{t.day},{t.hour},{v:.2f},{v / 10:.2f}\n"
        for t, v in zip(HOURS, LOAD, strict=True)))
    s = load_series(path, target="T2M")
    assert (s.time_col, s.freq) == ("YEAR+MO+DY+HR", "h") and list(s.time) == list(HOURS)
    args = ["train", str(path), "--target", "T2M", "--horizon", "2", "--epochs", "2",
            "--hidden", "8"]
    assert (trained := runner.invoke(app, args, prog_name="lstmcast")).exit_code == 0, \
        trained.stderr
    out = runner.invoke(app, ["predict", str(path)], prog_name="lstmcast")
    assert out.exit_code == 0, out.stderr  # the model's 'YEAR+MO+DY+HR' read the same way
    assert [r[0] for r in list(csv.reader(io.StringIO(out.stdout)))[1:]] == [
        "2022-01-11 00:00:00", "2022-01-11 01:00:00"]


def test_a_year_written_on_its_first_month_only_is_carried_down(tmp_path):
    """Excel's merged cells: '2019,Jan,9653' then ',Feb,8573': 'no column holds dates' before."""
    months = pd.date_range("2019-01-01", periods=48, freq="MS")
    path = tmp_path / "merged.csv"
    path.write_text("Year,Month,Sales\n" + "".join(
        f"{m.year if m.month == 1 else ''},{m:%b},{9000 + i}\n" for i, m in enumerate(months)))
    s = load_series(path)
    assert (s.time_col, s.freq) == ("Year+Month", "MS") and list(s.time) == list(months)
    assert any("carried down" in n for n in s.notes)
    # a year missing in the middle is no merged cell: the row is named
    path.write_text("Year,Month,Sales\n" + "".join(
        f"{'' if i == 20 else m.year},{m:%b},{9000 + i}\n" for i, m in enumerate(months)))
    with pytest.raises(InputError):
        load_series(path)


def test_years_written_once_beside_days_of_the_year_are_carried_down(tmp_path):
    days = pd.date_range("2020-12-01", periods=70, freq="D")
    path = tmp_path / "doy.csv"
    path.write_text("YEAR,DOY,T2M\n" + "".join(
        f"{d.year if i == 0 or d.day_of_year == 1 else ''},{d.day_of_year},{i}.5\n"
        for i, d in enumerate(days)))
    s = load_series(path)
    assert s.time_col == "YEAR+DOY" and list(s.time) == list(days)


@pytest.mark.parametrize("written", ["%I:%M %p-{end:%I:%M %p}", "%I:%M %p - {end:%I:%M %p}",
                                     "%H:%M-{end:%H:%M}"])
def test_a_call_centre_s_intervals_on_either_clock_are_times_of_day(tmp_path, written):
    """Avaya's interval report, '8:00 AM-8:30 AM': read as 8 series of one slot each before
    ('id column: Interval')."""
    slots = [t for d in pd.bdate_range("2023-01-02", periods=30)
             for t in pd.date_range(d + pd.Timedelta(hours=8), periods=8, freq="30min")]
    path = tmp_path / "calls.csv"
    path.write_text("Date,Interval,ACD Calls\n" + "".join(
        f"{t:%m/%d/%Y},{t.strftime(written).format(end=t + pd.Timedelta(minutes=30))},{i % 40}\n"
        for i, t in enumerate(slots)))
    s = load_series(path)
    assert len(s) == 1 and s.time_col == "Date+Interval" and list(s.time) == slots


def test_excels_serial_dates_and_day_fractions_are_one_time(tmp_path):
    """'Date,Time' of '44927,0.041667' (Excel's numbers, unformatted): the fraction was no
    time of day, and --duplicates mean, which the refusal advised, averaged the hours into
    days."""
    hours = pd.date_range("2023-01-01", periods=120, freq="h")
    path = tmp_path / "excel.csv"
    path.write_text("Date,Time,Load\n" + "".join(
        f"{(t.normalize() - pd.Timestamp('1899-12-30')).days},{t.hour / 24:.6f},{100 + i}\n"
        for i, t in enumerate(hours)))
    s = load_series(path)
    assert s.freq == "h" and list(s.time) == list(hours)
    stata = tmp_path / "stata.csv"  # fractions without their 0 ('.041667'): an internal error
    stata.write_text(path.read_text().replace(",0.", ",."))
    assert list(load_series(stata).time) == list(hours)
    packed = tmp_path / "packed.csv"  # HHMMSS with midnight '0' (an internal error, then refused)
    packed.write_text("Date,Time,Close\n" + "".join(
        f"{t:%Y-%m-%d},{0 if t.hour == 0 else f'{t:%H%M%S}'},{i}\n" for i, t in enumerate(hours)))
    assert list(load_series(packed).time) == list(hours)


def _first_bars_dated(tmp_path, clocks):
    """Half-hourly bars of 10 business days, each date written on its day's first bar only."""
    days = pd.bdate_range("2024-06-17", periods=10)
    lines = ["Date,Time,Close"]
    for d, day in enumerate(days):
        lines += [f"{day.strftime('%m/%d/%Y') if i == 0 else ''},{clock},{400 + d + i / 10:.2f}"
                  for i, clock in enumerate(clocks)]
    (tmp_path / "grid.csv").write_text("\n".join(lines) + "\n")
    return tmp_path / "grid.csv", days


def test_dates_on_each_day_s_first_bar_only_are_carried_down(tmp_path):
    """Merged date cells: it was refused, blaming the dates' format ('06/17/2024')."""
    clocks = [f"{9 + (30 + 30 * i) // 60}:{(30 + 30 * i) % 60:02d}" for i in range(13)]
    path, days = _first_bars_dated(tmp_path, clocks)
    panel = load_series(path)
    assert len(panel.time) == 130
    assert panel.time[0] == pd.Timestamp("2024-06-17 09:30")
    assert panel.time[-1] == days[-1] + pd.Timedelta("15:30:00")
    assert panel.target[13] == 401.0  # the second day's first bar
    assert any("written on each day's first row only" in note for note in panel.notes)


def test_blank_dates_whose_times_do_not_restart_on_each_date_stay_an_error(tmp_path):
    """A date left blank in a sheet that dates every row is a missing date, not a merged cell:
    the times rise on dated rows too, so which day it is cannot be read."""
    clocks = ["09:30", "10:00", "10:30"]
    rows = ["Date,Time,Close"] + [f"06/{17 + i // 3:02d}/2024,{clocks[i % 3]},{400 + i}"
                                  for i in range(30)]
    rows[5] = "," + rows[5].split(",", 1)[1]
    (tmp_path / "grid.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(InputError, match="time column 'Date' is empty at row 5"):
        load_series(tmp_path / "grid.csv")


def test_uci_air_quality_s_dotted_times_join_their_dates_and_its_minus_200_is_missing(tmp_path):
    """AirQualityUCI.csv: 'Time' written '18.00.00' was taken for an id (24 daily series, one an
    hour of the day), and its -200, the data set's mark of a missing value, for a value."""
    hours = pd.date_range("2004-03-10 18:00", periods=24 * 10, freq="h")
    co = [2.6 + (i % 24) / 10 for i in range(len(hours))]
    for i in (30, 90, 150):  # the data set's missing mark, on many rows
        co[i] = -200
    rows = "".join(f"{t:%d/%m/%Y};{t:%H.%M.%S};{str(v).replace('.', ',')};1360;;\n"
                   for t, v in zip(hours, co, strict=True))
    (tmp_path / "aq.csv").write_text("Date;Time;CO(GT);PT08.S1(CO);;\n" + rows + ";;;;;\n")
    panel = load_series(tmp_path / "aq.csv", target="CO(GT)")
    assert (panel.time_col, panel.freq, panel.id_col) == ("Date+Time", "h", None)
    assert panel.time.equals(hours) and panel.target[-1] == pytest.approx(co[-1])
    assert panel.target[30] == panel.target[29]  # missing, filled as a gap
    assert any("written with dots ('18.00.00')" in note for note in panel.notes)
    assert any("writes -200 among values never below 0" in w for w in panel.warnings)


def test_dates_with_dots_in_a_column_not_named_like_a_time_stay_dates(tmp_path):
    """'10.03.04' is a two-digit year's date as much as a clock: only a column named like a
    time of day has clocks written with dots."""
    days = pd.date_range("2004-03-01", periods=20)
    (tmp_path / "d.csv").write_text("Datum,Wert\n" + "".join(
        f"{d:%d.%m.%y},{i}\n" for i, d in enumerate(days)))
    panel = load_series(tmp_path / "d.csv")
    assert panel.time.equals(days) and panel.freq == "D"


def test_years_and_quarters_pandas_wrote_as_floats_are_quarters(tmp_path):
    """statsmodels' macrodata ('1959.0,1.0'): read as years alone, 51 repeated, and the advice
    to pass --duplicates made 203 quarters 51 years."""
    quarters = pd.date_range("1959-01-01", periods=30, freq="QS")
    (tmp_path / "macro.csv").write_text("year,quarter,realgdp\n" + "".join(
        f"{q.year}.0,{q.quarter}.0,{2700 + i}.5\n" for i, q in enumerate(quarters)))
    panel = load_series(tmp_path / "macro.csv")
    assert panel.time_col == "year+quarter" and panel.time.equals(quarters)


def test_a_year_s_total_under_its_quarters_is_dropped_and_said(tmp_path):
    """A spreadsheet's 'Year,Quarter' with a 'Total' row after each year's four: refused
    ("'Total' ... not a quarter"), where subtotals among dates are dropped."""
    quarters = pd.date_range("2005-01-01", periods=40, freq="QS")
    rows = "".join(f"{q.year},Q{q.quarter},\"{500 + i}.5\"\n" + (
        f"{q.year},Total,\"{4 * 500 + 4 * i - 6}.0\"\n" if q.quarter == 4 else "")
        for i, q in enumerate(quarters))
    (tmp_path / "q.csv").write_text('Year,Quarter,"Revenue ($m)"\n' + rows)
    s = load_series(tmp_path / "q.csv")
    assert s.time_col == "Year+Quarter" and s.time.equals(quarters)
    np.testing.assert_array_equal(s.target, 500.5 + np.arange(40))
    assert any("dropped 10 row(s) of a year's total ('Quarter' 'Total', line 6, 11, 16, ...)"
               in w for w in s.warnings)


def test_destatis_genesis_years_and_german_months_in_unnamed_columns(tmp_path, runner):
    """Destatis's GENESIS table as downloaded: title lines, a header that leaves the year and
    month columns unnamed, a units row with the index's base ('2020=100'), German month names
    ('März', 'Mai', 'Dezember'), '...' for months not yet published, and a footer."""
    months = pd.date_range("2019-01-01", "2024-12-01", freq="MS")
    german = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]
    values = ["..." if m > pd.Timestamp("2024-03-01") else f"{100 + i / 10:.1f}".replace(
        ".", ",") for i, m in enumerate(months)]  # (not yet published)
    rows = "".join(f"{m.year};{german[m.month - 1]};{v};0,1\n"
                   for m, v in zip(months, values, strict=True))
    path = tmp_path / "61111-0002.csv"
    path.write_bytes(("GENESIS-Tabelle: 61111-0002\nVerbraucherpreisindex: Deutschland,;;;\n"
                      ";;Verbraucherpreisindex;Veränderung zum Vormonat\n;;2020=100;in (%)\n"
                      + rows + "__________\nStand: 11.04.2024 / 14:17:51\n"
                      "© Statistisches Bundesamt (Destatis), 2024\n").encode("cp1252"))
    s = load_series(path, target="Verbraucherpreisindex")
    assert s.freq == "MS" and s.time[0] == pd.Timestamp("2019-01-01")
    assert s.time[-1] == pd.Timestamp("2024-03-01") and s.target[-1] == pytest.approx(106.2)
    assert any("skipped 1 row(s) of units" in n for n in s.notes)
    model = str(tmp_path / "m.lstmcast")
    result = runner.invoke(app, ["train", str(path), "--target", "Verbraucherpreisindex",
                                 "--horizon", "3", "--epochs", "1", "--out", model])
    assert result.exit_code == 0, result.stderr
    lines = runner.invoke(app, ["predict", str(path), "--model", model]).stdout.splitlines()
    assert lines[0] == "time,forecast,lo_80,hi_80,lo_95,hi_95"  # (no name for its columns)
    assert [line.split(",")[0] for line in lines[1:]] == ["2024-04", "2024-05", "2024-06"]


def test_a_genesis_table_of_one_value_names_its_last_column_alone(tmp_path):
    """One value column: its header ';;Verbraucherpreisindex' names a column alone, and a
    title's comma ('Deutschland,;;') split the file at ',' ("no column holds dates")."""
    months = pd.date_range("2014-01-01", "2020-02-01", freq="MS")
    german = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]
    rows = "".join(f"{m.year};{german[m.month - 1]};{100 + i / 10:.1f}\n".replace(".", ",")
                   for i, m in enumerate(months))
    path = tmp_path / "genesis.csv"
    path.write_bytes(("GENESIS-Tabelle: 61111-0002\nVerbraucherpreisindex: Deutschland,;;\n"
                      ";;Verbraucherpreisindex\n;;2020=100\n" + rows + "__________\n"
                      "Stand: 14.12.2023 / 10:12:48\n").encode("cp1252"))
    s = load_series(path)
    assert s.freq == "MS" and s.time.equals(months)
    assert s.target[-1] == pytest.approx(100 + (len(months) - 1) / 10)
    # a label over the last column above a header of names is no such header (a review's)
    rows = "".join(f"{m.year},{m:%b},{100 + i},0\n" for i, m in enumerate(months))
    (tmp_path / "label.csv").write_text(",,,Returns\nYear,Month,Sales,\n" + rows)
    label = load_series(tmp_path / "label.csv")
    assert label.target_col == "Sales" and label.time.equals(months)


def test_the_met_offices_yyyy_and_mm(tmp_path):
    """The Met Office's historic station data: 'yyyy,mm,tmax,...' (and 'mm' names a month only
    beside 'yyyy': a 'Year,mm' of yearly rain is millimetres)."""
    months = pd.date_range("2000-01-01", periods=36, freq="MS")
    path = tmp_path / "oxford.csv"
    path.write_text("yyyy,mm,tmax,rain\n,,degC,mm\n" + "".join(
        f"{m.year},{m.month},{8 + m.month / 2:.1f},{50 + i}\n" for i, m in enumerate(months)))
    s = load_series(path, target="tmax")
    assert s.time_col == "yyyy+mm" and s.freq == "MS" and len(s.target) == 36
    rain = tmp_path / "rain.csv"
    rain.write_text("Year,mm\n" + "".join(f"{y},{600 + y % 7 * 10}\n" for y in range(1990, 2020)))
    s = load_series(rain)
    assert s.time_col == "Year" and s.target_col == "mm"
