"""Many series in one file: long files with an id column (named or detected), wide files with
several target columns, series that start and end at different times."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.calendar import holidays_of
from lstmcast.config import DataSpec
from lstmcast.data import load_panel
from lstmcast.errors import InputError
from lstmcast.holiday_words import describe
from lstmcast.holidays import learn_holidays, next_open_days

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def long_file(tmp_path: Path, name="long.csv", id_name="symbol", shuffle=True) -> Path:
    """Three random walks on business days with different starts (and one ending early)."""
    rng = np.random.default_rng(0)
    rows = []
    spans = {"AAPL": ("2020-01-01", "2020-12-31"), "MSFT": ("2020-03-02", "2020-12-31"),
             "ZZZ": ("2020-06-01", "2020-11-30")}
    for sym, (start, end) in spans.items():
        days = pd.bdate_range(start, end)
        walk = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days))))
        rows += [(d.strftime("%Y-%m-%d"), sym, round(v, 2))
                 for d, v in zip(days, walk, strict=True)]
    frame = pd.DataFrame(rows, columns=["date", id_name, "close"])
    if shuffle:
        frame = frame.sort_values(["date", id_name], kind="stable")
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_id_col_flag_names_the_column(tmp_path):
    panel = load_series(long_file(tmp_path), id_col="SYMBOL")  # case-insensitive match
    assert panel.id_col == "symbol" and len(panel) == 3
    with pytest.raises(InputError, match="no column 'ticker' for the id column"):
        load_series(long_file(tmp_path), id_col="ticker")


def test_duplicates_across_tickers_are_not_averaged(tmp_path):
    # Without an id column a long file used to be one series of duplicated dates.
    panel = load_series(long_file(tmp_path), duplicates="mean")
    assert len(panel) == 3


def test_a_long_file_takes_one_target_column(tmp_path):
    path = long_file(tmp_path)
    frame = pd.read_csv(path).assign(volume=1000)
    frame.to_csv(path, index=False)
    for target in ("all", "close,volume"):
        with pytest.raises(InputError, match="series are its 'symbol' values, so --target names "
                                             "one column of them, not 2"):
            load_series(path, target=target)
    assert len(load_series(path, target="close")) == 3



def test_targets_whose_names_hold_commas_are_quoted_as_the_file_quotes_them(tmp_path):
    """'"Brent, USD/bbl","WTI, USD/bbl"', as --id reads ids: the file's own quoting."""
    path = tmp_path / "oil.csv"
    days = pd.bdate_range("2023-01-02", periods=40)
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Brent, USD/bbl": np.arange(40.0) + 80,
                  "WTI, USD/bbl": np.arange(40.0) + 75, "Gas": np.arange(40.0) + 2}
                 ).to_csv(path, index=False)
    panel = load_series(path, target='"Brent, USD/bbl", "WTI, USD/bbl"')
    assert panel.ids == ("Brent, USD/bbl", "WTI, USD/bbl") and panel.lengths.tolist() == [40, 40]
    assert load_series(path, target="Brent, USD/bbl").target_col == "Brent, USD/bbl"
    assert load_series(path, target='"WTI, USD/bbl",Gas').ids == ("WTI, USD/bbl", "Gas")

