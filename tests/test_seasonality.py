"""The season of numbered steps, found in the values: the strength of a season against a slow
twin, the season of hours, months and quarters (not their multiples or divisors), none in a
random walk, a panel's majority, and training that says what it found and keeps out the test
period."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series, train_series

from lstmcast import seasonality
from lstmcast.backtest import backtest_panel
from lstmcast.config import Settings
from lstmcast.errors import InputError
from lstmcast.seasonality import found_season, season_of, seasonal_strength

TINY = dict(hidden=8, epochs=2, patience=1, ensemble=1)


def slow_strength(y, m):
    """Classical decomposition written out: a centred moving average one row at a time, the
    mean of each phase one phase at a time."""
    n, half = len(y), m // 2
    trend = {}
    for t in range(half, n - half):
        if m % 2:
            trend[t] = sum(y[t - half:t + half + 1]) / m
        else:
            trend[t] = (0.5 * y[t - half] + sum(y[t - half + 1:t + half]) + 0.5 * y[t + half]) / m
    detrended = {t: y[t] - v for t, v in trend.items()}
    phase_mean = [np.mean([d for t, d in detrended.items() if t % m == p]) for p in range(m)]
    centre = np.mean(phase_mean)
    remainder = [d - (phase_mean[t % m] - centre) for t, d in detrended.items()]
    return max(0.0, 1 - np.var(remainder) / np.var(list(detrended.values())))


def cycle(n, m, rng, noise=0.3, trend=0.0, level=10.0):
    t = np.arange(n)
    return level + trend * t + np.sin(2 * np.pi * t / m) + noise * rng.standard_normal(n)


@pytest.mark.parametrize(("m", "n"), [(4, 41), (7, 100), (12, 60), (24, 240), (5, 33)])
def test_strength_matches_the_decomposition_written_out(m, n):
    y = np.random.default_rng(m).standard_normal(n).cumsum() + cycle(n, m, np.random.default_rng(n))
    assert seasonal_strength(y, m) == pytest.approx(slow_strength(y, m), abs=1e-12)


def test_strength_needs_three_seasons_and_a_flat_series_has_none():
    assert np.isnan(seasonal_strength(np.arange(35.0), 12))
    assert seasonal_strength(np.full(100, 3.0), 7) == 0.0


def test_hours_months_and_quarters_get_their_season_not_its_multiples_or_divisors():
    rng = np.random.default_rng(0)
    hours = cycle(24 * 30, 24, rng) + 0.5 * (np.arange(24 * 30) // 24 % 7 >= 5)  # weekends
    assert season_of(hours) == 24  # not a week of 168 hours, though it shows too
    assert season_of(cycle(144, 12, rng, trend=0.05)) == 12  # not 24 or 48 months
    assert season_of(cycle(80, 4, rng, trend=0.1)) == 4  # not 12 or 24 quarters
    assert season_of(cycle(4032, 48, rng)) == 48  # half-hours: not 24 (half a day)
    assert season_of(np.exp(cycle(365, 7, rng, noise=0.2) / 5)) == 7  # positive: in logs


def test_a_short_random_walk_needs_five_times_noise_s_strength():
    """60 rows of a random walk whose weekdays' phases explain more than 3 m / n by chance
    (it got a season of 5 at 3 m / n): none at 5 m / n."""
    walk = 100 + np.random.default_rng(2).standard_normal(60).cumsum()
    assert 3 * 5 / 60 < seasonal_strength(walk, 5) < 5 * 5 / 60
    assert season_of(walk) == 1


@pytest.mark.parametrize("seed", range(5))
def test_a_random_walk_and_noise_have_no_season(seed):
    rng = np.random.default_rng(seed)
    assert season_of(100 + rng.standard_normal(800).cumsum()) == 1
    assert season_of(rng.standard_normal(300)) == 1


def test_too_short_empty_or_gappy_series_do_not_fail():
    rng = np.random.default_rng(1)
    assert season_of(cycle(30, 12, rng)) == 1  # two and a half years of months
    assert season_of(np.array([])) == 1 and season_of(np.full(100, np.nan)) == 1
    gappy = cycle(240, 12, rng, noise=0.1)
    gappy[::10] = np.nan  # a gap keeps its place: the phases after it stay theirs
    assert season_of(gappy) == 12


def test_a_season_that_scales_with_the_level_is_read_in_logs():
    t = np.arange(144)
    growing = np.exp(0.05 * t) * (1 + 0.3 * np.sin(2 * np.pi * t / 12))
    # in levels, less than 5 x 12 / 144 passes (what a random walk may show); in logs, all
    assert seasonal_strength(growing, 12) < 5 * 12 / 144 < seasonal_strength(np.log(growing), 12)
    assert season_of(growing) == 12


def test_a_weak_season_of_a_long_series_is_none():
    rng = np.random.default_rng(6)
    weak = 0.35 * np.sin(2 * np.pi * np.arange(5000) / 24) + rng.standard_normal(5000)
    assert 0.03 < seasonal_strength(weak, 24) < 0.25  # far beyond noise's, but slight
    assert season_of(weak) == 1


def test_a_divisor_explaining_much_less_gives_way_to_its_multiple(monkeypatch):
    """Months with a December peak: every fourth month shares a third of it, so 4 passes on
    its own (0.35) but explains far less than 12 (0.98), which is the season."""
    t = np.arange(240)
    december = np.r_[np.ones(10), 1.5, 3.0]
    y = 10 + december[t % 12] + 0.1 * np.random.default_rng(7).standard_normal(240)
    assert 0.3 < seasonal_strength(np.log(y), 4) < 0.8 * seasonal_strength(np.log(y), 12)
    assert season_of(y) == 12
    monkeypatch.setattr(seasonality, "DIVISOR_SHARE", 0.0)  # any share: the shorter one
    assert season_of(y) == 4


def steps_file(tmp_path, values, ids=None):
    frame = pd.DataFrame({"time": np.arange(1, len(values) + 1), "value": values})
    if ids is not None:
        frame = pd.concat([frame.assign(id=i) for i in ids])[["id", "time", "value"]]
    path = tmp_path / "steps.csv"
    frame.to_csv(path, index=False)
    return path


def panel_of(tmp_path, parts):
    frame = pd.concat([pd.DataFrame({"id": f"s{i}", "time": np.arange(1, len(v) + 1),
                                     "value": v}) for i, v in enumerate(parts)])
    frame.to_csv(tmp_path / "p.csv", index=False)
    return load_series(tmp_path / "p.csv")


def test_a_panel_takes_the_season_half_its_series_show(tmp_path):
    rng = np.random.default_rng(2)
    walk = [100 + rng.standard_normal(300).cumsum() for _ in range(3)]
    days = [cycle(300, 24, rng) for _ in range(3)]
    assert found_season(panel_of(tmp_path, days + walk[:1]), None, 24) == (24, {24: 3, 1: 1})
    assert found_season(panel_of(tmp_path, days[:2] + walk), None, 24)[0] == 1  # 2 of 5
    weeks = [cycle(300, 7, rng) for _ in range(2)]
    assert found_season(panel_of(tmp_path, days[:2] + weeks), None, 24) == (7, {24: 2, 7: 2})


def test_series_too_short_to_look_at_do_not_count(tmp_path):
    """A series with fewer than 12 rows before its test period is not looked at: never a
    slice across another series' rows (the first series), never an empty one."""
    rng = np.random.default_rng(8)
    parts = [cycle(10, 24, rng), cycle(30, 24, rng)] + [
        100 + rng.standard_normal(300).cumsum() for _ in range(2)]
    assert found_season(panel_of(tmp_path, parts), None, 24) == (1, {1: 2})
    assert found_season(panel_of(tmp_path, parts[:1]), None, 24) == (1, {})


