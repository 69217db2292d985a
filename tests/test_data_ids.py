"""Which column of a long file names its series (``data.ids``): detected and stated, or none,
with a warning, where the rows take turns in time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series
from test_data_panels import long_file

from lstmcast.errors import InputError


def test_long_file_id_column_is_detected_and_stated(tmp_path):
    panel = load_series(long_file(tmp_path))
    assert panel.layout == "long" and panel.id_col == "symbol"
    assert panel.ids == ("AAPL", "MSFT", "ZZZ")  # order of first appearance
    assert panel.freq == "B"
    assert panel.lengths.tolist() == [len(pd.bdate_range("2020-01-01", "2020-12-31")),
                                      len(pd.bdate_range("2020-03-02", "2020-12-31")),
                                      len(pd.bdate_range("2020-06-01", "2020-11-30"))]
    assert any("id column: 'symbol' (named like an id" in n for n in panel.notes)
    msft = panel.series(1)
    assert msft.time[0] == pd.Timestamp("2020-03-02") and msft.time.is_monotonic_increasing

@pytest.mark.parametrize("shuffled", [False, True])
def test_a_long_file_appended_to_itself_still_names_its_series(tmp_path, shuffled):
    """Its copies repeat every (symbol, time) pair: they are dropped as exact duplicates, not
    taken for times that repeat with different values in one series."""
    path = long_file(tmp_path)
    frame = pd.read_csv(path, dtype=str)
    twice = pd.concat([frame, frame])
    if shuffled:
        twice = twice.sample(frac=1.0, random_state=0)
    twice.to_csv(path, index=False)
    panel, once = load_series(path), load_series(long_file(tmp_path, name="once.csv"))
    assert panel.id_col == "symbol" and panel.by_id().ids == once.by_id().ids
    np.testing.assert_array_equal(panel.by_id().target, once.by_id().target)
    assert any("exact duplicate row(s)" in n for n in panel.notes)


def test_long_file_with_an_unnamed_text_id_is_detected_with_its_reason(tmp_path):
    panel = load_series(long_file(tmp_path, id_name="what"))
    assert panel.id_col == "what"
    assert any("the only text column" in n for n in panel.notes)

def test_two_text_columns_that_name_the_same_series_take_the_first(tmp_path):
    """A company and its sector, one each (neither named like an id): one way to part the rows,
    not a question to ask. Where two companies share a sector, the company alone fits."""
    path = long_file(tmp_path, id_name="company")
    frame = pd.read_csv(path)
    one_each = {"AAPL": "Tech", "MSFT": "Software", "ZZZ": "Energy"}
    frame.insert(2, "sector", frame["company"].map(one_each))
    frame.to_csv(path, index=False)
    panel = load_series(path)
    assert (panel.id_col, panel.ids) == ("company", ("AAPL", "MSFT", "ZZZ"))
    assert any("id column: 'company' (its values repeat while the times repeat; 'sector' names "
               "the same series)" in n for n in panel.notes)
    frame["sector"] = frame["company"].map({**one_each, "MSFT": "Tech"})
    frame.to_csv(path, index=False)
    assert load_series(path).id_col == "company"
    renamed = (frame["company"] == "ZZZ") & (frame["date"] >= "2020-09-01")
    frame["sector"] = np.where(renamed, "ZZY", frame["company"])  # a ticker renamed mid-way
    frame.to_csv(path, index=False)  # two partings that differ: which one is asked
    with pytest.raises(InputError, match="may name several series"):
        load_series(path)

def test_series_that_share_no_time_are_one_series_with_a_warning(tmp_path):
    """Two sensors, one on the hour, one at half past, or one ticker after another: no time
    repeats, so nothing says they are several series (a renamed ticker is one). They are read
    as one, and a warning names the column to split them by: their rows together keep one step
    (half-hourly; hourly for a sensor_id that alternates each hour), as one series' do, unlike
    weeks that end on a Sunday in one series and on a Monday in another
    (``test_panels_cli``). A day name is no id."""
    rows = []
    for sid, start, level in (("north", "2021-03-01 00:00", 100), ("south", "2021-03-01 00:30", 5)):
        for i, t in enumerate(pd.date_range(start, periods=60, freq="h")):
            rows.append(f"{sid},{t:%Y-%m-%d %H:%M},{level + i % 24}")
    path = tmp_path / "sensors.csv"
    path.write_text("sensor_id,time,value\n" + "\n".join(rows) + "\n")
    one = load_series(path)
    assert len(one) == 1
    assert any("'sensor_id' holds 2 values ('north', 'south') but no time repeats" in w
               for w in one.warnings)
    assert load_series(path, id_col="sensor_id").ids == ("north", "south")
    hours = pd.date_range("2021-03-01", periods=120, freq="h")  # sensors alternating hourly
    path.write_text("sensor_id,time,value\n" + "".join(
        f"{'S1' if i % 2 else 'S2'},{t:%Y-%m-%d %H:%M},{50 + i % 24}\n"
        for i, t in enumerate(hours)))
    assert len(load_series(path)) == 1  # the rows together are hourly: turns of one series
    days = pd.date_range("2021-01-01", periods=80, freq="D")
    path = tmp_path / "days.csv"
    path.write_text("date,day_name,sales\n" + "".join(
        f"{d:%Y-%m-%d},{d:%A},{100 + i}\n" for i, d in enumerate(days)))
    daily = load_series(path)
    assert (len(daily), daily.freq, daily.warnings) == (1, "D", ())


def test_sensors_reporting_at_times_of_their_own_are_series_once_on_steps(tmp_path):
    """Home Assistant's history: each entity writes a row when its state changes, so no time
    repeats; put on hours by --every, the two had been averaged into one series (a living
    room's 21 and the outdoors' 6: 13.5). A ticker renamed (one after the other) stays one."""
    rng = np.random.default_rng(0)
    rows = [(sid, pd.Timestamp("2024-01-05") + pd.Timedelta(seconds=2 * int(s) + odd), level)
            for odd, (sid, level) in enumerate((("sensor.living_room", 21.0),
                                                ("sensor.outdoor", 6.0)))
            for s in np.sort(rng.choice(24 * 3600, 150, replace=False))]  # never at one time
    path = tmp_path / "history.csv"
    pd.DataFrame(rows, columns=["entity_id", "last_changed", "state"]).to_csv(path, index=False)
    hourly = load_series(path, every="h", duplicates="mean")
    assert hourly.ids == ("sensor.living_room", "sensor.outdoor")
    assert hourly.id_col == "entity_id" and hourly.freq == "h"
    renamed = pd.DataFrame(rows[:150], columns=["entity_id", "last_changed", "state"])
    renamed.loc[75:, "entity_id"] = "sensor.lounge"
    renamed.to_csv(path, index=False)
    one = load_series(path, every="h", duplicates="mean")
    assert len(one) == 1 and any("no time repeats" in w for w in one.warnings)
    # a shop's customers, each buying on a few of its days: the shop's sales, one series
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        np.sort(rng.choice(90 * 86400, 400, replace=False)), unit="s")
    pd.DataFrame({"customer_id": [f"C{k:02d}" for k in rng.integers(0, 40, 400)],
                  "time": stamps, "amount": rng.integers(5, 50, 400)}).to_csv(path, index=False)
    sales = load_series(path, every="D", duplicates="sum", fill="zero")
    assert len(sales) == 1 and sales.freq == "D"
    # four sensors, each reporting a few times a day: four series, however sparse
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        np.sort(rng.choice(14 * 86400, 240, replace=False)), unit="s")
    pd.DataFrame({"last_changed": stamps, "entity_id": [f"sensor.s{k}" for k in range(4)] * 60,
                  "state": [15.0, 20.0, 25.0, 30.0] * 60}).to_csv(path, index=False)
    assert len(load_series(path, every="h", duplicates="mean")) == 4


@pytest.mark.parametrize("col", ["close", "volume"])
def test_an_id_column_of_a_value_per_row_is_refused_naming_the_column(tmp_path, col):
    """'--id-col close': each price named a series of a row or two, refused as 'series
    '66.4': too irregular', naming neither the column nor the flag (a user round's R7)."""
    path = long_file(tmp_path)
    frame = pd.read_csv(path)
    frame["volume"] = np.arange(len(frame)) * 7 + 1000
    frame.to_csv(path, index=False)
    with pytest.raises(InputError) as caught:
        load_series(path, id_col=col)
    said = caught.value.describe(None)
    assert f"column {col!r} does not name series" in said and "--id-col" in said
    assert load_series(path, id_col="symbol").ids == ("AAPL", "MSFT", "ZZZ")


def test_an_id_column_of_dotted_codes_is_named_by_id_col(tmp_path):
    """Imports of five HS subheadings ('8471.30'), 72 months each: codes with a dot, each of
    many rows, name series (a review: refused as numbers with decimals)."""
    months = pd.date_range("2018-01-01", periods=72, freq="MS")
    rows = [f"{m:%Y-%m},{code},{1000 + i}" for code in ("8471.30", "8471.41", "8471.49",
                                                         "8517.12", "8542.31")
            for i, m in enumerate(months)]
    path = tmp_path / "hs.csv"
    path.write_text("month,hs_code,value_usd\n" + "\n".join(rows) + "\n")
    assert len(load_series(path, id_col="hs_code", target="value_usd").ids) == 5


def test_an_id_column_of_many_one_row_series_beside_long_ones_is_no_value(tmp_path):
    """Three stores of 120 days and 300 products of a row each (launched yesterday): their
    ids are no measured values, named by --id-col as when detected (a review)."""
    days = pd.date_range("2024-01-01", periods=120)
    rows = [f"{d:%Y-%m-%d},{s},{10 + i % 7}" for s in "ABC" for i, d in enumerate(days)]
    rows += [f"{days[-1]:%Y-%m-%d},N{k:03d},{k % 5 + 1}" for k in range(300)]
    path = tmp_path / "stores.csv"
    path.write_text("date,store,units\n" + "\n".join(rows) + "\n")
    assert load_series(path, id_col="store").ids[:3] == ("A", "B", "C")


def test_the_advice_for_repeated_times_never_names_the_values(tmp_path):
    """'date,store,units' with two rows a store a day: '--id-col store,units' was advised,
    then 'no numeric column to forecast'."""
    days = pd.date_range("2023-01-01", periods=30, freq="D")
    path = tmp_path / "units.csv"
    path.write_text("date,store,units\n" + "".join(
        f"{d:%Y-%m-%d},{s},{(i * 7 + k) % 6}\n" for i, d in enumerate(days)
        for s in ("A", "B") for k in range(2)))
    with pytest.raises(InputError) as caught:
        load_series(path)
    assert "pass --id-col store to forecast each" in caught.value.describe(None)

def test_weather_stations_named_by_letters_and_digits_are_the_series(tmp_path):
    # NOAA's daily summaries: STATION is an id ('USW00094728'), not a number of a currency.
    days = pd.date_range("2020-01-01", periods=40, freq="D").strftime("%Y-%m-%d")
    rows = [f"{station},{d},{40 + i % 9 + k}" for k, station in
            enumerate(["USW00094728", "USW00014732"]) for i, d in enumerate(days)]
    (tmp_path / "noaa.csv").write_text("STATION,DATE,TMAX\n" + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "noaa.csv")
    assert panel.id_col == "STATION" and panel.ids == ("USW00094728", "USW00014732")
    assert panel.target_col == "TMAX" and panel.freq == "D"

@pytest.mark.parametrize("header", ["CountryCode", "countryCode", "StationID"])
def test_an_id_named_in_camel_case_is_named_like_an_id(tmp_path, header):
    """The World Bank's numeric 'CountryCode' beside 'Inflation': not a second numeric column
    to choose between."""
    rows = [f"{y},{c},{(c % 7) + y % 5 / 10:.2f}" for c in (276, 250, 380)
            for y in range(1991, 2024)]
    (tmp_path / "wb.csv").write_text(f"Year,{header},Inflation\n" + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "wb.csv")
    assert (panel.id_col, panel.target_col, panel.ids) == (header, "Inflation",
                                                           ("276", "250", "380"))


def test_a_ticker_names_the_series_before_a_company_name(tmp_path):
    days = pd.bdate_range("2024-01-01", periods=40)
    rows = [f"{d:%Y-%m-%d},{name},{sym},{100 + i}" for sym, name in (("AAPL", "Apple Inc."),
            ("MSFT", "Microsoft Corp.")) for i, d in enumerate(days)]
    (tmp_path / "c.csv").write_text("Date,CompanyName,Symbol,Close\n" + "\n".join(rows))
    assert load_series(tmp_path / "c.csv").id_col == "Symbol"


@pytest.mark.parametrize("renamed", [False, True])
def test_moex_s_security_code_names_the_series_before_its_display_name(tmp_path, renamed):
    """MOEX's 'SHORTNAME' came first and was taken for the id ('ГАЗПРОМ ао' for GAZP); where a
    company was renamed ('Yandex clA' then 'ЯНДЕКС-ао'), the two columns parted the rows
    differently and the file was refused (a helper's round)."""
    days = pd.bdate_range("2024-01-01", periods=40)
    names = {"GAZP": ["ГАЗПРОМ ао"] * 40,
             "YNDX": ["Yandex clA"] * 20 + ["ЯНДЕКС-ао" if renamed else "Yandex clA"] * 20}
    rows = [f"{d:%Y-%m-%d},{names[sec][i]},{sec},{100 + i}" for sec in names
            for i, d in enumerate(days)]
    (tmp_path / "m.csv").write_text("TRADEDATE,SHORTNAME,SECID,CLOSE\n" + "\n".join(rows))
    panel = load_series(tmp_path / "m.csv")
    assert (panel.id_col, panel.ids) == ("SECID", ("GAZP", "YNDX"))


def test_taiwan_s_numeric_security_code_names_the_series(tmp_path):
    """TWSE's '證券代號' (2330, 2317) was not found: 代號 was no id word."""
    days = pd.bdate_range("2024-01-01", periods=40)
    rows = [f"{d:%Y-%m-%d},{code},{100 + k + i / 10:.1f}" for k, code in enumerate((2330, 2317))
            for i, d in enumerate(days)]
    (tmp_path / "tw.csv").write_text("日期,證券代號,收盤價\n" + "\n".join(rows), encoding="utf-8")
    panel = load_series(tmp_path / "tw.csv", target="收盤價")
    assert (panel.id_col, panel.ids) == ("證券代號", ("2330", "2317"))


def test_a_log_of_a_line_a_unit_sold_stays_one_series_to_total(tmp_path):
    """Some rows repeat (two espressos sold that day): not a file appended to itself, whose
    rows all repeat; with --duplicates sum it is the day's takings, as before."""
    rng = np.random.default_rng(0)
    days = pd.date_range("2024-01-01", periods=60)
    rows = [f"{d:%Y-%m-%d},{item},{price}" for d in days for item, price in
            (("Espresso", 2.5), ("Latte", 3.5), ("Muffin", 3.0))
            for _ in range(int(rng.integers(1, 4)))]
    (tmp_path / "pos.csv").write_text("Date,Item,Price\n" + "\n".join(rows))
    panel = load_series(tmp_path / "pos.csv", duplicates="sum", fill="zero")
    assert panel.id_col is None and len(panel) == 1 and len(panel.time) == 60


def test_numbers_named_with_an_id_word_are_values_unless_they_share_times(tmp_path):
    # A central bank's key rate, constant for months, beside the exchange rate; one row twice
    days = pd.date_range("2022-01-01", periods=60, freq="D")
    rows = [f"{d:%Y-%m-%d},{70 + i / 10:.2f},{8 if i < 30 else 9.5}" for i, d in enumerate(days)]
    (tmp_path / "rub.csv").write_text("date,usd_rub,key_rate\n" + "\n".join(rows + rows[-1:]))
    panel = load_series(tmp_path / "rub.csv", target="usd_rub")
    assert len(panel) == 1 and len(panel.time) == 60

def test_an_id_column_with_blanks_yields_to_one_without(tmp_path):
    # Our World in Data: Entity names every series; Code is empty for regions.
    years = range(1990, 2010)
    rows = [f"{entity},{code},{y},{k + 0.1 * (y - 1990)}" for k, (entity, code) in
            enumerate([("Afghanistan", "AFG"), ("Africa", ""), ("World", "OWID_WRL")])
            for y in years]
    (tmp_path / "owid.csv").write_text("Entity,Code,Year,Annual CO2 emissions (per capita)\n"
                                       + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "owid.csv")
    assert panel.id_col == "Entity" and panel.ids == ("Afghanistan", "Africa", "World")

def test_a_column_named_like_an_id_names_series_that_hand_over(tmp_path):
    # Sensor S1 until the 30th, S2 from then on, one hour shared: two series, not one
    # series with a repeated hour (as a clock change would make).
    hours = pd.date_range("2021-01-01", periods=24 * 30, freq="h")
    rows = [f"S1,{t:%Y-%m-%d %H:%M},{i % 24}" for i, t in enumerate(hours)]
    rows += [f"S2,{t:%Y-%m-%d %H:%M},{50 + i % 24}" for i, t in
             enumerate(pd.date_range(hours[-1], periods=24 * 30, freq="h"))]
    (tmp_path / "sensors.csv").write_text("sensor_id,time,temp\n" + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "sensors.csv")
    assert panel.id_col == "sensor_id" and panel.ids == ("S1", "S2")

def test_weeks_on_different_weekdays_numbered_by_a_store_id_are_series(tmp_path):
    """No stamp repeats when each store's week ends on its own weekday: a numeric id column
    named as ids are (store_id 1, 2) parts them, as a text one does."""
    rows = [f"{sid},{t:%Y-%m-%d},{100 + sid + i % 52}\n" for sid, start in ((1, "2019-01-06"),
                                                                          (2, "2019-01-07"))
            for i, t in enumerate(pd.date_range(start, periods=120, freq="7D"))]
    path = tmp_path / "stores.csv"
    path.write_text("store_id,week,sales\n" + "".join(rows))
    p = load_series(path)
    assert p.ids == ("1", "2") and p.freq == "7D" and list(p.lengths) == [120, 120]


def test_a_yes_or_no_flag_of_the_hour_the_clocks_repeat_names_no_series(tmp_path):
    """ERCOT's prices: 'Repeated Hour Flag' is N, and Y on the second of the hour the clocks
    repeat in November. It marks a row; it names no series (before: a series 'Y' of one
    row, forecast from November on). The repeated hour is averaged, said."""
    starts = pd.date_range("2023-10-25", periods=24 * 15, freq="h")
    rows = [(t, "N") for t in starts]
    repeat = rows.index((pd.Timestamp("2023-11-05 01:00"), "N"))
    rows.insert(repeat + 1, (pd.Timestamp("2023-11-05 01:00"), "Y"))
    path = tmp_path / "ercot.csv"
    path.write_text("Delivery Date,Hour Ending,Repeated Hour Flag,Settlement Point,Price\n"
                    + "".join(f"{t:%m/%d/%Y},{t.hour + 1:02d}:00,{flag},HB_HOUSTON,"
                              f"{30 + i % 24}.5\n" for i, (t, flag) in enumerate(rows)))
    s = load_series(path)
    assert s.freq == "h" and len(s.time) == 24 * 15
    assert any("repeated" in n for n in s.notes)


def _payments(seed: int = 3, rows: int = 600):
    """A payment log: a minute's time of each payment, a customer's name, its amount."""
    rng = np.random.default_rng(seed)
    times = pd.Timestamp("2023-01-01 08:00") + pd.to_timedelta(
        np.cumsum(rng.exponential(240, rows)).round(), unit="min")
    return times, [f"Customer {n}" for n in rng.integers(1, 40, rows)], rng.uniform(5, 300, rows)


def test_a_log_s_customers_name_no_series_nor_do_its_times_of_day(tmp_path):
    """Date, Time, Name, Amount (PayPal's download): the times of day join the dates, and the
    customers, who buy at any hour, are no series each at its own hour. Before, the time
    column was taken for the series' names and the run refused 'a frequency for 19:52'."""
    times, names, amounts = _payments()
    (tmp_path / "log.csv").write_text("Date,Time,Name,Amount\n" + "".join(
        f"{t:%Y-%m-%d},{t:%H:%M},{n},{a:.2f}\n" for t, n, a in zip(times, names, amounts,
                                                                strict=True)))
    panel = load_series(tmp_path / "log.csv", every="D", duplicates="sum", fill="zero")
    assert (panel.time_col, panel.id_col, len(panel), panel.freq) == ("Date+Time", None, 1, "D")


def test_a_second_timestamp_names_no_series_and_none_says_one_series(tmp_path):
    """Stripe's 'Available On (UTC)' beside 'Created (UTC)', a few minutes twice: before, it
    was taken for the series' names (one row each) and the error named no id column."""
    times, _, amounts = _payments(rows=400)
    times = times.floor("h")  # some hours twice
    text = "id,Net,Created (UTC),Available On (UTC)\n" + "".join(
        f"txn_{i:05d},{a:.2f},{t:%Y-%m-%d %H:%M},{t + pd.Timedelta(days=2):%Y-%m-%d %H:%M}\n"
        for i, (t, a) in enumerate(zip(times, amounts, strict=True)))
    (tmp_path / "stripe.csv").write_text(text)
    panel = load_series(tmp_path / "stripe.csv", target="Net", every="D", duplicates="sum",
                        fill="zero")
    assert (panel.time_col, panel.id_col, len(panel)) == ("Created (UTC)", None, 1)
    # a column that would name series: --id-col none reads the rows as one series all the same
    days = pd.date_range("2024-01-01", periods=30)
    (tmp_path / "two.csv").write_text("date,store,sales\n" + "".join(
        f"{d:%Y-%m-%d},{s},{k}\n" for k, d in enumerate(days) for s in "AB"))
    assert load_series(tmp_path / "two.csv").id_col == "store"
    panel = load_series(tmp_path / "two.csv", id_col="none", duplicates="sum")
    assert (panel.id_col, len(panel)) == (None, 1) and panel.target[1] == 2  # A and B summed
    assert any("id column: none" in note for note in panel.notes)


def test_series_named_like_amounts_of_a_currency_are_names(tmp_path):
    """The Swiss National Bank's rates: series 'EUR1' and 'USD1' (1 of each), one block after
    the other. They read as numbers (1 euro, 1 dollar), one number for two names: names. Before,
    the file was refused as 'several series with no column naming each'."""
    months = pd.date_range("2012-01-01", periods=40, freq="MS")
    (tmp_path / "snb.csv").write_text('"Date";"D0";"Value"\n' + "".join(
        f'"{m:%Y-%m}";"{code}";"{1.1 + 0.01 * i:.4f}"\n' for code in ("EUR1", "USD1")
        for i, m in enumerate(months)))
    panel = load_series(tmp_path / "snb.csv")
    assert (panel.id_col, panel.ids, panel.freq) == ("D0", ("EUR1", "USD1"), "MS")


def test_tickers_each_at_its_own_last_trade_time_are_the_series(tmp_path):
    """Date, Time (each symbol's last trade, a few minutes apart from day to day), Symbol,
    Price: three daily series, the times of day a value of theirs. The customers' rule
    (above) must leave them so: a review found the times joined to the dates and refused."""
    rng = np.random.default_rng(2)
    days = pd.bdate_range("2022-01-03", periods=60)
    closes = {"AAA": "15:5", "BBB": "16:5", "CCC": "17:2"}
    (tmp_path / "last.csv").write_text("Date,Time,Symbol,Price\n" + "".join(
        f"{d:%Y-%m-%d},{at}{rng.integers(0, 10)},{sym},{100 + i}\n"
        for i, d in enumerate(days) for sym, at in closes.items()))
    panel = load_series(tmp_path / "last.csv")
    assert (panel.time_col, panel.id_col, panel.ids, panel.freq) == (
        "Date", "Symbol", ("AAA", "BBB", "CCC"), "B")


def test_the_advice_names_every_column_that_parts_the_series(tmp_path):
    """ABS's SDMX-CSV: an index and its change (MEASURE 1 and 2) per REGION; the advice named
    REGION alone, which then failed and advised --duplicates, averaging the two."""
    quarters = [f"{y}-Q{q}" for y in range(2010, 2020) for q in range(1, 5)]
    path = tmp_path / "abs.csv"
    path.write_text("DATAFLOW,MEASURE,REGION,FREQ,TIME_PERIOD,OBS_VALUE\n" + "".join(
        f"ABS:CPI,{m},{r},Q,{t},{90 + i if m == 1 else 0.5}\n"
        for i, t in enumerate(quarters) for r in (1, 2) for m in (1, 2)))
    with pytest.raises(InputError) as caught:
        load_series(path)
    assert "pass --id-col REGION,MEASURE to forecast each" in caught.value.describe(None)
    assert len(load_series(path, id_col="REGION,MEASURE")) == 4


def test_an_orders_total_on_its_first_line_item_makes_no_product_an_id(tmp_path):
    """Shopify's orders export: a row per line item, the order's Total on its first line only.
    'Lineitem name' (named like an id) made each product a series of the totals of the orders
    it came first in; the total of each day is one series."""
    rng = np.random.default_rng(0)
    rows, totals = [], {}
    for k, stamp in enumerate(pd.date_range("2023-01-01 09:00", periods=120, freq="7h")):
        items = rng.choice(["Mug", "Tee", "Cap", "Bag"], size=rng.integers(1, 4), replace=False)
        total = round(float(rng.uniform(10, 90)), 2)
        totals[stamp.normalize()] = totals.get(stamp.normalize(), 0) + total
        rows += [(f"#{1000 + k}", f"{stamp:%Y-%m-%d %H:%M:%S}", total if i == 0 else "", item)
                 for i, item in enumerate(items)]
    path = tmp_path / "orders_export.csv"
    pd.DataFrame(rows, columns=["Name", "Created at", "Total", "Lineitem name"]).to_csv(
        path, index=False)
    s = load_series(path, time_col="Created at", target="Total", every="D", duplicates="sum",
                    fill="zero")
    assert len(s.ids) == 1 and s.id_col is None
    np.testing.assert_allclose(s.target, list(totals.values())[:-1])  # (its last day running)
    assert any(w.startswith("id column: none ('Lineitem name' is not one: 'Total' is written "
                            "on one row of each time alone") for w in s.warnings)
    flipped = tmp_path / "oldest_first.csv"  # the order's total on its last line item then
    pd.read_csv(path, dtype=str).iloc[::-1].to_csv(flipped, index=False)
    assert load_series(flipped, time_col="Created at", target="Total", every="D",
                       duplicates="sum", fill="zero").id_col is None
    # stores of which one sold a day, whichever: their sales stay the stores' (not totalled)
    rng = np.random.default_rng(1)
    days = pd.date_range("2023-01-01", periods=60)
    sold = rng.integers(0, 3, len(days))
    pd.DataFrame([(f"{d:%Y-%m-%d}", store, 5 if k == sold[i] else "") for i, d in enumerate(days)
                  for k, store in enumerate("ABC")], columns=["date", "store", "sales"]).to_csv(
        tmp_path / "stores.csv", index=False)
    stores = load_series(tmp_path / "stores.csv", duplicates="sum", fill="zero")
    assert list(stores.ids) == ["A", "B", "C"]
    sales = load_series(path, time_col="Created at", target="Total", every="D",
                        duplicates="sum", fill="zero", id_col="Lineitem name")
    assert len(sales.ids) == 4  # named by the user: taken


def test_a_value_written_with_its_interval_names_no_series(tmp_path):
    """The WHO's GHO export writes each value again as display text, '69.9 [68.9-70.9]': that
    column was taken as the id (one series a value); the columns that part the rows are
    advised instead."""
    rows = [(country, year, sex, v, f"{v:.1f} [{v - 1:.1f}-{v + 1:.1f}]")
            for c, country in enumerate(("Germany", "France")) for year in range(1980, 2020)
            for sex, v in (("Male", 60 + 10 * c + year % 4), ("Female", 65 + 10 * c + year % 4))]
    path = tmp_path / "who.csv"
    pd.DataFrame(rows, columns=["Location", "Period", "Dim1", "FactValueNumeric", "Value"]).to_csv(
        path, index=False)
    with pytest.raises(InputError) as info:
        load_series(path, target="FactValueNumeric")
    assert "pass --id-col Location,Dim1" in info.value.describe(None)
    fips = tmp_path / "fips.csv"  # a code and its name in brackets is an id still
    pd.DataFrame([(f"2023-01-{d:02d}", place, d) for place in ("06037 (Los Angeles)",
                  "36061 (New York)") for d in range(1, 29)],
                 columns=["date", "location", "pm25"]).to_csv(fips, index=False)
    assert load_series(fips).id_col == "location"


@pytest.mark.parametrize("name", ["cusip", "ISIN", "permno"])
def test_a_securitys_identifier_names_the_series_in_any_row_order(tmp_path, name):
    """'date,cusip,close' sorted by CUSIP then date was refused ('the times start over ... no
    column naming each') while sorted by date it was read: its name now says what it is."""
    days = pd.date_range("2019-01-01", periods=400)
    codes = ["037833100", "594918104", "00206R102"]  # (the first rows' codes all digits)
    path = tmp_path / "sec.csv"
    pd.DataFrame([(f"{d:%Y-%m-%d}", code, 100 + k + i / 10) for k, code in enumerate(codes)
                  for i, d in enumerate(days)], columns=["date", name, "close"]).to_csv(
        path, index=False)
    panel = load_series(path)
    assert panel.id_col == name and sorted(panel.ids) == sorted(codes)


def test_a_weather_condition_scattered_over_an_hourly_count_names_no_series(tmp_path):
    """UCI's Metro Interstate Traffic writes some hours twice, each with a condition ('Rain'
    beside 'Clouds') and the same volume: 'weather_main' was taken for an id, and a 'series
    Rain' refused as irregular (or, with --every h, forecast 95 % filled)."""
    hours = pd.date_range("2017-06-01", periods=24 * 40, freq="h")
    rows = []
    for i, t in enumerate(hours):
        rows.append(f"{280 + i % 7},Clouds,{t:%Y-%m-%d %H:%M:%S},{3000 + 100 * (i % 24)}")
        if i % 37 == 5:  # a second condition that hour
            rows.append(f"{280 + i % 7},Rain,{t:%Y-%m-%d %H:%M:%S},{3000 + 100 * (i % 24)}")
    (tmp_path / "metro.csv").write_text("temp,weather_main,date_time,traffic_volume\n"
                                        + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "metro.csv", target="traffic_volume")
    assert panel.id_col is None and panel.freq == "h" and len(panel.time) == len(hours)



def test_a_city_with_an_outage_is_still_a_series(tmp_path):
    """The review's: 'City' of three, Nice without rows for 41 months, was refused once each
    value had to run through its span (times repeat on most rows: a panel's series)."""
    months = pd.date_range("2018-01-01", periods=72, freq="MS")
    rows = [f"{m:%Y-%m},{c},{v + i}" for i, m in enumerate(months)
            for c, v in (("Lyon", 100), ("Nice", 50), ("Paris", 200))
            if not (c == "Nice" and 12 <= i < 53)]
    (tmp_path / "cities.csv").write_text("Month,City,Visitors\n" + "\n".join(rows) + "\n")
    panel = load_series(tmp_path / "cities.csv")
    assert panel.ids == ("Lyon", "Nice", "Paris")


def test_the_hour_an_autumn_clock_change_repeats_in_each_series_of_a_long_file(tmp_path):
    """Elexon's generation by fuel type: settlement periods 1..50 on the day the clocks go
    back, whole megawatts. The repeated hour of each fuel was refused as rows of several series
    named by the target ('--id-col fuelType,generation'); it is averaged, series by series, and
    said without calling the file's rows out of order."""
    days = pd.date_range("2023-10-25", "2023-11-02")
    rows = [(d, p, fuel, 1000 * k + p) for d in days
            for p in range(1, (50 if d == pd.Timestamp("2023-10-29") else 48) + 1)
            for k, fuel in enumerate(("CCGT", "WIND", "NUCLEAR"))]
    path = tmp_path / "fuelhh.csv"
    path.write_text("settlementDate,settlementPeriod,fuelType,generation\n" + "".join(
        f"{d:%Y-%m-%d},{p},{fuel},{mw}\n" for d, p, fuel, mw in rows))
    panel = load_series(path)
    assert panel.ids == ("CCGT", "WIND", "NUCLEAR") and panel.freq == "30min"
    wind = panel.series(1)
    at = dict(zip(wind.time, wind.target, strict=True))
    assert at[pd.Timestamp("2023-10-29 01:00")] == 1000 + (3 + 5) / 2
    assert at[pd.Timestamp("2023-10-29 02:00")] == 1000 + 7
    assert not any("not in time order" in n for n in panel.notes)
    assert any("repeated, as a clock change repeats an hour" in n for n in panel.notes)


def test_the_values_are_never_advised_as_an_id(tmp_path):
    """Two phones' step counts at the same times (Apple Health's records): the advice named
    the whole-number target as a second id column ('--id-col sourceName,value')."""
    times = pd.date_range("2024-01-01", periods=60, freq="h")
    path = tmp_path / "records.csv"
    rows = [(src, t, (i * 37 + k) % 20) for i, t in enumerate(times)
            for k, src in enumerate(("Anna's iPhone", "Anna's Watch", "Anna's iPhone")[
                : 3 if i % 5 == 0 else 2])]  # a phone's two records of one minute, now and then
    path.write_text("sourceName,startDate,value\n" + "".join(
        f"{src},{t:%Y-%m-%d %H:%M:%S},{v}\n" for src, t, v in rows))
    with pytest.raises(InputError) as refused:
        load_series(path)
    assert "--id-col sourceName " in refused.value.describe(("--id-col", "--duplicates"))


def test_an_id_is_taken_as_the_file_spells_it_where_one_alone_matches():
    """`--target japan` trains on 'Japan', then `predict --id japan` was 'no series' (a user
    round); a name composed either way is one ('Zürich'); ids alike but for case both in the
    file stay apart, each as given; an id of none is left as given, for the error to name."""
    import unicodedata

    from lstmcast.data.id_spelling import as_spelt

    present = ["Japan", "United Kingdom", "AB", "ab", "Z\u00fcrich", "Smith, J", "Brent,WTI"]
    assert as_spelt(["japan", "united  kingdom", "ab", "AB", "Ab", "Mars"], present) == [
        "Japan", "United Kingdom", "ab", "AB", "Ab", "Mars"]
    assert as_spelt([unicodedata.normalize("NFD", "Z\u00fcrich")], present) == ["Z\u00fcrich"]
    # --id 'Smith, J',AB unquoted reads 'Smith', 'J', 'AB': an id whose pieces they are
    assert as_spelt(["Smith", "J", "AB"], present) == ["Smith, J", "AB"]
    assert as_spelt(["Brent", "WTI", "japan"], present) == ["Brent,WTI", "Japan"]
    assert as_spelt(["J", "Smith"], present) == ["J", "Smith"]  # (not in that order)
    assert as_spelt(["Smith", "J"], [*present, "Smith"]) == ["Smith", "J"]  # 'Smith' is one


def test_series_interleaved_on_their_own_weekdays_name_their_column(tmp_path):
    """Weekly rows of north on Mondays, south on Wednesdays, east on Fridays under 'region'
    (no id-like name, no time twice) were refused as too irregular, with the advice to
    resample them into one series (--every; a user round): refused naming --id-col."""
    weeks = pd.date_range("2023-01-02", periods=40, freq="W-MON")
    rows = [f"{w + pd.Timedelta(days=d):%Y-%m-%d},{region},{100 + i + d}"
            for i, w in enumerate(weeks) for d, region in ((0, "north"), (2, "south"),
                                                           (4, "east"))]
    (tmp_path / "weekly.csv").write_text("week,region,units\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError, match=r"regular within each of column 'region''s 3 values "
                       r".*several series, each on its own steps") as err:
        load_series(tmp_path / "weekly.csv")
    assert "pass --id-col region to forecast each" in str(err.value.advice)
    panel = load_series(tmp_path / "weekly.csv", id_col="region")
    assert panel.ids == ("north", "south", "east") and panel.freq == "7D"  # (own weekdays)
    days = pd.date_range("2023-01-01", periods=60, freq="D")  # a note of a few values: no series
    rows = [f"{d:%Y-%m-%d %H:%M}" if i != 30 else f"{d:%Y-%m-%d} 13:17" for i, d in
            enumerate(days)]
    (tmp_path / "odd.csv").write_text("date,status,value\n" + "\n".join(
        f"{t},{'ok' if i % 2 else 'est'},{i}" for i, t in enumerate(rows)) + "\n")
    with pytest.raises(InputError) as err:
        load_series(tmp_path / "odd.csv")
    assert "--id-col" not in str(err.value)
    days = pd.date_range("2023-01-02", periods=120, freq="D")  # Mondays and Thursdays, named
    days = days[days.day_of_week.isin([0, 3])]  # (a review: told to split by the day names)
    (tmp_path / "twice.csv").write_text("date,weekday,sales\n" + "\n".join(
        f"{d:%Y-%m-%d},{d:%a},{i}" for i, d in enumerate(days)) + "\n")
    with pytest.raises(InputError) as err:
        load_series(tmp_path / "twice.csv")
    assert "--id-col" not in str(err.value.advice) and "too irregular" in str(err.value)
