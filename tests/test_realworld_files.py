"""Files as exchanges, brokers and spreadsheets write them (``tests/data/realworld``, see the
README there): numbers with currency symbols, thousands separators, decimal commas, accounting
negatives and percent signs; Unix epoch times; intraday bars during trading sessions; times with
zone offsets. Each is read correctly (picked columns, parsed values, frequency, next forecast
timestamps) or refused with one clear InputError."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.calendar import (
    Irregular,
    frequency_of,
    future_timestamps,
    periods_between,
    session_of,
)
from lstmcast.config import DataSpec
from lstmcast.data import load_panel
from lstmcast.data.formats import plain_dates
from lstmcast.data.numbers import (
    in_units,
    looks_numeric,
    magnitudes,
    number_text,
    parse_numbers,
    to_numbers,
)
from lstmcast.data.readings import thousands_dots
from lstmcast.errors import InputError

REAL = Path(__file__).resolve().parent / "data" / "realworld"
NASDAQ = REAL / "nasdaq_quotes.csv"
BINANCE = REAL / "binance_klines_1h.csv"
INTRADAY = REAL / "intraday_5min.csv"
BOERSE = REAL / "boerse_eur.csv"
YAHOO = REAL / "yahoo_daily.csv"
LEDGER = REAL / "ledger_monthly.csv"


def load(path, **spec):
    return load_panel(path, DataSpec(**spec))


def write(tmp_path: Path, text: str, name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error(path, **spec) -> str:
    with pytest.raises(InputError) as info:
        load(path, **spec)
    message = info.value.describe(None)
    assert "\n" not in message and str(path) in message
    return message


def rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")),
                               delimiter=delimiter))


def next_times(panel, k: int) -> list[pd.Timestamp]:
    return list(future_timestamps(panel.time[-1], panel.freq, k))


def stamps(*texts: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(t) for t in texts]


# ------------------------------------------------------------------ numbers as people write them


@pytest.mark.parametrize(
    ("cell", "decimal", "number"),
    [
        ("$2901.52", ".", 2901.52), ("$1,234.50", ".", 1234.5), ("USD 12.5", ".", 12.5),
        ("12.5 EUR", ".", 12.5), ("US$5", ".", 5), ("¥1,000", ".", 1000), ("£3.20", ".", 3.2),
        ("€ -12,5", ",", -12.5), ("1.234,56 €", ",", 1234.56), ("1 234,56", ",", 1234.56),
        ("1'234.50", ".", 1234.5), ("11\u2019234.64", ".", 11234.64),
        ("(12.30)", ".", -12.3), ("($1,234.50)", ".", -1234.5),
        ("-$12", ".", -12), ("$-12", ".", -12), ("1.5%", ".", 1.5), ("-3,5 %", ",", -3.5),
        ("1,234.5", ".", 1234.5), ("1.234,5", ",", 1234.5), ("12", ".", 12), ("+3", ".", 3),
        ("1e5", ".", 1e5), ("1.234.567", ",", 1234567), ("\u22122.5", ".", -2.5),
        ("USD12.5", ".", 12.5), ("CHF 3", ".", 3), ("AED98.05", ".", 98.05),
    ],
)
def test_number_text_reads_what_people_write(cell, decimal, number):
    assert float(number_text(cell, decimal)) == number


@pytest.mark.parametrize("cell", ["$", "USD", "-", "()", "(-3)", "12%%", "$$12", "2021-01-01",
                                  "12:30", "1,23,4", "abc", "12 apples",
                                  "USW00094728", "ABC12", "MAD01",  # ids, not amounts
                                  "-40.75 DR", "100 Drums"])  # a debit of which sign?
def test_number_text_refuses_what_is_not_a_number(cell):
    assert number_text(cell, ".") is None and number_text(cell, ",") is None


@pytest.mark.parametrize(
    ("cells", "values"),
    [
        (["1,234.5", " 2 ", "12,000"], [1234.5, 2, 12000]),  # thousands separators
        (["1.234,5", "2,25", "3"], [1234.5, 2.25, 3]),  # decimal comma: one mark per column
        (["1.5", "2", "-0.25"], [1.5, 2, -0.25]),  # plain numbers
        (["1", "", "NA", "null", "nan", ".", "2"], [1, np.nan, np.nan, np.nan, np.nan, np.nan, 2]),
        (["1", "#N/A", "n/a", "None", ":", "..", "#DIV/0!", "2"], [1, *[np.nan] * 6, 2]),
        (["1", "?", "n.a.", "#N/A N/A", "2"], [1, np.nan, np.nan, np.nan, 2]),  # UCI, Bloomberg
        (["1", "#N/A Field Not Applicable", "#N/A History", "2"], [1, np.nan, np.nan, 2]),
        (["1", "n/e", "2"], [1, np.nan, 2]),  # ENTSO-E: not expected
        (["1", "#ERROR!", "2"], [1, np.nan, 2]),  # Google Sheets' error
        (["21.5", "unavailable", "unknown", "22"], [21.5, np.nan, np.nan, 22]),  # Home Assistant
        (["$1,234.50", "(12.30)", "7%", "USD 3"], [1234.5, -12.3, 7, 3]),
        (["749.553", "1.234.567"], [749553, 1234567]),  # a dot used twice: thousands
        (["569,00-", "1.195,00", "12,50"], [-569, 1195, 12.5]),  # SAP: the sign after
        (["2.88B", "3.1B", "950M"], [2.88e9, 3.1e9, 9.5e8]),  # investing.com's volume
        (["3.56M", "850K", "1M"], [3.56e6, 8.5e5, 1e6]),  # views
        (["1,5k", "2k"], [1500, 2000]),  # a decimal comma before the suffix
        (["206.63 CR", "40.75 DR", "1,034.10 Cr", "5DR"], [206.63, -40.75, 1034.1, -5]),  # banks
        (["₹98.08 L", "₹1.01 Cr", "Rs. 1,23,456 L"], [9.808e6, 1.01e7, 1.23456e10]),  # India's
        (["2.5 Lakh", "3 Crore", "1.5 lacs", "₹1039.10 L"], [2.5e5, 3e7, 1.5e5, 103910000]),
        (["₹1.01 Cr", "₹2.10 Cr"], [1.01e7, 2.1e7]),  # so read in every export
        (["1,034.10 Cr", "40.5 DR"], [1034.1, -40.5]),  # without rupees: a bank's credit
    ],
)
def test_columns_of_cells(cells, values):
    col = pd.Series(cells, dtype=str)
    np.testing.assert_array_equal(to_numbers("f.csv", "c", col), values)
    assert looks_numeric(col)


def test_a_dash_alone_is_a_gap_and_says_so():
    """SMARD's and investing.com's downloads write '-' where a value is missing."""
    told = []
    col = pd.Series(["9.003,79", "-", "9.010,5", "\u2014", " -- "], dtype=str)
    np.testing.assert_array_equal(to_numbers("f.csv", "c", col, ",", told.append),
                                  [9003.79, np.nan, 9010.5, np.nan, np.nan])
    assert told == ["column 'c' writes a dash for 3 value(s) (first at row 2): read as missing; "
                    "if a dash means 0 there, write 0"]
    with pytest.raises(InputError, match="has text '-x'"):
        to_numbers("f.csv", "c", pd.Series(["1", "-", "-x"], dtype=str))


def test_a_dash_beside_a_currency_is_excels_accounting_zero():
    """' $ -   ' is how Excel's accounting format shows 0: was refused as text."""
    told = []
    col = pd.Series([" $ 128.00 ", " $ -   ", "€ -", "- €", " $ 50.00 "], dtype=str)
    np.testing.assert_array_equal(to_numbers("f.csv", "c", col, ".", told.append),
                                  [128, 0, 0, 0, 50])
    assert told == ["column 'c' writes '$ -' for 3 value(s), as Excel's accounting format "
                    "writes 0: read as 0"]
    assert looks_numeric(col)

def test_a_suffix_is_a_magnitude_only_where_the_cells_show_it(tmp_path):
    """Tenors ('1M', '3M', '12M': whole numbers of one suffix) are names, not millions; other
    letters ('5m' metres, '2h') are no magnitudes. Views of '3.56M' beside plain likes make
    two numeric columns, so neither is forecast unasked."""
    for cells in (["1M", "3M", "6M", "12M"], ["5m", "2.5m"], ["2h", "1.5h"], ["1.5MB"]):
        assert not looks_numeric(pd.Series(cells, dtype=str)), cells
    path = write(tmp_path, "Date,Views,Likes\n" + "".join(
        f"2017-11-{d:02d},{3 + d / 10:.2f}M,{11000 + d}\n" for d in range(1, 29)))
    assert "numeric columns: 'Views', 'Likes'" in error(path)
    assert load(path, target="Views").target[-1] == 5.8e6



