"""A series' gaps filled, and an outage: training reads the series from its end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.cli import app
from lstmcast.data.gaps import MIN_AFTER, OUTAGE_SHARE, after_outages, last_outage
from lstmcast.errors import InputError
from lstmcast.holidays import OBSERVED, learn_holidays, next_open_days


def _outage_twin(filled: np.ndarray) -> tuple[int, int]:
    """Run by run: (the row after, the length) of the last run of filled rows longer than
    OUTAGE_SHARE of the series with at least as many rows after it as itself and MIN_AFTER,
    or MIN_AFTER where it is longer than the rows before it."""
    found, k, n = (0, 0), 0, len(filled)
    while k < n:
        if not filled[k]:
            k += 1
            continue
        start = k
        while k < n and filled[k]:
            k += 1
        if k - start > max(OUTAGE_SHARE * n, 1) and (n - k >= max(k - start, MIN_AFTER) or
                                                      n - k >= MIN_AFTER and k - start > start):
            found = (k, k - start)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_last_outage_is_the_last_long_run_with_enough_after_it(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 1200))
    filled = np.zeros(n, dtype=bool)
    for _ in range(int(rng.integers(0, 4))):  # runs of every length, short to a third
        start = int(rng.integers(1, n - 1))
        filled[start : start + int(rng.integers(1, n // 3 + 2))] = True
    filled[-1] = False  # a series ends on a value: trailing gaps were dropped before
    assert last_outage(filled) == _outage_twin(filled)


def _sea(path, hours):
    """A year of hours with ten weeks missing, then a day missing later."""
    kept = np.ones(len(hours), dtype=bool)
    kept[4000:5680] = False
    kept[7000:7024] = False
    path.write_text("time,water_temp\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},{25 + 3 * np.sin(k / 1000) + 0.2 * np.sin(k / 3.8):.2f}\n"
        for k, t in enumerate(hours) if kept[k]))
    return path


def test_the_loader_fills_an_outage_and_training_leaves_it_behind(tmp_path):
    """The loader keeps every row (the ten weeks filled, and marked so); training's panel
    starts after them, with a warning that says how much was left out; the day missing later
    is filled, as before."""
    hours = pd.date_range("2016-10-03", periods=24 * 365, freq="h")
    s = load_series(_sea(tmp_path / "sea.csv", hours))
    assert s.time[0] == hours[0] and s.filled.sum() == 1680 + 24
    cut, said = after_outages(s)
    assert cut.time[0] == hours[5680] and cut.time[-1] == hours[-1] and cut.filled.sum() == 24
    assert said == [f"warning: no values for 1680 rows from {hours[4000]} (an outage, more than "
                    f"10% of the series): trained on its rows from {hours[5680]}, not on the "
                    "5680 before them, filled across it"]
    assert after_outages(load_series(tmp_path / "sea.csv", fill="zero"))[0].time[0] == hours[0]


def test_a_long_gap_with_too_little_after_it_is_trained_on_filled(tmp_path):
    days = pd.date_range("2020-01-01", periods=400, freq="D")
    kept = np.ones(len(days), dtype=bool)
    kept[300:360] = False  # 60 days missing, 40 after: too few to train on alone
    path = tmp_path / "late.csv"
    path.write_text("date,sales\n" + "".join(f"{d:%Y-%m-%d},{10 + k % 7}\n"
                                             for k, d in enumerate(days) if kept[k]))
    s, said = after_outages(load_series(path))
    assert s.time[0] == days[0] and s.filled.sum() == 60 and said == []


def test_each_series_of_a_panel_is_trained_on_from_its_own_outage(tmp_path):
    """In a long file, the series with an outage starts after it; the other keeps its rows."""
    days = pd.date_range("2020-01-01", periods=500, freq="D")
    rows = []
    for sid, hole in (("a", range(100, 200)), ("b", range(0))):
        rows += [f"{d:%Y-%m-%d},{sid},{50 + k % 7 + (sid == 'b')}\n"
                 for k, d in enumerate(days) if k not in hole]
    path = tmp_path / "shops.csv"
    path.write_text("date,shop,sales\n" + "".join(rows))
    p, said = after_outages(load_series(path))
    a, b = (p.time[p.indptr[k] : p.indptr[k + 1]] for k in range(2))
    assert list(p.ids) == ["a", "b"] and a[0] == days[200] and b[0] == days[0]
    assert len(said) == 1 and said[0].startswith("warning: series 'a': no values for 100 rows")


def test_training_says_so_and_a_short_recent_export_still_predicts(runner, in_tmp):
    """The warning reaches the user. A cron job's export of the last 1,000 hours, in which 110
    missing hours end 150 rows before its end, is read whole at predict: cut there, it would
    hold fewer rows than the model's window (168) and be refused."""
    hours = pd.date_range("2016-10-03", periods=24 * 365, freq="h")
    path = _sea(in_tmp / "sea.csv", hours)
    trained = runner.invoke(app, ["train", str(path), "--horizon", "24", "--epochs", "1",
                                  "--hidden", "8"])
    assert trained.exit_code == 0, trained.stderr
    assert f"warning: no values for 1680 rows from {hours[4000]}" in trained.stderr
    lines = path.read_text().splitlines()
    recent = in_tmp / "recent.csv"
    recent.write_text("\n".join([lines[0], *lines[-1000:-260], *lines[-150:]]) + "\n")
    result = runner.invoke(app, ["predict", str(recent)])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 25


