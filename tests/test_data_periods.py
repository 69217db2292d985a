"""Times written as periods (``lstmcast.data.periods``): quarters, R's decimal years, years
numbered from 1."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.calendar import PERIOD_WRITERS, stamp_writer
from lstmcast.data.periods import (
    READERS,
    decimal_years,
    excel_days,
    half_years,
    iso_weeks,
    numbered_steps,
    numbered_years,
    quarters,
)
from lstmcast.errors import InputError


def test_quarters_as_statistics_offices_write_them():
    cells = pd.Series(["2000Q1", "2000-Q2", "2000 Q3", "Q4 2000", "2000Q5"])
    assert list(quarters(cells)) == [*pd.date_range("2000-01-01", periods=4, freq="QS"), pd.NaT]
    # a broker's '1Q23' (two-digit years as spreadsheets take them) and '3Q1999'
    cells = pd.Series(["1Q23", "2Q99", "3Q1999", "5Q23"])
    assert list(quarters(cells)) == [pd.Timestamp("2023-01-01"), pd.Timestamp("1999-04-01"),
                                     pd.Timestamp("1999-07-01"), pd.NaT]
    # trimestres, as Spain's INE writes them; an ISO time's 'T' is no quarter
    cells = pd.Series(["2000T1", "2000T2", "T3 2000", "2000-T4", "2000T5", "2000-01-01T1"])
    assert list(quarters(cells)) == [*pd.date_range("2000-01-01", periods=4, freq="QS"),
                                     pd.NaT, pd.NaT]


def test_quarters_in_words_are_quarters(tmp_path):
    """IBGE's '1º trimestre 2012' and the like were refused as no date."""
    cells = pd.Series(["1º trimestre 2012", "2º trimestre 2012", "3er trimestre 2012",
                       "4. Quartal 2012", "1st quarter 2013", "Quarter 2 2013", "Qtr 3 of 2013",
                       "4th Quarter, 2013", "5º trimestre 2013", "1º semestre 2013"])
    assert list(quarters(cells)) == [*pd.date_range("2012-01-01", periods=8, freq="QS"),
                                     pd.NaT, pd.NaT]
    path = tmp_path / "ibge.csv"
    path.write_text("Trimestre;Taxa\n" + "".join(
        f"{q}º trimestre {y};{8 + q / 10 + (y - 2012) / 5:.1f}\n".replace(".", ",")
        for y in range(2012, 2020) for q in range(1, 5)))
    s = load_series(path)
    assert (s.freq, s.time[-1], s.target[-1]) == ("QS-JAN", pd.Timestamp("2019-10-01"), 9.8)


@pytest.mark.parametrize("fmt, freq, first", [("quarters", "QS", "1999Q3"),
                                               ("quarters as 2000-Q1", "QS", "1999-Q3"),
                                               ("half years", "6MS", "1999-H2"),
                                               ("iso weeks", "W-MON", "1999-W52")])
def test_outputs_write_periods_as_periods_that_read_back(fmt, freq, first):
    # forecasts of a file of quarters are quarters ('2024Q3'), which --as-of reads again
    times = pd.date_range("1999-12-27" if freq == "W-MON" else "1999-07-01", periods=9,
                          freq=freq)
    written = [stamp_writer(times, fmt)(t) for t in times]
    assert written[0] == first and len(set(written)) == 9
    assert list(READERS[fmt](pd.Series(written))) == list(times)
    assert set(PERIOD_WRITERS) <= set(READERS)