def test_one_unit_after_every_number_is_read_away(tmp_path):
    """A meter's '1.280 kWh' and a station's '5.3 °C' are numbers in a unit; two units in a
    column, a duration ('3 Months': a tenor) or a letter alone ('5m') are not."""
    readings = {f"1.{k:03d} kWh" for k in range(12)}
    assert in_units(readings) == {c: c.split()[0] for c in readings}
    assert in_units({*readings, "-0,5 kWh"}, ",")["-0,5 kWh"] == "-0.5"  # a decimal comma
    items = {f"{k} item{'s' * (k != 1)}" for k in range(1, 13)}  # '1 item', '2 items'
    assert in_units(items)["1 item"] == "1" and in_units(items)["12 items"] == "12"
    degrees = {f"{k / 3:.1f} °C" for k in range(-6, 6)} | {"-2.1°C"}
    assert in_units(degrees)["-2.1°C"] == "-2.1"
    for unit in ("zł", "Kč", "руб."):  # Polish, Czech and Russian Excel's currencies
        amounts = {f"2\u00a0{k:03d},79 {unit}" for k in range(12)}
        assert in_units(amounts, ",")[f"2\u00a0011,79 {unit}"] == "2011.79", unit
    for cells in ({*readings, "3.4 MWh"}, {f"{k} Months" for k in range(1, 13)},
                  {f"{k} min" for k in range(5, 65, 5)}, {f"{k}m" for k in range(12)},
                  {"1 BR", "2 BR", "3 BR"}, {"64 GB", "128 GB"}):  # kinds, not readings
        assert in_units(cells) == {}, cells
    path = write(tmp_path, "Time,Energy,Outdoor\n" + "".join(
        f"2024-01-01 {h:02d}:00,{1.2 + h / 100:.3f} kWh,{4 + h / 10:.1f} °C\n" for h in range(24)))
    assert "numeric columns: 'Energy', 'Outdoor'" in error(path)
    energy = load(path, target="Energy")
    assert energy.target[0] == 1.2 and energy.target[-1] == 1.43


def test_an_accountants_negative_magnitude_reads_as_negative():
    """'(1.5M)' is minus 1.5 million, as '(1,234)' is minus 1,234; a parenthesis left open
    is no number."""
    cells = {"(1.5M)", "2.25M", "($1.2B)", "( 850K )", "-3.1K", "(3M", "4M)"}
    assert magnitudes(cells) == {"(1.5M)": "-1500000.0", "2.25M": "2250000.0",
                                 "($1.2B)": "-1200000000.0", "( 850K )": "-850000.0",
                                 "-3.1K": "-3100.0"}

def test_numeric_share_and_conversion_agree():
    """A column is numeric for the column picker exactly when its cells convert."""
    for cells in (["$1", "$2", "$3"], ["1,5 €", "2,5 €"], ["(1)", "2%"], ["a", "b"],
                  ["2021-01-01", "2021-01-02"], ["USD", "EUR"]):
        col = pd.Series(cells, dtype=str)
        values, missing = parse_numbers(col)
        converts = not np.isnan(values[~missing]).any()
        assert looks_numeric(col) == converts
        if not converts:
            with pytest.raises(InputError):
                to_numbers("f.csv", "c", col)


def test_nasdaq_export_with_dollar_prices():
    panel = load(NASDAQ, features=("Volume", "Open"))
    assert (panel.time_col, panel.target_col, panel.date_format, panel.freq) == (
        "Date", "Close/Last", "%m/%d/%Y", "B")
    raw = rows(NASDAQ)[::-1]  # newest first in the file
    np.testing.assert_array_equal(panel.target, [float(r["Close/Last"][1:]) for r in raw])
    np.testing.assert_array_equal(panel.features[:, 0], [float(r["Volume"]) for r in raw])
    np.testing.assert_array_equal(panel.features[:, 1], [float(r["Open"][1:]) for r in raw])
    assert (panel.time[0], panel.time[-1]) == (pd.Timestamp("2023-10-09"),
                                               pd.Timestamp("2024-01-05"))
    assert next_times(panel, 3) == stamps("2024-01-08", "2024-01-09", "2024-01-10")


def test_nasdaq_export_picks_close_not_the_only_plain_numeric_column():
    panel = load(NASDAQ)
    assert panel.target_col == "Close/Last"
    assert "target: 'Close/Last' (matched 'close')" in panel.notes


def test_target_named_column_without_numbers_is_an_error_not_another_pick(tmp_path):
    text = "Date,Close/Last,Volume\n" + "".join(
        f"01/{d:02d}/2024,n.v.,{100 + d}\n" for d in range(2, 20))
    message = error(write(tmp_path, text))
    assert "'Close/Last'" in message and "'n.v.'" in message and "row 1" in message
    assert "Volume" not in message.split(";")[0]
    text = "Date,Close/Last,Volume\n" + "".join(
        f"01/{d:02d}/2024,{'$19x' if d == 9 else f'${d}.5'},{100 + d}\n" for d in range(2, 20))
    message = error(write(tmp_path, text, "y.csv"))
    assert "'Close/Last'" in message and "'$19x'" in message and "row 8" in message


def test_close_time_is_not_the_close(tmp_path):
    # a time-named column never becomes the target, even listed before the close
    text = "open_time,close_time,close\n" + "".join(
        f"{1709251200 + 3600 * i},{1709254799 + 3600 * i},{100 + i}\n" for i in range(30))
    panel = load(write(tmp_path, text))
    assert (panel.time_col, panel.target_col, panel.freq) == ("open_time", "close", "h")


def test_semicolon_file_with_decimal_commas_and_euro():
    panel = load(BOERSE, features=("Umsatz in Stück",))
    assert (panel.time_col, panel.target_col, panel.date_format, panel.freq) == (
        "Datum", "Schlusskurs", "%d.%m.%Y", "B")
    assert "delimiter: ';'" in panel.notes
    raw = rows(BOERSE, ";")
    euros = [float(r["Schlusskurs"].removesuffix(" €").replace(".", "").replace(",", "."))
             for r in raw]
    np.testing.assert_array_equal(panel.target, euros)
    assert min(euros) > 1000  # every value has a thousands separator
    np.testing.assert_array_equal(panel.features[:, 0],
                                  [float(r["Umsatz in Stück"].replace(".", "")) for r in raw])
    assert panel.time[-1] == pd.Timestamp("2024-03-28")  # a Thursday
    assert next_times(panel, 3) == stamps("2024-03-29", "2024-04-01", "2024-04-02")


def test_yahoo_export_with_a_null_row():
    panel = load(YAHOO)
    assert (panel.time_col, panel.target_col, panel.freq) == ("Date", "Adj Close", "B")
    # a business day without a value is a day absent (as a holiday's empty cell is), not
    # filled: three months' rows skip too few weekdays to say how the file marks holidays
    assert pd.Timestamp("2020-03-20") not in panel.time
    assert any("3 weekdays absent, treated as holidays" in n for n in panel.notes)  # + 2 holidays
    assert next_times(panel, 2) == stamps("2020-04-27", "2020-04-28")


def test_yahoo_export_with_a_saturday_row_drops_it_with_a_warning(tmp_path):
    """One Saturday row in business-day data (a vendor's stray row) is dropped, named in a
    warning, and the series stays on business days."""
    text = YAHOO.read_text() + "2020-04-25,250.0,251.0,249.0,250.5,243.0,1000\n"
    panel = load(write(tmp_path, text))
    assert panel.freq == "B" and pd.Timestamp("2020-04-25") not in panel.time
    assert any("off the business-day calendar" in w and "2020-04-25" in w for w in panel.warnings)


def test_accounting_negatives_and_percent_cells():
    panel = load(LEDGER, target="Net Income", features=("Margin",))
    assert (panel.time_col, panel.freq) == ("Month", "MS")
    raw = rows(LEDGER)

    def money(cell: str) -> float:
        negative = cell.startswith("(")
        value = float(cell.strip("()").lstrip("$").replace(",", ""))
        return -value if negative else value

    np.testing.assert_array_equal(panel.target, [money(r["Net Income"]) for r in raw])
    assert (panel.target < 0).any() and (np.abs(panel.target) >= 1000).any()
    np.testing.assert_array_equal(panel.features[:, 0],
                                  [float(r["Margin"].rstrip("%")) for r in raw])
    assert next_times(panel, 2) == stamps("2024-01-01", "2024-02-01")


# ------------------------------------------------------------------------ Unix epoch times


def test_binance_klines_in_epoch_milliseconds():
    panel = load(BINANCE)
    assert (panel.time_col, panel.target_col, panel.date_format, panel.freq) == (
        "open_time", "close", "unix_ms", "h")
    assert panel.time[0] == pd.Timestamp("2024-03-01 00:00") and len(panel.time) == 240
    np.testing.assert_array_equal(panel.target, [float(r["close"]) for r in rows(BINANCE)])
    assert next_times(panel, 3) == stamps("2024-03-11 00:00", "2024-03-11 01:00",
                                          "2024-03-11 02:00")
    forced = load(BINANCE, date_format="unix_ms")
    assert forced.time.equals(panel.time)
    message = error(BINANCE, date_format="unix")
    assert "'open_time'" in message and "unix_ms" in message


