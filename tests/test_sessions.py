"""Daily trading sessions with a break (``lstmcast.sessions``): a morning and an afternoon, as
Shanghai, Hong Kong and Tokyo trade, each part stepping from its own first bar; against a slow,
obvious twin that walks every step of each day. (Weekly sessions: test_week_sessions.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lstmcast.calendar import (
    Irregular,
    frequency_of,
    future_timestamps,
    periods_between,
    regular_grid,
)
from lstmcast.sessions import TradingSession, session_of

HONG_KONG = "h@09:30-11:30+13:00-15:00/B"  # hourly bars: 09:30, 10:30, 11:30, 13:00, 14:00, 15:00
SHANGHAI = "5min@09:30-11:25+13:00-14:55/B"


def twin_bars(spans: list[tuple[str, str]], step: str, first: str, last: str) -> pd.DatetimeIndex:
    """Every bar of each weekday from ``first`` to ``last``: each part's first bar, then every
    ``step`` up to its last."""
    bars = []
    for day in pd.bdate_range(pd.Timestamp(first).normalize(), last):
        for start, end in spans:
            t = day + pd.Timedelta(f"{start}:00")
            while t <= day + pd.Timedelta(f"{end}:00"):
                bars.append(t)
                t += pd.Timedelta(step)
    index = pd.DatetimeIndex(bars)
    return index[(index >= first) & (index <= last)]


HK_SPANS = [("09:30", "11:30"), ("13:00", "15:00")]


def test_a_session_with_a_break_is_plain_text_that_reads_back():
    for freq in (HONG_KONG, SHANGHAI, "30min@09:00-11:30+12:30-15:00/B",
                 "h@09:30-11:30+13:00-15:00/B~America/New_York"):
        session = session_of(freq)
        assert isinstance(session, TradingSession) and session.freq == freq
    assert session_of(HONG_KONG).bars == 6 and session_of(SHANGHAI).bars == 48
    assert session_of(HONG_KONG).label == ("hourly, trading sessions 09:30\u201311:30 and "
                                           "13:00\u201315:00 on business days")
    # parts out of order or overlapping, a part off its step, parts one step apart (one part),
    # more than three parts
    for freq in ("h@13:00-15:00+09:30-11:30/B", "h@09:30-13:30+13:00-15:00/B",
                 "h@09:30-11:00+13:00-15:00/B", "h@09:30-11:30+12:30-15:30/B",
                 "h@01:00-02:00+04:00-05:00+07:00-08:00+10:00-11:00/B"):
        assert session_of(freq) is None, freq


@pytest.mark.parametrize(("freq", "spans", "step"), [(HONG_KONG, HK_SPANS, "1h"), (
    SHANGHAI, [("09:30", "11:25"), ("13:00", "14:55")], "5min")])
def test_bars_grid_and_counts_match_the_twin(freq, spans, step):
    session = session_of(freq)
    twin = twin_bars(spans, step, "1969-12-24", "1970-01-20")  # across the counting's start
    assert session.grid(twin[0], twin[-1]).equals(twin)
    assert regular_grid(twin[2], twin[-2], freq).equals(twin[2:-1])
    counts = np.array([session.bars_upto(t) for t in twin])
    assert (np.diff(counts) == 1).all()
    assert session.bars_upto(pd.Timestamp("1970-01-05 12:15")) == session.bars_upto(
        twin[twin < "1970-01-05 12:15"][-1])  # over lunch: the morning's last bar's count
    for k in (0, 3, session.bars - 1, len(twin) - 40):
        assert session.after(twin[k], 20).equals(twin[k + 1 : k + 21])
        assert future_timestamps(twin[k], freq, 7).equals(twin[k + 1 : k + 8])
        assert periods_between(twin[k], twin[k + 13], freq) == 13


def test_bars_with_a_lunch_break_are_read_as_two_parts_of_a_day():
    """Hong Kong's hourly bars (the afternoon on another phase) were too irregular to read,
    and Shanghai's 5-minute bars had their lunch break filled as gaps, 18 bars a day."""
    hk = twin_bars(HK_SPANS, "1h", "2024-03-04", "2024-04-30 16:00")
    assert frequency_of(hk)[0] == HONG_KONG
    sse = twin_bars([("09:30", "11:25"), ("13:00", "14:55")], "5min", "2024-03-04", "2024-03-29")
    freq, _, grid = frequency_of(sse.delete([7, 300]))  # two bars missing: gaps, filled
    assert freq == SHANGHAI and grid.equals(sse)
    tokyo_end = twin_bars([("10:00", "11:30"), ("13:30", "15:00")], "30min", "2024-03-04",
                          "2024-03-15 16:00")
    assert frequency_of(tokyo_end)[0] == "30min@10:00-11:30+13:30-15:00/B"
    # two days show no break that a day would not have anyway: one part, the gap filled
    two = twin_bars([("09:30", "11:25"), ("13:00", "14:55")], "5min", "2024-03-04",
                    "2024-03-05 16:00")
    assert frequency_of(two)[0] == "5min@09:30-14:55/D"  # (no weekend seen: every day)


