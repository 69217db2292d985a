"""Tests of lstmcast.data: real slices of public files first, then every error a user can hit."""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_series
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmcast.calendar import format_stamp, future_timestamps, offset_of, stamp_writer
from lstmcast.config import DataSpec
from lstmcast.data import load_panel
from lstmcast.data.month_names import in_english
from lstmcast.data.steps import step_start
from lstmcast.errors import InputError
from lstmcast.panel import Panel

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} not present")


def write(tmp_path: Path, text: str | bytes, name: str = "x.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def err(path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        load_series(path, **kwargs)
    # The message as 'lstmcast train' shows it (with the advice about its flags); without
    # flags to advise, the library names none.
    assert "--" not in info.value.describe(()).replace(str(path), "")
    message = info.value.describe(None)
    assert "\n" not in message
    assert str(path) in message
    return message


# ---------------------------------------------------------------------------------------------
# real slices (tests/data, see its README)


def test_btc_slice_daily_crlf():
    s = load_series(DATA / "btc_head200.csv")
    assert isinstance(s, Panel) and len(s) == 1
    assert (s.time_col, s.target_col, s.feature_cols) == ("Date", "Closing Price (USD)", ())
    assert (s.freq, s.freq_label, s.date_format) == ("D", "daily", "%Y-%m-%d")
    assert s.time[0] == pd.Timestamp("2013-10-01") and s.time[-1] == pd.Timestamp("2014-04-18")
    assert s.values.shape == (200, 1) and s.values.dtype == np.float64
    assert s.values[0, 0] == 123.65499 and s.values[2, 0] == 108.58483
    assert any("matched 'closing price'" in n for n in s.notes)


def test_btc_features_by_case_insensitive_name():
    s = load_series(DATA / "btc_head200.csv", features=["24h open (usd)", " 24h High (USD) "])
    assert s.feature_cols == ("24h Open (USD)", "24h High (USD)")
    assert s.values.shape == (200, 3)
    np.testing.assert_array_equal(s.values[0], [123.65499, 124.30466, 124.75166])


def test_a_named_column_matches_as_words_whatever_its_punctuation(tmp_path):
    """'Adj_Close' where a model (or --target) names 'Adj Close': another export's spelling of
    the same column; two columns so alike are refused as ambiguous, as by case alone."""
    from lstmcast.data.columns import match_column
    from lstmcast.errors import InputError

    days = pd.bdate_range("2023-01-02", periods=30)
    path = write(tmp_path, "Date,Open,Adj_Close\n" + "".join(
        f"{d:%Y-%m-%d},{10 + i},{20 + i}\n" for i, d in enumerate(days)))
    assert load_series(path, target="Adj Close").target[0] == 20.0
    assert match_column("f", ["adj close", "Adj-Close"], "Adj Close", "target", "--target") \
        == "adj close"  # (case alone first)
    with pytest.raises(InputError, match="matches several columns"):
        match_column("f", ["Adj_Close", "Adj-Close"], "Adj Close", "target", "--target")
    with pytest.raises(InputError, match="no column 'Price \\(\\$\\)'"):  # another currency's
        match_column("f", ["Date", "Price (€)"], "Price ($)", "target", "--target")
    # a header's quotes kept around a name, a unit after it (a user round: both refused)
    columns = ['"Obs Date"', "Min Temp (°C)", "Price (€)", "Price ($)"]
    assert match_column("f", columns, "Obs Date", "time", "--time-col") == '"Obs Date"'
    assert match_column("f", columns, "min temp", "target", "--target") == "Min Temp (°C)"
    with pytest.raises(InputError, match="matches several columns"):
        match_column("f", columns, "Price", "target", "--target")
    with pytest.raises(InputError, match="no column 'Close'"):  # a word, no unit: another column
        match_column("f", ["Date", "Close (adj)"], "Close", "target", "--target")
    # a unit's word in any case (a meter's 'Verbrauch (kWh)'), and a footnote's marks after a
    # name (Yahoo's web table's 'Close*', 'Adj Close**'): a user round's, all refused
    columns = ["Datum", "Verbrauch (kWh)", "Flow [m3]", "Close*", "Adj Close**"]
    for wanted, column in (("verbrauch", "Verbrauch (kWh)"), ("Flow", "Flow [m3]"),
                           ("Close", "Close*"), ("Adj Close", "Adj Close**")):
        assert match_column("f", columns, wanted, "target", "--target") == column


def test_a_whole_last_line_whose_id_comes_first_is_kept(tmp_path):
    """An id written first is no cut: 'A' beside 'AA' and 'AAPL', its line whole but for its
    line end, is a series of its own."""
    days = pd.bdate_range("2022-01-03", "2022-02-28")
    rows = "".join(f"{k},{d:%Y-%m-%d},{v + i:.2f}\n" for i, d in enumerate(days)
                   for k, v in (("AA", 1.5), ("AAPL", 3400.25)))
    panel = load_series(write(tmp_path, "ticker,date,close\n" + rows + "A,2022-03-01,130.25"))
    assert "A" in panel.ids and not any("still writing" in w for w in panel.warnings)


def test_sp500_day_first_two_digit_year_business_days():
    s = load_series(DATA / "sp500_head300.csv")
    assert (s.time_col, s.target_col, s.date_format, s.freq) == ("Date", "Close", "%d-%m-%y", "B")
    assert s.freq_label == "business days"
    assert s.time[0] == pd.Timestamp("2000-01-03")
    assert s.time[1] == pd.Timestamp("2000-01-04")
    assert s.values[0, 0] == 1455.219971
    assert len(s.time) == 300  # holidays are not inserted
    freq_note = next(n for n in s.notes if n.startswith("frequency"))
    assert "weekdays absent" in freq_note and "holidays" in freq_note
    assert any("day-first" in n for n in s.notes)


def test_sp500_first_rows_only_day_first_is_regular():
    # 03-01-00 .. 12-01-00 parse both ways; month-first would be monthly with two gaps
    s = load_series(DATA / "sp500_head8.csv")
    assert s.date_format == "%d-%m-%y" and s.freq == "B"
    assert list(s.time.strftime("%Y-%m-%d")) == [
        "2000-01-03", "2000-01-04", "2000-01-05", "2000-01-06", "2000-01-07",
        "2000-01-10", "2000-01-11", "2000-01-12",
    ]
    note = next(n for n in s.notes if n.startswith("time column"))
    assert "day-first" in note and "month-first" in note


def test_sp500_forced_month_first_format_is_obeyed(tmp_path):
    s = load_series(DATA / "sp500_head8.csv", date_format="%m-%d-%y")
    assert s.time[0] == pd.Timestamp("2000-03-01") and s.freq == "MS"
    assert s.date_format == "%m-%d-%y"


def test_vix_upper_case_header():
    s = load_series(DATA / "vix_head300.csv")
    assert (s.time_col, s.target_col, s.freq) == ("DATE", "CLOSE", "B")
    assert s.time[0] == pd.Timestamp("1990-01-02") and s.values[0, 0] == 17.24


def test_melbourne_missing_days_inserted_and_filled():
    s = load_series(DATA / "melbourne_tail750.csv")
    assert (s.time_col, s.target_col, s.freq) == ("Date", "Temp", "D")
    assert s.time[0] == pd.Timestamp("1988-12-11") and s.time[-1] == pd.Timestamp("1990-12-31")
    assert len(s.time) == 751  # 750 rows + 1988-12-31
    i = s.time.get_loc(pd.Timestamp("1988-12-31"))
    assert s.values[i, 0] == s.values[i - 1, 0]  # forward filled
    assert s.values[-1, 0] == 13.0  # last line has no newline
    assert any("1 missing timestamp(s)" in n and "1988-12-31" in n for n in s.notes)
    assert any(n.startswith("filled 1 missing") for n in s.notes)


def test_stray_sundays_of_a_shop_closed_sundays_and_mondays_are_dropped(tmp_path):
    days = pd.bdate_range("2022-01-04", periods=300, freq=pd.offsets.CustomBusinessDay(
        weekmask="Tue Wed Thu Fri Sat")).append(pd.DatetimeIndex(["2022-03-06", "2022-05-08"]))
    path = tmp_path / "shop.csv"
    pd.DataFrame({"date": days.sort_values(), "sold": np.arange(302.0)}).to_csv(path, index=False)
    s = load_series(path)
    assert s.freq == "WD-MON-SUN" and len(s.time) == 300
    assert "dropped 2 row(s) off the five-day calendar (2022-03-06, 2022-05-08)" in s.warnings


def test_an_hourly_series_names_a_missing_midnight_with_its_time(tmp_path):
    hours = pd.date_range("2023-10-25", periods=72, freq="h")
    path = tmp_path / "hourly.csv"
    pd.DataFrame({"time": hours, "temp": np.arange(72.0)}).drop(index=[24, 30]).to_csv(
        path, index=False)
    assert any("2 missing timestamp(s) inserted as gaps (2023-10-26 00:00:00, "
               "2023-10-26 06:00:00)" in n for n in load_series(path).notes)


def test_sales_kept_only_on_days_with_sales_are_advised_to_fill_zeros(tmp_path):
    days = pd.date_range("2022-01-01", periods=200, freq="D")
    sold = np.random.default_rng(0).poisson(0.8, 200)
    path = tmp_path / "sales.csv"
    pd.DataFrame({"date": days, "units": sold})[sold > 0].to_csv(path, index=False)
    advice = "if an absent row means nothing happened (no sales), --fill zero makes it 0"
    assert any(advice in w for w in load_series(path).warnings)
    zeros = load_series(path, fill="zero")
    assert len(zeros.time) == 200 - np.argmax(sold > 0) - np.argmax(sold[::-1] > 0)
    assert not any(advice in w for w in zeros.warnings)
    assert not any(advice in w for w in load_series(DATA / "melbourne_tail750.csv").warnings)
    # blank cells are readings not taken, not rows left out: no advice (an ozone monitor's)
    blank = tmp_path / "ozone.csv"
    pd.DataFrame({"date": days, "ozone": np.where(sold > 0, sold, np.nan)}).to_csv(
        blank, index=False)
    warned = load_series(blank).warnings
    assert any("filled " in w for w in warned) and not any(advice in w for w in warned)


def test_melbourne_interpolate_and_none():
    s = load_series(DATA / "melbourne_tail750.csv", fill="interpolate")
    i = s.time.get_loc(pd.Timestamp("1988-12-31"))
    assert s.values[i, 0] == pytest.approx((s.values[i - 1, 0] + s.values[i + 1, 0]) / 2)
    msg = err(DATA / "melbourne_tail750.csv", fill="none")
    assert "1 missing value" in msg and "1988-12-31" in msg and "--fill" in msg


def test_sunspots_monthly_year_month():
    s = load_series(DATA / "sunspots_tail240.csv")
    assert (s.time_col, s.target_col, s.date_format) == ("Month", "Sunspots", "%Y-%m")
    assert s.freq == "MS" and s.freq_label.startswith("monthly")
    assert s.time[0] == pd.Timestamp("1964-01-01") and s.time[-1] == pd.Timestamp("1983-12-01")
    assert s.values[-1, 0] == 33.4


def test_etth1_hourly_with_target_ot():
    s = load_series(DATA / "etth1_head200.csv", target="OT", features=["HUFL"])
    assert (s.time_col, s.target_col, s.feature_cols) == ("date", "OT", ("HUFL",))
    assert (s.freq, s.freq_label) == ("h", "hourly")
    assert s.time[-1] == pd.Timestamp("2016-07-09 07:00")
    np.testing.assert_allclose(s.values[0], [30.5310001373291, 5.827000141143799])


def test_etth1_without_target_asks_for_one():
    msg = err(DATA / "etth1_head200.csv")
    assert "--target" in msg and "'OT'" in msg and "'HUFL'" in msg


def test_fx_wide_japan_holidays_absent():
    """The Federal Reserve leaves a holiday's cell empty: the day is absent, not filled."""
    s = load_series(DATA / "fx_1998_1999.csv", target="Japan")
    assert (s.time_col, s.target_col, s.freq) == ("Data", "Japan", "B")
    assert s.time[0] == pd.Timestamp("1998-11-02") and s.time[-1] == pd.Timestamp("1999-02-26")
    assert len(s.time) == 85 - 6 and np.isfinite(s.values).all()
    assert pd.Timestamp("1998-12-25") not in s.time  # an empty cell on Christmas
    assert not any(n.startswith("filled") for n in s.notes)
    assert any("6 weekdays absent, treated as holidays" in n for n in s.notes)


def test_fx_euro_leading_rows_dropped():
    s = load_series(DATA / "fx_1998_1999.csv", target="euro")
    assert s.target_col == "Euro" and s.time[0] == pd.Timestamp("1999-01-04")
    assert s.values[0, 0] == 0.8466
    assert any("leading row" in n and "'Euro'" in n for n in s.notes)


def test_fx_empty_column_and_unknown_column():
    msg = err(DATA / "fx_1998_1999.csv", target="Austria")
    assert "'Austria'" in msg and "no values" in msg and "--target" in msg
    msg = err(DATA / "fx_1998_1999.csv", target="Atlantis")
    assert "'Atlantis'" in msg and "'Japan'" in msg and "--target" in msg
    msg = err(DATA / "fx_1998_1999.csv", target="Japan", features=["Mars"])
    assert "'Mars'" in msg and "--features" in msg


@needs_shared
@pytest.mark.parametrize(
    ("name", "kwargs", "freq", "first", "last", "n"),
    [
        ("btc_usd_daily_coindesk.csv", {}, "D", "2013-10-01", "2021-05-18", 2787),
        ("sp500_daily_ohlcv.csv", {}, "B", "2000-01-03", "2018-08-31", 4697),
        ("vix_daily_ohlc.csv", {}, "B", "1990-01-02", "2026-07-23", 9235),
        ("melbourne_daily_min_temperatures.csv", {}, "D", "1981-01-01", "1990-12-31", 3652),
        ("zurich_monthly_sunspots.csv", {}, "MS", "1749-01-01", "1983-12-01", 2820),
        ("ETTh1.csv", {"target": "OT"}, "h", "2016-07-01", "2018-06-26 19:00", 17420),
        # (11 weekdays without a rate, the yen's float in August 1971: a gap, filled)
        ("fx_daily_usd_wide.csv", {"target": "Japan"}, "B", "1971-01-04", "2017-12-01", 11780),
    ],
)
def test_shared_full_files(name, kwargs, freq, first, last, n):
    s = load_series(SHARED / name, **kwargs)
    assert s.freq == freq and len(s.time) == n == s.values.shape[0]
    assert s.time[0] == pd.Timestamp(first) and s.time[-1] == pd.Timestamp(last)
    assert s.time.is_monotonic_increasing and s.time.is_unique
    assert np.isfinite(s.values).all()


@needs_shared
def test_shared_melbourne_gaps_named():
    s = load_series(SHARED / "melbourne_daily_min_temperatures.csv")
    assert any("2 missing timestamp(s)" in n and "1984-12-31, 1988-12-31" in n for n in s.notes)


def test_sample_data_files_load():
    root = HERE.parent / "sample_data"
    s = load_series(root / "btc_usd_daily.csv")
    assert s.freq == "D" and len(s.time) == 1000 and s.time[-1] == pd.Timestamp("2021-05-18")
    s = load_series(root / "sunspots_monthly.csv")
    assert s.freq == "MS" and len(s.time) == 600 and s.time[0] == pd.Timestamp("1934-01-01")


# ---------------------------------------------------------------------------------------------
# file formats


SMALL = "Date,Close\n2021-01-01,1\n2021-01-02,2\n2021-01-03,3\n2021-01-04,4\n"


@pytest.mark.parametrize(
    "raw",
    [
        SMALL.encode(),
        SMALL.replace("\n", "\r\n").encode(),
        SMALL.rstrip("\n").encode(),  # no trailing newline
        b"\xef\xbb\xbf" + SMALL.encode(),  # UTF-8 BOM
        SMALL.encode("utf-16"),  # UTF-16 with BOM
        SMALL.replace("\n", "\r\n").encode("utf-16"),
        SMALL.replace(",", ";").encode(),
        SMALL.replace(",", "\t").encode(),
        SMALL.replace(",", "|").encode(),
        SMALL.replace("Date,Close", '"Date","Close"').encode(),  # quoted header
        SMALL.encode() + b"\n\n",  # trailing blank lines
    ],
)
def test_layouts_read_the_same(tmp_path, raw):
    s = load_series(write(tmp_path, raw))
    assert (s.time_col, s.target_col, s.freq) == ("Date", "Close", "D")
    np.testing.assert_array_equal(s.values[:, 0], [1, 2, 3, 4])


def test_gzip_detected_by_magic_bytes(tmp_path):
    s = load_series(write(tmp_path, gzip.compress(SMALL.encode()), "no_gz_suffix.csv"))
    assert s.values.shape == (4, 1) and any("gzip" in n for n in s.notes)


def test_thousands_separators_spaces_and_decimal_comma(tmp_path):
    text = 'Date,Price\n2021-01-01,"1,234.5"\n2021-01-02, 2 \n2021-01-03,"12,000"\n'
    s = load_series(write(tmp_path, text))
    np.testing.assert_array_equal(s.values[:, 0], [1234.5, 2, 12000])
    text = 'Date,Close\n2021-01-01,"2,07,741.99"\n2021-01-02,"12,34,567"\n2021-01-03,"999"\n'
    s = load_series(write(tmp_path, text, "nifty.csv"))  # India's lakhs and crores
    np.testing.assert_array_equal(s.values[:, 0], [207741.99, 1234567, 999])
    text = "Date;Price\n2021-01-01;1.234,5\n2021-01-02;2,25\n2021-01-03;3\n"
    s = load_series(write(tmp_path, text, "eu.csv"))
    np.testing.assert_array_equal(s.values[:, 0], [1234.5, 2.25, 3])


@pytest.mark.parametrize("cells, semicolon, comma", [
    (["50,941", "51,109", "49,643"], [50.941, 51.109, 49.643], [50941, 51109, 49643]),
    # '953' beside '1.050': only German counts write so, whatever the delimiter (a tab file's
    # and a ',' file's quoted '1.038' beside '999' were read 1.038, with nothing said)
    (["1.028", "1.050", "953"], [1028, 1050, 953], [1028, 1050, 953]),
    (["234.840", "241.030", "238.110"], [234.84, 241.03, 238.11], [234.84, 241.03, 238.11]),
    (["1.234,5", "2,25"], [1234.5, 2.25], [1234.5, 2.25]),  # a cell shows the comma's role
])
def test_a_comma_no_cell_explains_is_decimal_in_a_semicolon_file(tmp_path, cells, semicolon,
                                                                  comma):
    """'50,941' could be 50.941 or 50941: a ';' file's comma writes decimals (it is why the file
    is not comma-separated), a ',' file's (quoted) comma groups thousands. A dot is read as
    written (household power's voltages in a ';' file, 234.840, with a warning), unless the
    column's whole numbers show it groups thousands; the same file's rows must read alike
    however few of them train or predict."""
    # a tab file's as a ',' file's: US counts cross 1000 ('991', '1,004'), a comma alone says
    # (unless its dates are dotted, day first: test_realworld_files)
    for sep, values in ((";", semicolon), ("\t", comma), (",", comma)):
        text = "Datum" + sep + "Wert\n" + "".join(
            f"2021-01-0{d}{sep}\"{c}\"\n" for d, c in enumerate(cells, 1))
        s = load_series(write(tmp_path, text, f"x{ord(sep)}.csv"))
        np.testing.assert_allclose(s.values[:, 0], values)
        # every number a comma before three digits: whichever reading, it is said
        said = f"writes every number as a comma before three digits ({cells[0]!r})"
        assert any(said in w for w in s.warnings) is (cells[0] == "50,941"), s.warnings
        grouped = "beside whole numbers below 1000, a step from them only if its dot groups"
        assert any(grouped in w for w in s.warnings) is (cells[0] == "1.028"), s.warnings


def test_a_temperature_in_kelvin_is_not_read_as_thousands(tmp_path):
    """'283.47K' was read as 283470 (K for thousands), said nowhere: a column named as a
    temperature reads kelvin; another says which reading it took; thousands of views outside
    the kelvin range ('850K', '1.2M') are read as before, unsaid."""
    cells = ["283.47K", "284.1K", "285K", "283.9K"]
    text = "time,{}\n" + "".join(f"2023-05-01 0{h}:00,{c}\n" for h, c in enumerate(cells))
    kelvin = load_series(write(tmp_path, text.format("temperature"), "t.csv"))
    np.testing.assert_allclose(kelvin.target, [283.47, 284.1, 285, 283.9])
    assert any("read as kelvin ('283.47K' is 283.47)" in w for w in kelvin.warnings)
    for name in ("AirTemp", "tempmax", "temp_2m", "TempK", "T2M"):  # camelCase, joined words
        np.testing.assert_allclose(load_series(write(tmp_path, text.format(name), "n.csv")).target,
                                   [283.47, 284.1, 285, 283.9])
    for name in ("login_attempts", "temp_staff_cost"):  # no temperature: thousands, said
        np.testing.assert_allclose(load_series(write(tmp_path, text.format(name), "n.csv")).target,
                                   [283470, 284100, 285000, 283900])
    other = load_series(write(tmp_path, text.format("reading"), "r.csv"))
    np.testing.assert_allclose(other.target, [283470, 284100, 285000, 283900])
    assert any("read with K for thousands; if K is kelvin" in w for w in other.warnings)
    views = load_series(write(tmp_path, "time,temp\n" + "".join(
        f"2023-05-01 0{h}:00,{c}\n" for h, c in enumerate(["850K", "1.2M", "990K"])), "v.csv"))
    np.testing.assert_allclose(views.target, [850e3, 1.2e6, 990e3])
    assert not views.warnings

def test_dots_of_a_file_of_decimal_dots_are_decimals_where_no_whole_number_says_otherwise(
        tmp_path):
    """A ',' file's rate to three places ('1.085') is read as written, unsaid; and a column
    of '999' and '1.038' is one of decimals where another column writes '20.00'."""
    rates = load_series(write(tmp_path, "Date,EURUSD\n" + "".join(
        f"2021-01-0{d},1.0{80 + d}\n" for d in range(1, 8))))
    np.testing.assert_allclose(rates.target, [1.081, 1.082, 1.083, 1.084, 1.085, 1.086, 1.087])
    assert not rates.warnings
    shown = load_series(write(tmp_path, "Date,Value,Price\n2021-01-01,999,20.00\n"
                              "2021-01-02,1.038,20.50\n2021-01-03,1.060,21.00\n", "shown.csv"),
                        target="Value")
    np.testing.assert_allclose(shown.target, [999, 1.038, 1.06])


def test_timezone_aware_keeps_local_times(tmp_path):
    text = "timestamp,value\n2021-01-01T01:00:00+01:00,1\n2021-01-01T02:00:00+01:00,2\n" \
           "2021-01-01T03:00:00+01:00,3\n"
    s = load_series(write(tmp_path, text))
    assert s.time.tz is None and s.time[0] == pd.Timestamp("2021-01-01 01:00") and s.freq == "h"
    assert any("not converted to UTC" in n for n in s.notes)


def test_a_zone_named_after_a_day_first_time_is_dropped_and_said(tmp_path):
    # Dukascopy's local times ('GMT+0200', '+0300' in summer); a ' UTC' after them
    for zone in ("GMT+0200", "GMT+0300", "UTC", "GMT", "US/Eastern", "EDT"):
        text = "Local time,Close\n" + "".join(
            f"02.01.2023 {h:02d}:00:00.000 {zone},{h}\n" for h in range(6))
        s = load_series(write(tmp_path, text))
        assert s.time[0] == pd.Timestamp("2023-01-02 00:00") and s.freq == "h"
        said = (f"times in UTC ({zone})" if zone in ("UTC", "GMT") else
                f"local zone ({zone}), not converted to UTC")
        assert any(said in n for n in s.notes)
    # Interactive Brokers' bars: '20230103  09:30:00' (two spaces, as its API writes them)
    s = load_series(write(tmp_path, "date,close\n" + "".join(
        f"20230103  {h:02d}:30:00,{h}\n" for h in range(9, 16)), "ib.csv"))
    assert s.time[0] == pd.Timestamp("2023-01-03 09:30") and len(s.time) == 7
    # a year after a dash is no zone offset: '-2021' of month-first days stays the year
    s = load_series(write(tmp_path, "date,v\n" + "".join(
        f"03-{d:02d}-2021,{d}\n" for d in range(1, 20))))
    assert s.time[0] == pd.Timestamp("2021-03-01") and not any("zone" in n for n in s.notes)


def test_descending_file_sorted(tmp_path):
    rows = "\n".join(f"2021-01-{d:02d},{d}" for d in range(10, 0, -1))
    s = load_series(write(tmp_path, "Date,Close\n" + rows + "\n"))
    assert s.time[0] == pd.Timestamp("2021-01-01")
    np.testing.assert_array_equal(s.values[:, 0], np.arange(1, 11))
    assert any("descending" in n for n in s.notes)


def test_time_column_found_by_values_and_target_only_numeric(tmp_path):
    days = "".join(f"01/{d:02d}/2021,x,{d}\n" for d in range(2, 15))
    s = load_series(write(tmp_path, "when,label,reading\n" + days))
    assert (s.time_col, s.target_col) == ("when", "reading")
    assert s.date_format == "%m/%d/%Y" and s.time[0] == pd.Timestamp("2021-01-02")
    assert any("'reading' (the only numeric column)" in n for n in s.notes)


@pytest.mark.parametrize(
    ("dates", "freq"),
    [
        (pd.date_range("2020-01-05", periods=8, freq="W-SUN"), "W-SUN"),
        (pd.date_range("2020-01-31", periods=8, freq="ME"), "ME"),
        (pd.date_range("2020-04-01", periods=8, freq="QS-JAN"), "QS-JAN"),
        (pd.date_range("2001-01-01", periods=8, freq="YS-JAN"), "YS-JAN"),
        (pd.date_range("2020-01-01", periods=8, freq="15min"), "15min"),
        (pd.date_range("2015-01-30", periods=8, freq="BME"), "BME"),  # a month's last trading day
        (pd.date_range("2015-02-02", periods=8, freq="BMS"), "BMS"),
        (pd.date_range("2015-02-01", periods=14, freq="MS") + pd.Timedelta(days=14), "MS+14D"),
        (pd.date_range("2001-01-01", periods=8, freq="6MS"), "6MS"),
        (pd.date_range("2001-06-30", periods=8, freq="6ME"), "6ME"),
        (pd.date_range("2015-01-09", periods=12, freq="2W-FRI"), "2W-FRI"),  # a payroll
        (pd.date_range("2015-01-04", periods=12, freq="4W-SUN"), "4W-SUN"),
        (pd.date_range("2001-01-01", periods=8, freq="2MS"), "2MS"),
        (pd.date_range("2001-03-30", periods=8, freq="BQE-DEC"), "BQE-DEC"),
        (pd.date_range("2001-01-01", periods=8, freq="BQS-JAN"), "BQS-JAN"),
        (pd.date_range("2001-12-31", periods=8, freq="BYE-DEC"), "BYE-DEC"),
        (pd.date_range("1952-01-01", periods=12, freq="5YS-JAN"), "5YS-JAN"),  # a census
        (pd.date_range("2000-12-31", periods=8, freq="2YE-DEC"), "2YE-DEC"),
        (pd.date_range("2022-01-03", periods=40, freq=pd.offsets.CustomBusinessDay(
            weekmask="Mon Tue Wed Thu Fri Sat")), "WD-SUN"),  # a shop closed on Sundays
        (pd.date_range("2022-01-04", periods=40, freq=pd.offsets.CustomBusinessDay(
            weekmask="Tue Wed Thu Fri Sat")), "WD-MON-SUN"),  # and on Mondays
        (pd.date_range("2022-01-02", periods=40, freq=pd.offsets.CustomBusinessDay(
            weekmask="Sun Mon Tue Wed Thu")), "WD-FRI-SAT"),  # a market of Sundays to Thursdays
    ],
)
def test_frequencies_inferred(tmp_path, dates, freq):
    fmt = "%Y-%m-%d %H:%M:%S" if freq.endswith("min") else "%Y-%m-%d"
    text = "date,value\n" + "".join(f"{d.strftime(fmt)},{i}\n" for i, d in enumerate(dates))
    s = load_series(write(tmp_path, text))
    assert s.freq == freq
    assert future_timestamps(s.time[-1], s.freq, 2)[0] == pd.date_range(
        dates[0], periods=len(dates) + 1, freq=offset_of(freq))[-1]


# ---------------------------------------------------------------------------------------------
# duplicates


DUPS = "Date,Close\n2021-01-01,1\n2021-01-02,2\n2021-01-02,4\n2021-01-03,3\n2021-01-03,3\n"


def test_transactions_summed_per_day_and_a_day_without_any_is_zero(tmp_path):
    """Orders, several a day (two of one amount are two orders), a day without any: with
    --duplicates sum --fill zero, daily totals. The order number, one per row, names no
    series: the error before asks for --duplicates, not --id-col."""
    orders = [("2021-01-04", 10), ("2021-01-04", 10), ("2021-01-04", 5), ("2021-01-05", 7),
              ("2021-01-07", 1), ("2021-01-07", 2), ("2021-01-08", 3)]
    path = write(tmp_path, "Order Date,Order ID,Sales\n" + "".join(
        f"{d},ORD{i},{v}\n" for i, (d, v) in enumerate(orders)))
    msg = err(path)
    assert "--duplicates last, mean or sum" in msg and "--id-col" not in msg
    s = load_series(path, duplicates="sum", fill="zero")
    np.testing.assert_array_equal(s.target, [25, 7, 0, 3, 3])
    assert s.filled is None  # a day of no orders is a day of 0, scored as any other
    assert any("summed" in w for w in s.warnings) and any("by zeros" in w for w in s.warnings)


def test_a_loggers_clock_a_few_seconds_off_the_hour_is_put_on_it(tmp_path):
    hours = pd.date_range("2023-01-01", periods=100, freq="h")
    off = pd.to_timedelta(np.random.default_rng(1).integers(-3, 4, 100), unit="s")
    path = write(tmp_path, "time,temp\n" + "".join(
        f"{t:%Y-%m-%d %H:%M:%S},{i}\n" for i, t in enumerate(hours + off)))
    s = load_series(path)
    assert s.freq == "h" and list(s.time) == list(hours)
    assert any(n.startswith("times up to 3 s off a whole step") for n in s.notes)
    bars = write(tmp_path, "time,close\n" + "".join(  # a session's bars at half past stay
        f"2023-01-0{d} {h}:30:00,{h}\n" for d in (2, 3, 4, 5, 6) for h in (9, 10, 11, 12)),
        "bars.csv")
    assert load_series(bars).time[0] == pd.Timestamp("2023-01-02 09:30")


def test_timed_transactions_put_on_their_days_are_daily_totals(tmp_path):
    """A till's log stamps each sale with its time of day: irregular, until --every D puts it
    on its day (and --every h on its hour)."""
    sales = [("2021-01-04 09:13", 10), ("2021-01-04 17:40", 5), ("2021-01-05 11:02", 7),
             ("2021-01-07 08:59", 1), ("2021-01-07 23:59", 2), ("2021-01-08 12:00", 3),
             ("2021-01-09 10:30", 4), ("2021-01-09 10:45", 6)]
    path = write(tmp_path, "timestamp,receipt,amount\n" + "".join(
        f"{t},R{i},{v}\n" for i, (t, v) in enumerate(sales)))
    assert "resample the data to a regular step" in err(path)
    s = load_series(path, every="D", duplicates="sum", fill="zero")
    assert s.freq == "D" and s.time[0] == pd.Timestamp("2021-01-04")
    np.testing.assert_array_equal(s.target, [15, 7, 0, 3, 3, 10])
    assert any(n.startswith("every D: 8 of 8 row(s) put on the step") for n in s.notes)
    assert not any("still running" in w for w in s.warnings)  # no earlier Saturdays to tell
    stamps = pd.DatetimeIndex(["2021-01-09 10:45", "2021-01-10 00:00", "2021-03-31 23:59"])
    for every, starts in [("W-MON", ["2021-01-04", "2021-01-04", "2021-03-29"]),
                          ("MS", ["2021-01-01", "2021-01-01", "2021-03-01"]),
                          ("B", ["2021-01-08", "2021-01-08", "2021-03-31"]),
                          ("h", ["2021-01-09 10:00", "2021-01-10 00:00", "2021-03-31 23:00"]),
                          # steps of 3 days, 2 weeks, from 1970's first (a user round: they
                          # were days and weeks, said as 3D and 2W-SUN)
                          ("3D", ["2021-01-09", "2021-01-09", "2021-03-31"]),
                          ("2W-SUN", ["2020-12-27", "2021-01-10", "2021-03-21"])]:
        assert list(step_start(stamps, every)) == list(pd.DatetimeIndex(starts)), every
    with pytest.raises(InputError, match="--every 2MS: steps of several of these periods"):
        load_series(path, every="2MS", duplicates="sum")
    with pytest.raises(InputError, match="--every 'daily' is no frequency pandas knows"):
        load_series(path, every="daily", duplicates="sum")
    # dates alone have no hour to be put on: hourly totals were a daily model, said as
    # "0 of 6 row(s) put on the step"; so were a day's one reading at 09:30
    days = write(tmp_path, "date,amount\n" + "".join(
        f"2021-01-0{d},{d}\n" for d in (4, 4, 5, 6, 7, 8)), "days.csv")
    with pytest.raises(InputError, match="^--every h: every row falls on the step at 00:00 of "
                                         "its day, so the steps between are not in the data"):
        load_series(days, every="h", duplicates="sum")
    days = write(tmp_path, "time,amount\n" + "".join(
        f"2021-01-0{d} 09:30,{d}\n" for d in (4, 5, 6, 7, 8)), "readings.csv")
    with pytest.raises(InputError, match="^--every 15min: every row falls on the step at 09:30"):
        load_series(days, every="15min", duplicates="sum")
    assert load_series(days, every="D", duplicates="sum").freq == "D"



def test_a_log_of_events_is_counted_per_step(tmp_path):
    """Arrivals at an emergency department, a row each and no quantity: --duplicates count
    makes them arrivals a day (two at the same second are two; a day of none is 0, no gap),
    or a day per triage level with its id column. Before, 'no numeric column to forecast'."""
    arrivals = [("2021-01-04 09:13:00", "red"), ("2021-01-04 09:13:00", "red"),
                ("2021-01-04 17:40:00", "green"), ("2021-01-05 11:02:00", "green"),
                ("2021-01-07 08:59:00", "red"), ("2021-01-08 12:00:00", "green"),
                ("2021-01-09 10:30:00", "red"), ("2021-01-09 10:45:00", "green")]
    path = write(tmp_path, "arrived,triage\n" + "".join(f"{t},{c}\n" for t, c in arrivals))
    assert "no numeric column to forecast" in err(path, every="D")
    s = load_series(path, every="D", duplicates="count")
    assert s.target_col == "count" and s.freq == "D" and s.time[0] == pd.Timestamp("2021-01-04")
    np.testing.assert_array_equal(s.target, [3, 1, 0, 1, 1, 2])
    assert s.filled is None and not s.warnings  # counted: no gap filled, nothing to warn of
    levels = load_series(path, every="D", duplicates="count", id_col="triage")
    assert list(levels.ids) == ["red", "green"]
    np.testing.assert_array_equal(levels.series(0).target, [2, 0, 0, 1, 0, 1])
    np.testing.assert_array_equal(levels.series(1).target, [1, 1, 0, 0, 1, 1])
    taken = write(tmp_path, "arrived,count\n" + "".join(f"{t},{c}\n" for t, c in arrivals),
                  "taken.csv")  # a column already named 'count': the counts are 'count_2'
    assert load_series(taken, every="D", duplicates="count").target_col == "count_2"
    for named in ({"target": "triage"}, {"features": ("triage",)}):
        with pytest.raises(InputError, match="--duplicates count forecasts the number of rows"):
            load_series(path, every="D", duplicates="count", **named)


def test_every_leaves_out_the_step_still_running(tmp_path):
    """A sale of 1 a day at noon, put on weeks and months by --every: a week two days in, a
    month three days in, would be totals of 2 and 3 where whole ones are 7 and 30. Left out,
    said; a last step as full as those before it is kept."""
    days = pd.date_range("2023-01-02 12:00", "2024-07-03 12:00", freq="D")
    path = write(tmp_path, "timestamp,amount\n" + "".join(f"{d:%Y-%m-%d %H:%M},1\n"
                                                           for d in days))
    weeks = load_series(path, every="W-SUN", duplicates="sum")
    assert weeks.time[-1] == pd.Timestamp("2024-06-23") and weeks.target[-1] == 7
    assert any("the last step, from 2024-06-30 00:00:00, is still running (its rows reach "
               "2024-07-03 12:00:00, 3 days 12:00:00 into it; the earlier steps' reached "
               "6 days 12:00:00 into theirs): its 4 row(s) left out" in w for w in weeks.warnings)
    # a shop's Sundays close at 18:00, its other days at 21:00: a Sunday to 17:40 is whole
    shop = [t for d in pd.date_range("2024-01-01", "2024-03-31", freq="D")
            for t in pd.date_range(d + pd.Timedelta(hours=10 if d.day_of_week == 6 else 9),
                                   d + pd.Timedelta(hours=17.67 if d.day_of_week == 6 else 20.75),
                                   freq="37min")]
    till = load_series(write(tmp_path, "time,sale\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},2\n" for t in shop), "till.csv"), every="D", duplicates="sum")
    assert till.time[-1] == pd.Timestamp("2024-03-31")
    assert not any("still running" in w for w in till.warnings)
    months = load_series(path, every="MS", duplicates="sum")
    assert months.time[-1] == pd.Timestamp("2024-06-01") and months.target[-1] == 30
    whole = load_series(write(tmp_path, "timestamp,amount\n" + "".join(
        f"{d:%Y-%m-%d %H:%M},1\n" for d in days[days < "2024-07-01"]), "whole.csv"),
        every="MS", duplicates="sum")
    assert whole.time[-1] == pd.Timestamp("2024-06-01")
    assert not any("still running" in w for w in whole.warnings)
    # a mean of a step's readings so far is no fall: kept (it was left out, said on every run)
    means = load_series(path, every="W-SUN", duplicates="mean")
    assert means.time[-1] == pd.Timestamp("2024-06-30") and means.target[-1] == 1
    assert not any("still running" in w for w in means.warnings)