def test_wide_file_several_targets_and_all(tmp_path):
    path = tmp_path / "wide.csv"
    days = pd.date_range("2021-01-01", periods=40)
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "A": np.arange(40.0) + 1,
                          "B": np.r_[[np.nan] * 10, np.arange(30.0) + 5],
                          "C": np.r_[np.arange(35.0) + 9, [np.nan] * 5], "Empty": np.nan})
    frame.to_csv(path, index=False)
    panel = load_series(path, target="A,C")
    assert panel.layout == "wide" and panel.id_col == "series" and panel.ids == ("A", "C")
    assert panel.lengths.tolist() == [40, 35]  # C ends early: not filled to the end
    every = load_series(path, target="all")
    assert every.ids == ("A", "B", "C") and every.lengths.tolist() == [40, 30, 35]
    assert every.series(1).time[0] == pd.Timestamp("2021-01-11")  # B starts late
    assert "skipped 1 series whose column has no values: 'Empty'" in every.warnings
    one = load_series(path, target="A")
    assert one.layout == "single" and len(one) == 1
    # business days: a column that starts a year late has no gap before its first value
    days = pd.bdate_range("2021-01-04", periods=400)
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "A": np.arange(400.0) + 1,
                  "B": np.r_[[np.nan] * 300, np.arange(100.0) + 5]}).to_csv(path, index=False)
    late = load_series(path, target="all")
    assert late.freq == "B" and late.series(1).time[0] == days[300]
    assert not any("weekdays in a row" in w for w in late.warnings), late.warnings
    assert not any("trailing" in w for w in late.warnings)  # columns end together: no row
    # a last row without a value in any column (FRED's '2017-11-10,,,,'): said, as a single
    # series' is; it was dropped silently, the forecast dated on it
    with path.open("a") as out:
        out.write(f"{days[-1] + pd.offsets.BDay():%Y-%m-%d},,\n")
    ended = load_series(path, target="all")
    assert ended.lengths.tolist() == [400, 100]
    assert (f"dropped 1 trailing row(s) without a value in any of the 2 columns (from "
            f"{days[-1] + pd.offsets.BDay():%Y-%m-%d}; incomplete?)") in ended.warnings


@pytest.mark.skipif(not (SHARED / "fx_daily_usd_wide.csv").exists(), reason="needs ../shared")
def test_fx_wide_panel_all_columns():
    panel = load_series(SHARED / "fx_daily_usd_wide.csv", target="all")
    assert len(panel) == 22 and panel.freq == "B"  # 12 columns are empty
    assert "Japan" in panel.ids and "Austria" not in panel.ids
    assert panel.series(panel.ids.index("Euro")).time[0] == pd.Timestamp("1999-01-04")


def test_two_id_columns_whose_join_names_two_series_alike_are_refused(tmp_path):
    days = pd.date_range("2021-01-01", periods=20, freq="D")
    path = tmp_path / "ids.csv"
    path.write_text("store,item,date,v\n" + "".join(
        f"{s},{i},{d:%Y-%m-%d},{k}\n" for s, i in (("S1/A", "B"), ("S1", "A/B"))
        for k, d in enumerate(days)))
    with pytest.raises(InputError, match="names two series alike"):
        load_series(path, id_col="store,item")


def test_target_all_leaves_out_a_row_number_and_calendar_fields(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "AUD": np.linspace(1, 2, 30),
                          "JPY": np.linspace(100, 120, 30), "Year": days.year,
                          "Day": np.linspace(5.5, 9.5, 30)})  # a day-time meter's reading
    frame.to_csv(tmp_path / "wide.csv")  # with pandas' row index: ',Date,AUD,JPY,Year,Day'
    panel = load_series(tmp_path / "wide.csv", target="all")
    assert panel.ids == ("AUD", "JPY", "Day")
    assert any("left out: 'Unnamed: 0', 'Year'" in n for n in panel.notes)


def test_the_target_found_leaves_out_a_row_number_and_calendar_fields(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Year": days.year,
                          "Monthly Mean Total Sunspot Number": np.linspace(5, 50, 30)})
    frame.to_csv(tmp_path / "one.csv")  # ',Date,Year,Monthly Mean ...'
    panel = load_series(tmp_path / "one.csv")
    assert panel.target_col == "Monthly Mean Total Sunspot Number"
    assert any("the only numeric column; left out: 'Unnamed: 0', 'Year'" in n
               for n in panel.notes)


@pytest.mark.parametrize("name, first", [("#", 1), ("RECORD", 5000), ("No.", 1),
                                         ("rownames", 1), ("t", 1)])  # Rdatasets' CSVs