@pytest.mark.parametrize("days", [(1, 15), (1, 11, 21)])
def test_rows_on_the_same_days_of_each_month_are_refused_with_the_every_that_fits(tmp_path,
                                                                                days):
    """A payroll's 1st and 15th, a dekad's 1st, 11th and 21st: no step of a calendar. Before,
    the advice for an irregular file was --every D, which would fill the days between."""
    stamps = [pd.Timestamp(2020, m, d) for m in range(1, 13) for d in days]
    (tmp_path / "p.csv").write_text("date,amount\n" + "".join(
        f"{t:%Y-%m-%d},{100 + i}\n" for i, t in enumerate(stamps)))
    with pytest.raises(InputError) as caught:
        load_series(tmp_path / "p.csv")
    said = caught.value.describe(())
    assert f"rows fall on days {', '.join(map(str, days))} of each month" in said
    assert "--every MS" in said
    monthly = load_series(tmp_path / "p.csv", every="MS", duplicates="mean")
    assert monthly.freq == "MS" and len(monthly.time) == 12


def test_a_quarterly_column_among_monthly_rows_is_read_on_its_quarters(tmp_path):
    """FRED's download of GDP beside an unemployment rate: GDP has a value every third month.
    Filled, it was a monthly staircase, two values in three made up; alone it is quarterly,
    said, and a wide panel of both is refused as of two frequencies."""
    months = pd.date_range("2012-01-01", periods=72, freq="MS")
    path = tmp_path / "fred.csv"
    path.write_text("observation_date,GDP,UNRATE\n" + "".join(
        f"{m:%Y-%m-%d},{f'{16000 + 50 * i:.1f}' if m.month % 3 == 1 else ''},{4 + i % 7 / 10}\n"
        for i, m in enumerate(months)))
    gdp = load_series(path, target="GDP")
    assert gdp.freq.startswith("QS") and len(gdp.target) == 24
    assert list(gdp.time) == list(months[::3]) and gdp.filled is None
    assert any("'GDP' has values on 24 of its 70 rows, on steps of their own" in n
               for n in gdp.notes)
    # a log of sales on Saturdays only, blanks told to be 0: daily, not weekly
    assert load_series(path, target="GDP", fill="zero").freq == "MS"
    assert load_series(path, target="UNRATE").freq == "MS"
    with pytest.raises(InputError, match="different frequencies"):
        load_series(path, target="all")


def test_business_days_glued_over_years_are_a_gap_not_holidays(tmp_path):
    """Two downloads a year each, three years apart: the 783 weekdays between were learned as
    dozens of 'holidays' (forecasts skipped ordinary Mondays); now a gap, an outage trained
    after. A row a year off the others is a mistyped date (an empty forecast, exit 0)."""
    days = pd.bdate_range("2019-07-01", "2020-06-30").append(
        pd.bdate_range("2023-07-03", "2024-06-28"))
    path = tmp_path / "glued.csv"
    path.write_text("Date,Close\n" + "".join(f"{d:%Y-%m-%d},{40 + i % 9}\n"
                                             for i, d in enumerate(days)))
    s, said = after_outages(load_series(path))
    assert s.freq == "B" and s.time[0] == pd.Timestamp("2023-07-03") and len(said) == 1
    assert not learn_holidays(load_series(path).time)[2:]  # (New Year's Day, Christmas)
    typo = tmp_path / "typo.csv"
    typo.write_text("Date,Close\n2014-06-13,40\n" + "".join(
        f"{d:%Y-%m-%d},{40 + i % 9}\n" for i, d in enumerate(days[-250:])))
    with pytest.raises(InputError, match="2014-06-13 lies far before the other rows"):
        load_series(typo)