def test_the_default_cut_is_at_least_a_horizon(tmp_path):
    """400 rows whose season shows in the last 200 only: a horizon of 200 is the test period
    (not a tenth, 40 rows), and hides it."""
    rng = np.random.default_rng(9)
    values = 100 + rng.standard_normal(400).cumsum() * 0.1
    values[-200:] += 5 * np.sin(2 * np.pi * np.arange(200) / 24)
    panel = panel_of(tmp_path, [values])
    assert found_season(panel, None, 200)[0] == 1
    assert found_season(panel, 40, 200)[0] == 24


def test_training_on_numbered_steps_finds_and_says_the_season(tmp_path):
    rng = np.random.default_rng(3)
    panel = load_series(steps_file(tmp_path, cycle(24 * 25, 24, rng)))
    assert panel.freq == "ns"
    _, manifest, metrics, notes = train_series(panel, horizon=24, **TINY)
    assert manifest["settings"]["eval"]["season"] == 24
    assert "seasonal_naive" in metrics["methods"]
    assert any(n.startswith("season: 24 rows, found in the values") for n in notes)
    # a season given is the one used, and nothing is looked for
    _, manifest, _, notes = train_series(panel, horizon=24, season=12, **TINY)
    assert manifest["settings"]["eval"]["season"] == 12
    assert not any(n.startswith("season:") for n in notes)