def test_a_row_number_named_so_is_left_out_from_wherever_it_counts(tmp_path, name, first):
    # HOBOware's '#', a Campbell logger's RECORD (going on from its last file); a count that
    # skips (a 'No.' of 1, 2, 4) is a value
    stamps = pd.date_range("2024-03-01 14:00", periods=300, freq="15min")
    frame = pd.DataFrame({name: first + np.arange(300),
                          "Time": stamps.strftime("%m/%d/%y %I:%M:%S %p"),  # HOBOware's
                          "Temp": np.round(18 + np.sin(np.arange(300)), 3)})
    frame.to_csv(tmp_path / "logger.csv", index=False)
    panel = load_series(tmp_path / "logger.csv")
    assert (panel.target_col, panel.freq) == ("Temp", "15min")
    assert list(panel.time) == list(stamps)
    assert any(f"the only numeric column; left out: {name!r}" in n for n in panel.notes)
    frame[name] = frame[name].where(frame.index < 2, frame[name] + 1)
    frame.to_csv(tmp_path / "counted.csv", index=False)
    with pytest.raises(InputError, match="cannot tell which column to forecast"):
        load_series(tmp_path / "counted.csv")


def test_series_named_by_two_numbers_are_advised_by_their_names(tmp_path):
    # Walmart's sales: Store and Dept (numbers) name the series; IsHoliday is a flag.
    weeks = pd.date_range("2010-02-05", periods=20, freq="W-FRI")
    rows = [f"{store},{dept},{w:%Y-%m-%d},{100 * store + dept + i},{'TRUE' if i == 3 else 'FALSE'}"
            for store in (1, 2) for dept in (1, 2) for i, w in enumerate(weeks)]
    (tmp_path / "walmart.csv").write_text("Store,Dept,Date,Weekly_Sales,IsHoliday\n"
                                          + "\n".join(rows) + "\n")
    with pytest.raises(InputError) as info:
        load_series(tmp_path / "walmart.csv", target="Weekly_Sales")
    assert "pass --id-col Store,Dept" in info.value.describe(None)
    panel = load_series(tmp_path / "walmart.csv", target="Weekly_Sales", id_col="Store,Dept")
    assert len(panel) == 4


def test_a_target_that_is_the_time_column_is_named_so(tmp_path):
    days = pd.date_range("2021-01-01", periods=20, freq="D")
    (tmp_path / "fx.csv").write_text("Date,AUD,JPY\n" + "".join(
        f"{d:%Y-%m-%d},{1 + i / 100},{100 + i}\n" for i, d in enumerate(days)))
    for target in ("date", "AUD,Date"):
        with pytest.raises(InputError, match="column '(date|Date)' is the time or id column"):
            load_series(tmp_path / "fx.csv", target=target)


def test_each_series_fills_are_warnings_and_their_summary_one_too(tmp_path):
    months = pd.date_range("2018-01-01", periods=48, freq="MS")
    rows = [(m.strftime("%Y-%m"), state, 100 + i) for k, state in enumerate("ABCD")
            for i, m in enumerate(months) if i != 10 + k]  # each state misses one month
    path = tmp_path / "sales.csv"
    pd.DataFrame(rows, columns=["Month", "State", "Sales"]).to_csv(path, index=False)
    panel = load_series(path)
    fills = [w for w in panel.warnings if "filled 1 missing value(s)" in w]
    assert [w.split(":")[0] for w in fills] == ["series 'A'", "series 'B'", "series 'C'"]
    assert "... and 1 more warning(s) like these for 1 series ('D')" in panel.warnings
    assert all(w in panel.notes for w in panel.warnings)  # told in order, as warnings
    assert "... and 1 more note(s) like these for 1 series ('D')" in panel.notes
    assert not any("more note(s)" in w for w in panel.warnings)


def test_every_and_duplicates_sum_keep_the_meters_of_a_long_file_apart(tmp_path):
    # Two hourly meters and one of quarter-hours: --every h --duplicates sum totals each
    # meter's hours, never the meters together.
    hours = pd.date_range("2023-01-01", periods=24 * 20, freq="h")
    quarters = pd.date_range("2023-01-01", periods=4 * 24 * 20, freq="15min")
    parts = [pd.DataFrame({"meter_id": m, "timestamp": t.strftime("%Y-%m-%d %H:%M"),
                           "kwh": v}) for m, t, v in (("M1", hours, 1.0), ("M2", hours, 2.0),
                                                      ("Q9", quarters, 0.25))]
    path = tmp_path / "meters.csv"
    pd.concat(parts).to_csv(path, index=False)
    panel = load_series(path, every="h", duplicates="sum")
    assert panel.ids == ("M1", "M2", "Q9")
    for s, total in enumerate((1.0, 2.0, 1.0)):
        np.testing.assert_allclose(panel.series(s).target, total)