def test_next_open_days_are_found_however_many_rules_close():
    rules = tuple(("date", 7, d, OBSERVED[0]) for d in range(1, 32))  # all of July
    days = next_open_days(pd.Timestamp("2024-06-28"), 5, rules)
    assert list(days) == list(pd.bdate_range("2024-08-01", periods=5))


@pytest.mark.parametrize("freq, cut, empty_cell", [("B", slice(200, 230), False),
                                                    ("D", slice(50, 53), False),
                                                    ("D", slice(0, 0), True)])
def test_fill_none_says_whether_a_row_or_a_cell_is_missing(tmp_path, freq, cut, empty_cell):
    """Business days without rows for six weeks are inserted as a gap; --fill none told the
    user to fill missing values in a file that has none to fill."""
    times = pd.date_range("2022-01-03", periods=300, freq=freq).delete(cut)
    values = [f"{100 + i / 10:.2f}" for i in range(len(times))]
    if empty_cell:
        values[50] = ""
    (tmp_path / "f.csv").write_text("Date,Close\n" + "".join(
        f"{t:%Y-%m-%d},{v}\n" for t, v in zip(times, values, strict=True)))
    with pytest.raises(InputError) as caught:
        load_series(tmp_path / "f.csv", fill="none")
    said = caught.value.describe(None)  # the message and the advice naming --fill
    assert ("a step without a row in the file" in said) is not empty_cell
    assert ("add the missing rows to the file" in said) is not empty_cell
    assert ("or fill the file" in said) is empty_cell


def test_half_hours_on_a_grid_of_quarter_hours_are_read_on_their_own_steps(tmp_path):
    """RTE's eCO2mix: consumption on the half-hours of a file of quarter-hours (empty at :15
    and :45); it was read every 15 minutes, half of it filled, its first forecast at :45."""
    quarters = pd.date_range("2023-02-01", periods=4 * 24 * 10, freq="15min")
    (tmp_path / "rte.tsv").write_text("Date\tHeures\tConsommation\tNucléaire\n" + "".join(
        f"{t:%Y-%m-%d}\t{t:%H:%M}\t{'' if t.minute % 30 else 50000 + i}\t{30000 + i}\n"
        for i, t in enumerate(quarters)))
    panel = load_series(tmp_path / "rte.tsv", target="Consommation")
    assert panel.freq == "30min" and len(panel.time) == 2 * 24 * 10
    assert panel.time[-1] == quarters[-2]


def test_predict_reads_an_outage_s_file_as_training_did(tmp_path, monkeypatch):
    """A review: 200 wild days, 300 missing, 105 quiet ones. Training reads the quiet ones;
    predict on the whole file gave an 80 % interval of +-0.24 (its scale reaching back over
    the gap to the wild days) where the file of the quiet days alone gave +-0.11."""
    from typer.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(5)
    days = pd.date_range("2021-01-01", periods=605, freq="D")
    y = 100 + np.concatenate([np.cumsum(rng.normal(0, 2, 200)), np.zeros(300),
                              np.cumsum(rng.normal(0, 0.1, 105))])
    rows = [f"{d:%Y-%m-%d},{v:.4f}\n" for k, (d, v) in enumerate(zip(days, y, strict=True))
            if not 200 <= k < 500]
    (tmp_path / "whole.csv").write_text("date,price\n" + "".join(rows))
    (tmp_path / "after.csv").write_text("date,price\n" + "".join(rows[200:]))
    runner = CliRunner()
    trained = runner.invoke(app, ["train", "whole.csv", "--lookback", "28", "--horizon", "3",
                                  "--epochs", "2"])
    assert trained.exit_code == 0 and "not on the 500 before them" in trained.stderr
    whole, after = (runner.invoke(app, ["predict", f"{f}.csv"]).stdout for f in ("whole",
                                                                                 "after"))
    assert whole == after and whole.count("\n") == 4