def test_sdmx_quarters_are_written_back_as_the_data_writes_them(runner, in_tmp):
    """ECB's, Eurostat's and OECD's TIME_PERIOD '1996-Q1': forecasts and the live line are
    written so (they were '2012Q1' and '2010-10-01': no join to the data as text)."""
    from lstmcast.cli import app

    quarters = [f"{y}-Q{q}" for y in range(1996, 2012) for q in range(1, 5)]
    values = 90 + np.sin(np.arange(64) / 3) + np.arange(64) / 10
    for name, rows in (("train.csv", 60), ("all.csv", 64)):
        pd.DataFrame({"TIME_PERIOD": quarters[:rows], "OBS_VALUE": values[:rows].round(2)}
                     ).to_csv(name, index=False)
    assert load_series("train.csv").date_format == "quarters as 2000-Q1"
    done = runner.invoke(app, ["train", "train.csv", "--horizon", "2", "--epochs", "1",
                               "--hidden", "4"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "all.csv"])
    assert result.exit_code == 0, result.stderr
    assert [r.split(",")[0] for r in result.stdout.splitlines()[1:]] == ["2012-Q1", "2012-Q2"]
    assert re.search(r"^live: .* since 2010-Q4$", result.stderr, re.M), result.stderr


def test_periods_put_on_other_steps_are_written_as_dates(tmp_path):
    """--every YS of a file of quarters: its years are no quarters, written as ISO dates."""
    path = tmp_path / "q.csv"
    path.write_text("Period,v\n" + "".join(f"{y}Q{q},{y + q}\n" for y in range(2000, 2024)
                                           for q in range(1, 5)))
    assert load_series(path).date_format == "quarters"
    yearly = load_series(path, every="YS", duplicates="mean")
    assert (yearly.freq, yearly.date_format) == ("YS-JAN", None)


def test_half_years_as_statistics_offices_write_them(tmp_path):
    cells = pd.Series(["2000-H1", "2000H2", "H1 2001", "2001-S2", "2002S1", "2002-H3"])
    assert list(half_years(cells)) == [*pd.date_range("2000-01-01", periods=5, freq="6MS"),
                                       pd.NaT]
    path = tmp_path / "halves.csv"
    path.write_text("period,value\n" + "".join(f"{1990 + k // 2}-H{k % 2 + 1},{100 + k}\n"
                                               for k in range(40)))
    s = load_series(path)
    assert (s.freq, s.date_format) == ("6MS", "half years")
    assert list(s.time) == list(pd.date_range("1990-01-01", periods=40, freq="6MS"))


@pytest.mark.parametrize(("per_year", "freq"), [(12, "MS"), (4, "QS")])
def test_decimal_years_as_r_writes_a_ts_time(per_year, freq):
    times = pd.date_range("1949-01-01", periods=30, freq=freq)
    cells = pd.Series([f"{t.year + (t.month - 1) / 12:.4f}" for t in times])
    assert list(decimal_years(cells)) == list(times)


@pytest.mark.parametrize(("per_year", "days"),
                         [(365.25 / 7, 7), (52, 7), (365.25, 1), (365, 1)])
def test_decimal_years_of_weeks_and_days_as_r_writes_a_ts_time(per_year, days):
    # fpp2's gasoline: ts(frequency = 365.25 / 7, start = 1991.1); R writes 6 decimals
    cells = pd.Series([f"{1991.1 + k / per_year:.6f}" for k in range(400)])
    times = decimal_years(cells)
    assert (times.to_series().diff().dropna() == pd.Timedelta(days=days)).all()
    assert (times[0].year, times[0].month) == (1991, 2)
    # a row is dated alike in every file that holds it: the tail predict reads, the whole
    tail = decimal_years(cells.iloc[123:].reset_index(drop=True))
    assert list(tail) == list(times[123:])


def test_the_weeks_of_an_r_weekly_ts_are_its_calendar_weeks():
    # 365.25 / 7 weeks a year: 1991.1 is 36.5 days into 1991
    cells = pd.Series([f"{1991.1 + k * 7 / 365.25:.6f}" for k in range(60)])
    assert decimal_years(cells)[0] == pd.Timestamp("1991-02-06")


@pytest.mark.parametrize("cells", [["1949", "1950"], ["1949.3", "1949.7"], ["x", "1949.5"]])
def test_what_is_no_month_or_quarter_of_a_decimal_year_is_left(cells):
    # whole years are '%Y''s; 0.3 of a year is neither a month nor a quarter
    assert decimal_years(pd.Series(cells)).isna().all()