def test_series_decimals_are_each_series_decimals_of_its_own_cells():
    """The panel-wide reading equals ``decimals_of`` of each series' cells, its slow twin."""
    from lstmcast.data.decimals import decimals_of, series_decimals

    rng = np.random.default_rng(3)
    rows = []
    for k, places in enumerate([0, 2, 4, 3]):
        for i in range(80 + 40 * k):
            cell = f"{100 * rng.random():.{places}f}" if i % 17 else "NA"
            rows.append((f" s{k} ", cell))
    rows += [("s1", "1e-05"), ("s2", "12.5")]  # a few written otherwise
    frame = pd.DataFrame(rows, columns=["id", "v"])
    got = series_decimals(frame, ["v"], "id", ".", set(), sample=50)
    slow = {sid: decimals_of(part["v"], ".", 50)
            for sid, part in frame.groupby(frame["id"].str.strip())}
    assert got == slow == {"s0": 0, "s1": 2, "s2": 4, "s3": 3}


def test_a_series_decimals_are_its_latest_cells_whatever_the_row_order(tmp_path):
    """Older rows at 6 decimals, the latest at 2: a shuffled file prints as the sorted one."""
    days = pd.bdate_range("2020-01-01", periods=300)
    cells = [f"{100 + i / 7:.6f}" if i < 200 else f"{100 + i / 7:.2f}" for i in range(300)]
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d").tolist() * 2, "sym": ["A"] * 300
                          + ["B"] * 300, "close": cells * 2})
    frame.to_csv(tmp_path / "sorted.csv", index=False)
    frame.sample(frac=1, random_state=1).to_csv(tmp_path / "shuffled.csv", index=False)
    read = [load_series(tmp_path / f"{name}.csv") for name in ("sorted", "shuffled")]
    assert read[0].series_decimals == read[1].series_decimals == {"A": 2, "B": 2}


@pytest.mark.parametrize("targets", [("Japan",), ("Japan", "Canada")])
def test_empty_cells_of_business_days_are_holidays_not_filled(tmp_path, targets):
    """The Federal Reserve's files keep a row for each weekday and leave holidays empty: the
    day is absent, as a long file's missing row is, so the holiday is learned (and forecasts
    skip it), not filled with the day before's value and forecast as a trading day."""
    days = pd.bdate_range("2013-01-01", "2017-11-22")
    closed = {d for d in days if (d.month, d.day) in ((1, 1), (7, 4), (12, 25))
              or (d.month == 11 and d.day_of_week == 3 and 22 <= d.day <= 28)}
    rng = np.random.default_rng(0)
    lines = ["Data," + ",".join(targets)]
    for d in days:
        cells = ["" if d in closed else f"{100 + rng.normal():.2f}" for _ in targets]
        lines.append(f"{d:%Y-%m-%d}," + ",".join(cells))
    path = tmp_path / "fx.csv"
    path.write_text("\n".join(lines) + "\n")
    panel = load_series(path, target=",".join(targets))
    assert panel.freq == "B" and (panel.filled is None or not panel.filled.any())
    first = panel if len(targets) == 1 else panel.select([targets[0]])
    assert len(first.time) == len(days) - len(closed)
    described = [describe(rule) for rule in learn_holidays(panel.time)]
    assert "4th Thu of Nov" in described
    assert not set(pd.DatetimeIndex(first.time)) & closed


