"""Unset sizes adapt to the data: seasons by frequency, lookbacks that fit short series, the
held-out periods of one series and of a panel, the epoch budget."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app
from lstmcast.config import Settings
from lstmcast.errors import InputError
from lstmcast.sizing import default_season, patch_for, resolve, unseasoned_why


@pytest.mark.parametrize(("freq", "rows", "season"), [
    ("h", 1000, 24), ("30min", 1000, 48), ("D", 1000, 7), ("B", 1000, 5), ("W-SUN", 200, 52),
    ("W-SUN", 77, 1), ("MS", 100, 12), ("QS-JAN", 60, 4), ("YS-JAN", 40, 1), ("2h", 500, 12),
    ("5min@09:30-15:55/B", 2000, 78), ("min", 5000, 1), ("MS+14D", 100, 12), ("6MS", 40, 2),
    ("6ME", 3, 1), ("MS", 18, 12), ("MS", 17, 1), ("QS-JAN", 7, 4), ("QS-JAN", 6, 1),
    ("W-SUN", 78, 52), ("WD-SUN", 300, 6),
    ("2W-FRI", 200, 26), ("4W-SUN", 60, 13), ("WD-MON-SUN", 300, 5),
    ("3W-MON", 200, 1), ("2MS", 60, 6), ("BQE-DEC", 40, 4), ("BYE-DEC", 40, 1),
])
def test_default_season_by_frequency(freq, rows, season):
    assert default_season(freq, rows) == season


def test_patches_are_seasons_when_the_window_holds_several():
    assert patch_for(168, 24) == 24 and patch_for(56, 7) == 7 and patch_for(36, 12) == 1
    assert patch_for(36, 12, single=False) == 12 and patch_for(24, 12, single=False) == 1
    assert patch_for(200, 1) == 8 and 200 // patch_for(200, 1) <= 32


def test_m4_hourly_like_panel():
    settings = resolve(Settings.build(horizon=48, season=24), np.full(414, 900), "h", "p")
    m, e, f = settings.model, settings.eval, settings.fit
    assert (m.lookback, m.patch, e.season) == (168, 24, 24)  # a week, in days
    assert (e.test_size, e.val_size) == (48, 48)  # one horizon per series
    assert f.stride >= 1 and f.batch_size == 128 and 1 <= f.epochs <= 40
    assert (m.hidden, f.lr, f.ensemble) == (128, 4e-3, 1)  # a panel of 50 or more series
    few = resolve(Settings.build(horizon=48), np.full(20, 900), "h", "p")
    assert (few.model.hidden, few.fit.lr) == (64, 2e-3)
    # M4's own layout, its hours numbered 1, 2, 3: the same window as hours' (was 4 seasons,
    # 96 steps: OWA 0.487 against 0.430 on the 414 series' last 48 hours)
    numbered = resolve(Settings.build(horizon=48, season=24), np.full(414, 900), "ns", "p")
    assert (numbered.model.lookback, numbered.model.patch) == (168, 24)
    months = resolve(Settings.build(horizon=6, season=12), np.full(100, 300), "ns", "p")
    assert months.model.lookback == 36  # three years, as months' windows


def test_a_panel_of_a_few_series_holds_out_100_origins_in_each_period():
    """Three stocks, one day ahead: three validation days would let a network's noise pass
    for skill; each period holds at least 100 forecast origins over the series."""
    stocks = resolve(Settings.build(horizon=1), np.array([4697, 3402, 1574]), "B", "p")
    assert (stocks.eval.test_size, stocks.eval.val_size) == (34, 34)
    weeks = resolve(Settings.build(horizon=13), np.full(8, 400), "W-SUN", "p")
    # a period of 25 weeks holds 13 origins of a 13-week forecast: 8 x 13 >= 100
    assert (weeks.eval.test_size, weeks.eval.val_size) == (25, 25)
    # up to a tenth of the rows, as one series' periods: 3 countries' 34 years keep 28
    years = resolve(Settings.build(horizon=1), np.full(3, 34), "YS-JAN", "p")
    assert (years.eval.test_size, years.eval.val_size) == (3, 3)
    # a series too short to train on (skipped) shrinks no other series' periods (a user
    # round: a currency listed 4 days before made four others' 29-day periods 24)
    four = resolve(Settings.build(horizon=5), np.full(4, 385), "B", "p")
    assert (four.eval.test_size, four.eval.val_size) == (29, 29)
    five = resolve(Settings.build(horizon=5), np.array([385, 385, 4, 385, 385]), "B", "p")
    assert five.eval == four.eval and five.model == four.model
    # ... nor their window, nor their season (a review: five new listings of 4 rows made the
    # median 4 rows, the window 2 days and the season none)
    nine = resolve(Settings.build(horizon=5), np.array([385] * 4 + [4] * 5), "B", "p")
    assert nine.eval == four.eval and nine.model == four.model
    # and the windows note says why there is no season with the rows it was sized on (it
    # quoted the median of every series: 10 rows where the kept series have 70)
    from lstmcast.sizing import sized_on, unseasoned_why

    lengths = np.array([70] * 3 + [10] * 4)
    weekly = Settings.build(horizon=4)
    assert list(sized_on(weekly, lengths, "W-FRI", "p")) == [70] * 3
    assert "none: 70 rows are fewer than a season and a half" in unseasoned_why(
        "W-FRI", resolve(weekly, lengths, "W-FRI", "p").eval.season, 70)
    assert list(sized_on(Settings.build(horizon=5), np.full(4, 385), "B", "p")) == [385] * 4


def test_sizing_on_the_series_kept_never_skips_one_more():
    """Sized on the series long enough to keep, a panel keeps the same series it kept sized on
    all of them (else it is sized on all): a longer window must not cut a series out."""
    from lstmcast.sizing import _sized, rows_needed

    rng = np.random.default_rng(7)
    resized = 0
    for freq, horizon in (("D", 7), ("MS", 12), ("W-SUN", 13), ("YS-JAN", 6), ("h", 24)):
        for _ in range(20):
            lengths = rng.choice([5, 20, 40, 60, 90, 150, 400, 900], size=rng.integers(2, 12))
            given = Settings.build(horizon=horizon)
            every = _sized(given, lengths, freq, "p")
            chosen = resolve(given, lengths, freq, "p")
            assert np.array_equal(lengths >= rows_needed(chosen),
                                  lengths >= rows_needed(every)), lengths
            resized += chosen != every
    assert resized >= 5  # (the rule at work, not the sizing of every series each time)


def test_epochs_never_pass_their_limit():
    """A yearly panel of a few thousand windows: the budget rounds up to an epoch, never past
    the limit (it made 41 epochs of the 40)."""
    yearly = resolve(Settings.build(horizon=6), np.full(234, 37), "YS-JAN", "p")
    assert yearly.fit.epochs == 40


def test_one_series_keeps_ten_percent_periods_and_short_ones_get_a_small_network():
    one = resolve(Settings.build(), np.array([1000]), "D", "p")
    assert (one.eval.test_size, one.eval.val_size, one.model.lookback) == (100, 100, 56)
    assert one.fit.ensemble == 3  # the median of three networks
    short = resolve(Settings.build(horizon=6), np.array([40]), "YS-JAN", "p")
    assert short.model.hidden == 16 and short.fit.ensemble == 5
    assert short.model.lookback + 6 + 7 + short.eval.test_size + short.eval.val_size <= 40
    given = resolve(Settings.build(hidden=32, ensemble=2), np.array([40]), "YS-JAN", "p")
    assert (given.model.hidden, given.fit.ensemble) == (32, 2)


def test_too_short_even_for_the_smallest_window_is_refused_with_the_rows_needed():
    # A lookback of 2, then one validation and one test period; too short for both, the
    # validation goes (nothing is trained); below a lookback and a test period, it is refused.
    assert resolve(Settings.build(horizon=6), np.array([14]), "YS-JAN", "p").eval.val_size == 6
    sized = resolve(Settings.build(horizon=6), np.array([13]), "YS-JAN", "p")
    assert (sized.eval.val_size, sized.eval.test_size, sized.model.lookback) == (0, 6, 2)
    resolve(Settings.build(horizon=6), np.array([8]), "YS-JAN", "p")
    with pytest.raises(InputError, match=r"series too short for --horizon 6: 7 rows are "
                                         r"forecast at most 5 steps ahead"):
        resolve(Settings.build(horizon=6), np.array([7]), "YS-JAN", "p")
    # the lookback and the test period too long, the horizon not: both named, as asked for
    with pytest.raises(InputError, match=r"series too short: 7 rows, .* lookback 4 \+ horizon"):
        resolve(Settings.build(horizon=2, lookback=4), np.array([7]), "YS-JAN", "p")


def test_a_lookback_of_the_users_needs_the_rows_a_network_trains_on():
    # lookback 10 + horizon 1 + 7 more windows + 1 + 1: that window is meant for a network.
    settings = Settings.build(horizon=1, lookback=10, test_size=1, val_size=1)
    resolve(settings, np.array([20]), "D", "p")
    with pytest.raises(InputError, match=r"19 rows, but lookback 10 \+ horizon 1 .* at least 20"):
        resolve(settings, np.array([19]), "D", "p")


def test_a_season_as_long_as_the_data_is_refused():
    """--season 1000 on 120 rows once trained, then scored no test origin at all."""
    with pytest.raises(InputError, match=r"--season 120 is as long as the data .* 120 rows"):
        resolve(Settings.build(horizon=1, season=120), np.array([120, 80]), "D", "p")
    assert resolve(Settings.build(horizon=1, season=119), np.array([120]), "D",
                   "p").eval.season == 119


def test_data_without_its_season_is_told_why():
    assert unseasoned_why("5min", 1, 5000) == (" (none: a day of 288 steps is too long a "
                                               "season for the window; --season 288 sets it)")
    assert unseasoned_why("MS", 1, 17) == (" (none: 17 rows are fewer than a season and a "
                                           "half, 18 rows of a season of 12; --season 12 "
                                           "sets it)")
    assert unseasoned_why("MS", 12, 24) == "" and unseasoned_why("YS-JAN", 1, 10) == ""
    assert unseasoned_why("15min", 96, 5000) == "" and unseasoned_why("h", 24, 5000) == ""
    assert unseasoned_why("5min", 288, 5000) == ""  # given by --season
    assert unseasoned_why("5min@09:30-15:55/B", 1, 5000) == ""  # a session is no day of steps


def test_weeks_on_different_weekdays_have_a_year_s_season():
    from lstmcast.calendar import MIXED_WEEKS

    assert default_season(MIXED_WEEKS, 200) == default_season("W-SUN", 200) == 52
    assert default_season(MIXED_WEEKS, 60) == 1  # fewer than a year and a half of weeks


def test_weeks_get_a_window_of_three_years():
    """Three years of weeks, in three steps of a year: the weekly panels' OWA 0.798 -> 0.728
    and 0.760 -> 0.698 against two (benchmarks/RESULTS.md)."""
    weekly = resolve(Settings.build(horizon=13), np.full(91, 400), "W-SUN", "p")
    assert (weekly.model.lookback, weekly.model.patch, weekly.eval.season) == (156, 52, 52)


def test_a_year_and_a_half_of_weeks_is_forecast_with_its_year(runner, in_tmp, fast):
    """103 weeks of a city's temperatures (two years less a week) had no season, so the
    summer's rise was forecast flat; with one year and a half of another, the year repeats."""
    weeks = np.arange(103 + 13)
    temperature = 10 - 12 * np.cos(2 * np.pi * weeks / 52) + np.random.default_rng(2).normal(
        0, 1.0, len(weeks))
    days = pd.date_range("2016-01-10", periods=len(weeks), freq="W-SUN")
    pd.DataFrame({"date": days[:103].strftime("%Y-%m-%d"), "temp": temperature[:103].round(1)}
                 ).to_csv("t.csv", index=False)
    trained = runner.invoke(app, ["train", "t.csv", "--horizon", "13", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "season 52" in trained.stderr
    out = runner.invoke(app, ["predict", "t.csv", "--level", "0"])
    forecast = pd.read_csv(io.StringIO(out.stdout))["forecast"].to_numpy()
    actual = temperature[103:]
    naive = np.abs(actual - temperature[102]).mean()
    assert np.abs(forecast - actual).mean() < 0.5 * naive