def test_a_model_of_hong_kong_hourly_bars_forecasts_over_lunch_and_the_night(runner, in_tmp):
    from lstmcast.cli import app

    bars = twin_bars(HK_SPANS, "1h", "2024-03-04", "2024-05-24 16:00")  # ends on a Friday
    rng = np.random.default_rng(0)
    closes = 20 * np.exp(np.cumsum(rng.normal(0, 0.002, len(bars))))
    pd.DataFrame({"time": bars.strftime("%Y-%m-%d %H:%M"), "close": closes.round(3)}).to_csv(
        "hk.csv", index=False)
    trained = runner.invoke(app, ["train", "hk.csv", "--horizon", "4", "--epochs", "2",
                                  "--hidden", "8", "--out", "m.lstmcast"])
    assert trained.exit_code == 0, trained.stderr
    assert "hourly, trading sessions 09:30\u201311:30 and 13:00\u201315:00" in trained.stderr
    shown = runner.invoke(app, ["predict", "hk.csv", "--model", "m.lstmcast", "--as-of",
                                "2024-05-24 10:30"])
    assert shown.exit_code == 0, shown.stderr
    assert [line.split(",")[0] for line in shown.stdout.splitlines()[1:]] == [
        "2024-05-24 11:30", "2024-05-24 13:00", "2024-05-24 14:00", "2024-05-24 15:00"]
    shown = runner.invoke(app, ["predict", "hk.csv", "--model", "m.lstmcast"])
    assert [line.split(",")[0] for line in shown.stdout.splitlines()[1:3]] == [
        "2024-05-27 09:30", "2024-05-27 10:30"]


def test_no_break_where_the_bars_do_not_show_one_for_long():
    """An hourly 16:00 close after 15:30 (one session, as before), an illiquid stock's quiet
    half hour over a few days (gaps, filled), and a lunch seen on fewer than LUNCH_DAYS days
    on the bars' own step (one session), more parts than MOST_SPANS (none)."""
    us = twin_bars([("09:30", "15:30")], "1h", "2024-03-04", "2024-04-30 17:00")
    closes = us.append(pd.DatetimeIndex(us.normalize().unique() + pd.Timedelta(hours=16)))
    assert frequency_of(closes.sort_values())[0] == "30min@09:30-16:00/B"
    minutes = twin_bars([("09:30", "15:59")], "1min", "2024-03-07", "2024-03-12 16:00")
    quiet = minutes[(minutes.time < pd.Timestamp("12:00").time())
                    | (minutes.time > pd.Timestamp("12:35").time())]
    assert frequency_of(quiet)[0] == "min@09:30-15:59/B"
    days = twin_bars([("09:30", "11:25"), ("13:00", "14:55")], "5min", "2024-03-07",
                     "2024-03-12 16:00")  # four
    assert frequency_of(days)[0] == "5min@09:30-14:55/B"
    assert frequency_of(twin_bars([("09:30", "11:25"), ("13:00", "14:55")], "5min",
                                  "2024-03-07", "2024-03-13 16:00"))[0] == SHANGHAI  # five
    # four parts a day, each a step's run: no session (it was read as one, a third filled)
    four = twin_bars([("09:00", "09:55"), ("11:00", "11:55"), ("13:00", "13:55"),
                      ("15:00", "15:55")], "5min", "2024-03-04", "2024-03-29 16:00")
    with pytest.raises(Irregular):
        frequency_of(four)


def test_a_model_of_one_session_a_day_reads_fresh_bars_with_a_lunch_break_as_it_did():
    """A model trained before a lunch break was read (its session filled over lunch) reads
    its fresh data on its own grid, not refused as another frequency."""
    bars = twin_bars([("09:30", "11:25"), ("13:00", "14:55")], "5min", "2024-03-04",
                     "2024-04-30 16:00")
    old = "5min@09:30-14:55/B"
    freq, _, grid = frequency_of(bars, hint=(old, session_of(old).label))
    assert freq == old and grid.equals(session_of(old).grid(bars[0], bars[-1]))