def test_empty_cells_of_rows_that_skip_holidays_are_filled_gaps_not_holidays(tmp_path):
    """New York's closes, holidays without a row, and four cells emptied as an error advises
    ('empty the cell to have it filled'), two on the last Friday of December 2022 and 2023:
    read as holidays, they taught that rule, lost the XNYS calendar and skipped 27 Dec 2024.
    They are gaps, filled and said, and days traded for the holidays."""
    import holidays

    shut = set(holidays.financial_holidays("XNYS", years=range(2022, 2025)))
    days = pd.bdate_range("2022-01-03", "2024-12-20")
    days = days[~days.isin(pd.DatetimeIndex(sorted(shut)))]
    emptied = pd.DatetimeIndex(["2022-05-11", "2022-12-30", "2023-08-02", "2023-12-29"])
    close = 100 + np.cumsum(np.random.default_rng(0).normal(0, 1, len(days)))
    cells = np.where(days.isin(emptied), "", np.char.mod("%.2f", close))
    path = tmp_path / "closes.csv"
    path.write_text("Date,Close\n" + "".join(f"{d:%Y-%m-%d},{c}\n" for d, c in zip(
        days, cells, strict=True)))
    panel = load_series(path)
    assert panel.time.equals(days) and panel.time[panel.filled].equals(emptied)
    assert any("filled 4 missing value(s)" in w for w in panel.warnings)
    rules = holidays_of(panel.freq, panel.held_times)
    assert ("weekday", 12, 4, -1) not in rules
    assert list(next_open_days(days[-1], 5, rules).strftime("%m-%d")) == [
        "12-23", "12-24", "12-26", "12-27", "12-30"]


def test_a_long_file_of_every_symbol_on_every_date_keeps_each_one_s_empty_holidays(tmp_path):
    """A long file melted from a wide sheet: each symbol a row on every date, empty on its own
    holidays (Chile's dates, no exchange's calendar). Its empty cells outnumber the weekdays
    its rows skip (the days no symbol trades): they are its holidays, as before, not gaps (a
    review: Fiestas Patrias forecast)."""
    from dateutil.easter import easter

    days = pd.bdate_range("2021-01-04", "2024-09-13")
    fridays = pd.DatetimeIndex([easter(y) - pd.Timedelta(days=2) for y in range(2021, 2025)])
    shut = days[((days.month == 1) & (days.day == 1)) | ((days.month == 12) & (days.day == 25))
                | days.isin(fridays)]
    days = days.difference(shut)
    own = np.isin(days.strftime("%m-%d"), ["05-21", "06-20", "08-15", "09-18", "09-19",
                                           "10-12", "11-01", "12-08"])
    rows = [f"{d:%Y-%m-%d},{sym},{'' if sym == 'IPSA' and o else 100 + i % 9}"
            for sym in ("SPX", "IPSA") for i, (d, o) in enumerate(zip(days, own, strict=True))]
    path = tmp_path / "melted.csv"
    path.write_text("date,symbol,close\n" + "\n".join(rows) + "\n")
    panel = load_series(path)
    ipsa = panel.select(["IPSA"])
    assert len(ipsa.time) == len(days) - own.sum() and ipsa.filled is None


def test_an_empty_id_cell_is_refused_naming_the_file_and_line(tmp_path):
    path = long_file(tmp_path, shuffle=False)
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace(",AAPL,", ",,")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"long\.csv: id column 'symbol' is empty at row 5 "
                                         r"\(line 6\)"):
        load_series(path, id_col="symbol")


def test_empty_business_days_are_zeros_with_fill_zero_refused_with_fill_none(tmp_path):
    """--fill zero makes a business day without a value a day of 0 (sales), --fill none
    refuses it; by default such days, more of them than holidays make, are left out with a
    warning that names --fill zero."""
    days = pd.bdate_range("2021-01-04", periods=300)
    empty = np.arange(300) % 5 == 2  # every Wednesday: a fifth of the days
    path = tmp_path / "sales.csv"
    path.write_text("date,sales\n" + "".join(
        f"{d:%Y-%m-%d},{'' if e else 10 + i % 7}\n" for i, (d, e) in enumerate(
            zip(days, empty, strict=True))))
    zeros = load_series(path, fill="zero")
    assert len(zeros.time) == 300 and (zeros.target[empty] == 0).all()
    with pytest.raises(InputError, match="60 missing value"):
        load_series(path, fill="none")
    absent = load_series(path)
    assert len(absent.time) == 240
    assert any("60 of 300 weekdays have no value" in w and "--fill zero" in w
               for w in absent.warnings)