def test_equal_readings_of_one_step_are_each_averaged_and_a_copied_row_is_not(tmp_path):
    """A logger's 21.0, 21.0 and 21.9 in one hour average to 21.3: once on the hour they had
    been dropped as exact duplicates (21.45). A row exported twice is still one reading."""
    rows = [f"2024-01-01 {h:02d}:{m:02d},{v}\n" for h in range(30 // 3)
            for m, v in ((5, 21.0), (25, 21.0), (45, 21.9))]
    rows.insert(4, rows[3])  # the 01:05 row, copied
    s = load_series(write(tmp_path, "time,reading\n" + "".join(rows)), every="h",
                    duplicates="mean")
    assert np.allclose(s.target, 21.3)
    assert any("dropped 1 exact duplicate row(s)" in n for n in s.notes)
    assert any("10 step(s) of several readings (first 2024-01-01): averaged" in n
               for n in s.notes)  # (asked for: no warning on every run)
    assert not any("several readings" in w for w in s.warnings)
    # without a policy, readings equal on the step are one: not refused as different values
    days = "".join(f"2024-01-{d:02d} {h},{20 + d % 5}.0\n" for d in range(1, 29)
                   for h in ("08:00", "12:00"))
    daily = load_series(write(tmp_path, "time,reading\n" + days, "equal.csv"), every="D")
    assert len(daily.target) == 28 and daily.target[0] == 21.0


def test_a_log_of_the_months_with_sales_is_monthly_with_every(tmp_path):
    """Rows only in months with a sale are too few to show their step; --every MS says it, and
    the months between are gaps (0 with --fill zero), not an irregular file."""
    months = ["2019-04-01", "2019-05-01", "2019-08-01", "2019-12-01", "2020-03-01",
              "2020-04-01", "2020-09-01"]
    path = write(tmp_path, "date,units\n" + "".join(f"{m},{i + 1}\n" for i, m in enumerate(months)))
    assert "too irregular to name a frequency" in err(path)
    s = load_series(path, every="MS", fill="zero")
    assert s.freq == "MS" and len(s.target) == 18
    np.testing.assert_array_equal(s.target[:6], [1, 2, 0, 0, 3, 0])
    assert s.target.sum() == sum(range(1, 8))
    # --every gives the calendar only where the rows show none: weekly Fridays with a week
    # stamped on its Thursday (a holiday) stay weekly, not days with six in seven filled
    fridays = pd.date_range("2021-01-01", periods=60, freq="W-FRI")
    stamps = [d - pd.Timedelta(days=1) if i == 30 else d for i, d in enumerate(fridays)]
    weekly = write(tmp_path, "date,units\n" + "".join(f"{d:%Y-%m-%d},{i}\n"
                                                      for i, d in enumerate(stamps)), "w.csv")
    s = load_series(weekly, every="D")
    assert s.freq == "W-FRI" and len(s.target) == 60

def test_duplicates_error_last_mean(tmp_path):
    path = write(tmp_path, DUPS)
    msg = err(path)
    assert "2021-01-02" in msg and "1 timestamp" in msg and "--duplicates" in msg
    s = load_series(path, duplicates="last")
    np.testing.assert_array_equal(s.values[:, 0], [1, 4, 3])
    assert any("exact duplicate" in n for n in s.notes)
    s = load_series(path, duplicates="mean")
    np.testing.assert_array_equal(s.values[:, 0], [1, 3, 3])
    assert any("averaged" in n for n in s.notes)


def test_duplicates_last_in_a_newest_first_file_is_the_latest_of_each_day(tmp_path):
    # A bank statement, newest first: a day's top row is its balance after its last entry.
    text = "Date,Balance\n03/01/2024,30\n03/01/2024,25\n02/01/2024,20\n02/01/2024,15\n" \
           "01/01/2024,10\n01/01/2024,5\n"
    s = load_series(write(tmp_path, text), duplicates="last", date_format="%d/%m/%Y")
    assert s.values[:, 0].tolist() == [10, 20, 30]
    assert "rows were in descending time order; sorted ascending" in s.notes
    late = text.replace("01/01/2024,10\n01/01/2024,5\n", "") + "03/01/2024,28\n" + \
        "01/01/2024,10\n01/01/2024,5\n"  # a line posted late, at the bottom: mostly newest first
    s = load_series(write(tmp_path, late, "late.csv"), duplicates="last", date_format="%d/%m/%Y")
    assert s.values[:, 0].tolist() == [10, 20, 30]


def test_old_mac_line_endings_and_names_in_angle_brackets(tmp_path):
    # Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR; stooq writes <DATE>.
    text = "<DATE>,<CLOSE>\r" + "".join(f"2020010{d},{d}.5\r" for d in range(1, 10))
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.target_col, s.freq) == ("<DATE>", "<CLOSE>", "D")
    assert s.values[:, 0].tolist() == [d + 0.5 for d in range(1, 10)]


def test_a_title_over_headers_that_start_with_digits_is_skipped(tmp_path):
    # US Treasury yields: '1 Mo', '3 Mo' are names, not numbers
    s = load_series(write(tmp_path, "Daily Treasury Par Yield Curve Rates\nDate,1 Mo,3 Mo\n"
                          + "".join(f"2024-01-{d:02d},5.{d},5.{d + 1}\n" for d in range(1, 25))),
                    target="3 Mo")
    assert (s.time_col, s.target_col, len(s.time)) == ("Date", "3 Mo", 24)


def test_values_in_scientific_notation_are_no_units(tmp_path):
    hours = pd.date_range("2023-01-01", periods=48, freq="h")
    values = ["3.2e-05", "7.5e-05"] + [f"{0.001 * k:.4f}" for k in range(46)]
    s = load_series(write(tmp_path, "time,flux\n" + "".join(
        f"{t:%Y-%m-%dT%H:%M:%S},{v}\n" for t, v in zip(hours, values, strict=True))))
    assert len(s.time) == 48 and s.time[0] == hours[0]
    assert not any("units" in n for n in s.notes)


def test_years_and_months_in_german_columns(tmp_path):
    text = "Jahr;Monat;Wert\n" + "".join(f"{2010 + k // 12};{k % 12 + 1};{100 + k}\n"
                                         for k in range(36))
    s = load_series(write(tmp_path, text))
    assert s.freq == "MS" and s.time[0] == pd.Timestamp("2010-01-01") and len(s.time) == 36


@pytest.mark.parametrize("units", [",degC,m/s", "UTC,degC,m/s", "TS,Avg,Avg\n,degC,m/s",
                                   ",degC,m3/s", "UTC,W/m2,1000 t"])
def test_rows_of_units_under_the_header_are_skipped(tmp_path, units):
    """Weather stations' and loggers' exports write each column's unit (and kind) under its
    name; the header stays the line that names the time."""
    rows = "".join(f"2023-01-01 {h:02d}:00,{10 + h / 10},{h % 5}\n" for h in range(24))
    s = load_series(write(tmp_path, f"Time,Temperature,Wind Speed\n{units}\n{rows}"),
                    target="Temperature")
    assert (s.time_col, s.target_col, len(s.time), s.values[0, 0]) == ("Time", "Temperature",
                                                                       24, 10.0)
    count = units.count("\n") + 1
    assert any(n.startswith(f"skipped {count} row(s) of units under the header") for n in s.notes)


def test_dividends_and_splits_in_a_copied_price_history_are_dropped(tmp_path):
    """Yahoo's history table, copied: newest first, an event on a trading day's date."""
    days = pd.bdate_range("2023-01-02", periods=40)[::-1]
    rows = [f'"{d:%b %d, %Y}",{100 + i},{101 + i},{99 + i},{100.5 + i},{100.5 + i},1000'
            for i, d in enumerate(days)]
    rows.insert(5, f'"{days[5]:%b %d, %Y}",0.24 Dividend,,,,,')
    rows.insert(20, f'"{days[19]:%b %d, %Y}",2:1 Stock Split,,,,,')
    s = load_series(write(tmp_path, "Date,Open,High,Low,Close*,Adj Close**,Volume\n"
                          + "\n".join(rows) + "\n"))
    assert (s.target_col, len(s.time), s.freq) == ("Adj Close**", 40, "B")
    assert any(n.startswith("dropped 2 row(s) of dividends or splits") for n in s.notes)


def test_a_campbell_loggers_file_is_read_past_its_station_line_and_units(tmp_path):
    rows = "".join(f'"2023-06-01 {h:02d}:00:00",{h},{14 + h / 10:.1f},{40 + h},12.5\n'
                   for h in range(24))
    text = ('"TOA5","CR1000_Station","CR1000","12345","CR1000.Std.32","CPU:met.CR1","1234",'
            '"Table60"\n"TIMESTAMP","RECORD","AirT_C_Avg","RH","BattV_Min"\n'
            '"TS","RN","Deg C","%","Volts"\n"","","Avg","Smp","Min"\n' + rows)
    s = load_series(write(tmp_path, text, "station.dat"), target="AirT_C_Avg")
    assert (s.time_col, s.freq, len(s.time), s.values[0, 0]) == ("TIMESTAMP", "h", 24, 14.0)


@pytest.mark.parametrize("above", [
    "# exported 2024\n# units: USD\n",  # comments
    "Category: All categories\n\n",  # Google Trends
    "Report: sales;;\nCreated 05.02.2022;;\n;;\n",  # Excel, a title over a ';' table
])
def test_lines_above_the_header_are_skipped_and_lines_still_count_in_the_file(tmp_path, above):
    sep = ";" if ";;" in above else ","
    days = pd.date_range("2022-01-01", periods=20, freq="D")
    rows = [f"{d:%Y-%m-%d}{sep}{'oops' if i == 7 else i}" for i, d in enumerate(days)]
    path = write(tmp_path, above + f"date{sep}value\n" + "\n".join(rows) + "\n")
    line = above.count("\n") + 1 + 8  # the header's line, then the 8th row
    assert f"has text 'oops' at row 8 (line {line})" in err(path)
    s = load_series(write(tmp_path, (above + f"date{sep}value\n" + "\n".join(rows))
                          .replace("oops", "7")))
    assert (s.time_col, s.target_col, s.freq, len(s.time)) == ("date", "value", "D", 20)
    assert any(n.startswith(f"skipped {above.count(chr(10))} line(s) above the header")
               for n in s.notes)