def test_epoch_seconds_and_microseconds(tmp_path):
    text = "timestamp,price\n" + "".join(f"{1609459200 + 86400 * i},{10 + i}\n" for i in range(20))
    panel = load(write(tmp_path, text))
    assert (panel.date_format, panel.freq, panel.time[0]) == ("unix", "D",
                                                              pd.Timestamp("2021-01-01"))
    assert load(write(tmp_path, text, "s.csv"), date_format="unix").time.equals(panel.time)
    text = "time,price\n" + "".join(f"{1609459200_000_000 + 60_000_000 * i},{10 + i}\n"
                                    for i in range(20))
    panel = load(write(tmp_path, text, "us.csv"))
    assert (panel.date_format, panel.freq, panel.time[1]) == (
        "unix_us", "min", pd.Timestamp("2021-01-01 00:01"))
    # nanoseconds, as InfluxDB and pandas write them (19 digits: exact in int64)
    text = "_time,price\n" + "".join(f"{1609459200_000_000_000 + 3_600_000_000_000 * i},"
                                     f"{10 + i}\n" for i in range(20))
    panel = load(write(tmp_path, text, "ns.csv"))
    assert (panel.date_format, panel.freq, panel.time[1]) == (
        "unix_ns", "h", pd.Timestamp("2021-01-01 01:00"))
    # Excel's serial days told to be epoch seconds: seconds of 1970 January 1st, a forecast
    # every second, before (a user round); refused. Years before 1980 told so are read (a
    # review: 1949's months in epoch milliseconds, as pandas writes them)
    text = "Date,price\n" + "".join(f"{42156 + i},{10 + i}\n" for i in range(20))
    for unit in ("unix", "unix_ms"):
        assert "gives times of 1970 alone (e.g. '42156': 1970-01-01" in error(
            write(tmp_path, text, "serial.csv"), date_format=unit)
    months = pd.date_range("1949-01-01", periods=24, freq="MS")
    text = "Month,passengers\n" + "".join(f"{(t - pd.Timestamp(0)) // pd.Timedelta('1ms')},{i}\n"
                                          for i, t in enumerate(months))
    assert load(write(tmp_path, text, "ms.csv"), date_format="unix_ms").time.equals(months)


def test_numbers_are_times_only_in_a_time_named_column(tmp_path):
    # a sorted volume column in the range of epoch seconds is still a value column
    text = "volume,when,price\n" + "".join(
        f"{1609459200 + 1000 * i},2021-01-{i + 1:02d},{10 + i}\n" for i in range(20))
    panel = load(write(tmp_path, text))
    assert (panel.time_col, panel.date_format) == ("when", "%Y-%m-%d")
    text = "id,price\n" + "".join(f"{1609459200 + 60 * i},{10 + i}\n" for i in range(20))
    assert "no column holds dates" in error(write(tmp_path, text, "n.csv"))
    # a time-named column of unsorted numbers is not read as epoch times, unless told so
    shuffled = np.random.default_rng(0).permutation(20)
    text = "time,price\n" + "".join(f"{1609459200 + 60 * i},{i}\n" for i in shuffled)
    path = write(tmp_path, text, "u.csv")
    assert "no column holds dates" in error(path) and "'time'" in error(path)
    panel = load(path, date_format="unix")
    assert panel.freq == "min" and list(panel.target) == list(range(20))


# ------------------------------------------------------------- intraday bars in trading sessions


def test_five_minute_bars_in_trading_sessions():
    panel = load(INTRADAY)
    assert (panel.time_col, panel.target_col) == ("Datetime", "Adj Close")
    assert panel.freq == "5min@09:30-15:55/B"
    assert panel.freq_label == ("every 5 minutes, trading sessions 09:30\u201315:55 on business "
                                "days")
    # the local (New York) times are kept: the session opens at 09:30, not 14:30 UTC
    assert panel.time[0] == pd.Timestamp("2024-01-04 09:30")
    assert panel.time[-1] == pd.Timestamp("2024-01-09 15:55")
    assert any("-05:00" in n and "not converted to UTC" in n for n in panel.notes)
    # 4 sessions of 78 bars; the two missing Friday bars are gaps, filled forward
    assert len(panel.time) == 4 * 78
    assert any("2 missing timestamp(s) inserted as gaps (2024-01-05 11:00:00, "
               "2024-01-05 11:05:00)" in n for n in panel.notes)
    at = panel.time.get_loc(pd.Timestamp("2024-01-05 11:00"))
    assert panel.target[at] == panel.target[at + 1] == panel.target[at - 1]
    assert next_times(panel, 3) == stamps("2024-01-10 09:30", "2024-01-10 09:35",
                                          "2024-01-10 09:40")
    # within a session, then over the weekend to Monday's first bar
    friday = future_timestamps(pd.Timestamp("2024-01-05 15:45"), panel.freq, 3)
    assert list(friday) == stamps("2024-01-05 15:50", "2024-01-05 15:55", "2024-01-08 09:30")
    assert periods_between(pd.Timestamp("2024-01-05 15:55"), pd.Timestamp("2024-01-08 09:30"),
                           panel.freq) == 1
    assert periods_between(panel.time[0], panel.time[-1], panel.freq) == len(panel.time) - 1


def test_session_frequency_is_plain_text_that_reads_back():
    for freq in ("5min@09:30-15:55/B", "h@09:30-15:30/B", "15s@08:00-20:59:45/D",
                 "30min@00:00-22:30/D"):
        session = session_of(freq)
        assert session is not None and session.freq == freq
    for freq in ("5min@15:55-09:30/B", "h@00:00-23:00/D", "8min@09:30-15:55/B", "B", "5min",
                 "h@9:30-15:30/B", "h@09:30-15:30/X", "60min@09:30-15:30/B",
                 "15s@08:00:00-20:59:45/D"):
        assert session_of(freq) is None
    with pytest.raises(InputError):
        future_timestamps(pd.Timestamp("2024-01-05"), "h@00:00-23:00/D", 2)


@pytest.mark.parametrize("freq", ["5min@09:30-15:55/B", "h@09:30-15:30/B", "h@08:00-20:00/D"])
@pytest.mark.parametrize("last", ["2024-01-05 15:30", "2024-01-06 12:00", "2024-01-08 07:00",
                                  "2024-01-08 09:30", "2024-01-08 23:59"])
def test_session_timestamps_split_anywhere_and_count(freq, last):
    last = pd.Timestamp(last)
    whole = future_timestamps(last, freq, 200)
    assert whole.is_monotonic_increasing and whole[0] > last
    for k in (1, 7, 78, 150):
        head = future_timestamps(last, freq, k)
        assert list(head.append(future_timestamps(head[-1], freq, 200 - k))) == list(whole)
    session = session_of(freq)
    assert all(session.open <= t - t.normalize() <= session.close for t in whole)
    if session.days == "B":
        assert (whole.day_of_week < 5).all()
    assert [periods_between(whole[0], t, freq) for t in whole[:100]] == list(range(100))


def test_hourly_session_across_a_daylight_saving_change(tmp_path):
    """New York hourly bars 09:30..15:30 around 2024-03-10: the offset changes from -05:00 to
    -04:00, the local session does not (in UTC it would move by an hour)."""
    lines = ["Datetime,Close"]
    for day in pd.bdate_range("2024-03-06", "2024-03-13"):
        zone = "-05:00" if day < pd.Timestamp("2024-03-10") else "-04:00"
        for i, t in enumerate(pd.date_range(day + pd.Timedelta("09:30:00"), periods=7, freq="h")):
            lines.append(f"{t:%Y-%m-%d %H:%M:%S}{zone},{100 + i}")
    panel = load(write(tmp_path, "\n".join(lines) + "\n"))
    assert panel.freq == "h@09:30-15:30/B" and len(panel.time) == 6 * 7
    assert any("-04:00, -05:00" in n for n in panel.notes)
    assert next_times(panel, 2) == stamps("2024-03-14 09:30", "2024-03-14 10:30")


def test_a_whole_weekday_without_bars_is_a_holiday_not_a_gap(tmp_path):
    days = ["2024-01-11", "2024-01-12", "2024-01-16", "2024-01-17"]  # Mon 15th absent
    lines = ["time,price"] + [
        f"{t:%Y-%m-%d %H:%M},{i}" for d in days
        for i, t in enumerate(pd.date_range(f"{d} 09:30", f"{d} 16:00", freq="30min"))]
    panel = load(write(tmp_path, "\n".join(lines) + "\n"))
    assert panel.freq == "30min@09:30-16:00/B" and len(panel.time) == 4 * 14
    assert not any("gaps" in n for n in panel.notes)
    assert future_timestamps(pd.Timestamp("2024-01-12 16:00"), panel.freq, 1)[0] == \
        pd.Timestamp("2024-01-15 09:30")  # holidays are not known in advance


def test_sessions_every_day_and_around_the_clock():
    every_day = pd.DatetimeIndex([t for d in pd.date_range("2024-01-04", periods=6)
                                  for t in pd.date_range(d + pd.Timedelta("08:00:00"),
                                                         periods=13, freq="h")])
    freq, label, grid = frequency_of(every_day)
    assert (freq, label) == ("h@08:00-20:00/D", "hourly, sessions 08:00\u201320:00 every day")
    assert grid.equals(every_day)
    assert future_timestamps(every_day[-1], freq, 1)[0] == pd.Timestamp("2024-01-10 08:00")
    # 24/7 bars (crypto) are a plain regular series, also when a few bars are missing
    clock = pd.date_range("2024-01-01 05:00", periods=300, freq="h")
    assert frequency_of(clock)[0] == "h"
    assert frequency_of(clock.delete([3, 100, 250]))[:2] == ("h", "hourly")
    # one stray row at half past among hours is not a half-hourly series missing half its rows
    for stray in (clock.insert(200, clock[199] + pd.Timedelta("30min")),
                  clock.delete(200).insert(200, clock[200] + pd.Timedelta("30min"))):
        with pytest.raises(Irregular, match="off-grid"):
            frequency_of(stray)