def test_closes_on_a_calendar_of_days_with_empty_weekends_are_business_days(tmp_path):
    """Two stocks merged onto every calendar day (as a merge with data that trades on weekends
    leaves them), weekends and holidays empty: business days, holidays learned (Labor Day, so
    forecasts skip it); with --fill zero (a shop closed at weekends sells 0) days, as before."""
    days = pd.date_range("2016-01-01", "2018-08-31", freq="D")
    closed = (days.day_of_week >= 5) | days.isin(pd.to_datetime(
        [f"{y}-{md}" for y in (2016, 2017, 2018) for md in ("01-01", "07-04", "12-25")]
        + ["2016-09-05", "2017-09-04"]))  # Labor Day, before 2018's
    rng = np.random.default_rng(1)
    rows = [f"{d:%Y-%m-%d},{sym},{'' if c else f'{100 + rng.normal():.2f}'}"
            for sym in ("AAA", "BBB") for d, c in zip(days, closed, strict=True)]
    path = tmp_path / "calendar.csv"
    path.write_text("date,symbol,close\n" + "\n".join(rows) + "\n")
    panel = load_series(path)
    assert panel.freq == "B" and (panel.filled is None or not panel.filled.any())
    assert len(panel.select(["AAA"]).time) == int((~closed).sum())
    assert "1st Mon of Sep" in [describe(rule) for rule in learn_holidays(panel.time)]
    assert load_series(path, fill="zero").freq == "D"
    # a model trained on them as days (before this rule) reads them as days still
    assert load_panel(path, DataSpec(), ("D", "daily")).freq == "D"


@pytest.mark.parametrize("unit", ["BR", "pcs"])
def test_an_id_column_of_kinds_with_a_unit_stays_the_id(tmp_path, unit):
    # '1 BR', '2 BR', '3 BR' (a kind of flat), '6 pcs', '12 pcs' (a pack size): a number and
    # a word, but a kind, not a reading
    months = pd.date_range("2018-01-01", periods=36, freq="MS")
    frame = pd.DataFrame([(f"{m:%Y-%m}", f"{k} {unit}", 1000 * k + i) for k in (1, 2, 3)
                          for i, m in enumerate(months)], columns=["month", "unit_type", "rent"])
    frame.to_csv(tmp_path / "rents.csv", index=False)
    panel = load_series(tmp_path / "rents.csv")
    assert (panel.id_col, panel.target_col, len(panel)) == ("unit_type", "rent", 3)


def test_an_id_written_in_decomposed_letters_is_the_same_series(tmp_path):
    """'Zürich' typed on a Mac (u and a combining diaeresis, NFD) and exported elsewhere
    (one letter ü, NFC): one series under its first spelling (before: two series that looked
    alike); a file spelt one way throughout keeps that spelling, as a model trained on it
    knows it."""
    import unicodedata

    from lstmcast.data import load_panel

    days = pd.date_range("2024-01-01", periods=40, freq="D")
    names = ["Z\u00fcrich", "Basel"]
    rows = [(d, unicodedata.normalize("NFD" if i % 2 else "NFC", n), 10 * k + i)
            for i, d in enumerate(days) for k, n in enumerate(names)]
    path = tmp_path / "cities.csv"
    path.write_text("date,city,visits\n" + "".join(f"{d:%Y-%m-%d},{n},{v}\n"
                                                  for d, n, v in rows), encoding="utf-8")
    panel = load_panel(path)
    assert list(panel.ids) == names and len(panel.time) == 80
    decomposed = unicodedata.normalize("NFD", names[0])
    path.write_text("date,city,visits\n" + "".join(f"{d:%Y-%m-%d},{n},{i}\n" for i, d in
                                                  enumerate(days) for n in (decomposed, "Basel")),
                    encoding="utf-8")
    assert list(load_panel(path).ids) == [decomposed, "Basel"]  # spelt one way: kept so