def test_a_title_of_keys_and_values_is_read_past_but_no_table_above_a_repeated_header(
        tmp_path):
    """Bloomberg's BDH writes the security and its request above the table; a file of exports
    appended to one another repeats its header, whose rows above it are data, not a title
    (AAPL's rows, or days whose 'returns' start later); so are a week's or a quarter's rows
    with a dash for a missing value."""
    days = pd.date_range("2022-01-03", periods=30, freq="B")
    rows = "".join(f"{d:%m/%d/%Y},{4000 + i},{3e9 + i}\n" for i, d in enumerate(days))
    text = ("SPX Index,,\n,,\nStart Date,01/03/2022,\nEnd Date,02/11/2022,\nPeriod,D,\n,,\n"
            "Dates,PX_LAST,PX_VOLUME\n" + rows)
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.target_col, len(s.time)) == ("Dates", "PX_LAST", 30)
    appended = "".join("ticker,date,close\n" + "".join(
        f"{t},{d:%Y-%m-%d},{100 + i}\n" for i, d in enumerate(days)) for t in ("AAPL", "MSFT"))
    assert list(load_series(write(tmp_path, appended, "a.csv")).ids) == ["AAPL", "MSFT"]
    later = "date,sales,returns\n" + "".join(
        f"{d:%Y-%m-%d},{i},{'' if i < 20 else i}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, later + later.split("\n", 1)[0] + "\n", "l.csv"),
                    target="sales")
    assert len(s.time) == 30
    quarters = "Quarter,Sales\n" + "".join(
        f"Q{q % 4 + 1} {2010 + q // 4},{'—' if q == 7 else 100 + q}\n" for q in range(24))
    s = load_series(write(tmp_path, quarters, "q.csv"))
    assert (s.time_col, s.target_col, len(s.time)) == ("Quarter", "Sales", 24)


def test_excel_sep_line_names_the_delimiter(tmp_path):
    s = load_series(write(tmp_path, "sep=;\ndate;value\n2022-01-01;1,5\n2022-01-02;2,5\n"
                                    "2022-01-03;3,5\n"))
    assert s.values[:, 0].tolist() == [1.5, 2.5, 3.5]


def test_a_fortnight_of_calendar_days_keeps_its_weekend(tmp_path):
    # 12 days, two of them a weekend: too few rows to call those two stray trading-day rows.
    days = pd.date_range("2020-01-01", periods=12, freq="D")
    s = load_series(write(tmp_path, "date,v\n" + "".join(f"{d:%Y-%m-%d},{i}\n"
                                                          for i, d in enumerate(days))))
    assert s.freq == "D" and len(s.time) == 12 and not any("weekend" in n for n in s.notes)


def test_days_stamped_at_one_time_of_day_are_their_dates(tmp_path):
    # A close at 16:00 on business days; CoinMarketCap's days end at 23:59:59.999Z.
    days = pd.bdate_range("2020-01-01", periods=30)
    s = load_series(write(tmp_path, "timestamp,close\n" + "".join(
        f"{d:%Y-%m-%d} 16:00:00,{i + 1}\n" for i, d in enumerate(days))))
    assert s.freq == "B" and (s.time == days).all()
    assert any("every row is stamped at 16:00:00: read as its date" in n for n in s.notes)
    assert future_timestamps(s.time[-1], s.freq, 1)[0] == pd.Timestamp("2020-02-12")
    days = pd.date_range("2020-01-01", periods=30, freq="D")
    s = load_series(write(tmp_path, "timestamp,close\n" + "".join(
        f"{d:%Y-%m-%d}T23:59:59.999Z,{i + 1}\n" for i, d in enumerate(days))))
    assert s.freq == "D" and (s.time == days).all()


def hourly_with_clock_changes(tmp_path, text_column=False):
    """Three autumns of hourly values in local time: each repeats its 01:00 (another value)."""
    times = pd.date_range("2019-01-01", "2021-12-31 23:00", freq="h")
    frame = pd.DataFrame({"time": times.strftime("%Y-%m-%d %H:%M"),
                          "load": np.arange(len(times)) % 24 + 100.0})
    if text_column:  # a flag that marks some rows, not a series' name
        frame["holiday"] = np.where(times.day_of_week == 6, "TRUE", "FALSE")
    repeated = frame[frame["time"].isin(["2019-10-27 01:00", "2020-10-25 01:00",
                                          "2021-10-31 01:00"])].assign(load=lambda f: f.load + 2)
    frame = pd.concat([frame, repeated]).sort_values("time", kind="stable")
    path = tmp_path / "load.csv"
    frame.to_csv(path, index=False)
    return path, len(times)


@pytest.mark.parametrize("text_column", [False, True])
def test_an_hour_a_clock_change_repeats_is_averaged_and_said(tmp_path, text_column):
    path, hours = hourly_with_clock_changes(tmp_path, text_column)
    s = load_series(path)
    assert len(s) == 1 and s.freq == "h" and len(s.values) == hours
    at = s.time.get_loc(pd.Timestamp("2020-10-25 01:00"))
    assert s.values[at, 0] == 102.0  # 101 and 103
    assert any("3 time(s) repeated, as a clock change repeats an hour" in n and "averaged" in n
               for n in s.notes)
    assert not any("clock change" in w for w in s.warnings)  # local time's, no fault (a note)


def test_a_row_written_twice_on_a_night_no_clock_changed_is_warned_of(tmp_path):
    """A second 23:00 on a Wednesday in March: averaged as a clock change's hour would be,
    but no zone's clocks went back that night: a warning, not a note (a spike averaged in
    with nothing in a cron log)."""
    hours = pd.date_range("2017-03-01", "2017-03-31 23:00", freq="h")
    rows = [f"{t:%Y-%m-%d %H:%M},{50 + i % 24}" for i, t in enumerate(hours)]
    rows.insert(hours.get_loc(pd.Timestamp("2017-03-15 23:00")) + 1, "2017-03-15 23:00,99.9")
    s = load_series(write(tmp_path, "datetime,load\n" + "\n".join(rows) + "\n"))
    assert any("1 time(s) repeated, as a clock change repeats an hour (first 2017-03-15 "
               "23:00:00): averaged" in w for w in s.warnings)


def test_a_clock_change_at_midnight_repeats_the_hour_before(tmp_path):
    # Chile: clocks go back at 24:00 on the first Saturday of April, repeating 23:00
    hours = pd.date_range("2023-03-01", "2023-04-30 23:00", freq="h")
    rows = [f"{t:%Y-%m-%d %H:%M},{i}" for i, t in enumerate(hours)]
    rows.insert(hours.get_loc(pd.Timestamp("2023-04-01 23:00")) + 1, "2023-04-01 23:00,7")
    s = load_series(write(tmp_path, "datetime,load\n" + "\n".join(rows) + "\n"))
    assert len(s.time) == len(hours) and any("as a clock change repeats" in n for n in s.notes)


def test_repeated_times_unlike_a_clock_change_are_still_refused(tmp_path):
    # Daily data: no clock; hourly data repeating a whole day: no clock change either.
    assert "--duplicates" in err(write(tmp_path, DUPS))
    times = pd.date_range("2020-01-01", periods=24 * 20, freq="h").strftime("%Y-%m-%d %H:%M")
    rows = [f"{t},{i}" for i, t in enumerate(times)] + [f"{t},{i + 1}" for i, t in
                                                        enumerate(times[:24])]
    path = write(tmp_path, "t,v\n" + "\n".join(rows))
    assert "24 timestamp(s) appear more than once" in err(path)
    # One hour repeated on a June morning: no clock changes then.
    rows = [f"{t},{i}" for i, t in enumerate(times)] + [f"{times[100]},0"]  # a whole line
    assert "1 timestamp(s) appear more than once" in err(write(tmp_path, "t,v\n" + "\n".join(
        rows) + "\n"))


def test_a_day_typed_with_its_month_swapped_is_named_as_such(tmp_path):
    """4 August's close appended as 2020-04-08 repeated 8 April: the advice was only to keep
    the last repeat, which would have overwritten 8 April (a user round). A revised row whose
    day swapped is a holiday among the rows (9 July, Labor Day 7 September) is no such typo
    (a review)."""
    days = pd.date_range("2020-01-01", "2020-08-03")
    rows = [f"{d:%Y-%m-%d},{100 + i}" for i, d in enumerate(days)] + ["2020-04-08,99"]
    message = err(write(tmp_path, "date,close\n" + "\n".join(rows) + "\n"))
    assert message.startswith(f"{tmp_path / 'x.csv'}: 2020-04-08 appears twice with "
                              "different values; with its day and month swapped it is "
                              "2020-08-04, the day after the file's last (a typo?)")
    rows[-1] = "2020-03-05,99"  # (5 March: 3 May is in the file, a repeat revised)
    assert "--duplicates" in err(write(tmp_path, "date,close\n" + "\n".join(rows) + "\n"))
    trading = pd.bdate_range("2020-06-01", "2020-12-31").drop(pd.Timestamp("2020-09-07"))
    rows = [f"{d:%Y-%m-%d},{100 + i}" for i, d in enumerate(trading)] + ["2020-07-09,99"]
    message = err(write(tmp_path, "date,close\n" + "\n".join(rows) + "\n"))
    assert "swapped" not in message and "1 timestamp(s) appear more than once" in message


@pytest.mark.parametrize("newest_first", [False, True])
def test_a_year_typed_wrong_among_its_rows_is_named_as_such(tmp_path, newest_first):
    """2022-12-28 typed '2021-12-28' between 27 and 29 December 2022 repeated 2021's day:
    the advice was to keep the last repeat, which put its price into 2021 and left the real
    day a gap filled without a word (a user round). A revision appended at the end, or a day
    given twice among its own year's rows, is no such typo."""
    days = pd.bdate_range("2021-06-01", "2023-03-31")
    typed = "2021-12-28"
    rows = [f"{d:%Y-%m-%d},{100 + i}" for i, d in enumerate(days)]
    at = list(days).index(pd.Timestamp("2022-12-28"))
    mistyped = [*rows[:at], f"{typed},1", *rows[at + 1:]]
    order = -1 if newest_first else 1
    message = err(write(tmp_path, "date,close\n" + "\n".join(mistyped[::order]) + "\n"))
    assert message.startswith(f"{tmp_path / 'x.csv'}: {typed} appears twice with different "
                              "values; one of its rows lies between 2022-12-27 and 2022-12-29 "
                              "in the file, where 2022-12-28 is missing (a year mistyped?)")
    assert "write that row's date as 2022-12-28" in message
    appended = [*rows, f"{typed},1"]  # a late revision of 2021's row
    assert "mistyped" not in err(write(tmp_path, "date,close\n" + "\n".join(appended) + "\n"))
    twice = [*rows[:at], rows[at - 3].replace(",", ",9"), *rows[at:]]  # 22 Dec, 23 Dec again
    message = err(write(tmp_path, "date,close\n" + "\n".join(twice) + "\n"))
    assert "mistyped" not in message and "1 timestamp(s) appear more than once" in message


@pytest.mark.parametrize("newest_first", [False, True])
def test_series_appended_one_after_another_without_ids_are_refused_as_such(tmp_path,
                                                                           newest_first):
    """Exports of several symbols appended one to another ('cat'), each with its header and no
    column naming it: the error says the times start over (--duplicates would average the
    symbols into one series); one symbol's block alone reads as before."""
    days = pd.bdate_range("2020-01-01", periods=60)[:: -1 if newest_first else 1]
    block = "date,close\n" + "".join(f"{d:%Y-%m-%d},{100 + i}\n" for i, d in enumerate(days))
    message = err(write(tmp_path, block + block.replace(",1", ",2")))
    assert f"the times start over at {days[0]:%Y-%m-%d}" in message
    assert "no column naming each" in message and "--id-col" in message
    assert len(load_series(write(tmp_path, block)).time) == 60
    # the last 15 days of another symbol appended: several series still
    lines = block.splitlines(keepends=True)
    short = "".join(lines[-15:]).replace(",1", ",2")
    assert "the times start over" in err(write(tmp_path, block + "date,close\n" + short))
    # a fresh export appended to the file, its last rows revised: one series, --duplicates
    for revised in (1, 20):
        again = "".join(lines[1:-revised]) + "".join(lines[-revised:]).replace(",1", ",3")
        message = err(write(tmp_path, block + again))
        assert f"{revised} timestamp(s) appear more than once" in message
        assert "--duplicates" in message and "start over" not in message


def test_times_at_24_minutes_past_are_no_hour_24(tmp_path):
    # '%H:%M:%S' stamps at 10:24:00 are 10:24, not the next day's 10:00 (hour ending 24:00).
    minutes = pd.date_range("2020-01-01 10:00", periods=120, freq="min")
    s = load_series(write(tmp_path, "date,close\n" + "".join(
        f"{t:%d/%m/%Y %H:%M:%S},{i}\n" for i, t in enumerate(minutes))))
    assert s.freq == "min" and list(s.time) == list(minutes)


def test_a_header_naming_one_column_of_three_is_no_line_above_the_table(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    s = load_series(write(tmp_path, "Date,,\n" + "".join(
        f"{d:%Y-%m-%d},{i}.5,{i}.25\n" for i, d in enumerate(days))), target="all")
    assert s.ids == ("Unnamed: 1", "Unnamed: 2") and s.lengths.tolist() == [30, 30]


# ---------------------------------------------------------------------------------------------
# errors


def test_missing_file_and_directory(tmp_path):
    assert "not found" in err(tmp_path / "nope.csv")
    assert "directory" in err(tmp_path)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, SMALL)
    path.chmod(0)
    try:
        assert "permission" in err(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"Date,Close\n", "no data rows"),
        (b"Date,Close\r\n\r\n", "no data rows"),
        (b"\x00\x01\x02PNGdata\x00\xff", "binary"),
        (b'{"Date": ["2021-01-01"], "Close": [1]}', "JSON"),
        (b"hello\nworld\nthis is text\n", "single column"),
        (b"Date,Close\n2021-01-01,caf\x81\n", "UTF-8"),
        (b"Date,Close\n2021-01-01,1\n2021-01-02,2,3\n", "line 3"),
        (b"\x1f\x8b\x08garbage", "gzip"),
    ],
)
def test_bad_files(tmp_path, raw, words):
    assert words in err(write(tmp_path, raw))


def test_text_in_numeric_column_names_row_and_line(tmp_path):
    rows = "".join(f"2021-01-{d:02d},{d}\n" for d in range(1, 17))
    path = write(tmp_path, "Date,Close\n" + rows + "2021-01-17,tbd\n")
    msg = err(path)
    assert "column 'Close'" in msg and "'tbd'" in msg and "row 17 (line 18)" in msg
    msg = err(write(tmp_path, "Date,Price\n2021-01-01,1\n2021-01-02,oops\n", "short.csv"))
    assert "column 'Price'" in msg and "'oops'" in msg and "row 2 (line 3)" in msg


def test_infinity_and_all_missing_target(tmp_path):
    msg = err(write(tmp_path, "Date,Close\n2021-01-01,1\n2021-01-02,inf\n"))
    assert "infinite" in msg and "row 2" in msg
    msg = err(write(tmp_path, "Date,Close,Open\n2021-01-01,,1\n2021-01-02,,2\n", "b.csv"))
    assert "'Close'" in msg and "no values" in msg


def test_feature_must_be_numeric(tmp_path):
    text = "Date,Close,Note\n2021-01-01,1,up\n2021-01-02,2,down\n"
    msg = err(write(tmp_path, text), features=["Note"])
    assert "'Note'" in msg and "'up'" in msg


def test_time_column_errors(tmp_path):
    path = write(tmp_path, SMALL)
    msg = err(path, time_col="When")
    assert "'When'" in msg and "'Date'" in msg and "--time-col" in msg
    msg = err(write(tmp_path, "a,b\nx,1\ny,2\n", "nodates.csv"))
    assert "no column holds dates" in msg and "'a'" in msg and "--time-col" in msg
    msg = err(write(tmp_path, SMALL + "not a date,5\n", "bad.csv"))
    assert "'not a date'" in msg and "row 5 (line 6)" in msg and "--date-format" in msg
    # a date written another way than the rows above (two exports glued): no one format
    # reads them all, and the example was the format they were read in (a helper's round)
    msg = err(write(tmp_path, SMALL + "03/07/2024,5\n", "glued.csv"))
    assert "'03/07/2024' at row 5" in msg and "most rows read as '%Y-%m-%d': write every " \
        "date of the column one way" in msg
    msg = err(write(tmp_path, "Date,Close\n01.02.2021,1\n02.02.2021,2\n", "de.csv"),
              date_format="%Y/%m/%d")
    assert "%Y/%m/%d" in msg and "'01.02.2021'" in msg
    # ISO dates read one way, whatever format was given
    assert any("ISO 8601, not format %d.%m.%Y" in n
               for n in load_series(path, date_format="%d.%m.%Y").notes)


@pytest.mark.parametrize("times, right, odd", [
    (pd.date_range("2020-01-31", periods=24, freq="ME"), "2021-09-30", "2021-09-29"),
    (pd.date_range("2020-01-01", periods=24, freq="MS") + pd.Timedelta(days=9), "2021-03-10",
     "2021-03-11"),
])
def test_the_one_row_off_the_calendar_is_named(tmp_path, times, right, odd):
    stamps = [pd.Timestamp(odd) if t == pd.Timestamp(right) else t for t in times]
    text = "date,v\n" + "".join(f"{t:%Y-%m-%d %H:%M:%S},{i}\n" for i, t in enumerate(stamps))
    assert f"{format_stamp(pd.Timestamp(odd))} is off the others' calendar" in err(
        write(tmp_path, text))


def test_iso_dates_are_read_when_the_format_given_does_not_fit(tmp_path):
    # A model saved '%Y-%m-%d'; the fresh file writes '2022-01-01 00:00:00': ISO reads one way.
    days = pd.date_range("2022-01-01", periods=20, freq="D")
    path = write(tmp_path, "date,v\n" + "".join(f"{d:%Y-%m-%d %H:%M:%S},{i}\n"
                                                 for i, d in enumerate(days)))
    s = load_series(path, date_format="%Y-%m-%d")
    assert list(s.time) == list(days) and s.date_format == "ISO8601"
    assert "not a date with format %d/%m/%Y" in err(write(tmp_path, "date,v\n1/2/2022,1\n"
                                                           "1/3/2022,2\n"),
                                                     date_format="%d/%m/%Y %H:%M")


def test_ambiguous_dates_ask_for_date_format(tmp_path):
    # month-first is daily (Jan 2..5), day-first is monthly (Feb..May): both regular
    text = "Date,Close\n01/02/2021,1\n01/03/2021,2\n01/04/2021,3\n01/05/2021,4\n"
    path = write(tmp_path, text)
    msg = err(path)
    assert "ambiguous" in msg and "'01/02/2021'" in msg and "--date-format '%d/%m/%Y'" in msg
    assert load_series(path, date_format="%m/%d/%Y").freq == "D"
    assert load_series(path, date_format="%d/%m/%Y").freq == "MS"


def test_irregular_spacing(tmp_path):
    days = ["2021-01-01", "2021-01-04", "2021-01-13", "2021-02-20", "2021-03-03"]
    text = "Date,Close\n" + "".join(f"{d},{i}\n" for i, d in enumerate(days))
    assert "too irregular" in err(write(tmp_path, text))


def test_bad_options(tmp_path):
    path = write(tmp_path, SMALL)
    with pytest.raises(InputError, match="fill"):
        load_series(path, fill="zeros")
    with pytest.raises(InputError, match="duplicates"):
        load_series(path, duplicates="first")


def test_no_numeric_or_several_numeric(tmp_path):
    msg = err(write(tmp_path, "Date,A,B\n2021-01-01,1,2\n2021-01-02,3,4\n"))
    assert "'A'" in msg and "'B'" in msg and "--target" in msg


# ---------------------------------------------------------------------------------------------
# future timestamps and fingerprints


@pytest.mark.parametrize(
    ("last", "freq", "expected"),
    [
        ("2021-01-30", "D", ["2021-01-31", "2021-02-01", "2021-02-02"]),
        ("2021-01-29", "B", ["2021-02-01", "2021-02-02", "2021-02-03"]),  # Friday -> Monday
        ("2021-01-31 22:00", "h", ["2021-01-31 23:00", "2021-02-01 00:00", "2021-02-01 01:00"]),
        ("2021-11-01", "MS", ["2021-12-01", "2022-01-01", "2022-02-01"]),
        ("2021-01-03", "W-SUN", ["2021-01-10", "2021-01-17", "2021-01-24"]),
        ("2021-11-15", "MS+14D", ["2021-12-15", "2022-01-15", "2022-02-15"]),  # on the 15th
        ("2021-01-28", "MS+27D", ["2021-02-28", "2021-03-28", "2021-04-28"]),
        ("2021-07-01", "6MS", ["2022-01-01", "2022-07-01", "2023-01-01"]),
        ("2021-01-08", "WD-SUN", ["2021-01-09", "2021-01-11", "2021-01-12"]),  # Fri, Sat, Mon
        ("2021-01-07", "WD-FRI-SAT", ["2021-01-10", "2021-01-11", "2021-01-12"]),  # Thu, Sun
    ],
)
def test_future_timestamps(last, freq, expected):
    got = future_timestamps(pd.Timestamp(last), freq, 3)
    assert list(got) == [pd.Timestamp(e) for e in expected]


def test_future_timestamps_edge_cases():
    assert len(future_timestamps(pd.Timestamp("2021-01-01"), "D", 0)) == 0
    with pytest.raises(InputError):
        future_timestamps(pd.Timestamp("2021-01-01"), "not-a-freq", 3)
    with pytest.raises(InputError):
        future_timestamps(pd.Timestamp("2021-01-01"), "D", -1)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    freq=st.sampled_from(["D", "B", "h", "15min", "W-SUN", "W-WED", "MS", "ME", "QS-JAN",
                          "YS-JAN"]),
    start=st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                       max_value=pd.Timestamp("2030-01-01").to_pydatetime()),
    n=st.integers(1, 30),
    k=st.integers(1, 30),
)
def test_future_timestamps_continue_a_regular_index(freq, start, n, k):
    full = pd.date_range(pd.Timestamp(start).floor("min"), periods=n + k, freq=freq)
    idx = full[:n]
    got = future_timestamps(idx[-1], freq, k)
    assert list(got) == list(full[n:])


def test_fingerprint_is_of_the_bytes_parsed(tmp_path):
    path = write(tmp_path, SMALL)
    panel = load_series(path)
    assert panel.fingerprint == "sha256:" + hashlib.sha256(SMALL.encode()).hexdigest()


def test_a_column_read_whose_name_the_header_repeats_is_refused(tmp_path):
    """pandas reads 'Date,Close,Close' as 'Close' and 'Close.1': the target would be the
    first, chosen silently. A repeated name no pick reads is left alone."""
    rows = "".join(f"2021-01-{d:02d},{d},{100 + d},x,y\n" for d in range(1, 29))
    with pytest.raises(InputError, match="two or more columns 'Close'"):
        load_series(write(tmp_path, "Date,Close,Close,Note,Note\n" + rows))
    s = load_series(write(tmp_path, "Date,Close,Open,Note,Note\n" + rows, "notes.csv"))
    assert s.target_col == "Close" and s.values[0, 0] == 1
    # two rates, neither the pick: the repeat is said, not 'pass --target' of 'Rate.1' (a name
    # the file does not hold, then refused as a repeat; a user round)
    rates = "".join(f"2021-01-{d:02d},{130 + d % 7},{1.4 + d % 5 / 100}\n" for d in range(1, 29))
    with pytest.raises(InputError, match="two or more columns 'Rate'"):
        load_series(write(tmp_path, "Date,Rate,Rate\n" + rates, "rates.csv"))


@pytest.mark.parametrize("stamp", ["%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
                                   "%Y-%m-%d %I:%M %p"])
def test_twelve_hour_clock_times_as_excel_writes_them(tmp_path, stamp):
    hours = pd.date_range("2022-01-01", periods=72, freq="h")
    text = "Timestamp,Load\n" + "".join(f"{t.strftime(stamp)},{i}\n" for i, t in enumerate(hours))
    s = load_series(write(tmp_path, text))
    assert s.freq == "h" and list(s.time) == list(hours)


@pytest.mark.parametrize("cell", ["{y}Q{q}", "{y}-Q{q}", "{y} Q{q}", "Q{q} {y}", "{y}:Q{q}"])
def test_quarters_in_one_column_as_statistics_offices_write_them(tmp_path, cell):
    quarters = pd.date_range("2000-01-01", periods=24, freq="QS")
    text = "Period,GDP\n" + "".join(
        f"{cell.format(y=t.year, q=(t.month - 1) // 3 + 1)},{100 + i}\n"
        for i, t in enumerate(quarters))
    s = load_series(write(tmp_path, text))
    written = "quarters as 2000-Q1" if cell == "{y}-Q{q}" else "quarters"  # SDMX's, kept
    assert (s.time_col, s.freq, s.date_format) == ("Period", "QS-JAN", written)
    assert list(s.time) == list(quarters)