def test_series_of_another_season_are_said(tmp_path):
    """Months and quarters in one file: the months' season for all, and the quarters said,
    with the way to train them apart."""
    rng = np.random.default_rng(12)
    parts = [cycle(120, 12, rng, noise=0.1) for _ in range(3)] + [
        cycle(120, 4, rng, noise=0.1) for _ in range(2)]
    notes = train_series(panel_of(tmp_path, parts), horizon=12, **TINY)[3]
    said = [n for n in notes if n.startswith("season:")]
    assert said == ["season: 12 rows, found in the values; 3 of 5 series show it, 2 show 4 "
                    "(numbered steps name no calendar; --season N sets another; series of "
                    "other seasons are best trained apart (--id))"]


def test_the_test_period_does_not_choose_the_season(tmp_path):
    """A season that shows only in the test period (the last 400 rows here) is not found; the
    same file with a shorter test period shows it and finds it."""
    rng = np.random.default_rng(4)
    values = 100 + rng.standard_normal(1000).cumsum() * 0.1
    values[-400:] += 5 * np.sin(2 * np.pi * np.arange(400) / 24)
    panel = load_series(steps_file(tmp_path, values))
    notes = train_series(panel, horizon=24, test_size=400, val_size=48, **TINY)[3]
    assert "season: none found in the values" in " ".join(notes)
    notes = train_series(panel, horizon=24, test_size=48, val_size=48, **TINY)[3]
    assert "season: 24 rows, found in the values" in " ".join(notes)


def test_dated_data_keeps_its_calendar_season(tmp_path):
    rng = np.random.default_rng(5)
    pd.DataFrame({"date": pd.date_range("2020-01-01", periods=400, freq="D"),
                  "value": cycle(400, 12, rng, noise=0.05)}).to_csv(tmp_path / "d.csv",
                                                                  index=False)
    _, manifest, _, notes = train_series(load_series(tmp_path / "d.csv"), horizon=7, **TINY)
    assert manifest["settings"]["eval"]["season"] == 7  # days' week, whatever the values show
    assert not any(n.startswith("season:") for n in notes)


def test_a_series_no_longer_than_its_test_period_is_refused_as_before(tmp_path):
    panel = load_series(steps_file(tmp_path, cycle(20, 4, np.random.default_rng(10))))
    with pytest.raises(InputError, match="too short"):
        train_series(panel, horizon=20, **TINY)


def test_backtest_folds_share_the_season_found_before_the_first_cutoff(tmp_path):
    rng = np.random.default_rng(11)
    panel = load_series(steps_file(tmp_path, cycle(24 * 30, 24, rng)))
    said = []
    result = backtest_panel(panel, Settings.build(horizon=24, **TINY), folds=2,
                            on_note=said.append)
    assert [fold.season for fold in result.folds] == [24, 24]
    assert [n for n in said if n.startswith("season:")] == [
        "season: 24 rows, found in the values up to the first cutoff (numbered steps name no "
        "calendar; --season N sets another)"]