def test_an_r_export_of_a_monthly_ts_is_a_monthly_series(tmp_path):
    times = pd.date_range("1949-01-01", periods=48, freq="MS")
    path = tmp_path / "airpass.csv"
    path.write_text('"time","value"\n' + "".join(
        f"{t.year + (t.month - 1) / 12:.4f},{100 + i}\n" for i, t in enumerate(times)))
    s = load_series(path)
    assert (s.time_col, s.freq, s.date_format) == ("time", "MS", "decimal years")
    assert list(s.time) == list(times)
    assert load_series(path, date_format="decimal years").time.equals(s.time)


def test_excel_serial_dates_are_days_since_1899_12_30():
    cells = pd.Series(["44927", "44928", "45000.5"])
    assert list(excel_days(cells)) == [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-01-02"),
                                       pd.Timestamp("2023-03-15 12:00")]
    assert excel_days(pd.Series(["44927", "2023"])).isna().all()
    # given (--date-format excel), serials of any year from 1900-03-01; found, five digits
    old = pd.Series(["61", "17899", "17930"])  # 1900-03-01, 1949-01-01, 1949-02-01
    assert excel_days(old).isna().all() and excel_days(old[1:]).notna().all()
    assert list(excel_days(old, given=True)) == [pd.Timestamp("1900-03-01"),
                                                 pd.Timestamp("1949-01-01"),
                                                 pd.Timestamp("1949-02-01")]
    assert excel_days(pd.Series(["60", "61"]), given=True).isna().all()  # 1900's 29 February


def test_only_a_column_named_like_a_date_holds_excel_serials(tmp_path):
    days = pd.date_range("2023-01-01", periods=40, freq="D")
    path = tmp_path / "vol.csv"
    path.write_text("Fecha,Day Volume,Precio\n" + "".join(
        f"{d:%Y-%m-%d},{30000 + 97 * i % 9000},{i}\n" for i, d in enumerate(days)))
    s = load_series(path, target="Precio")
    assert s.time_col == "Fecha" and s.freq == "D"