@pytest.mark.parametrize(("fmt", "freq"), [
    ("%d.%m.%Y %H:%M:%S", "10min"),  # the Jena climate record
    ("%Y.%m.%d %H:%M", "10min"),  # MetaTrader
    ("%d-%m-%Y %H:%M", "10min"),
    ("%d %m %Y %H:%M", "10min"),  # a wind turbine's SCADA export (Kaggle's T1.csv)
    ("%b-%Y", "MS"), ("%m/%Y", "MS"),  # Jan-2015, 01/2015
    ("%m.%Y", "MS"), ("%m-%Y", "MS"),  # German Excel's 01.2015, 01-2015
])
def test_more_formats_people_export(tmp_path, fmt, freq):
    times = pd.date_range("2015-01-01", periods=30, freq=freq)
    s = load_series(write(tmp_path, "Date Time,T\n" + "".join(
        f"{t.strftime(fmt)},{i}\n" for i, t in enumerate(times))))
    assert s.date_format == fmt and s.freq == freq and list(s.time) == list(times)


def test_a_german_export_names_its_months_monat(tmp_path):
    months = pd.date_range("1949-01-01", periods=30, freq="MS")
    s = load_series(write(tmp_path, "Monat;Passagiere\n" + "".join(
        f"{t:%m.%Y};{100 + i}\n" for i, t in enumerate(months))))
    assert (s.time_col, s.date_format, s.freq) == ("Monat", "%m.%Y", "MS")
    assert list(s.time) == list(months)



@pytest.mark.parametrize(("header", "names", "cell"), [
    ("Monat", "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez", "{m} {t:%Y}"),  # German
    ("Monat", "Januar Februar März April Mai Juni Juli August September Oktober November "
     "Dezember", "{m} {t:%Y}"),
    ("Mois", "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.", "{m} {t:%Y}"),
    ("Fecha", "ene feb mar abr may jun jul ago sep oct nov dic", "{m}-{t:%y}"),  # Spanish
    ("Mese", "gen feb mar apr mag giu lug ago set ott nov dic", "{m} {t:%Y}"),  # Italian
    ("Maand", "jan feb mrt apr mei jun jul aug sep okt nov dec", "{m} {t:%Y}"),  # Dutch
    ("Mês", "jan fev mar abr mai jun jul ago set out nov dez", "{m}/{t:%Y}"),  # Portuguese
    ("Månad", "januari februari mars april maj juni juli augusti september oktober november "
     "december", "{m} {t:%Y}"),  # Swedish
    ("Data", "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września "
     "października listopada grudnia", "1 {m} {t:%Y}"),  # Polish, as a date writes them
    ("Měsíc", "leden únor březen duben květen červen červenec srpen září říjen listopad "
     "prosinec", "{m} {t:%Y}"),  # Czech
    ("Kuukausi", "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu "
     "syyskuu lokakuu marraskuu joulukuu", "{m} {t:%Y}"),  # Finnish
    ("Tarih", "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
     "{m} {t:%Y}"),  # Turkish
    ("Måned", "jan feb mar apr mai jun jul aug sep okt nov des", "{m} {t:%Y}"),  # Norwegian
    ("Месяц", "Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь "
     "Декабрь", "{m} {t:%Y}"),  # Russian
    ("Період", "січ. лют. бер. квіт. трав. черв. лип. серп. вер. жовт. лист. груд.",
     "{m}{t:%y}"),  # Ukrainian Excel's 'січ.18'
    ("Дата", "янв фев мар апр мая июн июл авг сен окт ноя дек", "1 {m} {t:%Y}"),  # Russian
])
def test_months_named_in_other_languages(tmp_path, header, names, cell):
    months = pd.date_range("2019-01-01", periods=30, freq="MS")
    names = names.split()
    s = load_series(write(tmp_path, f"{header},Wert\n" + "".join(
        cell.format(m=names[t.month - 1], t=t) + f",{100 + i}\n"
        for i, t in enumerate(months))))
    assert (s.time_col, s.freq) == (header, "MS") and list(s.time) == list(months)
    # the same cells in another column name: found as the dates they are
    s = load_series(write(tmp_path, "x,y\n" + "".join(
        cell.format(m=names[t.month - 1], t=t) + f",{i}\n" for i, t in enumerate(months)),
        "b.csv"))
    assert list(s.time) == list(months)



def test_a_bad_cell_among_foreign_months_is_named_as_written(tmp_path):
    cells = ["Jan. 2018", "Feb. 2018", "Mrz. 2018", "Mrz. 20x8", "Mai 2018", "Jun. 2018"] * 1
    with pytest.raises(InputError, match="'Mrz. 20x8' at row 4 \\(line 5\\)"):
        load_series(write(tmp_path, "Monat,Wert\n" + "".join(f"{c},{i}\n" for i, c in
                                                              enumerate(cells))))


@pytest.mark.parametrize(("year", "month"), [("Año", "Mes"), ("Année", "Mois"),
                                             ("Anno", "Mese"), ("Jaar", "Maand")])
def test_years_and_months_named_in_other_languages_are_the_time(tmp_path, year, month):
    """Before, the month column alone (named like a time) was read as numbered steps and the
    years were taken for series."""
    rows = "".join(f"{y},{m},{100 + 12 * (y - 2018) + m}\n" for y in range(2018, 2024)
                   for m in range(1, 13))
    s = load_series(write(tmp_path, f"{year},{month},Ventas\n" + rows))
    assert (s.time_col, s.freq, len(s)) == (f"{year}+{month}", "MS", 1)
    assert s.time[0] == pd.Timestamp("2018-01-01") and s.target[-1] == 100 + 12 * 5 + 12

def test_english_months_are_read_as_before_and_other_words_left_alone():
    for english in (["03 September 1990", "Mar. 2020", "2020-01-05"], ["2020-01-05"]):
        cells = pd.Series(english)
        assert in_english(cells) is cells
    cells = pd.Series(["Oktober 2020", "November 2020", "Dez. 2020", "Sept. 2020", "Total"])
    assert in_english(cells).tolist() == ["Oct 2020", "Nov 2020", "Dec 2020", "Sep 2020",
                                          "Total"]

@pytest.mark.parametrize(("header", "cell", "freq"), [
    ("snapped_at", "{t:%Y-%m-%d %H:%M:%S} UTC", "D"),  # CoinGecko, BigQuery
    ("Date", "{t:%a, %d %b %Y}", "D"),  # 'Mon, 06 Jan 2020'
    ("Date", "{t:%A, %B %d, %Y}", "D"),  # Excel's long date
    ("yyyymm", "{t:%Y%m}", "MS"), ("Month", "{t:%Y%m}", "MS"),  # '195901': AirPassengers
    ("Period", "{t:%Y%m}", "MS"),
    ("Date", "{t:%a %d %b %Y}", "D"),  # 'Mon 06 Jan 2020'
    ("Date", "{t:%Y}年{t:%m}月{t:%d}日", "D"), ("日付", "{t:%Y}年{t:%m}月", "MS"),  # Japan's
    ("Year", "{t.year}.0", "YS-JAN"),  # years pandas wrote as floats beside a missing one
    ("MTU (CET/CEST)", "{t:%d.%m.%Y %H:%M} - {e:%d.%m.%Y %H:%M}", "h"),  # ENTSO-E intervals
    ("", "{t:%Y-%m-%d}/{e:%Y-%m-%d}", "W-MON"),  # pandas' weekly periods, as to_csv writes
    ("Week", "Week of {t:%b} {t.day}, {t:%Y}", "W-MON"),  # an analytics export's weeks
    ("Activity Date", "{t:%b} {t.day}, {t:%Y}, {t:%I:%M:%S %p}", "D"),  # Strava's
    ("Datum", "Mo, {t:%d.%m.%y}", "W-MON"),  # LibreOffice's German 'NN, TT.MM.JJ' ('Mi, ...')
    ("Fecha", "lun. {t:%d/%m/%Y}", "W-MON"),  # a Spanish weekday before a day-first date
])
def test_times_as_more_exports_write_them(tmp_path, header, cell, freq):
    times = pd.date_range("2020-01-06", periods=30, freq=freq)
    ends = times + pd.Timedelta(hours=1)
    s = load_series(write(tmp_path, f"{header},v\n" + "".join(
        f"\"{cell.format(t=t, e=e)}\",{i}\n" for i, (t, e) in enumerate(zip(times, ends,
                                                                             strict=True)))))
    assert s.freq == freq and list(s.time) == list(times)



def test_nord_pool_s_hours_from_one_to_the_next_are_read_at_their_starts(tmp_path):
    """Nord Pool writes a day's hours as '00\u00a0-\u00a001' .. '23\u00a0-\u00a000' beside
    the date: one hourly series, not 24 daily ones named by their hours. Age bands ('18 - 24')
    are no hours: they stay the ids of their series."""
    days = pd.date_range("2023-01-10", periods=6, freq="D")
    nbsp = "\u00a0-\u00a0"
    s = load_series(write(tmp_path, "Date;Hours;SYS\n" + "".join(
        f"{d:%d-%m-%Y};{h:02d}{nbsp}{(h + 1) % 24:02d};{50 + h},{d.day}\n"
        for d in days for h in range(24)), "np.csv"))
    assert (s.time_col, s.freq, len(s.time)) == ("Date+Hours", "h", 144)
    assert s.time[13] == pd.Timestamp("2023-01-10 13:00") and s.target[13] == 63.1

    bands = load_panel(write(tmp_path, "date,age,cases\n" + "".join(
        f"{d:%Y-%m-%d},{band},{i}\n" for i, d in enumerate(days)
        for band in ("0 - 17", "18 - 24", "25 - 34")), "bands.csv"))
    assert list(bands.ids) == ["0 - 17", "18 - 24", "25 - 34"] and bands.freq == "D"


def test_a_call_centre_s_intervals_of_the_day_are_read_at_their_starts(tmp_path):
    # Date,Interval ('08:00 - 08:30', '08:30-09:00'), as contact-centre reports write them
    days = pd.date_range("2024-01-01", periods=10, freq="D")
    rows = [(d, d + pd.Timedelta(minutes=30 * k)) for d in days for k in range(48)]
    s = load_series(write(tmp_path, "Date,Interval,Calls Offered\n" + "".join(
        f"{d:%Y-%m-%d},{t:%H:%M}{' - ' if i % 2 else '-'}{t + pd.Timedelta(minutes=30):%H:%M},"
        f"{i % 40}\n" for i, (d, t) in enumerate(rows))))
    assert (s.time_col, s.freq, len(s.time)) == ("Date+Interval", "30min", 480)
    assert s.time[1] == pd.Timestamp("2024-01-01 00:30")


def test_the_eia_s_hours_with_dotted_meridiems_are_read(tmp_path):
    hours = pd.date_range("2024-03-01 01:00", periods=60, freq="h")
    cells = [f"{t.month}/{t.day}/{t.year} {t.hour % 12 or 12} {'ap'[t.hour >= 12]}.m. EST"
             for t in hours]  # '3/1/2024 1 a.m. EST', '3/1/2024 12 p.m. EST'
    s = load_series(write(tmp_path, "Timestamp (Hour Ending),Demand (MWh)\n" + "".join(
        f'"{c}",{15000 + i}\n' for i, c in enumerate(cells))))
    assert s.freq == "h" and list(s.time) == list(hours)


def test_year_months_as_numbers_are_written_back_so_or_asked_for(tmp_path):
    """'201801' under a name that says nothing of months, given as the time column: read as
    years and months (refused before, advising %Y%m); forecasts of such months are written as
    the data writes them. A number of five digits is none."""
    months = pd.date_range("2018-01-01", periods=30, freq="MS")
    body = "".join(f"{t:%Y%m},{100 + i}\n" for i, t in enumerate(months))
    s = load_series(write(tmp_path, "Stamp,v\n" + body, "b.csv"), time_col="Stamp")
    assert s.time.equals(months) and s.date_format == "%Y%m"
    with pytest.raises(InputError, match="'20181' at row 1"):
        load_series(write(tmp_path, "Stamp,v\n" + "".join(
            f"2018{m},{m}\n" for m in range(1, 10)), "c.csv"), time_col="Stamp")
    assert stamp_writer(s.time, s.date_format)(pd.Timestamp("2020-07-01")) == "202007"
    # '%YM%m' reads Eurostat's '2020M07' and Stata's '2020m7' alike: written in ISO form
    assert stamp_writer(s.time, "%YM%m")(pd.Timestamp("2020-07-01")) == "2020-07-01"

def test_the_target_named_by_what_it_measures_and_not_a_constant_column(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    rows = "".join(f"{d:%Y-%m-%d},{1000 + i},{990 + 2 * i}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, "Time,Day-ahead Total Load Forecast [MW],Actual Total Load "
                                    "[MW]\n" + rows))
    assert s.target_col == "Actual Total Load [MW]"
    s = load_series(write(tmp_path, "STN,YYYYMMDD,TG\n" + "".join(
        f"260,{d:%Y%m%d},{i % 7}\n" for i, d in enumerate(days)), "knmi.csv"))
    assert (s.time_col, s.target_col) == ("YYYYMMDD", "TG")
    bars = "".join(f"{d:%Y-%m-%d},{100 + i},1.2,1.3,1.1,{1.2 + i / 100}\n"
                   for i, d in enumerate(days))
    s = load_series(write(tmp_path, "time,volume,o,h,l,c\n" + bars, "oanda.csv"))
    assert s.target_col == "c"  # OANDA's candles: o, h, l, c
    for header, target in (("date,Wert Prognose,Wert Ist", None),  # a plan, then no name
                           ("date,actual_temp,load_mw", "load_mw"),
                           ("date,budget_sales,net_sales", "net_sales"),
                           ("day,gross_sales,total_sales", "total_sales"),  # Shopify's
                           ("date,net_sales,total_sales_tax", "net_sales"),  # no total sales
                           ("Datum,Gesamt (Netzlast) [MWh],Residuallast [MWh]",  # SMARD's
                            "Gesamt (Netzlast) [MWh]"),
                           ("date,sales_forecast,sales", "sales"),  # plans are no targets
                           ("Fecha,Apertura,Último", "Último"),  # Investing.com, Spanish
                           ("Datum,Eröffn.,Zuletzt", "Zuletzt"),
                           ("Datum,Eröffnung,Schluss", "Schluss"),  # German bank exports
                           ("Datum,Eröffnung,Schluß", "Schluß"),
                           ("Datum,Kurs,Volumen", "Kurs"),
                           ("Woche,Umsatz,Anzahl", "Umsatz"),  # German sales
                           ("Date,Cours de clôture,Volume", "Cours de clôture"),  # Boursorama
                           ("Timeline,Values,Anzahl", "Values")):  # Excel's forecast sheet
        path = write(tmp_path, header + "\n" + rows, "plan.csv")
        if target is None:
            assert "cannot tell which column to forecast" in err(path)
        else:
            assert load_series(path).target_col == target
    s = load_series(write(tmp_path, "Date,AAPL.Open,AAPL.Close,MSFT.Close\n" + "".join(
        f"{d:%Y-%m-%d},{i},{i},{i}\n" for i, d in enumerate(days)), "quantmod.csv"))
    assert s.target_col == "AAPL.Close"
    assert any("'MSFT.Close' too: --target with a list or 'all'" in n for n in s.notes)
    # those with words after the keyword named too: OPSD's loads beside its generation
    s = load_series(write(tmp_path, "utc_timestamp,DE_load_actual_entsoe_transparency,"
                          "DE_solar_generation_actual,DE_wind_generation_actual\n" + "".join(
                              f"{d:%Y-%m-%d},{i},{i},{i}\n" for i, d in enumerate(days)),
                          "opsd.csv"))
    assert s.target_col == "DE_solar_generation_actual"
    assert any("'DE_wind_generation_actual', 'DE_load_actual_entsoe_transparency' too" in n
               for n in s.notes)


@pytest.mark.parametrize("header, cells", [
    ("Day,Weekday,Date,Max Temp", lambda i, d: f"{i + 1},{d:%A},{d:%d %B %Y}"),
    ("Day,Weekday,Date,Max Temp", lambda i, d: f"{i + 1},{d:%A},{d:%Y-%m-%d}"),
    ("Date,Day,Max Temp", lambda i, d: f"{d:%d %B %Y},{i + 1}"),
    ("Date,Row,Max Temp", lambda i, d: f"{d:%Y-%m-%d},{129 - i}")])  # counting down to 0
def test_a_column_numbering_the_rows_is_neither_the_time_nor_the_target(tmp_path, header,
                                                                      cells):
    """A 'Day' of 1, 2, 3 beside real dates labels nothing: the dates are the time and the
    other number the target (the 'Day' was the time, as numbered steps, or a rival target)."""
    days = pd.date_range("1990-09-03", periods=130, freq="D")
    temps = 20 + 5 * np.sin(np.arange(130) / 9)
    s = load_series(write(tmp_path, header + "\n" + "".join(
        f"{cells(i, d)},{t:.1f}\n" for i, (d, t) in enumerate(zip(days, temps, strict=True))),
        "bom.csv"))
    assert (s.time_col, s.target_col, s.freq) == ("Date", "Max Temp", "D")
    assert s.time[-1] == days[-1]
    np.testing.assert_allclose(s.target, temps.round(1))


def test_a_week_column_is_the_time_beside_cohorts_written_as_months(tmp_path):
    """A cohort table: 'cohort' holds months ('2023-10'), 'week' the weeks it is counted in;
    the week is the time and the cohort the series (the cohorts were read as the time)."""
    weeks = pd.date_range("2024-01-01", periods=20, freq="W-MON")
    cohorts = ["2023-10", "2023-11", "2023-12"]
    text = "cohort,week,active_users\n" + "".join(
        f"{c},{w:%Y-%m-%d},{900 - 10 * i + 50 * k}\n"
        for k, c in enumerate(cohorts) for i, w in enumerate(weeks))
    panel = load_series(write(tmp_path, text, "cohorts.csv"))
    assert (panel.time_col, panel.id_col, panel.freq) == ("week", "cohort", "W-MON")
    assert list(panel.ids) == cohorts and list(panel.lengths) == [20, 20, 20]


def test_a_price_per_unit_is_no_target_beside_the_total_and_rival_kinds_are_named(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    rows = "".join(f"{d:%Y-%m-%d},{100 + i},{2.5 + i % 3},{250 + 3 * i}\n"
                   for i, d in enumerate(days))
    for header, target in (("Date,Units Sold,Unit Price,Sales", "Sales"),
                           ("Date,Orders,Avg Price,Revenue", "Revenue"),
                           ("Date,Orders,Average Price,Fee", "Average Price")):  # none other
        assert load_series(write(tmp_path, header + "\n" + rows)).target_col == target
    s = load_series(write(tmp_path, "datetime,humidity,Load,price\n" + rows))
    assert s.target_col == "price"  # the first keyword still wins, and the load is named
    assert "target: 'price' (matched 'price'; 'Load' named like a target too: --target NAME " \
           "forecasts it)" in s.notes
    s = load_series(write(tmp_path, "Date,Open,Close,Adj Close\n" + rows))
    assert s.target_col == "Adj Close" and not any("named like a target" in n for n in s.notes)


def test_size_bands_written_below_a_bound_name_series(tmp_path):
    """'<10', '<50' in a text column are names (of size bands), not values below a bound."""
    days = pd.date_range("2023-01-01", periods=20, freq="D")
    panel = load_series(write(tmp_path, "date,band,sales\n" + "".join(
        f"{d:%Y-%m-%d},{b},{i}\n" for b in ("<10", "<50") for i, d in enumerate(days))))
    assert panel.id_col == "band" and list(panel.ids) == ["<10", "<50"]


def test_a_header_repeated_in_another_order_is_refused_by_its_line(tmp_path):
    """Two exports joined, the second written 'DATE,CLOSE,OPEN': read under the first
    header's names its rows would take OPEN for CLOSE; refused, by the line that says so
    (it was 'DATE ... is not a date' at that line; a user round)."""
    days = pd.bdate_range("2024-01-01", periods=30)
    rows = [f"{d:%Y-%m-%d},{100 + i},{101 + i}\n" for i, d in enumerate(days)]
    text = "DATE,OPEN,CLOSE\n" + "".join(rows[:20]) + "DATE,CLOSE,OPEN\n" + "".join(rows[20:])
    assert "line 22 repeats the header with its columns in another order (DATE,CLOSE,OPEN)" in \
        err(write(tmp_path, text))


def test_a_repeated_header_and_a_total_row_at_the_end_are_dropped_and_said(tmp_path):
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    rows = [f"{m:%Y-%m},{100 + i}\n" for i, m in enumerate(months)]
    text = "Month,Sales\n" + "".join(rows[:12]) + "Month,Sales\n" + "".join(rows[12:])
    s = load_series(write(tmp_path, text + "Total,2676\n"))
    np.testing.assert_array_equal(s.target, 100 + np.arange(24))
    assert any("dropped 1 line(s) repeating the header (line 14)" in w for w in s.warnings)
    assert any("dropped 1 summary row(s) at the end ('Total', line 27)" in w for w in s.warnings)
    # two exports of Excel's 'CSV UTF-8' joined: each begins with a byte-order mark (the
    # second was read as a date, and refused)
    bom = "\ufeffMonth,Sales\n"
    joined = load_series(write(tmp_path, bom + "".join(rows[:12]) + bom + "".join(rows[12:]),
                               "joined.csv"))
    np.testing.assert_array_equal(joined.target, 100 + np.arange(24))
    assert any("repeating the header (line 14)" in w for w in joined.warnings)
    german = "Datum;Wert\n" + "".join(f"{m:%d.%m.%Y};{i},5\n" for i, m in enumerate(months))
    s = load_series(write(tmp_path, german + "Summe;2.400.446,01\n", "de.csv"))
    assert len(s.target) == 24 and s.target[-1] == 23.5
    # Dutch Excel's 'Totaal', Google Ads' 'Total: Account' and 'Total: Search'
    for total in ("Totaal;2.400.446,01\n", "Total: Account;276\nTotal: Search;276\n"):
        s = load_series(write(tmp_path, german + total, "nl.csv"))
        assert len(s.target) == 24 and any(f"({total.split(';')[0]!r}" in w for w in s.warnings)
    # a series named 'Total', last in a yearly long file, is data: its row has a year
    years = "".join(f"{k},{y},{y - 1990}\n" for k in ("A", "Total") for y in range(1990, 2010))
    panel = load_series(write(tmp_path, "region,year,gdp\n" + years, "total.csv"))
    assert list(panel.ids) == ["A", "Total"] and panel.select(["Total"]).target[-1] == 19


def test_a_total_row_without_a_label_is_dropped_only_when_it_sums_the_rows(tmp_path):
    """Google Analytics ends its days with ',"511,890"': no time, the sum of the sessions."""
    days = pd.date_range("2023-01-01", periods=40, freq="D")
    sessions = 1000 + 37 * np.arange(40) % 900
    body = "Day Index,Sessions\n" + "".join(
        f'{d.month}/{d.day}/{d:%y},"{v:,}"\n' for d, v in zip(days, sessions, strict=True))
    s = load_series(write(tmp_path, body + f',"{sessions.sum():,}"\n\n# ---\n', "ga.csv"))
    np.testing.assert_array_equal(s.target, sessions)
    assert any("dropped the last row (line 42): a cell empty and its numbers the sums of the "
               "rows above" in w for w in s.warnings)
    with pytest.raises(InputError, match="is empty at row 41"):  # not a sum: not dropped
        load_series(write(tmp_path, body + f',"{sessions.sum() + 500:,}"\n', "ga2.csv"))


def test_text_under_the_table_is_dropped_and_said(tmp_path):
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    rows = "".join(f"{m:%Y-%m},{100 + i}\n" for i, m in enumerate(months))
    s = load_series(write(tmp_path, "Month,Sales\n" + rows + "\nSales of shampoo over three "
                          "years\nSource: a company's books,\n"))
    assert len(s.target) == 24 and s.target[-1] == 123
    assert any("dropped 2 line(s) of text under the table ('Sales of shampoo over three "
               "years', line 27, 28)" in w for w in s.warnings)
    # a last row of words with a value is no note: a series named so (here refused as a date)
    with pytest.raises(InputError, match="'Sales of shampoo' at row 25"):
        load_series(write(tmp_path, "Month,Sales\n" + rows + "Sales of shampoo,3\n", "b.csv"))
    # Stats NZ Infoshare's footer: headings, units, a legend of symbols, nine lines
    footer = ('"Table information:"\n"Units:"\n"NZ$(millions), Magnitude = Millions"\n\n'
              '"Footnotes:"\n"Series are based on chain-linked data"\n\n"Symbol legend:"\n'
              '"..  figure not available"\n"C  confidential"\n')
    s = load_series(write(tmp_path, "Month,Sales\n" + rows + footer, "nz.csv"))
    assert len(s.target) == 24 and s.target[-1] == 123
    assert any("dropped 8 line(s) of text under the table ('Table information:'" in w
               for w in s.warnings)
    # ... whose footnote names a date (the block of text stopped under it)
    dated = footer.replace("Series are based on chain-linked data",
                           " Accommodation Survey discontinued after September 2019")
    s = load_series(write(tmp_path, "Month,Sales\n" + rows + dated, "nz2.csv"))
    assert len(s.target) == 24 and any("dropped 8 line(s)" in w for w in s.warnings)


@pytest.mark.parametrize("cells, freq", [
    (["01JAN2023", "02JAN2023", "03JAN2023"], "D"),  # SAS's DATE9.
    (["Jan 18", "Feb 18", "Mar 18"], "MS"),  # Excel's 'mmm yy'
    (["JAN2018", "FEB2018", "MAR2018"], "MS"),  # SAS's MONYY7. (was 'no date format read')
])
def test_sas_days_and_excel_s_month_and_two_digit_year_are_read(tmp_path, cells, freq):
    (tmp_path / "d.csv").write_text("Date,Sales\n" + "".join(
        f"{c},{10 + i}\n" for i, c in enumerate(cells)))
    panel = load_series(tmp_path / "d.csv")
    assert panel.freq == freq and panel.time[0] == pd.Timestamp("2023-01-01" if freq == "D"
                                                                else "2018-01-01")


def test_sas_months_are_read_in_a_time_column_only(tmp_path):
    """A future's contract month ('MAR2023') beside its trade date not named like a time:
    the trade date is the time (a review's: the contract was read as the time)."""
    days = pd.date_range("2023-02-01", periods=40, freq="D")
    (tmp_path / "f.csv").write_text("contract,traded,settle\n" + "".join(
        f"{['MAR2023', 'APR2023'][i % 2]},{d:%m/%d/%Y},{70 + i / 10}\n"
        for i, d in enumerate(days)))
    panel = load_series(tmp_path / "f.csv", target="settle")
    assert panel.time_col == "traded" and panel.freq == "D"


def test_days_of_one_month_without_a_year_are_not_years(tmp_path):
    # 'Jan 01' .. 'Jan 28' fits '%b %y' as 2001..2028: days of a January, no year given
    body = "Date,Visitors\n" + "".join(f"Jan {d:02d},{100 + d}\n" for d in range(1, 29))
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(write(tmp_path, body))
    days = pd.date_range("2024-01-01", "2024-03-21", freq="D")  # and on into March: no years
    body = "Date,Steps\n" + "".join(f"{d:%b %d},{i}\n" for i, d in enumerate(days))
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(write(tmp_path, body, "steps.csv"))


def test_excel_s_formula_escaped_cells_are_read_as_their_text(tmp_path):
    # '="2023-01-01"', '="00123"': an export that keeps Excel from reading them as numbers
    days = pd.date_range("2023-01-01", periods=30, freq="D")
    text = "Date,Account,Amount\n" + "".join(f'="{d:%Y-%m-%d}",="00123",{50 + i}.5\n'
                                               for i, d in enumerate(days))
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.target_col, s.freq) == ("Date", "Amount", "D")
    assert list(s.time) == list(days) and s.target[-1] == 79.5