@pytest.mark.parametrize("other", ["H1 ", "\u00d6-12"])
def test_two_spellings_read_as_one_id_with_rows_at_one_time_are_refused(tmp_path, other):
    """'H1' and 'H1 ', or 'Ö-12' composed two ways, each with a row every hour: two series,
    which --duplicates mean averaged into one in silence (a user round); refused, naming
    both spellings. One spelling a series, however many, as before (above)."""
    import unicodedata

    from lstmcast.config import DataSpec
    from lstmcast.data import load_panel

    hours = pd.date_range("2021-01-01", periods=60, freq="h")
    one = other.strip() if other.strip() != other else unicodedata.normalize("NFD", other)
    path = tmp_path / "ids.csv"
    path.write_text("id,time,value\n" + "".join(
        f"{k},{t:%Y-%m-%d %H:%M},{100 + i + 50 * j}\n" for j, k in enumerate((one, other))
        for i, t in enumerate(hours)), encoding="utf-8")
    for spec in (DataSpec(id_col="id"), DataSpec(id_col="id", duplicates="mean")):
        with pytest.raises(InputError, match="read as one, .* both have a row at 2021-01-01"):
            load_panel(path, spec)


def test_ids_that_differ_only_in_case_one_after_another_are_said(tmp_path):
    """'AAPL' until January, 'aapl' since (a download appended by another tool): two series,
    the older forecast from its last row, said only as 'series end before the latest row'."""
    days = pd.bdate_range("2023-07-17", periods=120)
    path = tmp_path / "case.csv"
    path.write_text("Date,Ticker,Close\n" + "".join(
        f"{d:%Y-%m-%d},{'AAPL' if i < 80 else 'aapl'},{190 + i / 10}\n{d:%Y-%m-%d},MSFT,"
        f"{330 + i / 10}\n" for i, d in enumerate(days)))
    p = load_panel(path)
    assert p.ids == ("AAPL", "MSFT", "aapl")
    assert any("ids 'AAPL', 'aapl' differ only in case and follow one another in time" in w
               for w in p.warnings)
    assert not any("'MSFT'" in w for w in p.warnings)


def _coins_and_stocks(tmp_path) -> str:
    days = pd.date_range("2024-01-01", periods=120)
    weekdays = days[days.day_of_week < 5]
    rows = [f"{s},{d:%Y-%m-%d},{100 + k}\n" for s in ("BTC-USD", "ETH-USD")
            for k, d in enumerate(days)]
    rows += [f"{s},{d:%Y-%m-%d},{50 + k}\n" for s in ("COIN", "MSTR", "AAPL")
             for k, d in enumerate(weekdays)]
    path = tmp_path / "mixed.csv"
    path.write_text("asset,date,close\n" + "".join(rows))
    return str(path)


def test_series_of_two_frequencies_are_refused_naming_each_group(tmp_path):
    """Coins (every day) beside stocks (business days) in one long file: the refusal named one
    coin and counted the others; it names each frequency's series, so the file can be split."""
    with pytest.raises(InputError) as refused:
        load_panel(_coins_and_stocks(tmp_path), DataSpec())
    assert ("series follow different frequencies: B for 3 ('COIN', 'MSTR', 'AAPL'); D for 2 "
            "('BTC-USD', 'ETH-USD'); one file holds series of one frequency") in str(
                refused.value.describe())
    assert "--id A,B" in refused.value.describe(("--id",))


def test_ids_choose_the_series_before_their_frequencies_are_compared(tmp_path):
    """--id picks some series of a file of coins and stocks: each frequency's get a model."""
    path = _coins_and_stocks(tmp_path)
    coins = load_panel(path, DataSpec(ids=("ETH-USD", "BTC-USD")))
    assert coins.ids == ("BTC-USD", "ETH-USD") and coins.freq == "D"
    stocks = load_panel(path, DataSpec(ids=("AAPL", "COIN", "MSTR")))
    assert stocks.ids == ("COIN", "MSTR", "AAPL") and stocks.freq == "B"  # in the file's order
    with pytest.raises(InputError, match=r"no series 'SOL-USD' \(series: 'BTC-USD', "):
        load_panel(path, DataSpec(ids=("BTC-USD", "SOL-USD")))  # training: every one it names
    fresh = load_panel(path, DataSpec(ids=("BTC-USD", "SOL-USD")), layout="long",
                       may_lack=("BTC-USD", "SOL-USD"))
    assert fresh.ids == ("BTC-USD",)  # a model's symbol the feed dropped: the caller says it
    with pytest.raises(InputError, match="no rows of the model's series 'SOL-USD'"):
        load_panel(path, DataSpec(ids=("SOL-USD",)), layout="long", may_lack=("SOL-USD",))