def test_partial_first_and_last_sessions(tmp_path):
    bars = pd.DatetimeIndex([t for d in pd.bdate_range("2024-01-03", "2024-01-10")
                             for t in pd.date_range(d + pd.Timedelta("09:30:00"),
                                                    d + pd.Timedelta("15:55:00"), freq="5min")])
    cut = bars[30:-20]  # the file starts and ends in the middle of a session
    freq, _, grid = frequency_of(cut)
    assert freq == "5min@09:30-15:55/B" and grid.equals(cut)
    # bars off the session's 5-minute grid are not a session
    with pytest.raises(Exception, match="off-grid|step"):
        frequency_of(cut.insert(100, cut[99] + pd.Timedelta("2min")).sort_values())


# ------------------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("path", "time_col", "expected"),
    [
        (NASDAQ, "Date", ["2024-01-08", "2024-01-09", "2024-01-10"]),
        (BINANCE, "open_time", ["2024-03-11T00:00:00Z", "2024-03-11T01:00:00Z",
                                "2024-03-11T02:00:00Z"]),  # epoch milliseconds: UTC, said
        (INTRADAY, "Datetime", ["2024-01-10 09:30:00-05:00", "2024-01-10 09:35:00-05:00",
                                "2024-01-10 09:40:00-05:00"]),  # its offset, as written
        (BOERSE, "Datum", ["2024-03-29", "2024-04-01", "2024-04-02"]),
        (LEDGER, "Month", ["2024-01", "2024-02", "2024-03"]),  # months as the ledger writes
    ],
    ids=["nasdaq-dollar", "binance-epoch-ms", "intraday-session", "euro-decimal-comma",
         "ledger-accounting"],
)
def test_train_and_predict_from_the_command_line(runner, in_tmp, path, time_col, expected):
    from lstmcast.cli import app

    extra = ["--target", "Net Income"] if path == LEDGER else []
    result = runner.invoke(app, ["train", str(path), "--hidden", "8", "--epochs", "2",
                                 "--patience", "1", "-q", "--horizon", "3", *extra],
                           prog_name="lstmcast")
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["predict"], prog_name="lstmcast")
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == [time_col, "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [row[0] for row in table[1:]] == expected
    assert all(np.isfinite(float(row[1])) for row in table[1:])


@pytest.mark.parametrize(("cells", "example"), [
    (["1.073", "719", "1.518", ""], "1.073"),  # German counts: thousands dots, or decimals?
    (["1.073", "1.066"], "1.073"),  # every one so
    (["1.073", "0.719"], None), (["1.5", "719"], None), (["1.073", "17.5"], None),
])
def test_thousands_dots_beside_whole_numbers_are_pointed_out(cells, example):
    assert thousands_dots(pd.Series(cells)) == example


def german_file(path, counts, other=None):
    days = pd.date_range("2022-01-01", periods=len(counts), freq="D")
    extra = [] if other is None else [other] * len(counts)
    lines = [";".join([f"{d:%d.%m.%Y}", c, *e]) for d, c, e in
             zip(days, counts, [[x] for x in extra] or [[]] * len(counts), strict=True)]
    header = "Datum;Anzahl" + (";Umsatz" if other is not None else "")
    path.write_text(header + "\n" + "\n".join(lines) + "\n")
    return path


def dotted(values):
    return [f"{v // 1000}.{v % 1000:03d}" if v >= 1000 else str(v) for v in values]


def test_german_counts_climbing_past_1000_read_their_dots_as_thousands(tmp_path):
    # '700' .. '980' then '1.020' .. : read as written, 1.02 would fall 1000-fold
    panel = load(german_file(tmp_path / "de.csv", dotted(np.arange(30) * 40 + 700)))
    np.testing.assert_array_equal(panel.target, np.arange(30) * 40 + 700)
    assert any("column 'Anzahl' writes '1.020' beside whole numbers below 1000, a step from "
               "them only if its dot groups thousands: read as 1020" in w
               for w in panel.warnings)


def test_a_file_that_groups_thousands_with_dots_reads_every_dot_so(tmp_path):
    # every count above 1000: no whole number shows it, the turnover column's '41.191,81' does
    counts = dotted(np.arange(30) * 7 + 3051)
    panel = load(german_file(tmp_path / "de.csv", counts, "41.191,81"), target="Anzahl")
    np.testing.assert_array_equal(panel.target, np.arange(30) * 7 + 3051)
    assert not any("3.051" in w for w in panel.warnings)
    assert panel.decimals == 0


def test_dotted_counts_alone_in_a_european_file_read_their_dots_as_thousands(tmp_path):
    """Every count above 1000 in a ';' file dated '01.01.2022': no whole number below 1000
    shows it, but the file writes its numbers the European way, where '3.051' is 3051.
    Before, it was read as 3.051 with a warning: a forecast of a thousandth of the counts."""
    panel = load(german_file(tmp_path / "de.csv", dotted(np.arange(30) * 7 + 3051)))
    np.testing.assert_array_equal(panel.target, np.arange(30) * 7 + 3051)
    assert panel.decimals == 0  # warned: a Swiss file writes such dates and prices '104.313'
    assert list(panel.warnings) == [
        "column 'Anzahl' writes every number with a dot before each three digits ('3.051') in a "
        "file with day.month.year dates and ';' between its columns: its dots group thousands, "
        "read as 3051; if they are decimals, save the file with plain numbers"]


@pytest.mark.parametrize("delimiter, day, other, grouped", [
    ("\t", "%d.%m.%Y", None, True),  # dates like '01.01.2022'
    ("|", "%d.%m.%Y", None, True),
    (";", "%Y-%m-%d", "12,5", True),  # decimal commas in another column
    ("\t", "%Y-%m-%d", None, False),  # nothing tells: rates to three places
    (";", "%Y-%m-%d", None, False),  # a ';' alone: voltages to three places (test_data)
    (",", "%d.%m.%Y", None, False),  # a ',' file: its writer wrote decimal points
    (",", "%Y-%m-%d", None, False),
    (";", "%d.%m.%Y", "12.50", False),  # a decimal dot beside them: read as written
    (";", "%d.%m.%Y", "1'250", False),  # Swiss apostrophes: a dot is a decimal point (warned)
])
def test_dotted_numbers_alone_group_thousands_where_the_file_is_european(tmp_path, delimiter,
                                                                         day, other, grouped):
    """A column of numbers like '3.051' alone reads its dots as thousands where the rest of
    the file writes its numbers the European way (dates like '17.07.2023' outside a ',' file,
    decimal commas in another column of a ';' file), and as written where nothing does (a
    ';' alone, ISO dates) or something says otherwise (a decimal dot, Swiss apostrophes)."""
    counts = np.arange(30) * 7 + 3051
    days = pd.date_range("2022-01-01", periods=len(counts), freq="D")
    text = delimiter.join(["Datum", "Anzahl", *(["Umsatz"] if other else [])]) + "\n" + "".join(
        delimiter.join([f"{d:{day}}", c, *([other] if other else [])]) + "\n"
        for d, c in zip(days, dotted(counts), strict=True))
    panel = load(write(tmp_path, text), target="Anzahl")
    np.testing.assert_allclose(panel.target, counts if grouped else counts / 1000)
    said = [*panel.notes, *panel.warnings]
    assert any("its dots group thousands, read as 3051" in n for n in said) == grouped
    # warned where only the dates tell (a Swiss file's '104.313' is a price), else noted
    assert any("its dots group thousands" in w for w in panel.warnings) == (
        grouped and other is None)
    # read as written in a ';' file whose dots no decimal dot explains: said, as ever
    assert any("writes numbers like '3.051'" in w for w in panel.warnings) == (
        delimiter == ";" and not grouped and other != "12.50")


def test_numbers_of_several_dot_groups_alone_are_thousands_in_a_european_file(tmp_path):
    days = pd.date_range("2022-01-01", periods=30, freq="D")
    text = "Datum\tUmsatz\n" + "".join(f"{d:%d.%m.%Y}\t{1_234_567 + i * 1001:,}\n".replace(
        ",", ".") for i, d in enumerate(days))
    panel = load(write(tmp_path, text))
    np.testing.assert_array_equal(panel.target, 1_234_567 + np.arange(30) * 1001)


def test_rows_describing_the_series_under_the_header_are_skipped(tmp_path):
    """The Bundesbank's export (four rows of title, unit, dimension, date of the data)
    and INSEE's (idBank, last update, 'Période'), newest month first."""
    days = pd.bdate_range("2023-01-02", periods=40)
    bbk = ";BBEX3.D.USD.EUR.BB.AC.000;BBEX3.D.USD.EUR.BB.AC.000_FLAGS\n" \
          ';"Euro-Referenzkurs der EZB / 1 EUR = ... USD";\nEinheit;USD;\nDimension;Eins;\n' \
          "Stand vom;22.04.2024 14:52:11 Uhr;\n" + "".join(
              f"{d:%Y-%m-%d};1,{700 + i:04d};\n" for i, d in enumerate(days))
    s = load(write(tmp_path, bbk, "bbk.csv"))
    assert (s.freq, len(s.target), s.target[0]) == ("B", 40, 1.07)
    assert any("skipped 4 row(s) describing the series under the header ('Einheit', "
               "'Dimension', 'Stand vom')" in n for n in s.notes)
    months = pd.date_range("2021-01-01", periods=36, freq="MS")[::-1]
    insee = '"Libellé";"Indice des prix";"Codes"\n"idBank";"001759970";""\n' \
            '"Dernière mise à jour";"15/05/2024 08:45";""\n"Période";"";""\n' + "".join(
                f'"{m:%Y-%m}";"{100 + i / 10:.2f}";"A"\n' for i, m in enumerate(months))
    s = load(write(tmp_path, insee, "insee.csv"))
    assert (s.time_col, s.freq, len(s.target), s.target[-1]) == ("Libellé", "MS", 36, 100.0)
    # a station's lines of 'key,value' above its own header 'date,value': the header was
    # skipped with them, the columns named 'Station' and 'Berlin-Tempelhof'
    station = "Station,Berlin-Tempelhof\nID,10384\nUnit,degC\nLicence,CC BY 4.0\ndate,value\n" \
        + "".join(f"{d:%Y-%m-%d},{20 + i % 5}\n" for i, d in enumerate(days))
    s = load(write(tmp_path, station, "station.csv"))
    assert (s.time_col, s.target_col, len(s.target)) == ("date", "value", 40)
    assert any(n.startswith("skipped 4 line(s) of 'key,value' above the header ('Station', "
                            "'ID', 'Unit', 'Licence')") for n in s.notes)
    # Banxico's: its header names the series by a code ('Fecha,SF43718'), read as a line of
    # the keys and values above (the time column was called 'Título')
    banxico = ('"Banco de México"\n""\n"Tipo de cambio"\n"Fecha: 10/05/2024 12:33:12"\n""\n'
               '"Título","Tipo de cambio FIX"\n"Periodo disponible","03/01/2022 - 10/05/2024"\n'
               '"Periodicidad","Diaria"\n"Unidad","Pesos"\n"Fecha","SF43718"\n' + "".join(
                   f'"{d:%d/%m/%Y}","{20 + i / 100:.4f}"\n' for i, d in enumerate(days)))
    s = load(write(tmp_path, banxico, "banxico.csv"))
    assert (s.time_col, s.target_col, len(s.target)) == ("Fecha", "SF43718", 40)
    # GA4's 'Grand total' over dates written 20230101 (was refused: no date was seen there)
    ga4 = "Date,Sessions\nGrand total,50000\n" + "".join(
        f"{d:%Y%m%d},{500 + i}\n" for i, d in enumerate(pd.date_range("2023-01-01", periods=40)))
    s = load(write(tmp_path, ga4, "ga4.csv"))
    assert (s.freq, len(s.target), s.target[0]) == ("D", 40, 500)
    assert any("skipped 1 row(s) describing the series under the header ('Grand total')" in n
               for n in s.notes)
    # a first row of data without its date is no description: still an error, naming it
    body = "Date,v\n,1\n" + "".join(f"2023-01-{d:02d},{d}\n" for d in range(1, 29))
    with pytest.raises(InputError):
        load(write(tmp_path, body, "blank.csv"))


def test_spreadsheet_leftovers_excel_errors_summary_rows_and_provisional_marks(tmp_path):
    """'#NAME?' is missing as '#VALUE!' is; 'Average', 'Max' and 'Min' rows under the table
    are dropped as 'Total' is; a release's provisional '992.1*' is its number, said. Each was
    refused before (the summary rows with advice to pass --date-format)."""
    days = pd.date_range("2022-01-01", periods=60)
    errors = "Date,Price\n" + "".join(f"{d:%Y-%m-%d},{'#NAME?' if i == 30 else 50 + i}\n"
                                      for i, d in enumerate(days))
    panel = load(write(tmp_path, errors, "a.csv"))
    assert panel.target[30] == panel.target[29] == 79  # filled forward, said
    footer = "Date,Sales\n" + "".join(f"{d:%Y-%m-%d},{80 + i}\n" for i, d in enumerate(days)) \
        + "Average,109.5\nMax,139\nMin,80\n"
    panel = load(write(tmp_path, footer, "b.csv"))
    assert len(panel.time) == 60 and panel.target[-1] == 139
    assert any("dropped 3 summary row(s) at the end ('Average'" in w for w in panel.warnings)
    months = pd.date_range("2010-01-01", periods=40, freq="MS")
    marked = "Month,Value\n" + "".join(f"{m:%Y-%m},{900 + i}.1{'*' if i >= 37 else ''}\n"
                                       for i, m in enumerate(months))
    panel = load(write(tmp_path, marked, "c.csv"))
    assert panel.target[-1] == 939.1
    assert any("marks 3 value(s) with '*'" in w for w in panel.warnings)


@pytest.mark.parametrize("flags", [("106.8 b", "109.7 p", "110.8 e", "111.2 bep"),
                                   ("112.3p", "107.4r", "108.0p", "109.1p")])
def test_eurostat_s_and_the_ons_flags_after_a_number_are_read_as_its_number(tmp_path, flags):
    """Eurostat's flags after a space ('109.7 p' provisional, 'e' estimated, 'b' a break in
    series, several together) and the ONS's 'p' and 'r' after the digits were refused as text
    ('has text '106.8 b''), where '(P)' was read (a helper's round)."""
    months = pd.date_range("2015-01-01", periods=40, freq="MS")
    cells = [f"{100 + i / 10:.1f}" for i in range(36)] + list(flags)
    text = "TIME_PERIOD,OBS_VALUE\n" + "".join(f"{m:%Y-%m},{c}\n"
                                              for m, c in zip(months, cells, strict=True))
    panel = load(write(tmp_path, text, "flags.csv"))
    assert list(panel.target[-4:]) == [float(c.split()[0].rstrip("pr")) for c in flags]
    assert any("marks 4 value(s)" in w and "statistics releases flag" in w
               for w in panel.warnings)
    for text in ("6 pcs", "0.64 dr", "12.57 cr", "1.2 bn", "3 bps", "10 fr", "99p"):  # (a review)
        assert number_text(text) is None, text  # a unit's letters, a debit: no flags


def test_a_table_whose_header_names_its_columns_alike_takes_the_series_ids(tmp_path):
    """The Reserve Bank of Australia's F11: a block of titles, two empty lines, then 'Source'
    over every column ('WM/Reuters') and the series' ids two rows further down. Before, both
    columns were 'WM/Reuters' and the file was refused as naming two columns alike."""
    days = pd.bdate_range("2022-01-03", periods=60)
    text = ("F11 EXCHANGE RATES,,\nTitle,A$1=USD,A$1=JPY\nDescription,AUD/USD,AUD/JPY\n"
            "Frequency,Daily,Daily\nType,Indicative,Indicative\nUnits,USD,JPY\n,,\n,,\n"
            "Source,WM/Reuters,WM/Reuters\nPublication date,14-Mar-2023,14-Mar-2023\n"
            "Series ID,FXRUSD,FXRJY\n" + "".join(
                f"{d:%d-%b-%Y},{0.7 + i / 1000:.4f},{90 + i / 10:.2f}\n"
                for i, d in enumerate(days)))
    panel = load(write(tmp_path, text), target="all")
    assert panel.ids == ("FXRUSD", "FXRJY") and panel.freq == "B"
    assert panel.select(["FXRJY"]).target[-1] == pytest.approx(95.9)
    assert any("named by the row 'Series ID'" in n for n in panel.notes)


def test_the_abs_time_series_layout_its_nine_rows_describing_the_series(tmp_path):
    """The Australian Bureau of Statistics' time series CSV: nine rows (Unit .. Series ID)
    under the header, then quarters written 'Mar-2000'. Before: 'no column holds dates'."""
    quarters = pd.date_range("2000-03-01", periods=40, freq="3MS")
    text = (",Gross domestic product ;,Unemployment rate ;\nUnit,$ Millions,Percent\n"
            "Series Type,Seasonally Adjusted,Seasonally Adjusted\nData Type,FLOW,PERCENT\n"
            "Frequency,Quarter,Quarter\nCollection Month,3,3\nSeries Start,Mar-2000,Mar-2000\n"
            "Series End,Sep-2009,Sep-2009\nNo. Obs,40,40\nSeries ID,A2304402X,A84423050A\n"
            + "".join(f"{q:%b-%Y},{5000 + 40 * i},{5 + i % 4 / 10}\n"
                      for i, q in enumerate(quarters)))
    panel = load(write(tmp_path, text), target="all")
    assert len(panel) == 2 and panel.freq.startswith("QS") and len(panel.series(0).time) == 40
    assert panel.series(0).time[0] == pd.Timestamp("2000-03-01")
    assert any("skipped 9 row(s) describing the series" in n for n in panel.notes)


def test_aemo_s_words_run_together_name_its_target(tmp_path):
    """AEMO's price and demand: REGION,SETTLEMENTDATE,TOTALDEMAND,RRP,PERIODTYPE. Before,
    'TOTALDEMAND' was no demand, and the file asked for --target."""
    times = pd.date_range("2023-01-01 00:30", periods=96, freq="30min")
    text = "REGION,SETTLEMENTDATE,TOTALDEMAND,RRP,PERIODTYPE\n" + "".join(
        f"NSW1,{t:%Y/%m/%d %H:%M:%S},{7000 + i},{80 + i % 5}.5,TRADE\n"
        for i, t in enumerate(times))
    panel = load(write(tmp_path, text))
    assert (panel.target_col, panel.freq) == ("TOTALDEMAND", "30min")


def test_a_pivot_s_grand_total_column_is_no_series_of_target_all(tmp_path):
    """An Excel pivot saved as CSV: regions across, 'Grand Total' their sum, last. Before, it
    was a third series beside the two it sums; a 'Total' that is no sum stays one."""
    days = pd.date_range("2022-01-01", periods=40)
    east, west = 100 + np.arange(40) % 7, 300 + np.arange(40) % 5
    rows = "".join(f"{d:%Y-%m-%d},{e},{w},{e + w}\n" for d, e, w in zip(days, east, west,
                                                                       strict=True))
    text = "Sum of Sales,Column Labels,,\nRow Labels,East,West,Grand Total\n" + rows
    panel = load(write(tmp_path, text), target="all")
    assert panel.ids == ("East", "West")
    assert any("left out 'Grand Total', the sum of the other columns" in w
               for w in panel.warnings)
    other = text.replace(",Grand Total\n", ",Total\n").replace(f",{east[3] + west[3]}\n",
                                                               ",1\n")
    assert load(write(tmp_path, other, "o.csv"), target="all").ids == ("East", "West", "Total")


def test_a_units_row_renames_no_series(tmp_path):
    """Only a row labelled as ids names the series of a header that names them alike: names
    that differ after a dot ('Sensor 1.1', 'Sensor 1.2') keep them over a row of units, and a
    header naming 'Volume' twice over units stays refused (a review found both renamed to
    their units)."""
    days = pd.date_range("2020-01-01", periods=30)
    rows = "".join(f"{d:%Y-%m-%d},{i},{2 * i}\n" for i, d in enumerate(days))
    panel = load(write(tmp_path, "Date,Sensor 1.1,Sensor 1.2\n,kWh,kW\n" + rows), target="all")
    assert panel.ids == ("Sensor 1.1", "Sensor 1.2")
    with pytest.raises(InputError, match="names two or more columns 'Volume'"):
        load(write(tmp_path, "Date,Volume,Volume\n,shares,lots\n" + rows, "v.csv"),
             target="all")


@pytest.mark.parametrize("header, cell, value", [
    ("תאריך,מכירות", "\u200f{d:%d/%m/%Y}\u200f", "{v}"),  # dates copied from a Hebrew page
    ("日付,売上", "{d:%Y/%m/%d}", "\"￥{v:,}\""),  # Japanese Excel's full-width yen
    ("DATETIME,LOAD_MW", "{d:%d%b%Y:%H:%M:%S}", "{v}"),  # SAS's DATETIME20.
])
def test_dates_and_numbers_as_more_exports_write_them(tmp_path, header, cell, value):
    days = pd.date_range("2022-01-01", periods=60, freq="D")
    path = tmp_path / "x.csv"
    path.write_text(header + "\n" + "".join(
        f"{cell.format(d=d)},{value.format(v=5000 + i)}\n" for i, d in enumerate(days)))
    s = load_panel(path, DataSpec())
    assert list(s.time) == list(days) and s.target[-1] == 5059


def test_no_data_written_nd_is_missing(tmp_path):
    """Banco Central de Chile writes 'ND' where a day has no value."""
    days = pd.bdate_range("2022-01-03", periods=60)
    path = tmp_path / "bcch.csv"
    path.write_text("Periodo;Dolar observado\n" + "".join(
        f"{d:%d-%m-%Y};{'ND' if i == 30 else f'850,{i:02d}'}\n" for i, d in enumerate(days)))
    s = load_panel(path, DataSpec())  # an empty business day: a day without trading
    assert len(s.target) == 59 and days[30] not in s.time and s.target[-1] == 850.59


@pytest.mark.parametrize("am, pm, fmt", [("오전", "오후", "%Y-%m-%d {} %I:%M:%S"),
                                         ("上午", "下午", "%Y/%m/%d {} %I:%M:%S"),
                                         ("午前", "午後", "%Y/%m/%d {} %I:%M")])
def test_am_and_pm_in_korean_chinese_and_japanese_before_the_time(tmp_path, am, pm, fmt):
    hours = pd.date_range("2023-01-01", periods=72, freq="h")
    path = tmp_path / "x.csv"
    path.write_text("일시,전력사용량\n" + "".join(
        f"{t.strftime(fmt.format(am if t.hour < 12 else pm))},{300 + i}\n"
        for i, t in enumerate(hours)))
    s = load_panel(path, DataSpec())
    assert s.freq == "h" and list(s.time) == list(hours)


def test_a_star_marking_provisional_periods_is_left_out_of_their_dates(tmp_path):
    """CBS StatLine marks its provisional months on the period, '2023 augustus*', as other
    releases mark values ('992.1*'): was refused as no date, and no --date-format helps."""
    months = pd.date_range("2017-01-01", periods=82, freq="MS")
    dutch = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]
    text = '"Perioden";"CPI (2015=100)"\n' + "".join(
        f'"{m.year} {dutch[m.month - 1]}{"*" if i >= 80 else ""}";"{100 + i / 10:.1f}"\n'
        .replace(".", ",") for i, m in enumerate(months))
    s = load(write(tmp_path, text, "cbs.csv"))
    assert s.freq == "MS" and list(s.time) == list(months)