def test_psql_s_row_count_under_its_output_is_dropped(tmp_path):
    # psql -A (pipes) and its aligned table, each closed by '(N rows)'
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    piped = "day|orders\n" + "".join(f"{d:%Y-%m-%d}|{300 + i}\n" for i, d in enumerate(days))
    aligned = "    day     | orders \n------------+--------\n" + "".join(
        f" {d:%Y-%m-%d} | {300 + i:6d}\n" for i, d in enumerate(days))
    for k, text in enumerate((piped, aligned)):
        s = load_series(write(tmp_path, text + "(30 rows)\n\n", f"psql{k}.csv"))
        assert len(s.target) == 30 and s.target[-1] == 329 and s.freq == "D"
        assert any("text under the table ('(30 rows)'" in w for w in s.warnings)
    # mysql -t: rules above, under and below the rows, then 'N rows in set' (was refused: the
    # last rule read as a row of no date)
    rule = "+------------+--------+\n"
    boxed = rule + "| day        | orders |\n" + rule + "".join(
        f"| {d:%Y-%m-%d} | {300 + i:6d} |\n" for i, d in enumerate(days)) + rule
    s = load_series(write(tmp_path, boxed + "30 rows in set (0.01 sec)\n", "mysql.txt"))
    assert len(s.target) == 30 and s.target[-1] == 329 and s.freq == "D"
    assert "dropped the rules of a text table ('+----+') around its rows" in s.notes


@pytest.mark.parametrize("footer", ['Source: internal ERP export, generated 2024-01-05',
                                    '"Copyright © 2024 Nasdaq, Inc. All rights reserved."',
                                    'Copyright © 2024 Nasdaq, Inc. All rights reserved.',
                                    'Note: 2023 figures are provisional, subject to revision',
                                    # Fidelity's last line, under its disclaimer: refused
                                    '"Informational purposes only."\n\n"Date downloaded '
                                    '06/28/2024 9:32 PM ET"',
                                    # a quote's time, read as a bad date (a cron job stopped)
                                    'As of 01/19/2024 16:00 ET', '"As of 01/19/2024 16:00 ET",'])
def test_a_note_whose_comma_splits_it_over_the_fields_is_dropped_too(tmp_path, footer):
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    rows = "".join(f"{m:%Y-%m},{100 + i}\n" for i, m in enumerate(months))
    s = load_series(write(tmp_path, "Month,Sales\n" + rows + "\n" + footer + "\n"))
    assert len(s.target) == 24 and s.target[-1] == 123
    assert any("line(s) of text under the table" in w for w in s.warnings)
    # a series of a long file named like a source keeps its rows: they hold values
    body = "symbol,date,close\n" + "".join(f"{sid},{m:%Y-%m},{100 + i}\n" for sid in (
        "AAA", "Sources Inc") for i, m in enumerate(months))
    panel = load_series(write(tmp_path, body, "ids.csv"))
    assert panel.ids == ("AAA", "Sources Inc") and list(panel.lengths) == [24, 24]
    # ... as a balance sheet's last line item keeps its row: magnitudes, no prose
    quarters = pd.date_range("2022-03-31", periods=10, freq="QE")
    sheet = "Item," + ",".join(f"{q:%Y-%m-%d}" for q in quarters) + "\n" + "".join(
        f"{item}," + ",".join(f"{1 + k / 10 + i / 100:.2f}M" for i in range(10)) + "\n"
        for k, item in enumerate(["Cash", "Inventory", "Notes Payable"]))
    panel = load_series(write(tmp_path, sheet, "sheet.csv"), target="all")
    assert panel.ids == ("Cash", "Inventory", "Notes Payable")

def test_yfinance_headers_of_fields_over_tickers(tmp_path):
    """yfinance's download(...).to_csv(): 'Price,Close,...' / 'Ticker,AAPL,...' / 'Date,,...'.
    One ticker is one series; several a long file with a 'Ticker' id."""
    days = pd.bdate_range("2024-01-01", periods=30)
    one = ("Price,Close,Volume\nTicker,AAPL,AAPL\nDate,,\n"
           + "".join(f"{d:%Y-%m-%d},{100 + i},{1000 + i}\n" for i, d in enumerate(days)))
    s = load_series(write(tmp_path, one))
    assert (s.time_col, s.target_col, len(s)) == ("Date", "Close", 1)
    np.testing.assert_array_equal(s.target, 100 + np.arange(30))
    several = ("Price,Close,Close,Volume,Volume\nTicker,AAPL,MSFT,AAPL,MSFT\nDate,,,,\n"
               + "".join(f"{d:%Y-%m-%d},{100 + i},{200 + i},{i},{i}\n"
                         for i, d in enumerate(days)))
    panel = load_series(write(tmp_path, several, "two.csv"))
    assert (panel.id_col, list(panel.ids), panel.target_col) == ("Ticker", ["AAPL", "MSFT"],
                                                                 "Close")
    np.testing.assert_array_equal(panel.select(["MSFT"]).target, 200 + np.arange(30))
    # pandas' two levels of columns, the series first: 'region,East,East' over 'metric,...'
    # (the second line was dropped unsaid and 'East.1' offered as a column)
    regions = ("region,East,East,West,West\nmetric,sales,units,sales,units\ndate,,,,\n"
               + "".join(f"{d:%Y-%m-%d},{100 + i},{i},{200 + i},{i}\n"
                         for i, d in enumerate(days)))
    panel = load_series(write(tmp_path, regions, "regions.csv"), target="sales")
    assert (panel.id_col, list(panel.ids)) == ("region", ["East", "West"])
    np.testing.assert_array_equal(panel.select(["West"]).target, 200 + np.arange(30))


@pytest.mark.parametrize("freq, running", [("W-MON", "2021-11-03"), ("MS", "2021-11-14"),
                                           ("B", "2021-11-02 14:35:00"),  # today's bar
                                           ("W-FRI", "2021-11-02"), ("ME", "2021-11-14")])
def test_a_last_row_of_a_period_still_running_is_dropped(tmp_path, freq, running):
    """Yahoo's weekly and monthly downloads end with the running period stamped with the
    day of the download, a collector's days with today's bar at its time (refused as too
    irregular): dropped with a warning, the rest read at its frequency."""
    times = pd.date_range("2019-01-07" if freq == "W-MON" else "2019-01-01", "2021-11-01",
                          freq=freq)
    text = "Date,Close\n" + "".join(f"{t:%Y-%m-%d},{i}\n" for i, t in enumerate(times))
    s = load_series(write(tmp_path, text + f"{running},999\n"))
    assert s.freq == freq and s.time[-1] == times[-1] and s.target[-1] == len(times) - 1
    assert any(f"dropped the last row ({running})" in w for w in s.warnings)


def test_iso_weeks_in_one_column_or_beside_their_years(tmp_path):
    mondays = pd.date_range("2020-12-28", periods=40, freq="W-MON")  # 2020-W53 first
    iso = [t.isocalendar() for t in mondays]
    s = load_series(write(tmp_path, "week,sales\n" + "".join(
        f"{y}-W{w:02d},{i}\n" for i, (y, w, _) in enumerate(iso))))
    assert (s.freq, s.date_format, list(s.time)) == ("W-MON", "iso weeks", list(mondays))
    s = load_series(write(tmp_path, "Year,Week,Units\n" + "".join(
        f"{y},{w},{i}\n" for i, (y, w, _) in enumerate(iso)), "yw.csv"))
    assert (s.time_col, s.freq, list(s.time)) == ("Year+Week", "W-MON", list(mondays))
    with pytest.raises(InputError, match="not an ISO week of its year .*write the ISO year beside"):
        load_series(write(tmp_path, "Year,Week,Units\n2021,53,1\n2022,1,2\n2022,2,3\n",
                          "bad.csv"))
    # dates beside their calendar fields: the dates are the time
    days = "".join(f"{t:%Y-%m-%d},{y},{w},{i}\n" for i, (t, (y, w, _)) in
                   enumerate(zip(mondays, iso, strict=True)))
    assert load_series(write(tmp_path, "Date,Year,Week,Units\n" + days, "d.csv"),
                       target="Units").time_col == "Date"


@pytest.mark.parametrize("header, cell", [
    ("Woche", "KW {w}/{y}"), ("week", "Week {w} {y}"), ("period", "{y} W{w:02d}"),
    ("Calendar Week", "{y}/{w:02d}"), ("yearweek", "{y}{w:02d}"), ("KW", "{y}-{w}")])
def test_weeks_as_exports_write_them(tmp_path, header, cell):
    """German Kalenderwochen, 'Week 35 2024', SAP's '2024/35' and a 'yearweek' 202435: ISO
    weeks, each its Monday; the unmarked ones only in a column named like weeks."""
    mondays = pd.date_range("2023-10-02", periods=30, freq="W-MON")  # across a new year
    iso = [t.isocalendar() for t in mondays]
    text = f"{header},sales\n" + "".join(
        cell.format(y=y, w=w) + f",{i}\n" for i, (y, w, _) in enumerate(iso))
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.freq, list(s.time)) == (header, "W-MON", list(mondays))


@pytest.mark.parametrize("cell, written", [
    ("{y}-{z:02d}", "2017-18"), ("{y}/{z:02d}", "2017-18"), ("{y}-{n}", "2017-18"),
    ("FY{y}-{z:02d}", "2017-18"), ("FY{y}", "FY2017")])
def test_financial_years_are_years_written_back_as_read(tmp_path, cell, written):
    """Australia's '1962-63' (also December 1962 alone: a column of them all is years),
    '2011/12', '2011-2012' and a company's 'FY1962'; forecasts are written as the years are."""
    text = "Financial year,Exports\n" + "".join(
        cell.format(y=y, z=(y + 1) % 100, n=y + 1) + f",{100 + y % 7}\n"
        for y in range(2000, 2017))
    s = load_series(write(tmp_path, text))
    assert (s.freq, s.time[0], s.time[-1]) == ("YS-JAN", pd.Timestamp("2000-01-01"),
                                               pd.Timestamp("2016-01-01"))
    assert stamp_writer(s.time, s.date_format)(s.time[-1] + pd.DateOffset(years=1)) == written
    months = "Month,Sales\n" + "".join(f"2011-{m:02d},{m}\n" for m in range(1, 13))
    assert load_series(write(tmp_path, months, "m.csv")).freq == "MS"  # '2011-12' among them


@pytest.mark.parametrize("cell", ["Q{q} FY{yy:02d}", "Q{q} FY{y}", "FY{yy:02d} Q{q}",
                                  "{q}QFY{yy:02d}", "Q{q}-FY{yy:02d}"])
def test_a_company_s_fiscal_quarters_are_quarters_written_back_so(tmp_path, cell):
    """'Q1 FY15' (a quarterly report's columns) was refused as no date: read as quarters
    labelled by their numbers, the fiscal year's start unwritten; forecasts 'Q1 FY2021'."""
    quarters = [(y, q) for y in range(1998, 2003) for q in range(1, 5)]
    text = "Quarter,Revenue\n" + "".join(cell.format(q=q, y=y, yy=y % 100) + f",{100 + 3 * i}\n"
                                         for i, (y, q) in enumerate(quarters))  # (named so)
    s = load_series(write(tmp_path, text))
    assert (s.freq, s.time[0], s.time[-1]) == ("QS-JAN", pd.Timestamp("1998-01-01"),
                                               pd.Timestamp("2002-10-01"))
    assert stamp_writer(s.time, s.date_format)(pd.Timestamp("2003-01-01")) == "Q1 FY2003"
    plans = "Quarter,Revenue\n" + "".join(f"Q{q} FY{y},{100 + y}\n" for y in range(26, 32)
                                          for q in range(1, 5))  # past 2030: refused
    assert load_series(write(tmp_path, plans, "plans.csv")).time[-1] == pd.Timestamp("2031-10-01")


def test_unmarked_weeks_are_read_only_in_a_column_named_like_weeks(tmp_path):
    text = "period,sales\n" + "".join(f"2024/{w:02d},{w}\n" for w in range(20, 40))
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(write(tmp_path, text))


def test_a_block_above_a_blank_line_and_the_table_is_skipped(tmp_path):
    """Open-Meteo writes the place (six names, their values), a blank line, then the table."""
    hours = pd.date_range("2023-01-01", periods=72, freq="h")
    text = ("latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation\n"
            "52.52,13.419998,38.0,0,GMT,GMT\n\ntime,temperature_2m (°C)\n"
            + "".join(f"{t:%Y-%m-%dT%H:%M},{i / 10}\n" for i, t in enumerate(hours)))
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.target_col, s.freq) == ("time", "temperature_2m (°C)", "h")
    assert any("skipped 3 line(s) above the header" in n for n in s.notes)


@pytest.mark.parametrize("cut, dropped", [
    ("2022-03-01,BBB,34", True),  # the close cut: 34 of 3411.25
    ("2022-03-01,BBB,3411", True),  # before its point: its integer part may be unfinished
    ("2022-03-01,BBB,3411.2", False),  # a decimal short: a cut took under 0.1, read as written
    ("2022-03-01,BB", True), ("2022-03-0", True), ("2022-03-01,BBB,", True),
    ("2022-03-01,BBB,999.75", False),  # a digit fewer, every decimal there: a lower close
    ("2022-03-01,BBB,3411.25", False),
    ("2022-03-01,BBB,34112.", True),  # cut at its point (as long as the closes before it)
    ('"2022-03-0', True), ('"2022-03-01","BB', True),  # inside a quoted cell
])
def test_a_last_line_still_being_written_is_dropped(tmp_path, cut, dropped):
    """A cron job may read a file another program is appending to: a last line without its
    line end that stops short of its fields, or of a number's integer part, or at a separator,
    is dropped with a warning; a whole one, or one short only of decimals, is read."""
    days = pd.bdate_range("2022-01-03", "2022-02-28")
    rows = "".join(f"{d:%Y-%m-%d},{k},{v + i:.2f}\n" for i, d in enumerate(days)
                   for k, v in (("AAA", 1.5), ("BBB", 3400.25)))
    panel = load_series(write(tmp_path, "date,ticker,close\n" + rows + cut))
    bbb = panel.select(["BBB"])
    assert bbb.time[-1] == pd.Timestamp("2022-02-28" if dropped else "2022-03-01")
    assert any("is another program still writing the file?" in w
               for w in panel.warnings) == dropped
    if not dropped:
        assert bbb.target[-1] == float(cut.rsplit(",", 1)[1])


@pytest.mark.parametrize("last, fresh_cut", [("2018-08-31,2950", True),
                                              ("2018-08-31,2950.5", False)])
def test_a_last_line_of_a_file_nothing_writes_is_whole_whatever_its_digits(tmp_path, last,
                                                                             fresh_cut):
    """A close typed in by hand, without a line end, under closes of six decimals: in a file
    that changed a minute ago or more, nothing is still writing it, so the row is the newest
    close. Before, it was dropped as cut short and the forecast started on the day it gave.
    Written a moment ago, '2950' may be cut before its point (29501.5?); '2950.5' only after
    it, in its decimals: it is read."""
    days = pd.bdate_range("2018-06-01", "2018-08-30")
    path = write(tmp_path, "Date,Close\n" + "".join(
        f"{d:%Y-%m-%d},{2800 + i / 7:.6f}\n" for i, d in enumerate(days)) + last)
    fresh = load_series(path)
    assert fresh.time[-1] == pd.Timestamp("2018-08-30" if fresh_cut else "2018-08-31")
    assert any("still writing the file" in w for w in fresh.warnings) == fresh_cut
    os.utime(path, (time.time() - 61, time.time() - 61))
    s = load_series(path)
    assert s.time[-1] == pd.Timestamp("2018-08-31") and s.target[-1] == float(last[11:])
    assert not any("still writing" in w for w in s.warnings)


@pytest.mark.parametrize("last, dropped", [
    ("2022-03-01,3411.25,BB", True),  # cut inside the id, written last (Kaggle's layout)
    ("2022-03-01,3411.25,BBB", False),
    ("2022-03-01,7.25,CCC", False),  # a new symbol's first row, whole
])
def test_a_last_line_cut_inside_its_id_is_dropped_not_a_new_series(tmp_path, last, dropped):
    """An id written last is where a program still writing the file cuts a line: 'BB' where
    every row above writes 'BBB' is no new series (it was forecast as one, 'VI' for 'VIX')."""
    days = pd.bdate_range("2022-01-03", "2022-02-28")
    rows = "".join(f"{d:%Y-%m-%d},{v + i:.2f},{k}\n" for i, d in enumerate(days)
                   for k, v in (("AAA", 1.5), ("BBB", 3400.25)))
    panel = load_series(write(tmp_path, "date,close,ticker\n" + rows + last))
    new = last.rsplit(",", 1)[1]
    assert (new in panel.ids) != dropped
    assert any("still writing the file" in w for w in panel.warnings) == dropped


def test_a_last_line_without_its_trailing_zero_is_whole_where_the_file_drops_them(tmp_path):
    """JavaScript's String(x) and a spreadsheet's General format write 114.50 as '114.5':
    where rows before the last 20 show it, a last line so written (without its line end) is
    whole. Before, the newest row was dropped as cut short and the forecast started on it."""
    days = pd.date_range("2022-01-01", periods=120)
    cents = [f"{100 + i / 7:.2f}".rstrip("0").rstrip(".") if i < 90 else f"{100.01 + i:.2f}"
             for i in range(len(days))]
    assert sum("." not in c or len(c.split(".")[1]) < 2 for c in cents[:90]) > 5
    s = load_series(write(tmp_path, "Date,Price\n" + "".join(
        f"{d:%Y-%m-%d},{c}\n" for d, c in zip(days, cents, strict=True)) + "2022-05-01,114.5"))
    assert s.time[-1] == pd.Timestamp("2022-05-01") and s.target[-1] == 114.5
    assert not any("still writing" in w for w in s.warnings)


@pytest.mark.parametrize("written, last, read", [
    ("1146.53", "1146.5", 1146.5),  # a writer drops 1146.50's zero: read, with a note
    ("1146.53", "1146.", None), ("1146.53", "114", None),  # cut
    ("1146.53", "1146", None),  # cut before its point: 1146.53, or 11465.03?
    ("1146,53", "1146,5", 1146.5),  # decimal commas (a ';' file)
    ("1.146,53", "1.146,5", 1146.5), ("1.146,53", "1.14", None), ("1.146,53", "1.146,", None),
])
def test_a_fresh_last_line_short_only_of_decimals_is_read_as_written(tmp_path, written, last,
                                                                      read):
    """A cron job's export, written a moment ago without a final newline, by a writer that
    drops trailing zeros ('1146.5' for 1146.50) where no row above shows one: a cut could
    only have taken its last decimals, so the row is read (a note, no warning); one cut where
    what it lost changes it (its point, a digit of its integer part, after a separator) is
    dropped. Before, '1146.5' was dropped as cut short and the forecast started on its day."""
    days = pd.bdate_range("2023-01-02", periods=60)
    cents = 1140_03 + np.arange(60) % 9 * 100 + np.arange(60) % 7 * 10  # every one ends in 3
    cells = [f"{c // 100}.{c % 100:02d}" for c in cents]
    if "," in written:  # '1146,53', or '1.146,53'
        cells = [c.replace(".", ",") for c in cells]
        cells = [f"{c[0]}.{c[1:]}" for c in cells] if "." in written else cells
    delimiter = ";" if "," in written else ","
    s = load_series(write(tmp_path, f"Date{delimiter}Close\n" + "".join(
        f"{d:%Y-%m-%d}{delimiter}{c}\n" for d, c in zip(days, cells, strict=True))
                          + f"2023-03-27{delimiter}{last}"))
    assert s.time[-1] == pd.Timestamp("2023-03-24" if read is None else "2023-03-27")
    assert any("still writing the file" in w for w in s.warnings) == (read is None)
    if read is not None:
        assert s.target[-1] == read and not s.warnings
        assert any("writes fewer decimals than the rows above" in n for n in s.notes)


def test_only_the_last_line_is_taken_for_cut_short(tmp_path):
    """A cut line dropped, the line before it ended with its line end: it is whole, even with
    fewer decimals than its series' rows before it write (a close of 2476.55 under
    2476.549805)."""
    days = pd.bdate_range("2022-01-03", "2022-02-28")
    rows = "".join(f"{d:%Y-%m-%d},{k},{v + i / 7:.6f}\n" for i, d in enumerate(days)
                   for k, v in (("AAA", 1.5), ("BBB", 3400.25)))
    panel = load_series(write(tmp_path, "date,ticker,close\n" + rows
                              + "2022-03-01,AAA,9.5\n2022-03-01,BBB,3411.25\n2022-03-0"))
    assert [panel.select([k]).time[-1] for k in ("AAA", "BBB")] == [pd.Timestamp("2022-03-01")] * 2
    assert panel.select(["BBB"]).target[-1] == 3411.25
    assert sum("still writing the file" in w for w in panel.warnings) == 1


def test_a_last_quoted_cell_of_two_lines_is_whole(tmp_path):
    """Its last line holds one quote, but the file's quotes pair up: nothing is cut."""
    text = "date,sales,note\n" + "".join(f"2020-01-{d:02d},{d},ok\n" for d in range(1, 10))
    s = load_series(write(tmp_path, text + '2020-01-10,10,"two\nlines"'))
    assert len(s.target) == 10 and s.target[-1] == 10 and not s.warnings


def test_a_total_written_on_every_row_is_a_value_not_a_summary(tmp_path):
    quarters = pd.date_range("2010-01-01", periods=20, freq="QS")
    text = "TIME,SEX,value\n" + "".join(f"{q.year}Q{q.quarter},Total,{i}\n"
                                        for i, q in enumerate(quarters))
    assert len(load_series(write(tmp_path, text)).target) == 20