def test_a_date_column_of_excel_serials_is_read(tmp_path):
    days = pd.date_range("2023-01-01", periods=40, freq="D")
    path = tmp_path / "sales.csv"
    path.write_text("Date,Sales\n" + "".join(
        f"{(d - pd.Timestamp('1899-12-30')).days},{i}\n" for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.freq, s.date_format) == ("D", "excel") and list(s.time) == list(days)


@pytest.mark.parametrize("header, sep, mark", [("Timestamp,kW", ",", "."),
                                               ("Zeitstempel;Leistung", ";", ",")])
def test_excel_serials_of_hours_under_a_timestamp_s_name_are_read(tmp_path, header, sep, mark):
    # a logger's 'Timestamp', a German export's 'Zeitstempel' with its decimal comma
    hours = pd.date_range("2024-01-01", periods=48, freq="h")
    serials = [f"{(t - pd.Timestamp('1899-12-30')) / pd.Timedelta(days=1):.6f}" for t in hours]
    path = tmp_path / "serials.csv"
    path.write_text(header + "\n" + "".join(f"{c.replace('.', mark)}{sep}{50 + i}\n"
                                            for i, c in enumerate(serials)))
    s = load_series(path)
    assert (s.freq, s.date_format) == ("h", "excel") and list(s.time) == list(hours)


def test_years_numbered_from_one_as_the_shampoo_series_writes_them(tmp_path):
    cells = pd.Series(["1-11", "1-12", "2-01", "2-02", "2-13", "x"])  # a footer: no month
    assert list(numbered_years(cells)) == [pd.Timestamp(t) for t in (
        "1901-11-01", "1901-12-01", "1902-01-01", "1902-02-01")] + [pd.NaT, pd.NaT]
    assert numbered_years(pd.Series(["2-01", "2-02"])).isna().all()  # no year 1: not these
    # months of 2001.. written month first, days of months: not months that follow each other
    for other in ([f"{m}-{y:02d}" for y in (1, 2) for m in range(1, 13)],
                  [f"{d}-{m:02d}" for m in (1, 2) for d in range(1, 29)]):
        assert numbered_years(pd.Series(other)).isna().all()
    path = tmp_path / "shampoo.csv"
    path.write_text('"Month","Sales"\n' + "".join(
        f'"{y}-{m:02d}",{100 + 12 * y + m}\n' for y in (1, 2, 3) for m in range(1, 13)))
    s = load_series(path)
    assert (s.freq, s.date_format, s.time[0]) == ("MS", "numbered years", pd.Timestamp("1901-01"))
    # where the column is not named like a time, such cells are not read as months
    path.write_text('"code","Sales"\n' + "".join(f'"1-{m:02d}",{m}\n' for m in range(1, 13)))
    with pytest.raises(InputError):
        load_series(path)


def test_steps_numbered_from_one_are_a_time_without_a_calendar(tmp_path):
    """Nixtla's and M4's long files: 'unique_id,ds,y', each series' ds 1, 2, ..., n."""
    assert list(numbered_steps(pd.Series(["0", "1", "2"])).asi8) == [0, 1, 2]
    for cells in (["1990", "1991"], ["2", "3"], ["1", "3"], ["1", "2.5"]):  # years, gaps
        assert numbered_steps(pd.Series(cells)).isna().all()
    # a 'Day' of the year from 91, a few days missing (refused: 'no date format read')
    days = [str(d) for d in range(91, 335) if d not in (126, 127, 137)]
    assert list(numbered_steps(pd.Series(days)).asi8) == [int(d) for d in days]
    assert numbered_steps(pd.Series([str(y) for y in range(1990, 2020)])).isna().all()
    # R's time() of a ts as write.csv writes it (refused: 'no date format read'): days in
    # weeks (1, 1.142857...), taylor's half-hours in weeks (336), EuStockMarkets' 260
    for per, start in ((7, 1.0), (336, 1.0), (260, 1991.496153846154)):
        cells = pd.Series([repr(start + k / per) for k in range(400)])
        steps = numbered_steps(cells).asi8
        assert (np.diff(steps) == 1).all() and steps[0] == round(start * per), per
    assert numbered_steps(pd.Series(["1.5", "2.25", "3.125"])).isna().all()  # no whole steps
    # steps written as floats, as pandas writes integers beside a missing cell (was refused)
    assert list(numbered_steps(pd.Series(["1.0", "2.0", "3.0"])).asi8) == [1, 2, 3]
    assert numbered_steps(pd.Series(["1960.0", "1961.0"])).isna().all()  # years' floats
    lengths = {"H1": 40, "H2": 25}
    path = tmp_path / "m4.csv"
    path.write_text("unique_id,ds,y\n" + "".join(
        f"{sid},{t},{100 + t % 7}\n" for sid, n in lengths.items() for t in range(1, n + 1)))
    s = load_series(path)
    assert (s.time_col, s.date_format, s.freq, s.freq_label) == ("ds", "numbered steps", "ns",
                                                                 "numbered steps")
    assert list(s.lengths) == [40, 25] and s.series(1).time[-1].value == 25
    assert any("2 series from 1 (latest start 1) to 40" in n for n in s.notes)
    zero = tmp_path / "zero.csv"  # from step 0: said as 0, not as 1970 (was '1970-01-01')
    zero.write_text("unique_id,ds,y\n" + "".join(
        f"{sid},{t},{100 + t % 7}\n" for sid, n in lengths.items() for t in range(n)))
    assert any("2 series from 0 (latest start 0) to 39" in n for n in load_series(zero).notes)
    # its rows in any order: the same series (the first 50 rows' steps, 31, 7, 18, ..., are
    # no run of steps alone; before, 'no column holds dates')
    lines = path.read_text().splitlines()
    rows = lines[1:]
    np.random.default_rng(1).shuffle(rows)
    path.write_text("\n".join([lines[0], *rows]) + "\n")
    shuffled = load_series(path).by_id()
    assert shuffled.date_format == "numbered steps" and shuffled.ids == s.by_id().ids
    np.testing.assert_array_equal(shuffled.target, s.by_id().target)
    years = tmp_path / "years.csv"
    years.write_text("year,gdp\n" + "".join(f"{y},{y - 1900}\n" for y in range(1990, 2020)))
    assert load_series(years).freq == "YS-JAN"


def test_years_out_of_the_reach_of_dates_are_steps_written_back_as_years(runner, in_tmp):
    """Arbuthnot's christenings, 1629-1710: pandas's dates begin in 1677, so each year is a
    numbered step (yearly data has no season to lose) and the forecasts are the next years."""
    from lstmcast.cli import app

    births = 5000 + (np.arange(82) * 37) % 900
    (in_tmp / "births.csv").write_text("Year,males\n" + "".join(
        f"{1629 + k},{v}\n" for k, v in enumerate(births)))
    s = load_series(in_tmp / "births.csv")
    assert (s.date_format, s.freq) == ("numbered steps", "ns") and s.time[0].value == 1629
    (in_tmp / "gappy.csv").write_text("Year,males\n" + "".join(
        f"{1629 + k},{v}\n" for k, v in enumerate(births) if 1629 + k not in (1650, 1651)))
    gappy = load_series(in_tmp / "gappy.csv")
    assert any("inserted as gaps (1650, 1651)" in n for n in gappy.notes)
    done = runner.invoke(app, ["train", "births.csv", "--horizon", "3", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "births.csv", "--level", "0", "--as-of", "1700"])
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "Year", "1701", "1702", "1703"]
    pd.read_csv("births.csv").tail(30).to_csv("recent.csv", index=False)  # all after 1677
    recent = runner.invoke(app, ["predict", "recent.csv", "--level", "0"])
    assert recent.exit_code == 0, recent.stderr
    assert recent.stdout.splitlines()[1].startswith("1711,")
    # a column not named like a time is never read so: prices of 1500..1600 are values
    (in_tmp / "prices.csv").write_text("day,price\n" + "".join(
        f"2020-01-{d:02d},{1500 + 3 * d}\n" for d in range(1, 29)))
    prices = load_series(in_tmp / "prices.csv")
    assert (prices.time_col, prices.freq, prices.target[0]) == ("day", "D", 1503)