def test_arabic_indic_digits_are_read_in_dates_and_values(tmp_path):
    """'٢٠٢٣-٠١-٠٥' and '١٠٠٫١٣' (Arabic-Indic digits, the Arabic decimal mark), and Persian
    digits: were refused, no date format reading them."""
    arabic = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    days = pd.date_range("2023-01-01", periods=30)
    for digits in (arabic, persian):
        text = "التاريخ,السعر\n" + "".join(
            f'{d:%Y-%m-%d}'.translate(digits) + f',"{1000 + i + 0.25:,.2f}"\n'.translate(digits)
            .replace("٬", ",", 1) for i, d in enumerate(days))  # (the delimiter: ASCII's)
        s = load(write(tmp_path, text, "ar.csv"))
        assert list(s.time) == list(days) and s.target[-1] == 1029.25


def test_a_japanese_eras_years_are_read_as_gregorian_ones(tmp_path):
    """'平成31年4月' then '令和元年5月' (the era's first year): were refused as no date."""
    months = pd.date_range("2017-01-01", periods=40, freq="MS")

    def era(t):
        return f"平成{t.year - 1988}年{t.month}月" if t < pd.Timestamp("2019-05-01") else \
            f"令和{'元' if t.year == 2019 else t.year - 2018}年{t.month}月"

    text = "年月,売上\n" + "".join(f"{era(t)},{100 + i}\n" for i, t in enumerate(months))
    s = load(write(tmp_path, text, "jp.csv"))
    assert list(s.time) == list(months) and s.freq == "MS"