def test_shops_closed_on_different_weekdays_are_a_panel_of_days(tmp_path):
    """A on six days (no Sundays), B on six days (no Saturdays), C every day: days, the
    days a shop skips filled; alone, each keeps its six-day calendar."""
    days = pd.date_range("2023-01-02", periods=70, freq="D")
    rows = [(k, d) for k, skip in (("A", 6), ("B", 5), ("C", 7)) for d in days
            if d.day_of_week != skip]
    panel = load_series(write(tmp_path, "date,store,sales\n" + "".join(
        f"{d:%Y-%m-%d},{k},{d.day}\n" for k, d in rows)))
    # A's last day is the Saturday before the last Sunday
    assert panel.freq == "D" and [len(panel.select([k]).time) for k in "ABC"] == [69, 70, 70]
    assert panel.filled is not None and panel.filled.sum() == 9 + 10  # A's Sundays, B's Sats
    one = load_series(write(tmp_path, "date,sales\n" + "".join(
        f"{d:%Y-%m-%d},{d.day}\n" for k, d in rows if k == "A"), "a.csv"))
    assert (one.freq, one.freq_label) == ("WD-SUN", "daily except Sundays")


@pytest.mark.parametrize("new_first", [False, True])
def test_a_new_ticker_of_three_rows_over_a_weekend_follows_the_others(tmp_path, new_first):
    """Thursday, Friday, Monday: alone no frequency (their median step is two days); beside
    tickers on business days, business days, whichever comes first in the file."""
    days = pd.bdate_range("2022-11-01", "2022-12-12")
    old = [f"{d:%Y-%m-%d},OLD,{i}\n" for i, d in enumerate(days)]
    new = [f"{d},NEW,{i}\n" for i, d in enumerate(("2022-12-08", "2022-12-09", "2022-12-12"))]
    panel = load_series(write(tmp_path, "date,ticker,close\n" + "".join(
        new + old if new_first else old + new)))
    assert panel.freq == "B" and len(panel.select(["NEW"]).time) == 3


@pytest.mark.parametrize("new_first", [False, True])
@pytest.mark.parametrize("listed", [("2022-11-21", "2022-11-22", "2022-11-23", "2022-11-25",
                                     "2022-11-28"), ("2022-11-23", "2022-11-25")])
def test_a_new_ticker_whose_few_rows_span_a_holiday_follows_the_others(tmp_path, new_first,
                                                                        listed):
    """A listing of a few rows over Thanksgiving reads alone as no frequency (five rows) or as
    every two days (Wednesday, Friday), and failed the whole file: on the others' business
    days, the holiday is one of its gaps."""
    days = pd.bdate_range("2022-09-01", "2022-12-12").drop(pd.Timestamp("2022-11-24"))
    old = [f"{d:%Y-%m-%d},OLD,{i}\n" for i, d in enumerate(days)]
    new = [f"{d},NEW,{i}\n" for i, d in enumerate(listed)]
    panel = load_series(write(tmp_path, "date,ticker,close\n" + "".join(
        new + old if new_first else old + new)))
    assert panel.freq == "B"
    assert panel.select(["NEW"]).time[[0, -1]].tolist() == pd.to_datetime(
        [listed[0], listed[-1]]).tolist()


def test_a_panel_of_short_series_only_reads_the_longest_first(tmp_path):
    """Six business days and a Thursday, Friday and Monday, nothing longer: the six days give
    the calendar the three follow (each read alone, the three show none)."""
    six = [f"{d:%Y-%m-%d},A,{i}\n" for i, d in enumerate(pd.bdate_range("2022-12-01",
                                                                          periods=6))]
    three = [f"{d},B,{i}\n" for i, d in enumerate(("2022-12-08", "2022-12-09", "2022-12-12"))]
    panel = load_series(write(tmp_path, "date,ticker,close\n" + "".join(three + six)))
    assert panel.freq == "B" and panel.ids == ("B", "A")


def test_a_few_weekly_rows_among_daily_series_are_not_days_with_gaps(tmp_path):
    """Five Mondays lie on the daily grid too, but four days in five missing are no holidays:
    the series is weekly, and the file's mixed frequencies are refused, not filled in."""
    days = pd.date_range("2022-09-01", "2022-12-12", freq="D")
    old = [f"{d:%Y-%m-%d},{sid},{i}\n" for i, d in enumerate(days) for sid in ("A", "B")]
    weekly = [f"{d:%Y-%m-%d},W,{i}\n" for i, d in enumerate(
        pd.date_range("2022-11-07", periods=5, freq="7D"))]
    with pytest.raises(InputError, match=r"D for 2 \('A', 'B'\); W-MON for 1 \('W'\)"):
        load_series(write(tmp_path, "date,ticker,close\n" + "".join(old + weekly)))


@pytest.mark.parametrize("new_first", [False, True])
def test_a_listing_of_one_row_on_the_others_days_is_a_series_of_one_row(tmp_path, new_first):
    """Listed on the data's last day: one row, on the others' business days, to forecast from
    (by its last value); one off their days (a Saturday) is skipped, said."""
    days = pd.bdate_range("2022-11-01", "2022-12-12")
    old = [f"{d:%Y-%m-%d},{sid},{i}\n" for i, d in enumerate(days) for sid in ("A", "B")]
    for listed, kept in (("2022-12-12", True), ("2022-12-10", False)):
        text = "date,ticker,close\n" + "".join(
            [f"{listed},IPO,7\n", *old] if new_first else [*old, f"{listed},IPO,7\n"])
        panel = load_series(write(tmp_path, text))
        assert panel.freq == "B" and ("IPO" in panel.ids) is kept
        if kept:
            assert panel.select(["IPO"]).time.tolist() == [pd.Timestamp(listed)]
        else:
            assert any("'IPO'" in w for w in panel.warnings)


def test_three_stray_saturdays_in_a_year_of_trading_days_are_dropped(tmp_path):
    days = pd.bdate_range("2020-01-01", "2020-12-31").union(
        pd.DatetimeIndex(["2020-03-07", "2020-06-13", "2020-09-19"]))
    s = load_series(write(tmp_path, "Date,Close\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i}\n" for i, d in enumerate(days))))
    assert s.freq == "B" and len(s.target) == len(days) - 3
    assert any("dropped 3 row(s) off the business-day calendar" in w for w in s.warnings)


def test_quarters_whose_first_days_fall_on_a_rare_weekday_keep_every_row(tmp_path):
    """36 quarters from 2011: two of them start on a Thursday, the rarest weekday among them;
    no row is a stray day of a calendar of days."""
    text = "Quarter,Sales\n" + "".join(f"Q{q % 4 + 1} {2011 + q // 4},{100 + q}\n"
                                       for q in range(36))
    s = load_series(write(tmp_path, text))
    assert (s.freq, len(s.target), s.target[16]) == ("QS-JAN", 36, 116.0)
    assert not s.warnings


def test_business_days_absent_for_a_week_or_more_are_named(tmp_path):
    days = pd.bdate_range("2022-01-03", "2022-06-30")
    kept = days[(days < "2022-03-01") | (days > "2022-03-31")]
    s = load_series(write(tmp_path, "Date,Close\n" + "".join(
        f"{d:%Y-%m-%d},{i}\n" for i, d in enumerate(kept))))
    assert s.freq == "B"
    assert any("no values for 23 weekdays in a row, 2022-03-01 to 2022-03-31" in w
               for w in s.warnings)


def test_an_unnamed_number_that_names_stocks_is_the_advice(tmp_path):
    """'date,gvkey,close': the error names --id-col gvkey, never only --duplicates; a PERMNO,
    named as securities' identifiers are, is read as the id."""
    days = pd.bdate_range("2021-01-04", periods=30)
    text = "date,gvkey,close\n" + "".join(f"{d:%Y-%m-%d},{p},{p / 1000 + i}\n"
                                           for d in days for i, p in enumerate((10001, 10107)))
    assert "pass --id-col gvkey" in err(write(tmp_path, text))
    assert load_series(write(tmp_path, text.replace("gvkey", "permno"), "p.csv")).id_col == \
        "permno"


def test_a_running_week_among_fridays_and_holiday_thursdays_is_dropped(tmp_path):
    """Weeks stamped on their last trading day, a holiday's Thursday among the Fridays: a last
    row on a Wednesday is the week still running (a user round: put on its Friday as the
    week's close, the forecast a week late), dropped and said; on a Thursday it is such a
    holiday's week, put on its Friday as before."""
    fridays = pd.date_range("2015-01-02", "2018-08-31", freq="W-FRI")
    stamps = [f - pd.Timedelta(days=1) if (f.month, f.day) in ((7, 4), (12, 25)) or
              f.strftime("%Y-%m-%d") in ("2015-04-03", "2016-03-25", "2017-04-14",
                                         "2018-03-30") else f for f in fridays]
    text = "Date,Close\n" + "".join(f"{t:%Y-%m-%d},{100 + i}\n" for i, t in enumerate(stamps))
    wednesday = load_series(write(tmp_path, text + "2018-09-05,999\n"))
    assert wednesday.freq == "W-FRI" and list(wednesday.time) == list(fridays)
    assert any("dropped the last row (2018-09-05)" in w for w in wednesday.warnings)
    thursday = load_series(write(tmp_path, text + "2018-09-06,999\n", "thu.csv"))
    assert thursday.time[-1] == pd.Timestamp("2018-09-07") and thursday.target[-1] == 999
    # the week of 9/11, whose one trading day was its Monday: its Friday's, not refused (put
    # on the Friday before, it met that week's row)
    eleventh = text.replace("2016-09-09,", "2016-09-05,")
    week = load_series(write(tmp_path, eleventh, "911.csv"))
    assert week.freq == "W-FRI" and list(week.time) == list(fridays)
    # ... but a Thursday whose week has its Friday is no week of its own: refused, not put on
    # the Friday before (a review)
    extra = text.replace("2016-09-02,", "2016-09-08,")
    assert "too irregular to name a frequency" in err(write(tmp_path, extra, "extra.csv"))


@pytest.mark.parametrize("stamps, last, kept", [
    ("W-FRI", "2018-09-06", False),  # plain Fridays: a Thursday is the week still running
    ("W-MON", "2018-09-02", False),  # Monday weeks downloaded on a Sunday
    ("W-SAT", "2018-09-07", False),
    ("mondays with holiday tuesdays", "2018-09-04", True),  # the source's Labor Day week
    ("mondays with holiday tuesdays", "2018-09-05", False),
])
def test_which_last_row_is_a_period_still_running(tmp_path, stamps, last, kept):
    """A review: read as a holiday's week only where the rows before it show the source stamps
    such weeks a day off, and as near; else the period still running, as before."""
    if stamps.startswith("mondays"):
        mondays = pd.date_range("2016-01-04", "2018-08-27", freq="W-MON")
        holiday = {(1, 18), (1, 16), (1, 15), (2, 15), (2, 20), (2, 19), (9, 5), (9, 4)}
        times = [m + pd.Timedelta(days=1) if (m.month, m.day) in holiday else m for m in mondays]
        grid = list(mondays)
    else:
        grid = times = list(pd.date_range("2016-01-01", "2018-09-01", freq=stamps))
    text = "Date,Close\n" + "".join(f"{t:%Y-%m-%d},{i}\n" for i, t in enumerate(times))
    s = load_series(write(tmp_path, text + f"{last},999\n"))
    assert bool(s.target[-1] == 999) is kept and list(s.time[: len(grid)]) == grid
    assert any(f"dropped the last row ({last})" in w for w in s.warnings) is not kept


def test_a_last_business_day_of_month_end_data_is_not_a_running_month(tmp_path):
    months = pd.date_range("2021-01-31", "2023-11-30", freq="ME")
    text = "date,v\n" + "".join(f"{m:%Y-%m-%d},{i}\n" for i, m in enumerate(months))
    assert "fix that row" in err(write(tmp_path, text + "2023-12-29,99\n"))


@pytest.mark.parametrize("stamp, value", [
    ("{m:%Y-%m}", "NA"), ("{m.year}Q{m.quarter}", "n/a"), ("{m:%b %Y}", "N/A"),
    ("{m:%Y-%m}", '"1,150"'),
])
def test_a_first_data_row_without_a_plain_number_stays_under_its_header(tmp_path, stamp,
                                                                         value):
    """'month,sales' over '2020-01,NA': the first line is the header, however the first row
    of data writes its values; never a header found lower down."""
    times = pd.date_range("2020-01-01", periods=12, freq="QS" if "Q" in stamp else "MS")
    rows = [f"{stamp.format(m=t)},{value if i == 0 else 100 + i}\n" for i, t in enumerate(times)]
    s = load_series(write(tmp_path, "month,sales\n" + "".join(rows)))
    assert (s.time_col, s.target_col, len(s.target)) == ("month", "sales",
                                                         11 if value != '"1,150"' else 12)
    assert not any("above the header" in n for n in s.notes)


def test_public_sources_titles_markers_and_months(tmp_path):
    """EIA: a title with a comma above the header; the US Census Bureau: '(S)' is missing;
    Stats NZ: '2002.1' is October beside '2002.09'; the ONS: '1988 JAN'."""
    days = pd.bdate_range("2024-01-02", periods=30)
    eia = ("Cushing OK WTI Spot Price FOB, Daily\nhttps://www.eia.gov/opendata\n"
           "Source: U.S. Energy Information Administration\nDay,Price Dollars per Barrel\n"
           + "".join(f"{d:%m/%d/%Y},{70 + i / 10:.2f}\n" for i, d in enumerate(days[::-1])))
    s = load_series(write(tmp_path, eia, "eia.csv"))
    assert (s.time_col, s.freq, s.time[-1]) == ("Day", "B", days[-1])
    months = pd.date_range("2000-01-01", periods=30, freq="MS")
    census = "Period,Value\n" + "".join(f"{m:%b-%Y},{'(S)' if i == 7 else 100 + i}\n"
                                         for i, m in enumerate(months))
    s = load_series(write(tmp_path, census, "census.csv"))
    assert s.filled is not None and np.flatnonzero(s.filled).tolist() == [7]
    nz = "Series_reference,Period,Data_value\n" + "".join(
        f"ECT,{m.year}.{m.month:02d},{i}\n".replace(".10,", ".1,") for i, m in enumerate(months))
    s = load_series(write(tmp_path, nz, "nz.csv"))
    assert list(s.time) == list(months) and s.target[9] == 9  # October
    ons = "Date,Value\n" + "".join(f"{m.year} {m:%b}".upper() + f",{i}\n"
                                    for i, m in enumerate(months))
    assert list(load_series(write(tmp_path, ons, "ons.csv")).time) == list(months)
    stacked = ('"Title","CPI INDEX 00: ALL ITEMS 2015=100"\n"CDID","D7BT"\n"PreUnit",""\n'
               '"Unit","%"\n"Release date","17-04-2024"\n"Next release","22 May 2024"\n'
               '"Important notes",""\n'
               + "".join(f'"{y}","{y - 1900}"\n' for y in (1998, 1999))
               + "".join(f'"1998 Q{q}","{q}"\n' for q in (1, 2, 3, 4))
               + "".join(f'"{m.year} {m.strftime("%b").upper()}","{i}"\n'
                         for i, m in enumerate(months)))
    s = load_series(write(tmp_path, stacked, "ons_ts.csv"))  # the ONS: its months
    assert (s.time_col, s.target_col, list(s.time)) == ("Date", "D7BT", list(months))
    oecd = '"LOCATION","FREQUENCY","TIME","Value"\n' + "".join(
        [f'"AUT","A","{y}",{y - 2000}\n' for y in (2000, 2001)]
        + [f'"AUT","Q","2000-Q{q}",{q}\n' for q in (1, 2, 3, 4)]
        + [f'"AUT","M","{m:%Y-%m}",{i}\n' for i, m in enumerate(months)])
    s = load_series(write(tmp_path, oecd, "oecd.csv"))  # the OECD: its months
    assert list(s.time) == list(months) and any("mixes frequencies" in w for w in s.warnings)
    co2 = "year,month,average\n" + "".join(f"{m.year},{m.month},{'-99.99' if i == 4 else 315 + i}\n"
                                           for i, m in enumerate(months))  # NOAA's gap mark
    s = load_series(write(tmp_path, co2, "co2.csv"))
    assert s.target[4] == s.target[3] and any("-99.99" in w for w in s.warnings)
    temps = "date,t\n" + "".join(f"{m:%Y-%m-%d},{-99.0 if i == 4 else 5 - i}\n"
                                  for i, m in enumerate(months))  # below 0 anyway: a value
    assert load_series(write(tmp_path, temps, "t.csv")).target[4] == -99.0


@pytest.mark.parametrize("mark", ["-9999", "9999"])
def test_an_all_nines_far_outside_a_column_that_crosses_zero_is_a_gap(tmp_path, mark):
    """A logger's -9999 among temperatures of -6 to 8 C was read as a value: intervals of
    +-150 C, and a forecast of -5181 from a last one. Far beyond the other values it is a gap
    (a station file's 9999 too), filled and said."""
    hours = pd.date_range("2024-01-01", periods=200, freq="h")
    temps = 1 + 7 * np.sin(np.arange(200) / 24 * 2 * np.pi)
    cells = [mark if i in (50, 120) else f"{t:.1f}" for i, t in enumerate(temps)]
    s = load_series(write(tmp_path, "time,AirTC_Avg\n" + "".join(
        f"{h:%Y-%m-%d %H:%M},{c}\n" for h, c in zip(hours, cells, strict=True))))
    assert s.target[50] == s.target[49] and abs(s.target).max() < 9
    assert any(f"writes {mark} far outside its other values" in w for w in s.warnings)


def test_eurostat_months_are_read(tmp_path):
    months = pd.date_range("2010-01-01", periods=30, freq="MS")
    s = load_series(write(tmp_path, "TIME,value\n" + "".join(
        f"{t:%YM%m},{i}\n" for i, t in enumerate(months))))
    assert s.freq == "MS" and list(s.time) == list(months)
    bea = load_series(write(tmp_path, "Period,Value\n" + "".join(  # the BEA's '2019:12'
        f"{t:%Y:%m},{i}\n" for i, t in enumerate(months)), "bea.csv"))
    assert bea.freq == "MS" and list(bea.time) == list(months)



def test_the_rows_the_loader_filled_are_marked(tmp_path):
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    rows = [f"{d:%Y-%m-%d},{'' if i in (5, 6) else i}" for i, d in enumerate(days) if i != 20]
    s = load_series(write(tmp_path, "Date,Close\n" + "\n".join(rows) + "\n"))
    assert list(np.flatnonzero(s.filled)) == [5, 6, 20]  # two empty cells, one missing day
    assert load_series(write(tmp_path, "Date,Close\n2021-01-01,1\n2021-01-02,2\n2021-01-03,3\n",
                             "whole.csv")).filled is None
    long = "id,Date,Close\n" + "".join(f"{k},{d:%Y-%m-%d},{i}\n" for k in "AB"
                                       for i, d in enumerate(days) if (k, i) != ("B", 3))
    panel = load_series(write(tmp_path, long, "long.csv"))
    assert list(np.flatnonzero(panel.filled)) == [30 + 3]
    assert list(np.flatnonzero(panel.select(["B"]).filled)) == [3]
    assert not panel.until("2021-01-10").filled[:10].any()


