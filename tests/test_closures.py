"""A shop's days closed every year (``lstmcast.closures``): learned from the dates daily rows
skip every year, not from gaps in the feed; the model steps on every day (closed ones filled)
and writes no forecast for a closed day."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pandas as pd
import pytest
from test_panels_cli import invoke

from lstmcast.closures import learn_closures, without_closed_days
from lstmcast.forecast import Forecast

DAYS = pd.date_range("2019-01-02", "2023-12-20", freq="D")


def without(days: pd.DatetimeIndex, *closed) -> pd.DatetimeIndex:
    """``days`` but those of (month, day) ``closed``."""
    return days[~pd.Series(list(zip(days.month, days.day, strict=True))).isin(closed).to_numpy()]


def test_dates_skipped_every_year_are_learned_as_closed_on_any_weekday():
    days = without(DAYS, (12, 25), (1, 1), (12, 26))
    assert learn_closures(days, "D") == (("day", 1, 1), ("day", 12, 25), ("day", 12, 26))
    sundays = days[days.day_of_week != 6]  # a shop closed on Sundays too: the same dates
    assert learn_closures(sundays, "WD-SUN") == learn_closures(days, "D")


def test_thanksgiving_and_easter_are_learned_as_their_calendars_say():
    thanksgiving = DAYS[(DAYS.month == 11) & (DAYS.day_of_week == 3) & (DAYS.day >= 22)
                        & (DAYS.day <= 28)]
    easter_sundays = pd.DatetimeIndex(["2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17",
                                       "2023-04-09"])
    days = DAYS.difference(thanksgiving).difference(easter_sundays)
    assert learn_closures(days, "D") == (("easter", 0), ("weekday", 11, 3, 4))


@pytest.mark.parametrize("share", [0.005, 0.02, 0.04, 0.3])
def test_gaps_in_a_feed_teach_no_closure(share):
    """Days absent at random: a date absent every year of five by chance is no closure (at
    30 % absent about one is), nor of three (with two years enough for any date, 1 to 2 in 100
    of such files learned one: a review); nor is a date in a long outage."""
    three = DAYS[DAYS >= "2021-01-01"]
    for seed in range(60):
        rng = np.random.default_rng(seed)
        assert learn_closures(DAYS[rng.random(len(DAYS)) > share], "D") == ()
        assert learn_closures(three[rng.random(len(three)) > share], "D") == ()
    outage = DAYS[(DAYS < "2020-12-15") | (DAYS > "2021-01-10")]
    days = outage[(outage.month != 12) | (outage.day != 25)]
    assert learn_closures(days, "D") == ()  # 25 Dec 2020 in the outage: 3 of 4 years alone


def test_a_model_s_closures_stay_unless_a_row_falls_on_them():
    """A cron job's export of 60 days shows no Christmas: the model's rule stays, unless the
    shop opened on one."""
    rules = (("day", 1, 1), ("day", 12, 25))
    recent = pd.date_range("2024-03-01", periods=60, freq="D")
    assert learn_closures(recent, "D", rules) == rules
    opened = pd.date_range("2024-12-01", "2025-01-31", freq="D").drop(pd.Timestamp("2025-01-01"))
    assert learn_closures(opened, "D", rules) == (("day", 1, 1),)


def test_no_forecast_row_is_written_for_a_closed_day():
    times = pd.date_range("2024-12-22", periods=6, freq="D")
    fc = Forecast("date", "sales", times.append(times), np.arange(12.0), times[0],
                  id_col="store", ids=["a"] * 6 + ["b"] * 6, levels=(80.0,),
                  lower=np.arange(12.0)[None] - 1, upper=np.arange(12.0)[None] + 1)
    out = without_closed_days(fc, "D", (("day", 12, 25),))
    open_days = times.drop(pd.Timestamp("2024-12-25"))
    assert list(out.times) == [*open_days, *open_days] and out.ids == ["a"] * 5 + ["b"] * 5
    assert list(out.values) == [0, 1, 2, 4, 5, 6, 7, 8, 10, 11]
    assert list(out.lower[0]) == [v - 1 for v in out.values]
    assert out.warnings == ["no forecast for 2024-12-25: the rows skip that date every year "
                            "(closed)"]
    assert without_closed_days(fc, "B", (("day", 12, 25),)) is fc  # (business days skip them)
    assert without_closed_days(dataclasses.replace(fc, times=times.append(times) + pd.Timedelta(
        days=7)), "D", (("day", 12, 25),)).warnings == []


def test_a_shop_closed_at_christmas_is_forecast_past_it(runner, in_tmp):
    """Five years without 25 December or 1 January: trained as before (filled), said, and
    predict writes no row for either (a user round: 2,442 sales forecast on Christmas)."""
    days = without(pd.date_range("2019-01-02", "2023-12-21", freq="D"), (12, 25), (1, 1))
    weekly = np.array([0.9, 0.85, 0.9, 1.0, 1.15, 1.45, 0.75])[days.day_of_week]
    sales = 1000 * weekly * np.exp(np.random.default_rng(3).normal(0, 0.05, len(days)))
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "sales": sales.round(1)}).to_csv(
        in_tmp / "shop.csv", index=False)
    trained = invoke(runner, "train", "shop.csv", "--horizon", "14", "--epochs", "1",
                     "--hidden", "4", "--out", "shop.lstmcast")
    assert trained.exit_code == 0, trained.stderr
    assert ("closed every year (filled in training, to keep the week in phase; no forecast is "
            "written for them): Jan 1, Dec 25") in trained.stderr
    done = invoke(runner, "predict", "shop.csv", "--model", "shop.lstmcast")
    assert done.exit_code == 0, done.stderr
    dates = pd.read_csv(io.StringIO(done.stdout))["date"].tolist()
    expected = pd.date_range("2023-12-22", periods=14, freq="D").drop(
        pd.DatetimeIndex(["2023-12-25", "2024-01-01"]))
    assert dates == list(expected.strftime("%Y-%m-%d"))
    assert "no forecast for 2023-12-25, 2024-01-01" in done.stderr
    info = invoke(runner, "info", "shop.lstmcast")
    assert "closed every year" in info.stdout and "Dec 25" in info.stdout


def test_a_shop_s_hours_get_no_forecast_on_its_closed_days(runner, in_tmp):
    """Hourly bars 09:00-12:00, Monday to Saturday, none on 25 December or 1 January: forecast
    from Christmas Eve, the bars of Christmas were written (a user round); now none are, and
    those after it keep their hours (the model steps over the closed day, filled)."""
    days = without(pd.date_range("2019-06-03", "2023-12-23", freq="D"), (12, 25), (1, 1))
    days = days[days.day_of_week != 6]  # (2022's Christmas a Sunday: 2019's to 2021's tell)
    stamps = [d + pd.Timedelta(hours=h) for d in days for h in range(9, 13)]
    rng = np.random.default_rng(4)
    values = [20 + 5 * (t.hour - 9) + rng.normal(0, 1) for t in stamps]
    pd.DataFrame({"time": [f"{t:%Y-%m-%d %H:%M}" for t in stamps],
                  "customers": np.round(values, 1)}).to_csv(in_tmp / "hours.csv", index=False)
    trained = invoke(runner, "train", "hours.csv", "--horizon", "8", "--epochs", "1",
                     "--hidden", "4", "--out", "h.lstmcast")
    assert trained.exit_code == 0, trained.stderr
    assert "closed every year" in trained.stderr and "Jan 1, Dec 25" in trained.stderr
    done = invoke(runner, "predict", "hours.csv", "--model", "h.lstmcast")
    assert done.exit_code == 0, done.stderr
    times = pd.read_csv(io.StringIO(done.stdout))["time"].tolist()
    assert times == ["2023-12-26 09:00", "2023-12-26 10:00", "2023-12-26 11:00",
                     "2023-12-26 12:00"]  # 8 steps: Christmas's 4 bars, then the 26th's
    assert "no forecast for 2023-12-25" in done.stderr


def test_a_panel_s_stores_and_an_older_model_learn_no_closure(runner, in_tmp):
    """Stores of a panel close on days of their own (one opens on Christmas), which the days
    no store has rows would not tell: a panel is forecast on every day, as before, and so is
    one series by a model of format 16, whose forecasts would otherwise change with the
    length of the file it is given (a review)."""
    from test_model_file_safety import edited

    days = without(pd.date_range("2019-01-02", "2023-12-21", freq="D"), (12, 25))
    rows = [f"{d:%Y-%m-%d},{store},{100 + i % 7 + k}" for i, d in enumerate(days)
            for k, store in enumerate(("A", "B"))]
    (in_tmp / "stores.csv").write_text("date,store,sales\n" + "\n".join(rows) + "\n")
    flags = ["--horizon", "7", "--epochs", "1", "--hidden", "4"]
    trained = invoke(runner, "train", "stores.csv", *flags, "--out", "p.lstmcast")
    assert trained.exit_code == 0 and "closed every year" not in trained.stderr
    done = invoke(runner, "predict", "stores.csv", "--model", "p.lstmcast")
    assert "A,2023-12-25," in done.stdout and "no forecast" not in done.stderr
    (in_tmp / "one.csv").write_text("date,sales\n" + "\n".join(
        f"{d:%Y-%m-%d},{100 + i % 7}" for i, d in enumerate(days)) + "\n")
    assert invoke(runner, "train", "one.csv", *flags, "--out", "o.lstmcast").exit_code == 0
    assert "2023-12-25" not in invoke(runner, "predict", "one.csv", "--model", "o.lstmcast").stdout
    (in_tmp / "o16.lstmcast").write_bytes(edited((in_tmp / "o.lstmcast").read_bytes(), lambda m: (
        m.__setitem__("format_version", 16), m["data"].__setitem__("holidays", [])),
        redigest=True))
    older = invoke(runner, "predict", "one.csv", "--model", "o16.lstmcast")
    assert older.exit_code == 0, older.stderr
    assert "2023-12-25" in older.stdout