def test_taiwan_s_years_of_the_republic_are_read_as_gregorian_ones(tmp_path):
    """TWSE's '113/06/28' (28 June 2024) was read by no format at all."""
    days = pd.bdate_range("2024-01-02", periods=40)
    s = load(write(tmp_path, "日期,收盤價\n" + "".join(
        f"{d.year - 1911}/{d:%m/%d},{800 + i}\n" for i, d in enumerate(days))))
    assert s.time.equals(days) and s.target_col == "收盤價"
    assert any("years of the Republic of China (113 is 2024)" in n for n in s.notes)


@pytest.mark.parametrize("fmt", ["{d:%d/%m}/{y}", "{y}-{d:%m-%d}", "{d:%d.%m}.{y} 16:30"])
def test_the_buddhist_eras_years_are_read_as_gregorian_ones(tmp_path, fmt):
    """A Thai export's '05/01/2567' (5 January 2024): refused as beyond pandas's dates, and
    29 February 2567 (2024's) no Gregorian day at all; numbers alone are not years."""
    days = pd.bdate_range("2023-12-01", periods=80)  # through 29 February 2024
    text = "Date,Close\n" + "".join(f"{fmt.format(d=d, y=d.year + 543)},{30 + i / 4}\n"
                                    for i, d in enumerate(days))
    s = load(write(tmp_path, text, "th.csv"))
    assert list(s.time.normalize()) == list(days) and s.freq == "B"
    assert any("years of the Buddhist Era (2567 is 2024)" in note for note in s.notes)
    for alone in ("2500", "2023-01-05 24:59", "2450.5", "25.2500", "2566-13", "2501-01",
                  "2450.01", "01.2566"):  # no date's year: a code, a year-month of a model's
        assert plain_dates(pd.Series([alone])).iloc[0] == alone