def test_a_projection_whose_forecasts_pass_pandas_s_last_date_is_numbered_years(runner,
                                                                               in_tmp):
    """CO2 projected to 2260: its forecast's 2263 is past 2262, the end of pandas's dates
    (predict failed with an internal error); its years are numbered steps, as before 1678."""
    from lstmcast.cli import app

    (in_tmp / "co2.csv").write_text("Year,CO2 ppm\n" + "".join(
        f"{y},{400 + 2 * (y - 2100)}\n" for y in range(2100, 2261)))
    assert load_series(in_tmp / "co2.csv").date_format == "numbered steps"
    done = runner.invoke(app, ["train", "co2.csv", "--horizon", "3", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "co2.csv", "--level", "0"])
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "Year", "2261", "2262", "2263"]
    (in_tmp / "to2100.csv").write_text("Year,CO2 ppm\n" + "".join(  # this century's: dates
        f"{y},{400 + 2 * (y - 2000)}\n" for y in range(2000, 2101)))
    assert load_series(in_tmp / "to2100.csv").freq == "YS-JAN"
    # a model of dated years reads them as dates still when its data runs on past 2161
    done = runner.invoke(app, ["train", "to2100.csv", "--horizon", "3", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    (in_tmp / "to2170.csv").write_text("Year,CO2 ppm\n" + "".join(
        f"{y},{400 + 2 * (y - 2000)}\n" for y in range(2000, 2171)))
    later = runner.invoke(app, ["predict", "to2170.csv", "--level", "0"])
    assert later.exit_code == 0, later.stderr
    assert later.stdout.splitlines()[1].startswith("2171,")


def test_iso_week_dates_of_one_weekday_are_weeks():
    """ISO 8601's week date '2019-W02-1' (the Monday of each week): weeks, as '2019-W02' is.
    Days written so (weekdays 1 to 7) are no weeks: '%G-W%V-%u' reads them."""
    assert list(iso_weeks(pd.Series(["2019-W02-1", "2019-W03-1", "2019-W53-1"]))) == [
        pd.Timestamp("2019-01-07"), pd.Timestamp("2019-01-14"), pd.NaT]  # 2019 has no W53
    assert iso_weeks(pd.Series(["2019-W02-1", "2019-W02-2"])).isna().all()


def test_iso_week_dates_of_every_weekday_are_days(tmp_path):
    """'2022-W01-1', '2022-W01-2', ...: days, read by ISO 8601's week-date format (before: 'no
    column holds dates'); of one weekday they stay weeks, written as weeks."""
    days = pd.date_range("2022-01-03", periods=40)
    (tmp_path / "d.csv").write_text("date,orders\n" + "".join(
        f"{d:%G-W%V-%u},{100 + i}\n" for i, d in enumerate(days)))
    s = load_series(tmp_path / "d.csv")
    assert (s.date_format, s.freq) == ("%G-W%V-%u", "D") and s.time.equals(days)
    weeks = pd.date_range("2019-01-07", periods=40, freq="W-MON")
    (tmp_path / "w.csv").write_text("week,orders\n" + "".join(
        f"{w:%G-W%V-%u},{100 + i}\n" for i, w in enumerate(weeks)))
    assert load_series(tmp_path / "w.csv").date_format == "iso weeks"


def test_inegi_s_quarters_numbered_as_months_are_quarters_and_its_months_months(tmp_path):
    """INEGI writes quarters '2010/01' .. '2010/04', as its months are written: read as
    January to April, they were refused as too irregular."""
    path = tmp_path / "pib.csv"
    quarters = pd.date_range("2010-01-01", periods=40, freq="QS")
    path.write_text('"Periodo","PIB"\n' + "".join(
        f'"{q.year}/0{(q.month - 1) // 3 + 1}",{20000 + i}\n' for i, q in enumerate(quarters)))
    s = load_series(path)
    assert s.freq.startswith("QS") and list(s.time) == list(quarters)
    months = pd.date_range("2005-01-01", periods=40, freq="MS")
    path.write_text('"Periodo","IGAE"\n' + "".join(
        f'"{m:%Y/%m}",{100 + i}\n' for i, m in enumerate(months)))
    assert list(load_series(path).time) == list(months)
    # a year to date, January to April, and Januaries to Aprils of two years: months
    for cells in (["2023/01", "2023/02", "2023/03", "2023/04"] * 1,
                  [f"{y}/0{m}" for y in (2022, 2023) for m in range(1, 5)]):
        path.write_text('"Periodo","IGAE"\n' + "".join(f'"{c}",{i}\n' for i, c in
                                                       enumerate(cells)))
        assert load_series(path).freq == "MS"


@pytest.mark.parametrize("written", ["%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M:%S"])
def test_entsoe_s_intervals_marked_with_their_zone_at_a_clock_change(tmp_path, written):
    """ENTSO-E writes ' (CET)' and ' (CEST)' on the times next to a clock change and on the
    hour the clocks repeat; every such export was refused ('not a date: ... (CET)')."""
    local = pd.date_range("2023-03-20", "2023-11-05", freq="h", tz="Europe/Berlin")
    lines = ['"MTU (CET/CEST)","Actual Total Load [MW]"']
    for i, (start, end) in enumerate(zip(local[:-1], local[1:], strict=True)):
        near = start.utcoffset() != end.utcoffset() or (i > 0 and local[i - 1].utcoffset()
                                                         != start.utcoffset())
        text = [t.strftime(written) + (f" ({t.tzname()})" if near else "") for t in (start, end)]
        lines.append(f'"{text[0]} - {text[1]}","{50000 + i % 24 * 100}"')
    (tmp_path / "entsoe.csv").write_text("\n".join(lines) + "\n")
    panel = load_series(tmp_path / "entsoe.csv")
    assert panel.freq == "h" and panel.time[0] == pd.Timestamp("2023-03-20 00:00")
    assert panel.time[-1] == pd.Timestamp("2023-11-04 23:00")
    assert any("repeated, as a clock change repeats an hour" in n for n in panel.notes)
