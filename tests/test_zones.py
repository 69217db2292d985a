"""The zone of times written with changing UTC offsets, and forecasts stamped in it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app
from lstmcast.zones import one_wall_clock, real_stamps, trained_zone, zone_of


def written(zone: str, start: str, end: str, freq: str = "h") -> tuple[pd.Series, pd.Index]:
    times = pd.date_range(start, end, freq=freq, tz=zone)
    return pd.Series([t.isoformat() for t in times]), times.tz_localize(None)


@pytest.mark.parametrize("zone, found", [
    ("Europe/Berlin", "Europe/Berlin"), ("Europe/Paris", "Europe/Berlin"),  # one set of rules
    ("America/New_York", "America/New_York"), ("Australia/Sydney", "Australia/Sydney"),
    ("America/Phoenix", "-07:00"),  # no summer time: one offset, written back as it is
])
def test_the_zone_whose_offsets_the_data_writes(zone, found):
    assert zone_of(*written(zone, "2023-01-01", "2023-12-31")) == found


def test_one_offset_is_its_own_zone_and_none_is_no_zone():
    cells, local = written("Europe/Berlin", "2023-01-01", "2023-02-01")
    assert zone_of(cells, local) == "+01:00"  # winter only: CET, or a zone without summer time
    assert zone_of(cells.str.slice(0, 19), local) is None
    utc, local = written("UTC", "2023-01-01", "2023-12-31")
    assert (zone_of(utc.str.replace("+00:00", "Z"), local), zone_of(utc, local)) == ("Z",
                                                                                  "+00:00")
    assert zone_of(*written("Asia/Kathmandu", "2023-01-01", "2023-01-02")) == "+05:45"
    assert zone_of(*written("America/St_Johns", "2023-01-01", "2023-01-02")) == "-03:30"


def test_a_short_export_of_one_offset_keeps_the_zone_the_model_learned(runner, in_tmp):
    """Three winter weeks of a Berlin export show '+01:00' alone: its forecasts across the
    spring change still skip 02:00, as those of the whole file do."""
    times = pd.date_range("2022-10-01", "2023-03-25 23:00", freq="h", tz="Europe/Berlin")
    frame = pd.DataFrame({"timestamp": [t.isoformat() for t in times],
                          "load": (70 + 10 * np.sin(2 * np.pi * times.hour / 24)).round(2)})
    frame.to_csv("load.csv", index=False)
    frame.tail(21 * 24).to_csv("recent.csv", index=False)
    done = runner.invoke(app, ["train", "load.csv", "--horizon", "4", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    whole, recent = (runner.invoke(app, ["predict", name, "--level", "0"]) for name in
                     ("load.csv", "recent.csv"))
    assert recent.exit_code == 0, recent.stderr
    assert recent.stdout == whole.stdout and "2023-03-26T03:00:00+02:00" in recent.stdout
    assert trained_zone("Europe/Berlin", "+02:00", pd.Timestamp("2023-01-10")) == "+02:00"


def test_an_export_at_another_fixed_offset_is_read_on_the_models_clock(runner, in_tmp):
    """The same instants written at '+05:30' after training on 'Z': compared as written, the
    rows ran 5.5 hours past training's (scored as 'live' though trained on), and at '-04:00'
    they ended 4 hours before it (a false warning of stale data)."""
    stamps = pd.date_range("2024-01-01", periods=300, freq="h", tz="UTC")
    values = (10 + np.sin(np.arange(300) / 4)).round(3)
    for name, zone in (("utc.csv", "UTC"), ("india.csv", "Asia/Kolkata"),
                       ("ny.csv", "America/New_York")):
        pd.DataFrame({"time": [t.tz_convert(zone).isoformat() for t in stamps],
                      "v": values}).to_csv(name, index=False)
    done = runner.invoke(app, ["train", "utc.csv", "--horizon", "2", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    own = runner.invoke(app, ["predict", "utc.csv", "--level", "0"])
    for name, offset in (("india.csv", "+05:30"), ("ny.csv", "-05:00")):
        other = runner.invoke(app, ["predict", name, "--level", "0"])
        assert other.exit_code == 0 and other.stdout == own.stdout, other.stderr
        assert f"{name}: its times are written at UTC{offset}, the training data's at " \
               "UTC+00:00: read as the same instants" in other.stderr
        assert "live:" not in other.stderr and "before the last timestamp" not in other.stderr
    pd.DataFrame({"time": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in stamps],
                  "v": values}).to_csv("z.csv", index=False)  # UTC as 'Z': one offset
    done = runner.invoke(app, ["train", "z.csv", "--horizon", "2", "--hidden", "4", "--epochs",
                               "1", "-q", "-o", "z.lstmcast"])
    assert done.exit_code == 0, done.stderr
    same = runner.invoke(app, ["predict", "utc.csv", "-m", "z.lstmcast", "--level", "0"])
    assert same.exit_code == 0 and "written at" not in same.stderr, same.stderr


@pytest.mark.parametrize("cell, written", [
    ("2024-05-01T00:00:00Z", "2024-05-01T01:00:00Z"),  # an API's UTC, its 'T' kept
    ("2024-05-01T00:00:00+05:30", "2024-05-01T01:00:00+05:30"),
    ("2024-05-01 00:00:00-0330", "2024-05-01T01:00:00-03:30"),  # (written with a 'T')
])
def test_forecasts_of_times_with_one_offset_are_written_with_it(runner, in_tmp, cell, written):
    """Hours: written with the offset; days stamped at one time of day are dates."""
    def forecast_stamps(step: str, clock: str, horizon: int) -> list[str]:
        stamps = [pd.Timestamp(cell[:19]) + pd.Timedelta(k - 59, unit=step) for k in range(60)]
        pd.DataFrame({"time": [t.strftime(f"%Y-%m-%dT{clock}") + cell[19:] for t in stamps],
                      "v": 10 + np.arange(60) % 7}).to_csv("data.csv", index=False)
        done = runner.invoke(app, ["train", "data.csv", "--horizon", str(horizon), "--hidden",
                                   "4", "--epochs", "1", "-q"])
        assert done.exit_code == 0, done.stderr
        result = runner.invoke(app, ["predict", "data.csv", "--level", "0"])
        assert result.exit_code == 0, result.stderr
        return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]

    assert forecast_stamps("h", "%H:%M:%S", 2) == [written, written.replace("01:00:00",
                                                                            "02:00:00")]
    assert forecast_stamps("D", "16:00:00", 1) == ["2024-05-02"]


def test_times_with_offsets_written_with_a_space_are_written_back_so(runner, in_tmp):
    # pandas's own to_csv of zoned times: '2024-05-01 00:00:00+02:00'
    times = pd.date_range("2024-04-01", periods=240, freq="h", tz="Europe/Berlin")
    pd.DataFrame({"time": times.astype(str), "v": 10 + np.arange(240) % 24}).to_csv(
        "spaced.csv", index=False)
    assert open("spaced.csv").read().splitlines()[1].startswith("2024-04-01 00:00:00+02:00")
    done = runner.invoke(app, ["train", "spaced.csv", "--horizon", "2", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "spaced.csv", "--level", "0"])
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "2024-04-11 00:00:00+02:00", "2024-04-11 01:00:00+02:00"]


def test_a_skipped_time_does_not_exist_and_a_repeated_one_is_the_summer_hour():
    spring = pd.date_range("2023-03-26 01:00", periods=3, freq="h")
    real, exists = real_stamps(spring, "Europe/Berlin")
    assert exists.tolist() == [True, False, True]
    assert real[2].isoformat() == "2023-03-26T03:00:00+02:00"
    autumn = pd.DatetimeIndex(["2023-10-29 02:00"])
    assert real_stamps(autumn, "Europe/Berlin")[0][0].isoformat() == "2023-10-29T02:00:00+02:00"


def test_forecasts_across_a_clock_change_are_real_times_with_offsets(runner, in_tmp):
    times = pd.date_range("2022-10-01", "2023-03-25 23:00", freq="h", tz="Europe/Berlin")
    load = 70 + 10 * np.sin(2 * np.pi * times.hour / 24)
    pd.DataFrame({"timestamp": [t.isoformat() for t in times], "load": load.round(2)}).to_csv(
        "load.csv", index=False)
    done = runner.invoke(app, ["train", "load.csv", "--horizon", "6", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "load.csv", "--level", "0"])
    assert result.exit_code == 0, result.stderr
    stamps = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert stamps == ["2023-03-26T00:00:00+01:00", "2023-03-26T01:00:00+01:00",
                      "2023-03-26T03:00:00+02:00", "2023-03-26T04:00:00+02:00",
                      "2023-03-26T05:00:00+02:00"]  # with the data's T
    assert "the clocks of Europe/Berlin skip 2023-03-26 02:00:00" in result.stderr
    assert pd.to_datetime(stamps, format="ISO8601", utc=True).is_monotonic_increasing
    folds = runner.invoke(app, ["backtest", "load.csv", "--horizon", "3", "--folds", "2",
                                "--hidden", "4", "--epochs", "1", "-q", "--metrics-out",
                                "bt.json"])
    assert folds.exit_code == 0, folds.stderr
    cutoffs = list(dict.fromkeys(line.split(",")[0] for line in folds.stdout.splitlines()[1:]))
    assert len(cutoffs) == 2 and cutoffs[0].endswith("+01:00")  # backtests too
    # and the JSON's folds as the CSV's rows, which a program joins (it wrote '... 20:00:00')
    assert [f["cutoff"] for f in json.loads(Path("bt.json").read_text())["folds"]] == cutoffs


def test_as_of_an_instant_is_the_row_of_that_instant_on_the_data_s_clock(runner, in_tmp):
    """--as-of 09:00Z of data written with '+01:00' was read as 09:00+01:00, an hour off (two
    in summer), in silence; an instant between the rows' times was refused as no row."""
    times = pd.date_range("2023-01-02", "2023-04-30 23:00", freq="h", tz="Europe/Berlin")
    load = 70 + 10 * np.sin(2 * np.pi * times.hour / 24) + np.arange(len(times)) % 7
    pd.DataFrame({"timestamp": [t.isoformat() for t in times], "load": load}).to_csv(
        "load.csv", index=False)
    done = runner.invoke(app, ["train", "load.csv", "--horizon", "2", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr

    def first_step(as_of: str) -> str:
        result = runner.invoke(app, ["predict", "load.csv", "--as-of", as_of, "--level", "0"])
        assert result.exit_code == 0, result.stderr
        return result.stdout.splitlines()[1].split(",")[0]

    for as_of in ("2023-03-01T09:00:00Z", "2023-03-01T10:00:00+01:00",
                  "2023-03-01T14:30:00+05:30", "2023-03-01 10:00"):  # (as the file's clock)
        assert first_step(as_of) == "2023-03-01T11:00:00+01:00", as_of
    assert first_step("2023-04-05T09:00:00Z") == "2023-04-05T12:00:00+02:00"  # summer: +2
    pd.DataFrame({"timestamp": times.tz_localize(None), "load": load}).to_csv(
        "local.csv", index=False)  # the same wall-clock times, written without offsets
    done = runner.invoke(app, ["train", "local.csv", "--horizon", "2", "--hidden", "4",
                               "--epochs", "1", "-q", "--out", "local.lstmcast"])
    assert done.exit_code == 0, done.stderr
    refused = runner.invoke(app, ["predict", "local.csv", "-m", "local.lstmcast", "--as-of",
                                  "2023-03-01T09:00:00Z"])
    assert refused.exit_code == 2 and refused.stderr.startswith(
        "error: --as-of 2023-03-01T09:00:00Z gives a UTC offset, but the times of local.csv "
        "are read on a clock of no known zone"), refused.stderr
    # Unix epoch seconds are UTC's: refused, as a clock of no zone, in the first mend
    seconds = (times - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(seconds=1)
    pd.DataFrame({"time": seconds, "load": load}).to_csv("epoch.csv", index=False)
    done = runner.invoke(app, ["train", "epoch.csv", "--horizon", "2", "--hidden", "4",
                               "--epochs", "1", "-q", "--out", "epoch.lstmcast"])
    assert done.exit_code == 0, done.stderr
    epoch = runner.invoke(app, ["predict", "epoch.csv", "-m", "epoch.lstmcast", "--as-of",
                                "2023-03-01T10:00:00+01:00", "--level", "0"])
    assert epoch.exit_code == 0, epoch.stderr
    assert epoch.stdout.splitlines()[1].startswith("2023-03-01T10:00:00Z")  # the next hour


def test_days_stamped_at_a_zone_s_midnight_in_utc_are_its_dates(tmp_path):
    """Alpaca's daily bars: New York's midnights in UTC, 04:00Z in summer and 05:00Z in
    winter, are New York's business days, written as dates; two readings a day, an hour
    apart, are not."""
    from helpers import load_series

    days = pd.bdate_range("2022-01-03", "2023-06-30")
    utc = days.tz_localize("America/New_York").tz_convert("UTC")
    path = tmp_path / "bars.csv"
    pd.DataFrame({"timestamp": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in utc],
                  "close": np.arange(len(days)) + 100.0}).to_csv(path, index=False)
    bars = load_series(path)
    assert bars.freq == "B" and list(bars.time) == list(days) and bars.zone is None
    assert one_wall_clock(utc.tz_localize(None))[0] == "America/New_York"
    for zone, first, last in (("Europe/Helsinki", "2022-01-03", "2023-06-30"),  # Berlin: 23:00
                              ("Australia/Sydney", "2023-10-02", "2024-08-30")):  # Santiago
        local = pd.bdate_range(first, last)
        found, wall = one_wall_clock(local.tz_localize(zone).tz_convert("UTC").tz_localize(None))
        assert found == zone and list(wall) == list(local)
    twice = pd.date_range("2022-01-03", periods=400, freq="D").repeat(2) + pd.to_timedelta(
        np.tile([9, 10], 400), unit="h")
    assert one_wall_clock(twice) is None
    # TradingView's daily bars at New York's opening, 09:30: 13:30Z, 14:30Z; refused once as
    # too irregular (a step of 3 days 01:00)
    opens = (days + pd.Timedelta(hours=9.5)).tz_localize("America/New_York").tz_convert("UTC")
    seconds = (opens - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(seconds=1)
    pd.DataFrame({"time": seconds, "close": np.arange(len(days)) + 100.0}).to_csv(
        path, index=False)
    bars = load_series(path)
    assert bars.freq == "B" and list(bars.time) == list(days)


def test_a_one_row_series_among_days_at_a_zone_s_midnight_is_read_as_its_date(tmp_path):
    """Polygon's grouped daily bars: Unix milliseconds at New York's midnights; a stock listed
    on the last day has one row at 04:00Z, no second time of day to show the zone. It is read
    as its date, as its neighbours are: no 'ends before the data's latest row', forecasts
    written as dates. Among hourly series a row keeps its hour."""
    from helpers import load_series

    days = pd.bdate_range("2023-10-02", "2024-03-28")
    stamps = days.tz_localize("America/New_York").tz_convert("UTC")
    ms = [(t - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(milliseconds=1)
          for t in stamps]
    path = tmp_path / "grouped.csv"
    close = np.r_[np.arange(len(days)) + 100.0, np.arange(len(days)) + 50.0, 44.7]
    pd.DataFrame({"ticker": ["AAPL"] * len(days) + ["TSLA"] * len(days) + ["RDDT"],
                  "o": close, "c": close, "h": close, "l": close, "t": ms * 2 + [ms[-1]]}
                 ).to_csv(path, index=False)
    panel = load_series(path)
    assert panel.ids == ("AAPL", "TSLA", "RDDT") and panel.freq == "B"
    assert panel.series(2).time[0] == days[-1] == panel.series(0).time[-1]
    assert not any("end before" in w for w in panel.warnings)
    assert any("RDDT" in n and "read as its date" in n for n in panel.notes)
    # at New York's close, 21:00Z in winter: the same date, not Moscow's next midnight's
    closes = (days + pd.Timedelta(hours=16)).tz_localize("America/New_York").tz_convert("UTC")
    frame = pd.read_csv(path)
    frame["t"] = [(t - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(milliseconds=1)
                  for t in closes] * 2 + [pd.Timestamp("2024-02-28 21:00", tz="UTC").value
                                          // 10**6]
    frame.to_csv(path, index=False)
    assert load_series(path).series(2).time[0] == pd.Timestamp("2024-02-28")
    # among hourly series, or a session's bars, a row keeps its time
    hours = pd.date_range("2024-03-01", periods=200, freq="h")
    pd.DataFrame({"id": ["a"] * 200 + ["b"], "time": [*hours, hours[-1]],
                  "v": np.r_[np.arange(200) % 24, 3.0]}).to_csv(path, index=False)
    assert load_series(path, id_col="id").series(1).time[0] == hours[-1]
    bars = pd.DatetimeIndex([d + pd.Timedelta(minutes=570 + 30 * k)
                             for d in pd.bdate_range("2024-03-04", periods=10) for k in range(13)])
    pd.DataFrame({"id": ["a"] * len(bars) + ["b"], "time": [*bars, bars[-3]],
                  "v": np.r_[np.arange(len(bars)) % 13, 3.0]}).to_csv(path, index=False)
    assert load_series(path, id_col="id").series(1).time[0] == bars[-3]


def test_a_per_series_model_writes_its_forecasts_with_the_data_s_offset(runner, in_tmp):
    hours = pd.date_range("2024-01-01", periods=120, freq="h")
    pd.DataFrame({"time": [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in hours] * 2,
                  "id": ["a"] * 120 + ["b"] * 120,
                  "v": np.r_[np.arange(120) % 24, np.arange(120) % 12] + 5.0}).to_csv(
        "panel.csv", index=False)
    done = runner.invoke(app, ["train", "panel.csv", "--id-col", "id", "--per-series",
                               "--horizon", "2", "--hidden", "4", "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "panel.csv", "--level", "0"])
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == [
        "2024-01-06T00:00:00Z", "2024-01-06T01:00:00Z"] * 2


def test_days_at_one_afternoon_time_on_sundays_to_thursdays_are_warned_of():
    """Shanghai's midnights as Unix times read in UTC: 16:00 the day before, Monday to Friday
    becoming Sunday to Thursday. Read as dates, as a 16:00 close is, but warned of."""
    from lstmcast.zones import one_clock_note

    mondays_on = pd.bdate_range("2023-01-02", periods=40)
    text, east = one_clock_note(mondays_on - pd.Timedelta(hours=8))
    assert east and text.startswith("every row is stamped at 16:00:00: read as its date; on "
                                     "Sundays to Thursdays")
    assert one_clock_note(mondays_on + pd.Timedelta(hours=16)) == (
        "every row is stamped at 16:00:00: read as its date", False)


def test_the_hour_the_clocks_skip_is_no_gap_to_warn_of(tmp_path):
    """Data kept in a zone's wall-clock time has 23 hours on the spring change's day: its
    missing 02:00 is put on the grid with the value before it and said to be the clocks',
    not warned of as a gap; a row truly missing still is, in a single series and a panel."""
    from lstmcast.config import DataSpec
    from lstmcast.data import load_panel

    times = pd.date_range("2023-03-20", "2023-03-31 23:00", freq="h", tz="Europe/Berlin")
    load = np.round(70 + 10 * np.sin(2 * np.pi * times.hour / 24) + np.arange(len(times)), 2)
    cells = [t.isoformat() for t in times]
    gone = 100  # a row the logger lost
    single = tmp_path / "load.csv"
    pd.DataFrame({"timestamp": cells, "load": load}).drop(index=gone).to_csv(single, index=False)
    panel = tmp_path / "panel.csv"
    pd.concat([pd.DataFrame({"timestamp": cells, "meter": m, "load": load + k})
               for k, m in enumerate(["a", "b"])]).to_csv(panel, index=False)
    one = load_panel(str(single), DataSpec())
    wall = pd.Timestamp("2023-03-26 02:00")
    at = int(np.flatnonzero(one.time == wall)[0])
    assert one.target[at] == one.target[at - 1] == load[np.flatnonzero(
        times.tz_localize(None) == wall - pd.Timedelta(hours=1))[0]]
    assert one.filled[at] and one.filled.sum() == 2
    assert any("1 time(s) the clocks of Europe/Berlin skip in spring, given the value before "
               "(2023-03-26 02:00:00)" in n for n in one.notes)
    assert any("1 missing timestamp(s) inserted as gaps" in n for n in one.notes)
    assert [w for w in one.warnings if "filled" in w] == [
        "filled 1 missing value(s) by forward fill ('load': 1)"]
    both = load_panel(str(panel), DataSpec())
    assert len(both) == 2 and not any("filled" in w for w in both.warnings)
    assert both.filled is not None and both.filled.sum() == 2  # each meter's skipped hour


def hourly_absent(*stamps: str, freq: str = "h") -> tuple[pd.DatetimeIndex, np.ndarray]:
    """A wall-clock grid about two spring changes (New York's, 10 March 2024; Europe's, 31 March)
    and which of its steps have no row."""
    grid = pd.date_range("2024-03-05", "2024-04-05", freq=freq)
    return grid, grid.isin(pd.DatetimeIndex([pd.Timestamp(s) for s in stamps]))


@pytest.mark.parametrize("absent, skipped", [
    (["2024-03-31 02:00"], ["2024-03-31 02:00"]),  # Berlin's (local time, no offsets)
    (["2024-03-31 01:00"], ["2024-03-31 01:00"]),  # London's, the same night
    (["2024-03-10 02:00"], ["2024-03-10 02:00"]),  # New York's
    # two hours: an outage over Berlin's hour (its steps either side not both written), gaps
    (["2024-03-31 01:00", "2024-03-31 02:00"], []),
    (["2024-03-30 02:00"], []),  # the Saturday before: no clock changed
    (["2024-03-31 05:00"], []),  # the day, but no zone's hour
])
def test_an_absent_hour_without_offsets_is_a_skipped_one_only_where_a_zone_skips_it(
        absent, skipped):
    from lstmcast.zones import skipped_by_clocks

    grid, missing = hourly_absent(*absent)
    assert list(grid[skipped_by_clocks(grid, missing, None)]) == [pd.Timestamp(t)
                                                                  for t in skipped]


def test_an_hour_absent_where_the_data_has_it_in_another_year_is_no_skip():
    """UTC data (no summer time) that lost 02:00 on 26 March 2017, Berlin's spring change: it
    was called the clocks', even under --fill none, though the data has 02:00 on 25 March
    2018; data in Berlin's time lacks both."""
    from lstmcast.zones import skipped_by_clocks

    grid = pd.date_range("2017-01-01", "2018-12-31 23:00", freq="h")
    outage = grid == pd.Timestamp("2017-03-26 02:00")
    assert not skipped_by_clocks(grid, outage, None).any()
    berlin = outage | (grid == pd.Timestamp("2018-03-25 02:00"))
    assert skipped_by_clocks(grid, berlin, None).sum() == 2
    # days without rows over the spring night (a feed's outage, 24 to 28 March): no skip in it
    days = (grid >= pd.Timestamp("2018-03-24")) & (grid < pd.Timestamp("2018-03-29"))
    assert not skipped_by_clocks(grid, outage | days, None).any()


def test_skipped_steps_are_the_whole_hour_and_need_a_zone_that_changes():
    from lstmcast.zones import skipped_by_clocks

    quarters = [f"2024-03-31 02:{m:02d}" for m in (0, 15, 30, 45)]
    grid, missing = hourly_absent(*quarters, freq="15min")
    assert skipped_by_clocks(grid, missing, None).sum() == 4
    grid, missing = hourly_absent(*quarters[:3], freq="15min")  # 02:45 written: not local time
    assert not skipped_by_clocks(grid, missing, None).any()
    grid, missing = hourly_absent("2024-03-31 02:00")
    assert skipped_by_clocks(grid, missing, "Europe/Berlin").sum() == 1
    assert not skipped_by_clocks(grid, missing, "+01:00").any()  # one offset: no change
    assert not skipped_by_clocks(grid, missing, "America/New_York").any()  # not its night
    days = pd.date_range("2024-03-25", "2024-04-05")
    assert not skipped_by_clocks(days, days == pd.Timestamp("2024-03-31"), None).any()


def test_the_hour_skipped_in_local_time_without_offsets_is_said_not_warned(tmp_path):
    """A meter's export in local time, no offsets: 23 hours on the last Sunday of March. Its
    missing 02:00 is the clocks', as the offsets would have said: given the value before and
    said, not warned of as a missing value (a fault to a reader of a cron log)."""
    from lstmcast.config import DataSpec
    from lstmcast.data import load_panel

    times = pd.date_range("2023-03-20", "2023-03-31 23:00", freq="h", tz="Europe/Berlin")
    load = np.round(70 + 10 * np.sin(2 * np.pi * times.hour / 24) + np.arange(len(times)), 2)
    path = tmp_path / "meter.csv"
    pd.DataFrame({"timestamp": times.tz_localize(None), "load": load}).to_csv(path, index=False)
    panel = load_panel(str(path), DataSpec())
    at = int(np.flatnonzero(panel.time == pd.Timestamp("2023-03-26 02:00"))[0])
    assert panel.target[at] == panel.target[at - 1] and panel.filled[at]
    assert any("frequency: hourly; 1 time(s) a spring clock change skips, given the value "
               "before (2023-03-26 02:00:00)" in n for n in panel.notes)
    assert not any("filled" in w or "missing" in w for w in panel.warnings)


def test_the_zone_of_wall_clock_times_is_that_whose_spring_changes_they_skip():
    from lstmcast.zones import wall_clock_zone

    grid, missing = hourly_absent("2024-03-10 02:00")  # New York's, and nobody else's
    assert wall_clock_zone(grid, np.array([0, len(grid)]), missing) == "America/New_York"
    grid, missing = hourly_absent("2024-03-31 02:00")  # Berlin's (Paris's, ...: one set)
    both = grid.append(grid)
    assert wall_clock_zone(both, np.array([0, len(grid), 2 * len(grid)]),
                           np.r_[missing, np.zeros(len(grid), bool)]) == "Europe/Berlin"
    assert wall_clock_zone(grid, np.array([0, len(grid)]), None) is None  # nothing filled
    grid, missing = hourly_absent("2024-03-30 02:00")  # an outage: no zone's
    assert wall_clock_zone(grid, np.array([0, len(grid)]), missing) is None


def test_forecasts_of_wall_clock_times_leave_out_the_hour_their_zone_skips(runner, tmp_path):
    """Hourly readings in New York's wall-clock time without offsets (a utility's export: no
    02:00 on 12 March 2017): forecasts over 11 March 2018 were stamped 02:00, an hour that
    never comes, the real next reading (03:00) their second step. Now that step is left out,
    as for data written with offsets, and the stamps stay without them."""
    local = pd.date_range("2017-02-20", "2018-03-11 01:00", freq="h", tz="America/New_York")
    load = np.round(50 + 10 * np.sin(2 * np.pi * local.hour / 24)
                    + np.random.default_rng(1).normal(0, 1, len(local)), 2)
    frame = pd.DataFrame({"timestamp": local.tz_localize(None), "load": load})
    frame.iloc[:24 * 40].to_csv(tmp_path / "train.csv", index=False)  # the 2017 skip in it
    done = runner.invoke(app, ["train", str(tmp_path / "train.csv"), "--out",
                               str(tmp_path / "m"), "--epochs", "1", "--hidden", "4",
                               "--horizon", "3", "-q"])
    assert done.exit_code == 0, done.stderr
    frame.iloc[-24 * 30:].to_csv(tmp_path / "march.csv", index=False)  # 2018: no skip yet
    out = runner.invoke(app, ["predict", str(tmp_path / "march.csv"), "--model",
                              str(tmp_path / "m")])
    assert out.exit_code == 0, out.stderr
    stamps = [line.split(",")[0] for line in out.stdout.splitlines()[1:]]
    assert stamps == ["2018-03-11 03:00:00", "2018-03-11 04:00:00"]
    assert "the clocks of America/New_York skip 2018-03-11 02:00:00" in out.stderr


def test_a_london_file_of_one_autumn_change_forecasts_no_hour_the_spring_skips(runner,
                                                                             tmp_path):
    """London's wall-clock hours, October to the Sunday of the spring change (01:00 absent):
    the autumn hour the rows repeat is also Jerusalem's and Mexico City's, which skip other
    spring hours; Jerusalem's (two days before) is in the rows, Mexico City comes after London
    in ZONES. The forecast leaves out 01:00, which it wrote in silence."""
    local = pd.date_range("2022-10-01", "2023-03-26 00:00", freq="h", tz="Europe/London")
    demand = np.round(800 + 150 * np.sin(2 * np.pi * local.hour / 24)
                      + np.random.default_rng(2).normal(0, 5, len(local)), 1)
    pd.DataFrame({"timestamp": local.tz_localize(None).strftime("%Y-%m-%d %H:%M"),
                  "demand": demand}).to_csv(tmp_path / "london.csv", index=False)
    done = runner.invoke(app, ["train", str(tmp_path / "london.csv"), "--out",
                               str(tmp_path / "m"), "--epochs", "1", "--hidden", "4",
                               "--horizon", "3", "-q"])
    assert done.exit_code == 0, done.stderr
    out = runner.invoke(app, ["predict", str(tmp_path / "london.csv"), "--model",
                              str(tmp_path / "m"), "--level", "0"])
    assert out.exit_code == 0, out.stderr
    assert [line.split(",")[0] for line in out.stdout.splitlines()[1:]] == [
        "2023-03-26 02:00", "2023-03-26 03:00"]
    assert "the clocks of Europe/London skip 2023-03-26 01:00:00" in out.stderr


def test_a_zone_from_an_autumn_hour_alone_is_the_first_the_rows_do_not_contradict():
    """The zone a model keeps from wall-clock times that repeat an autumn hour (and show no
    spring change): none where the rows hold the hour its spring change skips (UTC rows, one
    written twice on such a night: a review); of zones that repeat it and skip other spring
    hours (London's autumn hour is Jerusalem's and Mexico City's, New York's before 2007), the
    first the rows do not so contradict (a user round: none was kept, and a London file's
    forecast stamped 01:00 of the spring night, an hour that never comes)."""
    from lstmcast.zones import autumn_repeats, autumn_zone

    berlin = pd.date_range("2016-09-01", "2017-03-20", freq="h")  # no spring change inside
    zones = autumn_repeats(pd.Series([pd.Timestamp("2016-10-30 02:00")] * 2))
    assert zones[0] == "Europe/Berlin" and autumn_zone(zones, berlin, None) == "Europe/Berlin"
    utc = pd.date_range("2016-09-01", "2017-04-30", freq="h")  # Berlin's 2017-03-26 02:00 kept
    assert autumn_zone(zones, utc, None) is None
    filled = np.asarray(utc == "2017-03-26 02:00")  # ... unless the loader filled it
    assert autumn_zone(zones, utc, filled) == "Europe/Berlin"
    for night in ("2016-10-30 01:00", "2006-10-29 01:00"):  # London's, Lisbon's, Mexico's, ...
        shared = autumn_repeats(pd.Series([pd.Timestamp(night)] * 2))
        assert shared[0] == "Europe/London" and len(shared) > 2
        assert autumn_zone(shared, berlin, None) == "Europe/London"
        assert autumn_zone(shared, utc, None) is None  # London's spring hour held, and theirs
    shared = autumn_repeats(pd.Series([pd.Timestamp("2016-10-30 01:00")] * 2))
    to_friday = pd.date_range("2016-09-01", "2017-03-25", freq="h")  # Jerusalem's spring held
    assert autumn_zone(shared[::-1], to_friday, None) == "America/Mexico_City"
    assert autumn_zone(shared[::-1], berlin, None) == "Asia/Jerusalem"
    assert autumn_zone([], berlin, None) is None


def test_forecasts_across_the_autumn_change_are_consecutive_instants(runner, in_tmp):
    """Hourly load written with New York's offsets since winter, ending 23:00-04:00 on 2
    November 2024: the forecast stamped 01:00-04:00 then 02:00-05:00, two hours apart, the
    repeated hour's instant 01:00-05:00 missing (a user round). Now each row is the next real
    hour, with its offset, that hour forecast by its wall-clock step; as many rows as steps."""
    times = pd.date_range("2024-02-20", "2024-11-02 23:00", freq="h", tz="America/New_York")
    load = np.round(80 + 15 * np.sin(2 * np.pi * times.hour / 24), 1)
    pd.DataFrame({"Datetime": [t.isoformat() for t in times], "MW": load}).to_csv(
        "load.csv", index=False)
    done = runner.invoke(app, ["train", "load.csv", "--horizon", "6", "--hidden", "4",
                               "--epochs", "1", "-q"])
    assert done.exit_code == 0, done.stderr
    result = runner.invoke(app, ["predict", "load.csv"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert [row[0] for row in rows] == [
        "2024-11-03T00:00:00-04:00", "2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00",
        "2024-11-03T02:00:00-05:00", "2024-11-03T03:00:00-05:00", "2024-11-03T04:00:00-05:00"]
    assert rows[1][1:] == rows[2][1:]  # one wall-clock hour, its forecast and bands twice
    assert "left out" not in result.stderr
    doc = json.loads(runner.invoke(app, ["predict", "load.csv", "--format", "json"]).stdout)
    utc = pd.to_datetime([r["Datetime"] for r in doc["forecasts"]], utc=True)
    assert (np.diff(utc) == pd.Timedelta(hours=1)).all() and len(utc) == 6
    # every 3 hours (a step the hour's shift is no multiple of): the wall-clock steps, all 8
    walls = pd.date_range("2024-02-20", "2024-10-26 21:00", freq="3h")  # on the wall clock
    times = walls.tz_localize("Europe/Berlin", ambiguous=True, nonexistent="shift_forward")
    pd.DataFrame({"time": [t.isoformat() for t in times],
                  "MW": np.round(80 + 15 * np.sin(2 * np.pi * walls.hour / 24), 1)}).to_csv(
        "three.csv", index=False)
    assert runner.invoke(app, ["train", "three.csv", "--horizon", "8", "--hidden", "4",
                               "--epochs", "1", "-q", "-o", "t.lstmcast"]).exit_code == 0
    result = runner.invoke(app, ["predict", "three.csv", "-m", "t.lstmcast"])
    assert result.exit_code == 0, result.stderr
    assert [line[11:25] for line in result.stdout.splitlines()[1:]] == [
        "00:00:00+02:00", "03:00:00+01:00", *(f"{h:02d}:00:00+01:00" for h in range(6, 24, 3))]


@pytest.mark.parametrize("origin, stamps", [
    ("2024-10-27 01:30", ["01:45+02:00", "02:00+02:00", "02:15+02:00", "02:30+02:00",
                          "02:45+02:00", "02:00+01:00"]),  # quarter hours: the whole hour twice
    ("2024-10-27 02:15", ["02:30+02:00", "02:45+02:00", "02:30+01:00", "02:45+01:00",
                          "03:00+01:00", "03:15+01:00"]),  # from inside it: read as the first
    ("2024-03-31 01:30", ["01:45+01:00", "03:00+02:00"]),  # spring: 02:00-02:45 have none
])
def test_the_instants_after_an_origin_are_found_on_the_wall_clock_steps(origin, stamps):
    from lstmcast.zones import autumn_instants

    step = pd.Timedelta(minutes=15)
    walls = pd.date_range(pd.Timestamp(origin) + step, periods=6, freq=step)
    at, second, lost = autumn_instants(walls, "Europe/Berlin", step)
    written = [walls[j].tz_localize("Europe/Berlin", ambiguous=not s).isoformat()[11:16]
               + walls[j].tz_localize("Europe/Berlin", ambiguous=not s).isoformat()[-6:]
               for j, s in zip(at, second, strict=True)]
    assert written == stamps
    assert [t.isoformat() for t in lost] == (["2024-10-27T02:00:00+01:00",
                                              "2024-10-27T02:15:00+01:00"]
                                             if origin.endswith("02:15") else [])