def test_the_buddhist_eras_year_months_are_read_as_gregorian_months(tmp_path):
    """'01/2562' (January 2019) was refused as beyond pandas's dates."""
    months = pd.date_range("2019-01-01", periods=30, freq="MS")
    s = load(write(tmp_path, "Month,Sales\n" + "".join(
        f"{m:%m}/{m.year + 543},{100 + i}\n" for i, m in enumerate(months)), "th.csv"))
    assert s.time.equals(months) and s.freq == "MS"
    assert any("years of the Buddhist Era (2567 is 2024)" in note for note in s.notes)


@pytest.mark.parametrize(("delimiter", "dated", "value"), [
    ("|", "%d.%m.%Y", 24.756), ("\t", "%d.%m.%Y", 24.756), ("\t", "%Y-%m-%d", 24756),
    (",", "%d.%m.%Y", 24756)])
def test_a_tab_or_pipe_file_dated_with_dots_writes_a_decimal_comma(tmp_path, delimiter, dated,
                                                                   value):
    """ČNB's daily rates ('17.07.2023|24,756'): read as 24756, a thousands comma, with a
    warning; a ',' file's unquoted comma cannot be a decimal one, and ISO dates tell nothing."""
    days = pd.bdate_range("2023-07-17", periods=40)
    cell = '"{:,.3f}"' if delimiter == "," else "{:,.3f}"
    text = f"Datum{delimiter}1 EUR\n" + "".join(
        f"{d.strftime(dated)}{delimiter}{cell.format(24.756 + i / 1000).replace('.', ',')}\n"
        for i, d in enumerate(days))
    s = load(write(tmp_path, text, "cnb.txt"))
    assert s.target[0] == value
    counts = f"Datum{delimiter}Units\n" + "".join(  # whole numbers beside: thousands, as before
        f"{d.strftime(dated)}{delimiter}{859 + 300 * i:,}\n" for i, d in enumerate(days))
    if delimiter != ",":  # (a review's: '859' beside '1,159' read as 1.159)
        assert load(write(tmp_path, counts, "counts.txt")).target[1] == 1159


@pytest.mark.parametrize(("close", "others"), [
    ("終値", ("始値", "高値", "安値", "調整後終値")), ("종가", ("시가", "고가", "저가")),
    ("收盘", ("开盘", "最高", "最低")), ("Κλείσιμο", ("Άνοιγμα", "Υψηλό")),
    ("שער נעילה (באגורות)", ("שער פתיחה", "שער גבוה")), ("Zamkniecie", ("Otwarcie", "Wolumen")),
    ("Kurs zamknięcia", ("Kurs otwarcia", "Wolumen obrotu")), ("Fechamento", ("Abertura",)),
    ("Uzavírací kurz", ("Objem",)),
    ("Цена", ("Откр.", "Макс.", "Мин.")), ("Цена закрытия", ("Цена открытия", "Объём")),
    ("Закрытие", ("Открытие", "Объем")), ("Закрытие (руб.)", ("Открытие (руб.)", "Объем")),
    ("Цена закрытия (руб.)", ("Объём",)), ("Şimdi", ("Açılış", "Yüksek", "Düşük")),
    ("Preço", ("Variação",)), ("Cotação", ("Abertura",)), ("Prezzo", ("Apertura",)),
    ("Prijs", ("Volume",)), ("Fiyat", ("Hacim",))])
def test_an_exchange_s_close_in_its_language_is_the_target(tmp_path, close, others):
    """JPX, KRX, Eastmoney, ATHEX, TASE, GPW, stooq.pl, B3 and the Prague exchange,
    Investing.com in Russian and Turkish, Google Sheets' pt-BR prices, Italian, Dutch and
    Turkish prices: 'cannot tell which column to forecast' (their dates were found by name)."""
    days = pd.bdate_range("2024-01-02", periods=30)
    header = ",".join(["Date", *others, close])
    text = header + "\n" + "".join(",".join([f"{d:%Y-%m-%d}", *(f"{50 + k + i}" for k in
                                                                  range(len(others))),
                                             f"{100 + i}"]) + "\n" for i, d in enumerate(days))
    s = load(write(tmp_path, text))
    assert s.target_col == close and s.target[-1] == 129


def test_a_previous_day_s_close_in_russian_is_no_close(tmp_path):
    """'Закрытие пред. дня' (the day before's close) was taken for the close, as a prefix."""
    days = pd.bdate_range("2024-01-02", periods=30)
    text = "Дата,Закрытие пред. дня,Открытие,Закрытие,Объем\n" + "".join(
        f"{d:%Y-%m-%d},{99 + i},{100 + i},{100 + i},{5000 + i}\n" for i, d in enumerate(days))
    assert load(write(tmp_path, text)).target_col == "Закрытие"


def test_a_chinese_security_code_names_the_series(tmp_path):
    days = pd.bdate_range("2024-01-02", periods=30)
    text = "日期,股票代码,收盘\n" + "".join(f"{d:%Y-%m-%d},{code},{10 + i}\n" for code in
                                         ("000001", "600519") for i, d in enumerate(days))
    s = load(write(tmp_path, text))
    assert s.id_col == "股票代码" and s.ids == ("000001", "600519")


@pytest.mark.parametrize("cell", ["{w_de}, {d.day}. {m_de} {d.year}", "{d.day}. {m_de} {d.year}",
                                  "{d.day} de {m_es} de {d.year}",
                                  "{w_es}, {d.day} de {m_es} de {d.year}"])
def test_excel_s_long_dates_in_german_and_spanish_are_read(tmp_path, cell):
    """'Montag, 15. Januar 2024', '15 de enero de 2024': no format read them, and strftime's
    names are English ones (--date-format could not either)."""
    days = pd.bdate_range("2024-01-15", periods=30)
    de_w = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
    es_w = ["lunes", "martes", "miércoles", "jueves", "viernes"]
    de_m, es_m = {1: "Januar", 2: "Februar"}, {1: "enero", 2: "febrero"}
    text = "Datum;Schluss\n" + "".join(
        cell.format(d=d, w_de=de_w[d.day_of_week], w_es=es_w[d.day_of_week], m_de=de_m[d.month],
                    m_es=es_m[d.month]) + f";{100 + i},5\n" for i, d in enumerate(days))
    s = load(write(tmp_path, text))
    assert s.time.equals(days) and s.target[0] == 100.5


_MBANK_ABOVE = """mBank S.A. Bankowość Detaliczna;
\t\tSkrytka Pocztowa 2108;
\t\t90-959 Łódź 2;
\t\twww.mBank.pl;
\t\tmLinia: 801 300 800;
\t\t+48 (42) 6 300 800;


#Klient;
JAN KOWALSKI;

Lista operacji;

#Za okres:;
01.12.2023;28.06.2024;

#zgodnie z wybranymi filtrami wyszukiwania;
      #dla rachunków:;
      eKonto - 12114020040000370280414931;

      #Waluta;#Wpływy;#Wydatki;
PLN;12 345,67;-9 876,54;

#Data operacji;#Opis operacji;#Rachunek;#Kategoria;#Kwota;#Saldo po operacji;
"""


def test_mbank_s_blocks_above_its_table_are_skipped(tmp_path):
    """mBank's 'Lista operacji': its address ('90-959 Łódź 2;', a row of data to the eye of
    a reader of the first lines) was taken for the table, every line ends with its ';'."""
    days = pd.date_range("2024-01-01", periods=60, freq="D")[::-1]  # newest first
    balances = [f"{8000 + i:,}".replace(",", " ") for i in range(len(days))]  # '8 000'
    rows = "".join(f'{d:%Y-%m-%d};"PRZELEW";"eKonto";"Bez kategorii";{-10 - i},52 PLN;'
                   f'{b},80 PLN;\n' for i, (d, b) in enumerate(zip(days, balances, strict=True)))
    s = load(write(tmp_path, _MBANK_ABOVE + rows, "mbank.csv"), target="#Saldo po operacji")
    assert (s.time_col, s.freq, len(s.time)) == ("#Data operacji", "D", 60)
    assert s.values[-1, 0] == 8000.8 and s.values[0, 0] == 8059.8  # '8 000,80 PLN'
    assert any("skipped 23 line(s) above the header" in note for note in s.notes)


def test_quickbooks_total_above_its_footer_is_dropped(tmp_path):
    """QuickBooks' transaction report: 'Total for Sales' under the rows, then a row of commas
    and its 'Cash Basis' line; the total was refused as a row without a date."""
    days = pd.date_range("2023-01-01", periods=40)
    rows = "".join(f',{d:%m/%d/%Y},Invoice,{1000 + i},Customer,,Sales,A/R,"{1000 + i:,}.25"\n'
                   for i, d in enumerate(days))
    text = ("Acme LLC\nTransaction Report\nJanuary 1 - February 9, 2023\n\n"
            ",Date,Transaction Type,Num,Name,Memo/Description,Account,Split,Amount\n" + rows
            + 'Total for Sales,,,,,,,,"$41,234.00"\n,,,,,,,,\n'
            '"Cash Basis Friday, July 7, 2023 10:21 AM GMT-07:00"\n')
    s = load(write(tmp_path, text, "qb.csv"), target="Amount")
    assert len(s.time) == 40 and s.values[-1, 0] == 1039.25
    assert any("dropped 1 summary row(s) at the end ('Total for Sales'" in w for w in s.warnings)