def test_ids_of_a_single_series_are_refused(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("date,close\n" + "".join(f"2024-01-{d:02d},{d}\n" for d in range(1, 29)))
    with pytest.raises(InputError, match="holds one series, without ids"):
        load_panel(str(path), DataSpec(ids=("AAPL",)))


def test_a_stock_s_empty_weekends_after_a_coin_s_days_are_no_days(tmp_path):
    """yfinance's stack() of a coin and a stock: the stock's weekend rows are empty. Read
    after the coin's every-day series, they were kept as days and filled, and the stock was
    forecast on Saturdays; now they are dropped as after a stock, whichever comes first."""
    days = pd.date_range("2024-01-01", periods=120, freq="D")
    rng = np.random.default_rng(5)
    coin = 40_000 * np.exp(np.cumsum(rng.normal(0, 0.02, 120)))
    stock = np.where(days.day_of_week < 5, 400 * np.exp(np.cumsum(rng.normal(0, 0.01, 120))),
                     np.nan)
    frame = pd.concat([pd.DataFrame({"Date": days, "Ticker": "BTC-USD", "Close": coin}),
                       pd.DataFrame({"Date": days, "Ticker": "MSFT", "Close": stock})])
    for order in (frame, frame.iloc[::-1]):
        order.to_csv(tmp_path / "stack.csv", index=False)
        with pytest.raises(InputError, match=r"different frequencies: B for 1 \('MSFT'\)"):
            load_series(tmp_path / "stack.csv")


def test_a_series_whose_feature_column_holds_no_value_is_skipped_and_named(tmp_path):
    """S&P 500 closes with their volume beside VIX, which has none: training and a daily
    predict stopped on an internal error (a user round). The series is skipped, as one without
    values, and named; the others are read with their volumes."""
    frame = pd.read_csv(long_file(tmp_path))
    frame["volume"] = np.where(frame.symbol == "MSFT", np.nan, 1e6 + np.arange(len(frame)))
    frame.to_csv(tmp_path / "volumes.csv", index=False)
    panel = load_panel(tmp_path / "volumes.csv", DataSpec(features=("volume",)))
    assert list(panel.ids) == ["AAPL", "ZZZ"] and panel.features.shape[1] == 1
    assert ("skipped 1 series whose feature column 'volume' holds no value: 'MSFT'"
            in panel.warnings)


def test_a_wide_file_whose_every_column_is_empty_is_said_to_be(tmp_path):
    """A cron job's export of the model's columns, every cell empty: 'no numeric column to
    forecast ...; check the delimiter' sent a user round to the delimiter."""
    path = tmp_path / "empty.csv"
    path.write_text("Data,Japan,Canada\n2016-01-04,,\n2016-01-05,,\n2016-01-06,,\n")
    with pytest.raises(InputError, match="every column of values is empty: 'Japan', 'Canada'"
                       ) as info:
        load_series(path, target="all")
    assert info.value.fallback == "export it with its values"


def test_a_delisted_symbol_s_empty_rows_to_the_file_s_end_are_no_unfinished_rows(tmp_path):
    """A stacked export lists every symbol on every date, empty after a delisting: 'dropped 607
    trailing row(s) ... incomplete?' read as a broken file (a user round). A row or two empty at
    the end is still one being written."""
    days = pd.bdate_range("2021-01-04", periods=80)
    closes = {"AAA": 50 + np.arange(80.0), "BBB": np.r_[20 + np.arange(60.0), [np.nan] * 20],
              "CCC": np.r_[30 + np.arange(78.0), [np.nan] * 2]}
    pd.concat([pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Ticker": t, "Close": v})
               for t, v in closes.items()]).to_csv(tmp_path / "s.csv", index=False)
    panel = load_series(tmp_path / "s.csv")
    assert panel.lengths.tolist() == [80, 60, 78]
    assert "series 'BBB': no value after 2021-03-26: dropped its 20 empty row(s)" in panel.notes
    assert panel.warnings == ("series 'CCC': dropped 2 trailing row(s) without a value in "
                              "'Close' (from 2021-04-22; incomplete?)",)