def test_a_semicolon_file_with_dot_decimals_groups_thousands_with_its_commas(tmp_path):
    """'20.00' in one column says the file's dot is its decimal point: '1,000' in another is
    1000, not the decimal comma a ';' file's unexplained commas are."""
    days = pd.date_range("2023-01-02", periods=20, freq="D")
    text = "Date;Price;Units\n" + "".join(
        f"{d:%Y-%m-%d};{20 + i}.{i % 10}0;\"1,{i:03d}\"\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, text), features="Units")
    np.testing.assert_allclose(s.features[:, 0], 1000 + np.arange(20))
    np.testing.assert_allclose(s.target, 20 + np.arange(20) + (np.arange(20) % 10) / 10)


def test_a_value_below_a_bound_is_half_the_bound_and_said(tmp_path):
    """Google Trends writes '<1' for interest under 1; a ';' file '<0,5'. A bound of zero or
    less ('<0') bounds nothing: still an error naming the cell."""
    weeks = pd.date_range("2023-01-01", periods=30, freq="W-SUN")
    cells = [str(10 + i % 7) if i not in (4, 9) else "<1" for i in range(30)]
    s = load_series(write(tmp_path, "Week,interest\n" + "".join(
        f"{d:%Y-%m-%d},{c}\n" for d, c in zip(weeks, cells, strict=True))))
    assert list(s.target[[3, 4, 9]]) == [13.0, 0.5, 0.5]
    assert any("'<1'" in w and "half the bound" in w for w in s.warnings)
    comma = "Week;v\n" + "".join(f"{d:%Y-%m-%d};{'<0,5' if i == 2 else f'{i},5'}\n"
                                  for i, d in enumerate(weeks))
    assert load_series(write(tmp_path, comma, "de.csv")).target[2] == 0.25
    assert "'<0'" in err(write(tmp_path, "Week,v\n" + "".join(
        f"{d:%Y-%m-%d},{'<0' if i == 2 else i}\n" for i, d in enumerate(weeks)), "zero.csv"))


def test_a_column_with_values_below_a_bound_counts_as_numbers(tmp_path):
    """Google Trends comparing two terms, the rarer one's column with '<1' cells: before, that
    column was no number column, so a bare train forecast the other as 'the only numeric
    column' and --target all left it out without a word."""
    weeks = pd.date_range("2018-01-07", periods=60, freq="W-SUN")
    text = "Week,bitcoin: (Worldwide),ethereum: (Worldwide)\n" + "".join(
        f"{d:%Y-%m-%d},{50 + i % 9},{'<1' if i % 3 else 2}\n" for i, d in enumerate(weeks))
    assert "cannot tell which column to forecast" in err(write(tmp_path, text))
    panel = load_panel(write(tmp_path, text), DataSpec(target="all"))
    assert panel.ids == ("bitcoin: (Worldwide)", "ethereum: (Worldwide)")
    # sizes in bands are names, not numbers below a bound
    bands = "Week,size,units\n" + "".join(
        f"{d:%Y-%m-%d},{('<10', '10-50', '>50')[i % 3]},{i}\n" for i, d in enumerate(weeks))
    assert load_series(write(tmp_path, bands, "bands.csv")).target_col == "units"


def test_a_quarter_label_beside_the_dates_leaves_the_dates_the_time(tmp_path):
    days = pd.date_range("2023-01-01", periods=120, freq="D")
    text = "Period,Date,Sales\n" + "".join(
        f"{d.year}Q{d.quarter},{d:%Y-%m-%d},{100 + i}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, text))
    assert (s.time_col, s.freq) == ("Date", "D")


@pytest.mark.parametrize("fmt, first, last", [
    ("%d.%m.%y", "1949-01-01", "1960-12-01"),  # AirPassengers in a German export
    ("%m/%d/%y", "1960-01-01", "1979-12-01"),  # across 1969, where Python's century turns
    ("%d.%m.%y", "2015-01-01", "2026-12-01"),
    ("%b-%y", "1960-01-01", "1979-12-01"),  # refused: 'Jan-60' not a date
    ("%d.%m.%y", "1995-01-01", "2004-12-01"),
])
def test_two_digit_years_take_the_spreadsheets_century(tmp_path, fmt, first, last):
    months = pd.date_range(first, last, freq="MS")
    text = "Datum;Wert\n" + "".join(f"{m.strftime(fmt)};{k}\n" for k, m in enumerate(months))
    s = load_series(write(tmp_path, text))
    assert s.time[0] == pd.Timestamp(first) and s.time[-1] == pd.Timestamp(last)
    assert s.freq == "MS"


@pytest.mark.parametrize("first", ["1920-01-01", "2025-01-01"])
def test_two_digit_years_across_excel_s_pivot_stay_refused(tmp_path, first):
    """'Jan-20' .. 'Dec-39' is 1920-1939 or 2020-2039, and a plan 'Jan-25' .. 'Dec-32' as
    much 1925-1932 as 2025-2032: no century is read into them (a review's find)."""
    months = pd.date_range(first, periods=12 * 12, freq="MS")
    text = "Month,Value\n" + "".join(f"{m:%b-%y},{k}\n" for k, m in enumerate(months))
    with pytest.raises(InputError):
        load_series(write(tmp_path, text))


def test_epochs_from_1980_and_excel_serials_in_a_datetime_column(tmp_path):
    hours = pd.date_range("1988-03-01", periods=48, freq="h")
    ms = "".join(f"{t.value // 10**6},{k}\n" for k, t in enumerate(hours))
    s = load_series(write(tmp_path, "time,value\n" + ms))
    assert s.time[0] == hours[0] and s.freq == "h"
    serials = (hours - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
    s = load_series(write(tmp_path, "DateTime,OT\n" + "".join(
        f"{d:.6f},{k}\n" for k, d in enumerate(serials)), "excel.csv"))
    assert s.time[0] == hours[0] and s.time[-1] == hours[-1] and s.freq == "h"
    # numbers that are neither (nor steps, as 100, 101, ... are): the advice names the
    # formats that read numbers
    message = err(write(tmp_path, "DateTime,OT\n" + "".join(
        f"{100 + 3 * k},{k}\n" for k in range(48)), "odd.csv"), time_col="DateTime")
    assert "or unix, unix_ms, unix_us, unix_ns or excel" in message


@pytest.mark.parametrize("text, comma, dot", [
    ("Datum;Kurs\n" + "".join(f"2016-09-{d:02d};1.0{d:02d},60\n" for d in range(1, 29))
     + "2016-09-29;1125.50\n", "'1.001,60', line 2", "'1125.50', line 30"),
    ("date,price\n" + "".join(f"2016-09-{d:02d},10{d}.5\n" for d in range(1, 29))
     + "2016-09-29,\"1125,5\"\n", "'1125,5', line 30", "'101.5', line 2"),
])
def test_a_column_of_decimals_written_two_ways_names_both(tmp_path, text, comma, dot):
    """Rows appended with a dot under a ';' file's '1.016,60' (a user round): the error named
    the file's first row, which had not changed, as the bad one."""
    message = err(write(tmp_path, text))
    assert f"writes decimals with a comma ({comma}) and with a dot ({dot})" in message or \
        f"writes decimals with a dot ({dot}) and with a comma ({comma})" in message, message


def test_a_feature_s_filled_values_say_the_latest(tmp_path):
    """A promo column empty in the last rows a forecast reads: 'filled 5' alone did not say
    the forecast rests on them (a user round); the latest filled time does, the target's
    gaps said as before (the forecast's window is told by predict)."""
    days = pd.date_range("2022-01-01", periods=60)
    promo = ["" if i in (10, 55, 56, 57, 58) else str(i % 2) for i in range(60)]
    sales = ["" if i == 30 else str(100 + i) for i in range(60)]
    s = load_series(write(tmp_path, "date,sales,promo\n" + "".join(
        f"{d:%Y-%m-%d},{v},{p}\n" for d, v, p in zip(days, sales, promo, strict=True))),
        features="promo")
    assert any("('sales': 1, 'promo': 5, the latest at 2022-02-28)" in w for w in s.warnings), \
        s.warnings


def test_excel_serials_of_any_year_are_read_when_given(tmp_path):
    """--date-format excel reads 1920's months (serials of four digits), which are too few
    digits to be taken for Excel's days unasked (a user round: 1949's air passengers)."""
    months = pd.date_range("1920-01-01", periods=36, freq="MS")
    serials = (months - pd.Timestamp("1899-12-30")).days
    path = write(tmp_path, "Date,Passengers\n" + "".join(
        f"{d},{100 + k}\n" for k, d in enumerate(serials)))
    s = load_series(path, date_format="excel")
    assert list(s.time) == list(months) and s.freq == "MS"
    with pytest.raises(InputError):
        load_series(path)


def test_padded_header_names_are_read_without_their_spaces(tmp_path):
    rows = "".join(f" {d:%Y-%m-%d} |   {10 + k % 5}.1 \n"
                   for k, d in enumerate(pd.date_range("2020-01-01", periods=30)))
    s = load_series(write(tmp_path, "  Date     |   Temp  \n" + rows))
    assert (s.time_col, s.target_col) == ("Date", "Temp")


def test_summary_rows_among_the_dates_and_comment_lines_are_dropped(tmp_path):
    months = pd.date_range("1949-01-01", periods=36, freq="MS")
    lines = ["Month,Passengers", "Total,9999"]
    for k, m in enumerate(months):
        lines.append(f"{m:%Y-%m},{100 + k}")
        if m.month == 12:
            lines.append(f"{m:%Y} Total,{1200 + k}")
        if k == 20:
            lines.append("# sensor replaced")
    s = load_series(write(tmp_path, "\n".join(lines) + "\n"))
    np.testing.assert_array_equal(s.target, 100 + np.arange(36))
    assert s.freq == "MS"
    assert any("dropped 4 summary row(s) among the dates (line 2, 15, 29, ...)" in w
               for w in s.warnings)
    assert any("dropped 1 comment line(s)" in w for w in s.warnings)
    # a column of names keeps its 'Total': a series of a long file
    days = pd.date_range("2021-01-01", periods=20)
    long = "region,date,v\n" + "".join(f"{r},{d:%Y-%m-%d},{k}\n" for r in ("North", "Total")
                                       for k, d in enumerate(days))
    assert load_series(write(tmp_path, long, "long.csv")).ids == ("North", "Total")
    # ... but a subtotal of a group after its rows, as a spreadsheet writes it, is none
    months = pd.date_range("2020-01-01", periods=24, freq="MS")
    groups = "".join("".join(f"{r},{m:%Y-%m},{100 + k}\n" for k, m in enumerate(months))
                     + f"{r} Total,,{sum(100 + k for k in range(24))}\n"
                     for r in ("North", "South"))
    s = load_series(write(tmp_path, "Region,Month,Sales\n" + groups + "Grand Total,,0\n",
                          "subtotals.csv"))
    assert s.ids == ("North", "South") and s.lengths.tolist() == [24, 24]
    assert any("dropped 2 summary row(s) among the series' rows (line 26, 51)" in w
               for w in s.warnings)


def test_weeks_stamped_a_day_early_for_a_holiday_are_put_on_the_usual_weekday(tmp_path):
    fridays = pd.date_range("2019-01-04", periods=60, freq="W-FRI")
    stamps = [d - pd.Timedelta(days=1) if k in (5, 30, 44) else d for k, d in enumerate(fridays)]
    text = "Week Ending,Sales\n" + "".join(f"{d:%m/%d/%Y},{100 + k}\n"
                                           for k, d in enumerate(stamps))
    s = load_series(write(tmp_path, text))
    assert s.freq == "W-FRI" and list(s.time) == list(fridays)
    assert any("3 weekly row(s) stamped off the usual Friday (a holiday's week; first "
               "2019-02-07): put on it" in w for w in s.warnings)
    # one a day late, too (months whose one row is off are refused, naming it: above)
    late = [d + pd.Timedelta(days=1) if k == 6 else d for k, d in enumerate(fridays)]
    s = load_series(write(tmp_path, "Week Ending,Sales\n" + "".join(
        f"{d:%Y-%m-%d},{k}\n" for k, d in enumerate(late)), "late.csv"))
    assert list(s.time) == list(fridays)


def test_month_ends_an_exchange_closed_early_are_put_on_the_last_business_day(tmp_path):
    """Monthly closes stamped with each month's last trading day (Stooq's export), Good
    Friday's month a day early, or with the first trading day (Yahoo's), after New Year a day
    late: the months they are, on the business calendar, with a warning; predict's next
    stamps are business days. Quarterly closes alike."""
    ends = pd.date_range("2012-01-31", periods=40, freq="BME")
    early = [d - pd.Timedelta(days=1) if d in (pd.Timestamp("2013-03-29"),
                                                pd.Timestamp("2014-10-31")) else d for d in ends]
    s = load_series(write(tmp_path, "date,close\n" + "".join(
        f"{d:%Y-%m-%d},{100 + k}\n" for k, d in enumerate(early))))
    assert s.freq == "BME" and list(s.time) == list(ends)
    assert any("2 row(s) a few days off their month's business day (a holiday; first "
               "2013-03-28): put on it" in w for w in s.warnings)
    assert list(future_timestamps(s.time[-1], s.freq, 2)) == [pd.Timestamp("2015-05-29"),
                                                             pd.Timestamp("2015-06-30")]
    starts = pd.date_range("2012-01-02", periods=40, freq="BMS")
    late = [d + pd.Timedelta(days=1) if d.month == 1 else d for d in starts]
    s = load_series(write(tmp_path, "Date,Close\n" + "".join(
        f"{d:%Y-%m-%d},{100 + k}\n" for k, d in enumerate(late)), "starts.csv"))
    assert s.freq == "BMS" and list(s.time) == list(starts)
    quarters = pd.date_range("2005-03-31", periods=30, freq="BQE-DEC")
    early = [d - pd.Timedelta(days=1) if d == pd.Timestamp("2013-03-29") else d
             for d in quarters]
    s = load_series(write(tmp_path, "date,close\n" + "".join(
        f"{d:%Y-%m-%d},{100 + k}\n" for k, d in enumerate(early)), "quarters.csv"))
    assert s.freq == "BQE-DEC" and list(s.time) == list(quarters)
    # rows anywhere in the month are no month ends, and months on their 1st with one mistyped
    # are no trading days (a Sunday 1st stays a Sunday): refused as before
    scattered = [d - pd.Timedelta(days=10) if k % 4 == 0 else d for k, d in enumerate(ends)]
    assert "frequency" in err(write(tmp_path, "date,close\n" + "".join(
        f"{d:%Y-%m-%d},{k}\n" for k, d in enumerate(scattered)), "scattered.csv"))
    firsts = pd.date_range("2015-12-01", periods=10, freq="MS")  # one 1st a Sunday (May)
    typo = [d + pd.Timedelta(days=1) if k == 3 else d for k, d in enumerate(firsts)]
    assert "frequency" in err(write(tmp_path, "date,close\n" + "".join(
        f"{d:%Y-%m-%d},{k}\n" for k, d in enumerate(typo)), "typo.csv"))


def test_the_fill_warning_names_the_longest_gap(tmp_path):
    hours = pd.date_range("2023-05-01", periods=96, freq="h")
    kept = np.ones(96, dtype=bool)
    kept[[5]] = kept[40:64] = False  # an hour, then a day the sensor was down
    text = "time,temp\n" + "".join(f"{t:%Y-%m-%d %H:%M},{20 + k % 24}\n"
                                   for k, t in enumerate(hours) if kept[k])
    s = load_series(write(tmp_path, text))
    assert any("filled 25 missing value(s) by forward fill ('temp': 25); the longest gap 24 "
               "rows from 2023-05-02 16:00:00" in w for w in s.warnings)


def test_a_second_section_after_a_blank_line_is_dropped_and_said(tmp_path):
    # Google Analytics 4: '# ...' comments, the report, a blank line, another report
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    text = "# Reports snapshot\n# Account: Acme\n#\nDate,Active users\n" + "".join(
        f"{d:%Y%m%d},{700 + i}\n" for i, d in enumerate(days)) + (
        "\n# ----------------\n# Active users by Session default channel group\n"
        "# ----------------\nSession default channel group,Active users\nOrganic Search,51234\n"
        "Direct,20311\n")
    s = load_series(write(tmp_path, text))
    assert (len(s.target), s.target[-1], s.freq) == (40, 739, "D")
    assert any("dropped 6 line(s) after the table, a blank line and another section below it "
               "('Active users by Session default channel group')" in w for w in s.warnings)


def test_a_table_of_another_width_after_a_blank_line_and_notes_under_a_table_are_dropped(
        tmp_path):
    """UNdata: the rows, a blank line, then its footnotes as a table of two columns; BEA:
    titles above a table of quarters across and 'Legend / Footnotes:' notes under it."""
    years = range(1990, 2022)
    text = '"Country or Area","Year","Item","Value","Value Footnotes"\n' + "".join(
        f'"Albania","{y}","GDP","{1000 + y}","1"\n' for y in reversed(years)) + (
        '\n"footnoteSeqID","Footnote"\n"1","Data refer to fiscal years ending 30 June."\n')
    s = load_series(write(tmp_path, text))
    assert (len(s.target), s.target[-1], s.freq) == (32, 3021, "YS-JAN")
    assert any("dropped 2 line(s) after the table" in w and "footnoteSeqID" in w
               for w in s.warnings)
    moex = "history\n\nTRADEDATE;CLOSE;VOLUME\n" + "".join(  # MOEX ISS: a section's name alone
        f"{d:%Y-%m-%d};{270 + i};{1000 + i}\n" for i, d in enumerate(pd.bdate_range(
            "2024-01-02", periods=30))) + "\nhistory.cursor\n\nINDEX;TOTAL;PAGESIZE\n0;250;100\n"
    s = load_series(write(tmp_path, moex, "moex.csv"))  # ('TRADEDATE' empty at the cursor's)
    assert len(s.target) == 30 and s.target[-1] == 299
    quarters = [f"{y}Q{q}" for y in range(2013, 2024) for q in range(1, 5)]
    bea = ('"Table 1.1.5. Gross Domestic Product"\n"[Billions of dollars]"\n'
           + ",".join(['"Line"', '""', *(f'"{q}"' for q in quarters)]) + "\n"
           + "".join(",".join([f'"{n}"', f'"{name}"', *(f'"{v + i:,.1f}"' for i in
                                                          range(len(quarters)))]) + "\n"
                     for n, (name, v) in enumerate([("GDP", 16667.3), ("Goods", 3845.3),
                                                    ("Services", 456.8)], 1))
           + '"Legend / Footnotes:"\n"Note. Users are cautioned."\n')

    panel = load_panel(write(tmp_path, bea, "bea.csv"))
    assert len(panel) == 3 and panel.freq.startswith("QS") and panel.target[1] == 16668.3


def test_a_comma_file_whose_quoted_numbers_write_decimal_commas_groups_thousands_with_dots(
        tmp_path):
    """Investing.com in Portuguese: ',' between quoted cells, '17,50M' and '0,19%' beside
    '198.778'. Those commas can only mark decimals, so the dots group thousands: 198778, said.
    A column that also writes '20.00' keeps the dot a decimal point."""
    days = pd.date_range("2023-01-02", periods=30, freq="B")
    rows = "".join(f'"{d:%d.%m.%Y}","{198 + i}.{(7 * i) % 1000:03d}","{17 + i % 5},50M",'
                   f'"0,{10 + i}%"\n' for i, d in enumerate(days))
    header = '"Data","Último","Vol.","Var%"\n'
    s = load_series(write(tmp_path, header + rows), target="Último")
    np.testing.assert_allclose(s.target, 1000 * (198 + np.arange(30)) + (7 * np.arange(30)) % 1000)
    assert any("'Vol.' writes decimals with a comma ('17,50M')" in w for w in s.warnings)
    dotted = '"Data","Último","Vol.","Open"\n' + "".join(
        f'"{d:%d.%m.%Y}","{198 + i}.{(7 * i) % 1000:03d}","{17 + i % 5},50M","{20 + i}.00"\n'
        for i, d in enumerate(days))
    kept = load_series(write(tmp_path, dotted, "dotted.csv"), target="Último")
    np.testing.assert_allclose(kept.target, 198 + np.arange(30) + (7 * np.arange(30) % 1000) / 1000)
    assert not any("writes decimals with a comma" in w for w in kept.warnings)


def test_target_all_says_which_columns_of_numbers_with_words_it_leaves_out(tmp_path):
    """A Grafana export formats memory as '707 MiB' and, past a GiB, '1.41 GiB': no column
    of plain numbers, so --target all leaves it out, said (before: without a word). A second
    date column and a column of names are left out silently, as they are no values."""
    hours = pd.date_range("2023-03-01", periods=48, freq="h")
    text = "Time,node-1,node-2,updated,host\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},{700 + i},{'%.2f GiB' % (1 + i / 100) if i % 2 else f'{980 + i} MiB'},"
        f"{t:%Y-%m-%d},web\n" for i, t in enumerate(hours))
    s = load_series(write(tmp_path, text), target="all")
    warned = [w for w in s.warnings if "--target all: left out" in w]
    assert len(warned) == 1 and "'node-2'" in warned[0] and "'980 MiB'" in warned[0]
    assert "updated" not in warned[0] and "host" not in warned[0]


@pytest.mark.parametrize("cell, delimiter", [
    ("{d.year}. {d.month}. {d.day}.", ","),  # Korean Excel
    ("{d:%Y/%m/%d}({w})", ","),  # Japanese, the weekday in brackets
    ("{d:%b} {d.day}{o}, {d.year}", ","),  # 'Sep 1st, 2022'
    ("{d:%d/%m/%Y} {h}:00:00 {m}. m.", ";"),  # Spanish Windows' 12-hour clock
])
def test_dates_written_in_notations_no_format_reads_are_read(tmp_path, cell, delimiter):
    days = pd.date_range("2022-09-13", periods=30, freq="D")
    kanji = "月火水木金土日"

    def ordinal(day):
        return "th" if 10 < day % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")

    lines = [delimiter.join(["date", "sales"])] + [delimiter.join([
        '"' + cell.format(d=d, w=kanji[d.day_of_week], o=ordinal(d.day), h=12, m="p") + '"',
        str(100 + i)]) for i, d in enumerate(days)]
    s = load_series(write(tmp_path, "\n".join(lines) + "\n"))
    expected = days + (pd.Timedelta(hours=12) if "m. m." in cell else pd.Timedelta(0))
    assert list(s.time) == list(expected) and s.target[0] == 100


def test_the_dwd_s_hours_written_as_one_number_are_hours_not_epoch_seconds(tmp_path):
    """'2023010100' .. (%Y%m%d%H, the DWD's MESS_DATUM) fell in the range of seconds since
    1970 (in 2034), stepping a second: refused as too irregular."""
    hours = pd.date_range("2023-01-01", periods=24 * 20, freq="h")
    s = load_series(write(tmp_path, "STATIONS_ID;MESS_DATUM;TT_TU;eor\n" + "".join(
        f"3379;{t:%Y%m%d%H};{i % 24 / 2:.1f};eor\n" for i, t in enumerate(hours))),
        target="TT_TU")
    assert s.freq == "h" and list(s.time) == list(hours)


def test_a_target_word_beside_a_label_word_names_no_target(tmp_path):
    """PJM's hourly loads: 'load_area' of 'AE', 'BC' names the series, 'mw' holds the load
    (before: 'load_area' was taken for the target by its word and refused as no numbers)."""

    hours = pd.date_range("2023-03-01", periods=72, freq="h")
    path = write(tmp_path, "datetime_beginning_ept,zone,load_area,mw,is_verified\n" + "".join(
        f"{t:%m/%d/%Y %I:%M:%S %p},{z},{z},{1000 + 100 * k + i % 24},True\n"
        for i, t in enumerate(hours) for k, z in enumerate(["AE", "BC"])))
    panel = load_panel(path)
    assert list(panel.ids) == ["AE", "BC"] and panel.target_col == "mw" and panel.freq == "h"
    # a label word last, not next to the target's: Square's 'Price Point Name' of sizes ('M')
    # was the target by 'price', and the export was refused as no numbers
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    path = write(tmp_path, "Date,Price Point Name,Net Sales\n" + "".join(
        f"{d:%Y-%m-%d},{'M' if i % 2 else 'L'},{100 + i}\n" for i, d in enumerate(days)),
        "items.csv")
    assert load_panel(path).target_col == "Net Sales"
    path = write(tmp_path, "Date,Sales by Region,Units\n" + "".join(  # numbers: a target
        f"{d:%Y-%m-%d},{100 + i},{i}\n" for i, d in enumerate(days)), "regions.csv")
    assert load_panel(path).target_col == "Sales by Region"


def test_a_target_word_that_qualifies_another_thing_names_no_target(tmp_path):
    """'Sales Rep', 'Close reason', 'last_update': the word names a rep, a reason, a time, not
    the measure (before: taken for the target by its word, and refused as no numbers; a
    covid file's 'last_update' beside its only numbers, 'new_cases'; a user round)."""
    days = pd.date_range("2023-01-01", periods=40, freq="D")
    for col, cell in (("Sales Rep", "alice"), ("Close reason", "won"), ("Price currency", "USD"),
                      ("Load profile", "H0"), ("Last modified by", "bob"),
                      ("Last Updated", "2024-03-01 10:00:00"), ("last_update", "2024-03-01")):
        s = load_series(write(tmp_path, f"date,amount,{col}\n" + "".join(
            f"{d:%Y-%m-%d},{100 + i % 7}.5,{cell}\n" for i, d in enumerate(days))))
        assert s.target_col == "amount", col
    s = load_series(write(tmp_path, "last_update,date,new_cases\n" + "".join(
        f"2024-03-01 10:00:00,{d:%Y-%m-%d},{149 + i % 5}\n" for i, d in enumerate(days))))
    assert (s.time_col, s.target_col) == ("date", "new_cases")
    s = load_series(write(tmp_path, "date,revenue,Last modified by\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i % 7}.5,bob\n" for i, d in enumerate(days))))
    assert "target: 'revenue' (matched 'revenue')" in s.notes


def test_the_measure_named_wins_over_a_target_word_in_a_longer_name_or_codes(tmp_path):
    """A name that ends in the measure ('Energy consumption kWh', 'Sales') before one whose
    target word others follow ('Price elasticity') or qualify ('Last hour rainfall mm', 'Price
    tier' of 1, 2, 3); a column of such codes passed over for the one other of numbers (before:
    the rainfall and the tier were forecast, by 'last' and 'price'; a user round)."""
    days = pd.date_range("2023-01-01", periods=60, freq="D")
    rows = "".join(f"{d:%Y-%m-%d},{1 + i * 7 % 3},{20 + i % 9}.5,{180 + i}.1\n"
                   for i, d in enumerate(days))
    s = load_series(write(tmp_path, "date,Price tier,Units sold\n" + "".join(
        f"{d:%Y-%m-%d},{1 + i * 7 % 3},{58 + i % 4}\n" for i, d in enumerate(days))))
    assert s.target_col == "Units sold"
    assert any(n.startswith("target: 'Units sold' (the only numeric column other than 'Price "
                            "tier'") for n in s.notes)
    s = load_series(write(tmp_path, "Date,Temperature,Last hour rainfall mm,Energy consumption "
                                    "kWh\n" + rows))
    assert s.target_col == "Energy consumption kWh"
    assert "target: 'Energy consumption kWh' (matched 'consumption')" in s.notes
    for header, target in (("date,Price elasticity,Sales", "Sales"),
                           ("date,Sales Rep ID,Order value", "Order value"),
                           ("date,Price band,Sales by Region", "Sales by Region")):
        s = load_series(write(tmp_path, header + ",Other\n" + rows))
        assert s.target_col == target, header
        # the elasticity is named as another kind a target might be; the rep's id and the
        # price band are none
        assert any("named like a target too" in n for n in s.notes) == ("elast" in header)
    # codes beside two columns of numbers named otherwise: which one is meant is not guessed
    with pytest.raises(InputError, match="cannot tell which column to forecast"):
        load_series(write(tmp_path, "date,Price band,Units sold,Temperature\n" + rows))
    # a measure of small whole counts whose name units or words follow is still the measure,
    # not a code passed over for the other column (a review: the temperature was forecast)
    counts = "".join(f"{d:%Y-%m-%d},{i * 5 % 4},{20 + i % 9}.5\n" for i, d in enumerate(days))
    for measure in ("Consumption kWh", "Consumption_kWh", "sales_store1", "demand_sku1"):
        s = load_series(write(tmp_path, f"date,{measure},temperature\n" + counts))
        assert s.target_col == measure


def test_influxdb_s_annotated_csv_reads_under_its_annotations(tmp_path):
    """`influx query --raw` writes '#group', '#datatype' and '#default' rows above the
    header, of its width: skipped, said (before: '#group,false,...' was taken for the header)."""

    times = pd.date_range("2023-01-01", periods=60, freq="10min")
    text = ("#group,false,false,true,true,false,false,true,true,true\n"
            "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,"
            "string,string,string\n#default,_result,,,,,,,,\n"
            ",result,table,_start,_stop,_time,_value,_field,_measurement,host\n" + "".join(
                f",,0,2023-01-01T00:00:00Z,2023-01-08T00:00:00Z,{t:%Y-%m-%dT%H:%M:%S}Z,"
                f"{20 + i % 7}.5,usage_user,cpu,{h}\n" for i, t in enumerate(times)
                for h in ("server01", "server02")))
    panel = load_panel(write(tmp_path, text))
    assert list(panel.ids) == ["server01", "server02"] and panel.freq == "10min"
    assert any("skipped 3 line(s) above the header" in n for n in panel.notes)


def test_the_new_reading_rules_leave_ordinary_files_as_they_were(tmp_path):
    """The review's cases: tickers T and F (AT&T, Ford) under 'symbol' are series, not a
    yes-or-no flag; 'zone_load' is a load, not a label; newer rows that gained a column after
    a blank line are no second table (refused, naming the line, as before); a zone in
    brackets ('(EDT)') is no weekday to strip, but a zone's mark, read as ENTSO-E's are: the
    local times as written."""

    days = pd.date_range("2024-01-01", periods=40, freq="D")
    tickers = load_panel(write(tmp_path, "date,symbol,close\n" + "".join(
        f"{d:%Y-%m-%d},{t},{10 + i + k}\n" for i, d in enumerate(days)
        for k, t in enumerate("TF")), "tf.csv"))
    assert list(tickers.ids) == ["T", "F"]
    load = load_series(write(tmp_path, "datetime,zone_load,temperature\n" + "".join(
        f"{d:%Y-%m-%d},{1000 + i},{i % 9}\n" for i, d in enumerate(days)), "zl.csv"))
    assert load.target_col == "zone_load"
    grown = "date,temp\n" + "".join(f"{d:%Y-%m-%d},{i}.0\n" for i, d in enumerate(days)) + (
        "\n" + "".join(f"{d:%Y-%m-%d},{i}.0,50\n" for i, d in enumerate(days + pd.Timedelta(
            days=40))))
    assert "has 3 fields but the header has 2" in err(write(tmp_path, grown, "grown.csv"))
    zoned = "time,load\n" + "".join(f"{t:%Y-%m-%d %H:%M} (EDT),{i}\n" for i, t in enumerate(
        pd.date_range("2023-06-01", periods=48, freq="h")))
    hours = load_series(write(tmp_path, zoned, "zoned.csv"))
    assert hours.freq == "h" and hours.time[0] == pd.Timestamp("2023-06-01 00:00")


@pytest.mark.parametrize("cell", ["w/e {w:%d/%m/%Y}", "Week ending {w:%Y-%m-%d}",
                                  "W.E. {w:%d.%m.%Y}"])
def test_a_week_s_end_said_before_its_date_is_the_date(tmp_path, cell):
    """Retail and UK statistics write weeks 'w/e 02/01/2021': before, 'no column holds dates'."""
    weeks = pd.date_range("2021-01-02", periods=30, freq="W-SAT")
    s = load_series(write(tmp_path, "Week,Sales\n" + "".join(
        cell.format(w=w) + f",{100 + i}\n" for i, w in enumerate(weeks))))
    assert s.time.equals(weeks) and s.freq == "W-SAT"


def test_a_weekday_without_transactions_is_a_day_of_0_with_fill_zero(tmp_path):
    """A broker's cash flows, dated without times: '--every B --duplicates sum --fill zero'
    left the 4 quiet weekdays out as holidays (a mean of the busy days, not of days)."""
    days = pd.bdate_range("2024-01-02", periods=40)
    busy = [d for i, d in enumerate(days) if i % 10 != 4]
    path = write(tmp_path, "Date,Amount\n" + "".join(
        f"{d:%m/%d/%Y},{10 + i % 3}\n{d:%m/%d/%Y},5\n" for i, d in enumerate(busy)))
    s = load_series(path, every="B", duplicates="sum", fill="zero")
    assert s.freq == "B" and list(s.time) == list(days) and (s.target == 0).sum() == 4
    assert load_series(path, every="B", duplicates="sum").time.equals(pd.DatetimeIndex(busy))


def test_blank_lines_above_the_header_are_said_blank(tmp_path):
    """Fidelity's history opens with two blank lines: they were said skipped 'from' the
    header itself."""
    s = load_series(write(tmp_path, "\n\nDate,Close\n" + "".join(
        f"2024-06-{d:02d},{d}\n" for d in range(1, 21))))
    assert "skipped 2 line(s) above the header (blank)" in s.notes


def test_a_back_dated_row_is_at_the_date_it_took_effect(tmp_path):
    """Schwab's '06/28/2024 as of 06/27/2024' on a few rows refused the whole file."""
    days = pd.date_range("2024-06-01", periods=30)
    s = load_series(write(tmp_path, "Date,Amount\n" + "".join(
        (f"{d + pd.Timedelta(days=1):%m/%d/%Y} as of {d:%m/%d/%Y}" if i % 7 == 3 else
         f"{d:%m/%d/%Y}") + f",{100 + i}\n" for i, d in enumerate(days))))
    assert s.time.equals(days) and s.target[3] == 103
    assert any("a date 'as of' another read as the one it took effect" in n for n in s.notes)


def test_sap_s_posting_periods_are_months(tmp_path):
    """'001.2021': SAP's posting period 1 of 2021, January (before: 'no column holds dates')."""
    months = pd.date_range("2019-01-01", periods=30, freq="MS")
    s = load_series(write(tmp_path, "Posting Period;Amount\n" + "".join(
        f"{m.month:03d}.{m.year};{1000 + i},00\n" for i, m in enumerate(months))))
    assert s.time.equals(months) and s.freq == "MS"


@pytest.mark.parametrize("stamp, header", [
    ("%d-%b-%Y %H:%M", "Start,Steps (count)"),  # QS Access (Apple Health)
    ("%b %d, %Y @ %H:%M:%S.000", "@timestamp,Count"),  # Kibana
])
def test_days_with_month_names_and_times_of_exports_are_read(tmp_path, stamp, header):
    hours = pd.date_range("2024-01-05", periods=60, freq="h")
    s = load_series(write(tmp_path, header + "\n" + "".join(
        f'"{t.strftime(stamp)}",{100 + i % 24}\n' for i, t in enumerate(hours))))
    assert s.freq == "h" and list(s.time) == list(hours)


def test_postgres_short_offsets_across_a_clock_change_are_their_zone(tmp_path):
    """psql writes a timestamptz's whole-hour offset short ('+01', then '+02'); read as
    '+01:00' is, and no --date-format had read it."""
    utc = pd.date_range("2024-03-29", periods=96, freq="h", tz="UTC")
    local = utc.tz_convert("Europe/Berlin")
    s = load_series(write(tmp_path, "ts,reading\n" + "".join(
        f"{t:%Y-%m-%d %H:%M:%S}{t:%z}"[:-2] + f",{20 + i % 5}\n" for i, t in enumerate(local))))
    assert s.freq == "h" and s.zone == "Europe/Berlin"
    wall = local.tz_localize(None)  # with the hour the clocks skip, given the value before
    assert list(s.time) == list(pd.date_range(wall[0], wall[-1], freq="h"))


def test_a_flex_query_s_trailer_rows_under_the_table_are_dropped(tmp_path):
    """Interactive Brokers' Flex Query closes its section, account and file with 'EOS', 'EOA'
    and 'EOF' rows of a few fields: refused as an empty time once. A last row of a wide file
    with half its series empty is data: it has its date."""
    days = pd.bdate_range("2023-01-03", periods=60)
    body = "".join(f'"U1","USD","{d:%Y%m%d}","20000.00","{1000 + i}.5","{21000 + i}.5"\n'
                   for i, d in enumerate(days))
    text = ('"BOF","U1","NAV_daily","1","20230103","20230601"\n"BOA","U1"\n'
            '"ClientAccountID","CurrencyPrimary","ReportDate","Cash","Stock","Total"\n' + body
            + '"EOS","EQUT","60"\n"EOA","U1"\n"EOF","U1"\n')
    s = load_series(write(tmp_path, text), target="Total")
    assert len(s.target) == 60 and s.target[-1] == 21059.5
    assert any("dropped 3 line(s) of text under the table ('EOS'" in w for w in s.warnings)
    wide = "date,A,B,C,D\n" + "".join(f"{d:%Y%m%d},{i},{i},{i},{i}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, wide + "20230329,60,,,\n", "wide.csv"), target="A")
    assert len(s.target) == 61 and s.target[-1] == 60
    months = pd.date_range("2021-01-01", periods=30, freq="MS")  # 'Jun-23': no _DATE_LIKE
    text = "Month,A,B,C,D\n" + "".join(f"{m:%b-%y},{i},{i},{i},{i}\n" for i, m in
                                        enumerate(months[:-1]))
    s = load_series(write(tmp_path, text + f"{months[-1]:%b-%y},99,,,\n", "m.csv"), target="A")
    assert len(s.target) == 30 and s.target[-1] == 99
    # a long file's last row, its ticker in capitals, its other fields empty: a row with a date
    rows = "".join(f"AAPL,{d:%Y-%m-%d},{120 + i},1000,1,2\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, "ticker,date,close,volume,open,high\n" + rows
                          + "AAPL,2023-03-30,130,,,\n", "aapl.csv"), target="close")
    assert len(s.target) == 61 and s.target[-1] == 130


def test_a_time_named_column_of_unknown_dates_is_named_with_what_it_holds(tmp_path):
    path = write(tmp_path, "Date,Value\n" + "".join(f"{d:02d}|Jan|2024 00h,{d}\n"
                                                     for d in range(1, 20)))
    with pytest.raises(InputError, match=r"no column holds dates .*'Date' is named like a time "
                                         r"but holds '01\|Jan\|2024 00h'"):
        load_series(path)


@pytest.mark.parametrize("header", ["Datum;Umsatz, EUR", "Дата;Выручка, руб."])
def test_a_semicolon_file_whose_column_name_holds_a_comma(tmp_path, header):
    """German and Russian Excel name a column with its unit after a comma: the ',' split the
    header into as many fields as the rows ('01.01.2022;992' and '52') and won the tie."""
    days = pd.date_range("2022-01-01", periods=40, freq="D")
    s = load_series(write(tmp_path, header + "\n" + "".join(
        f"{d:%d.%m.%Y};{900 + i},52\n" for i, d in enumerate(days))))
    assert list(s.time) == list(days) and s.target[-1] == 939.52


def test_russian_excel_s_months_and_grouped_roubles_in_windows_1251(tmp_path):
    """'Месяц;Выручка, руб.' over 'Январь 2016;1 250 046,13' (no-break spaces) in
    Windows-1251: its no-break spaces hid the Cyrillic words, and the month names the ';'."""
    months = pd.date_range("2016-01-01", periods=36, freq="MS")
    names = "Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь"
    text = "Месяц;Выручка, руб.\r\n" + "".join(
        f"{names.split()[m.month - 1]} {m.year};1\u00a0{250 + i:03d}\u00a0046,13\r\n"
        for i, m in enumerate(months))
    s = load_series(write(tmp_path, text.encode("cp1251")))
    assert list(s.time) == list(months) and s.target[-1] == 1285046.13
    assert any("read as Windows-1251" in n for n in s.notes)


def test_a_year_and_its_day_in_seven_digits_is_a_date(tmp_path):
    """NASA's and NOAA's '2022244' (the 244th day of 2022) was read by '%Y%m%d%H' as
    2022-02-04 04:00, an hourly series of 'sessions 00:00-09:00', with nothing said."""
    days = pd.date_range("2022-08-01", periods=200)
    path = write(tmp_path, "date,ndvi\n" + "".join(f"{d:%Y%j},{i}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert s.freq == "D" and list(s.time) == list(days)
    assert any(n == "time column: 'date' (format %Y%j)" for n in s.notes)
    past = write(tmp_path, "date,v\n2023364,1\n2023365,2\n2023366,3\n2024001,4\n", "366.csv")
    assert err(past).startswith(f"{past}: time column 'date' has '2023366', day 366 of a year "
                                "of 365 days")  # (read as 2024-01-01, beside 2024001)


def test_a_second_column_of_dates_is_said_left_out(tmp_path):
    """A broker's realized gains: 'Date Acquired' before 'Date Sold'; the first was taken,
    with nothing said of the other (the forecast ran from the last purchase, a month before
    the last sale)."""
    bought = pd.date_range("2023-01-02", periods=60)
    path = write(tmp_path, "Symbol,Date Acquired,Date Sold,Gain/Loss\n" + "".join(
        f"MSFT,{b:%m/%d/%Y},{b + pd.Timedelta(days=30):%m/%d/%Y},{i}\n"
        for i, b in enumerate(bought)))
    s = load_series(path, target="Gain/Loss")
    assert "also dates, left out: 'Date Sold' (--time-col picks another)" in s.notes
    assert not any(n.startswith("also dates") for n in load_series(
        write(tmp_path, "Date,v\n" + "".join(f"{b:%Y-%m-%d},1\n" for b in bought), "one.csv"),
    ).notes)


def test_epoch_seconds_of_a_long_file_restart_for_each_series(tmp_path):
    """Prometheus' range export: 'metric,timestamp,value', '1682899200.000' restarting for
    each series: epochs were read only in order, and the file was refused ('no column holds
    dates')."""
    stamps = 1682899200 + 15 * np.arange(40)
    path = write(tmp_path, "metric,timestamp,value\n" + "".join(
        f"{m},{t}.000,{i}\n" for m in ("a:9100", "b:9100") for i, t in enumerate(stamps)))
    s = load_series(path)
    assert len(s.ids) == 2 and s.time[0] == pd.Timestamp("2023-05-01")


def test_an_empty_column_named_like_a_target_in_part_is_not_the_target(tmp_path):
    """FreeStyle Libre's 'Long-Acting Insulin Value (units)', empty, was taken for its 'Value'
    and refused as empty; the glucose columns are what to choose between. A 'Value' itself,
    empty, is still the target meant (refused, said). Its '05-01-2023 12:07 AM' is read."""
    times = pd.date_range("2023-05-01 00:07", periods=40, freq="15min")
    path = write(tmp_path, "Device Timestamp,Record Type,Historic Glucose mg/dL,"
                 "Long-Acting Insulin Value (units)\n" + "".join(
                     f"{t:%m-%d-%Y %I:%M %p},0,{120 + i % 7},\n" for i, t in enumerate(times)))
    s = load_series(path, date_format="%m-%d-%Y %I:%M %p")
    assert s.target_col == "Historic Glucose mg/dL" and s.time[0] == times[0]


def test_a_future_s_settlement_is_its_price_before_its_last_trade(tmp_path):
    """Nasdaq Data Link's futures ('...,Last,Change,Settle,...'): 'Last' was taken, and where
    the feed stopped carrying it the forecast was from two months before the file's end."""
    days = pd.bdate_range("2024-01-02", periods=60)
    text = "Date,Open,Last,Change,Settle,Volume\n" + "".join(
        f"{d:%Y-%m-%d},{70 + i / 10},{'' if i >= 50 else 70 + i / 10},0.1,{70 + i / 10},"
        f"{1000 + i}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, text))
    assert s.target_col == "Settle" and s.time[-1] == days[-1]
    other = "Date,Days to Settle,Price\n" + "".join(f"{d:%Y-%m-%d},2,{70 + i}\n"
                                                   for i, d in enumerate(days))
    assert load_series(write(tmp_path, other, "t2.csv")).target_col == "Price"  # a word of it


@pytest.mark.parametrize(("fmt", "header"), [
    ("%d-%B-%Y", "Date"), ("%d/%b/%Y", "Date"), ("%b. %d, %Y", "Date"),
    ("%a, %b %d, %Y", "Date"), ("%d %b '%y", "Date"),
    ("%y%m%d", "<DATE>"), ("%d%m%y", "<DATE>")])  # Finam's six digits, named like a date
def test_more_ways_of_writing_a_day_are_read(tmp_path, fmt, header):
    """BSE's '28-June-2024', Excel's 'Mon, Jan 15, 2024', AP's 'Jan. 15, 2024', Finam's
    '230717' and '170723': 'no column holds dates', or six digits taken for epochs."""
    days = pd.bdate_range("2023-07-17", periods=60)
    s = load_series(write(tmp_path, f"{header},Close\n" + "".join(
        f'"{d.strftime(fmt)}",{100 + i}\n' for i, d in enumerate(days))))
    assert s.time.equals(days) and s.freq == "B"


@pytest.mark.parametrize("first", ["2005-01-01", "1895-01-01"])
def test_months_of_six_digits_are_no_days(tmp_path, first):
    """'200501' to '200812' in a 'Date' column were read as '%y%m%d', days of 2020 with gaps
    filled (a review's find), then refused; NOAA's Climate at a Glance writes '189501'. Months,
    and its years of one month each ('189512', January to December) yearly, not '%Y%m%d'."""
    months = pd.date_range(first, periods=48, freq="MS")
    path = write(tmp_path, "Date,Sales\n" + "".join(f"{m:%Y%m},{100 + i}\n"
                                                    for i, m in enumerate(months)))
    assert load_series(path).time.equals(months)
    ymd = pd.date_range("2020-01-01", periods=12, freq="MS")  # '200101' .. '201201': both
    with pytest.raises(InputError, match="ambiguous"):  # months of 2020 and years from 2001
        load_series(write(tmp_path, "Date,Sales\n" + "".join(
            f"{m:%y%m%d},{i}\n" for i, m in enumerate(ymd)), "ymd.csv"))
    decembers = pd.date_range(first, periods=40, freq="YS") + pd.DateOffset(months=11)
    s = load_series(write(tmp_path, "Date,Value\n" + "".join(
        f"{m:%Y%m},{50 + i % 3}\n" for i, m in enumerate(decembers)), "years.csv"))
    assert s.time.equals(decembers) and s.date_format == "%Y%m"


def test_polygon_s_bars_are_timed_by_their_t(tmp_path):
    """Polygon's aggregates ('v,vw,o,c,h,l,t,n', 't' epoch milliseconds): 'no column holds
    dates'; a 't' without bars beside it stays a value."""
    days = pd.bdate_range("2024-01-02", periods=40)
    ms = ((days - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)).astype(int)
    s = load_series(write(tmp_path, "v,o,c,h,l,t\n" + "".join(
        f"{1000 + i},{99 + i},{100 + i},{101 + i},{98 + i},{t}\n" for i, t in enumerate(ms))))
    assert (s.time_col, s.target_col, s.time[-1]) == ("t", "c", days[-1])


def test_camel_case_names_of_an_exchange_api_are_read_as_words(tmp_path):
    """Binance's klines as JavaScript tools name them ('openTime', ..., 'closeTime') and
    Bybit's 'startTime', 'closePrice': 'no column holds dates', then no target."""
    hours = pd.date_range("2024-01-01", periods=48, freq="h")
    ms = ((hours - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)).astype(int)
    s = load_series(write(tmp_path, "startTime,openPrice,closePrice,volume\n" + "".join(
        f"{t},{100 + i},{101 + i},{5 + i % 3}\n" for i, t in enumerate(ms))))
    assert (s.time_col, s.target_col, s.freq) == ("startTime", "closePrice", "h")


@pytest.mark.parametrize("year", ["{y}", "{y}.0"])
def test_years_spanning_more_than_a_timedelta_are_read(tmp_path, year):
    """statsmodels' sunspots, 1700-2008: 308 years overflow pandas's Timedelta (292 years),
    an internal error where the loader measured the span."""
    years = range(1700, 2009)
    text = '"YEAR","SUNACTIVITY"\n' + "".join(f"{year.format(y=y)},{5 + y % 11}.0\n"
                                              for y in years)
    s = load_series(write(tmp_path, text))
    assert s.freq.startswith("YS") and len(s.time) == 309
    assert s.time[0] == pd.Timestamp("1700-01-01") and s.time[-1] == pd.Timestamp("2008-01-01")



def test_the_review_s_ordinary_files_read_as_before(tmp_path):
    """Exports appended under a blank line with the header repeated (all rows, not the last
    block alone); a refund of -200 (a value); dates '01.01.15' under 'Zeit' (no clocks); a
    lot number '1000 Ch.' (no amount in a unit)."""
    months = pd.date_range("2019-09-01", periods=40, freq="MS")
    text = "Date,Sales\n" + "".join(f"{m:%Y-%m-%d},{100 + i}\n" for i, m in enumerate(months[:4]))
    text += "\nDate,Sales\n" + "".join(f"{m:%Y-%m-%d},{104 + i}\n"
                                      for i, m in enumerate(months[4:]))
    assert load_series(write(tmp_path, text, "blocks.csv")).time.equals(months)
    days = pd.date_range("2023-01-01", periods=60)
    sales = [300 + i if i != 30 else -200 for i in range(60)]
    refund = load_series(write(tmp_path, "Date,Net Sales\n" + "".join(
        f"{d:%Y-%m-%d},{v}\n" for d, v in zip(days, sales, strict=True)), "refund.csv"))
    assert refund.target[30] == -200
    zeit = load_series(write(tmp_path, "Zeit,Wert\n" + "".join(
        f"{m:%d.%m.%y},{i}\n" for i, m in enumerate(months)), "zeit.csv"))
    assert zeit.time.equals(months)
    lots = load_series(write(tmp_path, "Date,Lot,Weight\n" + "".join(
        f"{d:%Y-%m-%d},{1000 + i} Ch.,{50 + i / 10}\n" for i, d in enumerate(days)), "lot.csv"))
    assert lots.target_col == "Weight"


def test_a_year_field_beside_the_dates_is_not_the_time(tmp_path):
    """FRED's wide file names its dates 'Data' (sic); a 'Year' beside them (each day's year)
    was taken for the time, and the file refused for its repeated years, advising
    --duplicates, which would have averaged each year into one row."""
    days = pd.bdate_range("2012-03-05", periods=600)
    rows = "".join(f"{d:%Y-%m-%d},{d.year},{80 + i / 100:.2f}\n" for i, d in enumerate(days))
    s = load_series(write(tmp_path, "Data,Year,Japan\n" + rows))
    assert s.time_col == "Data" and s.freq == "B" and len(s.time) == 600
    years = pd.date_range("1990", periods=30, freq="YS")  # years alone: still the time
    y = load_series(write(tmp_path, "Year,Japan\n" + "".join(
        f"{t.year},{100 + k}\n" for k, t in enumerate(years)), "years.csv"))
    assert y.time_col == "Year" and len(y.time) == 30
    # a long file of countries' years beside the day it was retrieved: 'Year' stays the time
    rows = "".join(f"{c},{t.year},{100 + k},2024-03-01\n" for c in ("FR", "DE", "IT")
                   for k, t in enumerate(years))
    long = load_panel(str(write(tmp_path, "Country,Year,GDP,Retrieved\n" + rows, "gdp.csv")),
                      DataSpec())
    assert long.time_col == "Year" and long.ids == ("FR", "DE", "IT")


@pytest.mark.parametrize(("header", "target"), [
    ("date,high_temp,avg_temp,low_temp,precip", "avg_temp"),  # a city's weather
    ("date,tavg,tmin,tmax,prcp", "tavg"),  # Meteostat's, NOAA's ('TAVG')
    ("date,LATITUDE,TAVG,TMAX,TMIN", "TAVG"),  # GHCN's with its station's place, no extreme
    ("date,tmax,tmin,prcp", None),  # no average: which extreme? refused, as before
    ("date,mean,other", None),  # an average beside no extreme: refused
])
def test_the_average_beside_its_extremes_is_the_target(tmp_path, header, target):
    """A weather file of a day's high, average and low was refused ('cannot tell which column
    to forecast'): a harness without --target lost it."""
    days = pd.date_range("2023-01-01", periods=60)
    width = header.count(",")
    text = header + "\n" + "".join(f"{d:%Y-%m-%d}," + ",".join(
        str(10 + k + i % (5 + k)) for k in range(width)) + "\n" for i, d in enumerate(days))
    path = write(tmp_path, text)
    if target is None:
        assert "cannot tell which column to forecast" in err(path)
    else:
        s = load_series(path)
        assert s.target_col == target
        said = next(n for n in s.notes if "the average beside its extremes" in n)
        assert "LATITUDE" not in said and "prcp" not in said and "precip" not in said


def test_a_column_given_as_a_feature_is_no_candidate_for_the_target(tmp_path):
    """Departures beside a temperature, --features temp: 'cannot tell which column to forecast'
    named both (a user round); the one left is the target, said so; sales beside --features
    price were refused as 'price' given twice (a review)."""
    days = pd.date_range("2013-01-01", periods=60, freq="D")
    path = write(tmp_path, "date,flights,temp\n" + "".join(
        f"{d:%Y-%m-%d},{40 + i % 7},{20.5 + i / 10:.1f}\n" for i, d in enumerate(days)))
    s = load_series(path, features=["Temp"])
    assert s.target_col == "flights" and s.feature_cols == ("temp",)
    assert "target: 'flights' (the only numeric column besides --features)" in s.notes
    # a feature named like a target: the other is forecast (was 'price' is given twice)
    priced = write(tmp_path, "date,sales,price\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i % 9},{2.5 + i / 100:.2f}\n" for i, d in enumerate(days)),
        "priced.csv")
    s = load_series(priced, features=["price"])
    assert s.target_col == "sales" and s.feature_cols == ("price",)


def test_the_time_column_given_as_a_feature_is_named_as_the_time(tmp_path):
    """--features Date said there was no column 'Date' in a file whose time column it is."""
    days = pd.bdate_range("2023-01-02", periods=40)
    path = write(tmp_path, "Date,Close,Volume\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i},{5000 + i}\n" for i, d in enumerate(days)))
    with pytest.raises(InputError, match="column 'date' is read as the time or the id"):
        load_series(path, features=["date"])