def test_sap_s_total_beside_its_currency_is_dropped(tmp_path):
    """SAP's list ends with ';;;920.822,82;EUR': the sum, and the currency every row writes;
    refused as a row without a date."""
    days = pd.date_range("2023-01-01", periods=40)
    amounts = [1000.5 + 7 * i if i % 9 else -(100.25 + i) for i in range(40)]
    german = [f"{abs(a):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
              + ("-" if a < 0 else "") for a in amounts]  # '1.234,56-'
    text = "Buchungskreis;Sachkonto;Buchungsdatum;Betrag;Währung\n" + "".join(
        f"1000;400000;{d:%d.%m.%Y};{g};EUR\n" for d, g in zip(days, german, strict=True))
    total = f"{sum(amounts):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    s = load(write(tmp_path, text + f";;;{total};EUR\n", "sap.csv"))
    assert len(s.time) == 40 and s.target_col == "Betrag"
    np.testing.assert_allclose(s.target, amounts)
    assert any("a total without a label" in w for w in s.warnings)


def test_cdc_wonder_s_total_and_notes_under_a_rule_are_dropped(tmp_path):
    """CDC WONDER's export: a 'Total' row, then '"---"' and its dataset, query and caveats
    (a numbered note dated, '9. Deaths occurring through February 18, 2023'): refused for the
    total's empty time, then for the footer's."""
    months = pd.date_range("2018-01-01", periods=40, freq="MS")
    rows = "".join(f'\t"{m:%b}., {m.year}"\t"{m:%Y/%m}"\t{230000 + i}\tNot Applicable\n'
                   for i, m in enumerate(months))
    footer = ('"Total"\t\t\t9999999\tNot Applicable\n"---"\n"Dataset: Provisional Mortality '
              'Statistics"\n"Query Parameters:"\n"---"\n"Query Date: Mar 13, 2023 10:51:41 AM"\n'
              '"---"\nCaveats:\n"9. Deaths occurring through February 18, 2023 are included."\n')
    text = '"Notes"\t"Month"\t"Month Code"\tDeaths\tCrude Rate\n' + rows + footer
    s = load(write(tmp_path, text, "wonder.txt"))
    assert (s.time_col, s.target_col, len(s.time)) == ("Month Code", "Deaths", 40)
    assert s.values[-1, 0] == 230039
    assert any("notes under a rule ('Dataset: Provisional" in w for w in s.warnings)


def test_fitbit_s_sections_give_the_table_that_names_the_target(tmp_path):
    """Fitbit's export: 'Body' over its weekly table, a blank line, 'Activities' right over
    its daily header. Refused: 'line 31 has 10 fields but the header has 4'."""
    weeks = pd.date_range("2023-01-01", periods=20, freq="7D")
    days = pd.date_range("2023-01-01", periods=60)
    text = ("Body\nDate,Weight,BMI,Fat\n" + "".join(f'"{w:%m/%d/%Y}","180.5","25.2","0"\n'
                                                    for w in weeks)
            + "\nActivities\nDate,Calories Burned,Steps,Distance\n"
            + "".join(f'"{d:%m/%d/%Y}","2,483","{7000 + i:,}","5.75"\n'
                      for i, d in enumerate(days)))
    path = write(tmp_path, text, "fitbit.csv")
    steps = load(path, target="Steps")
    assert steps.time.equals(days) and steps.values[-1, 0] == 7059
    assert any("read the table after a blank line, whose header names 'Steps' ('Activities')"
               in w for w in steps.warnings)
    assert load(path, target="Weight").time.equals(weeks)  # the first table's, as before
    with pytest.raises(InputError) as refused:  # no --target: the table below is said
        load(path)
    assert ("cannot tell which column to forecast; numeric columns: 'Weight', 'BMI', 'Fat' (of "
            "the first table; dropped 62 line(s) after the table, a blank line and another "
            "section below it ('Activities', whose columns are 'Date', 'Calories Burned', "
            "'Steps', 'Distance'): --target reads it)") in refused.value.describe()


def test_a_rule_between_a_long_file_s_series_is_no_footer_and_a_target_any_case(tmp_path):
    """'----------' between tickers cut the file at the first (the rest 'notes under a rule');
    --target 'Close' picked the benchmark's section under the portfolio's 'close'."""
    days = pd.date_range("2024-01-01", periods=30)
    ruled = "Symbol,Date,Close\n" + "----------\n".join(
        "".join(f"{t},{d:%Y-%m-%d},{100 + i}.5\n" for i, d in enumerate(days))
        for t in ("AAPL", "MSFT"))
    with pytest.raises(InputError):  # refused, as before, for the rule's empty date
        load(write(tmp_path, ruled, "ruled.csv"))
    two = "date,close\n" + "".join(f"{d:%Y-%m-%d},{100 + i}.5\n" for i, d in enumerate(days))
    two += "\nBenchmark\nDate,Close\n" + "".join(f"{d:%Y-%m-%d},{5000 + i}\n"
                                                for i, d in enumerate(days))
    first = load(write(tmp_path, two, "two.csv"), target="Close")
    assert first.values[-1, 0] == 129.5


def test_investing_com_s_summary_line_under_its_prices_is_dropped(tmp_path):
    """'Highest: 4,818.62 Lowest: 3,103.78 ... Average: 4,060.91', the page's summary under
    the table, was refused as a date ('Highest: 4' at row 253)."""
    days = pd.bdate_range("2024-01-02", periods=40)[::-1]
    text = '"Date","Price","Open","Vol.","Change %"\n' + "".join(
        f'"{d:%b %d, %Y}","{4000 + i:,}.50","{3990 + i:,}.00","51.52M","-0.62%"\n'
        for i, d in enumerate(days))
    text += "Highest: 4,818.62 Lowest: 3,103.78 Difference: 1,714.84 Average: 4,060.91\n"
    s = load(write(tmp_path, text, "investing.csv"), target="Price")
    assert len(s.time) == 40 and s.values[-1, 0] == 4000.5
    assert any("dropped 1 summary row(s) at the end ('Highest: 4'" in w for w in s.warnings)


def test_crsp_s_prc_is_the_price_and_its_negative_midpoints_their_size(tmp_path):
    """WRDS's export of CRSP's daily stock file: 'PRC' was no target ('cannot tell which
    column'), and named, its days without a trade (minus the bid/ask average) were forecast
    as negative prices (Apple at -56.00)."""
    days = pd.bdate_range("2024-01-02", periods=60)
    rows = []
    for permno, ticker, base in ((14593, "AAPL", 180.0), (10107, "MSFT", 370.0)):
        for i, d in enumerate(days):
            price = base + i / 4
            rows.append(f"{permno},{d:%Y%m%d},{ticker},{-price if i % 17 == 5 else price:.2f},"
                        f"{1000 + i},0.001\n")
    path = write(tmp_path, "PERMNO,date,TICKER,PRC,VOL,RET\n" + "".join(rows), "dsf.csv")
    panel = load(path)
    assert (panel.id_col, panel.target_col) == ("PERMNO", "PRC")
    assert (panel.target > 0).all() and panel.target[5] == 180 + 5 / 4
    assert any("writes 8 price(s) below 0, as CRSP writes a bid/ask average" in w
               for w in panel.warnings)


def test_a_prc_column_beside_no_crsp_column_keeps_its_negative_values(tmp_path):
    """An hourly power price named 'prc' goes below 0 for hours: no CRSP file (no PERMNO,
    RET or SHROUT beside it), so its negatives are prices, not bid/ask averages."""
    hours = pd.date_range("2024-04-01", periods=300, freq="h")
    price = np.round(40 * np.sin(np.arange(300) * 2 * np.pi / 24) + 20, 2)
    path = write(tmp_path, "datetime,prc\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},{p}\n" for t, p in zip(hours, price, strict=True)), "power.csv")
    panel = load(path)
    assert panel.target.min() < 0 and not any("CRSP" in w for w in panel.warnings)


def test_the_format_named_for_dates_rewritten_before_reading_shows_the_file_s_own(tmp_path):
    """Mongolian meat prices dated '2018.01.03' were said to be read with format %Y-%m-%d,
    which no cell of the file holds (set 19): the note shows a cell and how it was read."""
    weeks = pd.date_range("2018-01-03", periods=60, freq="W-WED")
    path = tmp_path / "beef.csv"
    path.write_text("date,price\n" + "".join(f"{t:%Y.%m.%d},{14000 + i}\n"
                                             for i, t in enumerate(weeks)))
    s = load_panel(path, DataSpec())
    assert list(s.time) == list(weeks)
    assert ("time column: 'date' (format %Y-%m-%d; the file's '2018.01.03' read as "
            "'2018-01-03')") in s.notes
