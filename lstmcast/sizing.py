"""Sizes left unset adapt to the data: season, lookback, patch, held-out periods, stride, batch
and epochs, from the frequency and the series' lengths. Every rule lives here, but how numbered
steps' season is found in their values (``seasonality``)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .bases import fewest_seasonal_pairs
from .calendar import MIXED_WEEKS, session_of
from .clocks import freq_root
from .config import MIN_TRAIN_WINDOWS, Settings
from .errors import InputError
from .panel import Panel
from .seasonality import MIN_ROWS, found_season

MAX_LOOKBACK = 512  # rows: longer windows cost more than they add
MAX_WINDOWS = 60_000  # training windows per epoch before the stride grows
SAMPLE_BUDGET = 400_000  # windows seen in training, over all epochs
MAX_EPOCHS = 40
SHORT_ROWS = 150  # a single series shorter than this gets a small network and many seeds
# Networks (consecutive seeds) whose median forecasts a single series: short, longer. Three,
# not one, for the longer: unseen series MAE / seasonal naive 0.793 -> 0.788 (17) and 0.684
# -> 0.673 (19), 12 M4 Hourly series 0.530 -> 0.514, the fresh set 0.637 -> 0.625.
SEEDS_SHORT, SEEDS_SINGLE = 5, 3
HELD_OUT = 100  # forecast origins a panel's validation and its test period each hold at least
BIG_PANEL = 50  # series from which a panel gets hidden 128 and lr 4e-3 (M4 Hourly: 0.445 -> 0.433)

# Seasons of history per window, by frequency: a week of hours, eight weeks of days, three
# years of weeks, three years of months, four years of quarters. Three years of weeks, not
# two: two weekly panels' OWA 0.798 -> 0.728 and 0.760 -> 0.698 (benchmarks/RESULTS.md).
_SEASONS_PER_WINDOW = {"h": 7, "min": 7, "s": 7, "D": 8, "B": 8, "WD": 8, "W": 3, "MS": 3, "ME": 3,
                       "BMS": 3, "BME": 3, "QS": 4, "QE": 4, "BQS": 4, "BQE": 4}
# Numbered steps ('ns') name no calendar: their season says what they likely count, a day of
# hours, half-hours or quarter-hours, a week of days, a year of weeks, months or quarters
# (M4 Hourly numbered 1, 2, 3, --season 24: 4 seasons, OWA 0.487; a week's 7, 0.430).
_SEASONS_OF_STEPS = {24: 7, 48: 7, 96: 7, 7: 8, 5: 8, 52: 3, 12: 3, 4: 4}


def _root(freq: str) -> str:
    """``clocks.freq_root``, and MIXED_WEEKS ('7D') -> 'W'."""
    return "W" if freq == MIXED_WEEKS else freq_root(freq)


def default_season(freq: str, median_rows: int) -> int:
    """The seasonal period a frequency suggests, or 1 when there is none (or too few rows to
    see two seasons): a day of sub-daily steps, a week of days, a year of weeks, months or
    quarters."""
    session = session_of(freq)
    root = _root(freq)
    if session is not None:  # intraday bars in trading sessions: a session is the season
        m = session.bars if session.bars <= 168 else 1
    elif root in ("h", "min", "s"):
        step = pd.Timedelta(pd.tseries.frequencies.to_offset(freq).nanos, unit="ns")
        m = int(round(pd.Timedelta(days=1) / step))
        m = m if m <= 168 else 1  # finer than ~9 minutes: a day is too long a season
    else:
        m = {"D": 7, "B": 5, "WD": 7 - freq.count("-"), "W": 52, "MS": 12, "ME": 12, "BMS": 12,
             "BME": 12, "QS": 4, "QE": 4, "BQS": 4, "BQE": 4}.get(root, 1)  # WD: the open days
        steps = None if freq == MIXED_WEEKS else re.match(r"\d+", freq)
        if m in (12, 52) and steps:  # '6MS': half-years, two a year; '2W-FRI': 26 a year
            m = m // int(steps[0]) if m % int(steps[0]) == 0 else 1
    return m if median_rows >= seasonal_rows(m) else 1


def seasonal_rows(m: int) -> int:
    """Rows a series needs for the season ``m`` its frequency names: one season and half of
    another, as the bases need to compare seasonal naive with the last value in-sample
    (``bases.fewest_seasonal_pairs``): 20 months of souvenirs, whose December is eight times
    their January, or 103 weeks of Chicago's temperatures, had no season under two seasons."""
    return m + fewest_seasonal_pairs(m)


def is_numbered(freq: str) -> bool:
    """Whether ``freq`` is numbered steps' ('ns'), which name no calendar: their season is
    found in their values (``seasonality``)."""
    return _root(freq) == "ns"


def season_from_values(settings: Settings, panel: Panel, note, rows: str = "") -> Settings:
    """``settings`` with the season numbered steps show in their values (``seasonality``),
    said to ``note`` (``rows``: which rows were looked at); as they are where a season is
    given or the frequency names one."""
    if settings.eval.season is not None or not is_numbered(panel.freq):
        return settings
    season, shown = found_season(panel, settings.eval.test_size, settings.model.horizon)
    why = "numbered steps name no calendar; --season N sets " + ("another" if season > 1 else
                                                                   "one")
    looked = shown.total()
    others = "".join(f", {n} show {m}" for m, n in shown.most_common() if m not in (1, season))
    if others:  # series of two kinds (months and quarters) take one season
        why += "; series of other seasons are best trained apart (--id)"
    if not looked:
        note(f"season: none looked for{rows}: no series has {MIN_ROWS} rows before its test "
             f"period ({why})")
    elif season > 1:
        among = f"; {shown[season]} of {looked} series show it{others}" if looked > 1 else ""
        note(f"season: {season} rows, found in the values{rows}{among} ({why})")
    else:
        among = f"; {looked - shown[1]} of {looked} series show one{others}" if others else ""
        note(f"season: none found in the values{rows}{among} ({why})")
    return settings.replace(season=season)


def is_yearly(freq: str) -> bool:
    """Whether ``freq`` steps a year (or years) at a time."""
    return _root(freq) in ("YS", "YE", "Y", "A", "AS", "BYS", "BYE", "BA", "BAS")


def at_price_frequency(freq: str) -> bool:
    """Whether ``freq`` steps a month or less (months, weeks, days, hours, a session's bars),
    as prices are quoted: not quarters or years (an economy's growth), nor numbered steps,
    whose calendar is unknown."""
    root = _root(freq)
    if is_numbered(freq) or is_yearly(freq) or root in ("QS", "QE", "BQS", "BQE", "Q"):
        return False
    months = re.match(r"\d+", freq) if root in ("MS", "ME", "BMS", "BME") else None
    return not (months and int(months[0]) >= 3)  # '6MS': half-years


def has_weeks(freq: str, season: int) -> bool:
    """Whether a season of ``season`` rows is a day of sub-daily steps, or a session held every
    day (a car park's half-hours from 08:00 to 16:30: full on weekdays), so that a week of them
    is a cycle of its own (``states.weekly_instead``); not a trading week's five sessions."""
    session = session_of(freq)
    if session is not None and getattr(session, "days", None) != "D":
        return False
    return (season > 1 and (session is not None or _root(freq) in ("h", "min", "s"))
            and season == default_season(freq, 1 << 62))


def unseasoned_why(freq: str, season: int, median_rows: int) -> str:
    """Why data with a season in its frequency has none (fewer rows than a season and a half;
    finer than ~9 minutes, a day of its steps is too long one), for the windows note; ''
    otherwise."""
    if season == 1 and (m := default_season(freq, 1 << 62)) > 1 and median_rows < \
            seasonal_rows(m):
        return (f" (none: {median_rows} rows are fewer than a season and a half, "
                f"{seasonal_rows(m)} rows of a season of {m}; --season {m} sets it)")
    if season != 1 or session_of(freq) is not None or _root(freq) not in ("min", "s"):
        return ""
    per_day = int(round(pd.Timedelta(days=1) / pd.Timedelta(
        pd.tseries.frequencies.to_offset(freq).nanos, unit="ns")))
    return (f" (none: a day of {per_day} steps is too long a season for the window; --season "
            f"{per_day} sets it)") if per_day > 168 else ""


def patch_for(lookback: int, season: int, single: bool = True) -> int:
    """Rows per network step: a season when the window holds at least four of them (three for
    a panel's) and the season is 5 or more rows; else single rows for short windows, or the
    smallest divisor keeping the steps at 32 or fewer.

    A panel's three years of months in 3 steps, not 36: 4,000 monthly series (synthetic)
    train in 77 s, not about 340 s, with the same accuracy (OWA 1.058 and 1.061). A single
    series, whose network learns from few windows, did a little better on single months (4
    monthly series, 3 origins: MAE / seasonal naive 0.653 against 0.663), and its time is
    short either way."""
    seasons = 4 if single else 3
    if season >= 5 and lookback % season == 0 and lookback // season >= seasons:
        return season
    if lookback <= 64:
        return 1
    return next(p for p in range(2, lookback + 1) if lookback % p == 0 and lookback // p <= 32)


def resolve(settings: Settings, lengths: np.ndarray, freq: str, path: str) -> Settings:
    """Fill every unset size from the series' lengths (rows) and frequency, those of
    ``sized_on``."""
    return _sized(settings, sized_on(settings, lengths, freq, path), freq, path)


def sized_on(settings: Settings, lengths: np.ndarray, freq: str, path: str) -> np.ndarray:
    """The lengths a panel is sized on: of its series long enough to train on, where sized so
    they are the same series (new listings of 4 rows among four currencies of 385 made the
    median 4 rows and the window 2 days, not 40; a sizing that would skip more series keeps
    every series' median)."""
    lengths = np.asarray(lengths)
    kept = lengths >= rows_needed(_sized(settings, lengths, freq, path))
    if kept.all() or kept.sum() < 2:
        return lengths
    resized = _sized(settings, lengths[kept], freq, path)
    return lengths[kept] if np.array_equal(lengths >= rows_needed(resized), kept) else lengths


def rows_needed(settings: Settings, network: bool = True) -> int:
    """Rows a series of a panel needs to be trained on (``min_rows``) under ``settings``, or,
    not ``network``, to be forecast by its base alone: a window, then both periods, as one
    series needs (``_require_rows``)."""
    m, e = settings.model, settings.eval
    if not network:
        return m.lookback + e.val_size + e.test_size
    return min_rows(m.lookback, m.horizon, e.val_size, e.test_size, windows=1)


def _sized(settings: Settings, lengths: np.ndarray, freq: str, path: str) -> Settings:
    """``resolve`` on every series of ``lengths``."""
    m_spec, e_spec, f_spec = settings.for_training().model, settings.eval, settings.fit
    lengths = np.asarray(lengths)
    K, S = m_spec.horizon, len(lengths)
    n_med = int(np.median(lengths))
    season = e_spec.season or default_season(freq, n_med)
    if season >= lengths.max():
        raise InputError(f"--season {season} is as long as the data or longer (the longest "
                         f"series has {int(lengths.max())} rows): no season repeats in it",
                         fallback="give the number of rows in one season, e.g. 7 for days of "
                                  "the week or 12 for months of the year")
    single = S == 1
    short = single and n_med < SHORT_ROWS
    big = S >= BIG_PANEL  # many series feed a larger network, trained faster
    # Each held-out period: a tenth of one series' rows, a horizon of each series of a panel
    # (more for a few series, below, once the lookback is known)
    test, val = _held_out(e_spec, max(K, round(0.1 * n_med)) if single else K)
    if single and e_spec.val_size is None and lengths[0] < 2 + val + test:
        val = 0  # too short for both periods: no network, and the test period calibrates alone
    if test < K or 0 < val < K:
        raise InputError(f"--test-size and --val-size must be at least the horizon ({K}) "
                         "so that one full forecast fits in each period")
    lookback = m_spec.lookback or _default_lookback(freq, season, K, n_med - test - val)
    if not single:
        test, val = _held_out(e_spec, _panel_share(lengths, lookback, K))
        if e_spec.val_size is None and lengths.max() < 2 + val + test:
            val = 0  # as one series': 72 yearly series of 13 rows, 6 years ahead
    if single and not m_spec.lookback:
        # A short series gets a shorter window rather than a refusal.
        lookback = max(2, min(lookback, int(lengths[0]) - min_rows(0, K, val, test)))
    patch = m_spec.patch or patch_for(lookback, season, single)
    if lookback % patch:
        raise InputError(f"--patch {patch} must divide the lookback ({lookback} rows)",
                         fallback="choose a patch that divides the lookback")
    if single:
        _require_rows(int(lengths[0]), lookback, K, val, test, path, e_spec.test_size,
                      network=bool(m_spec.lookback))
    train_rows = lengths - test - val
    per_series = np.maximum(0, train_rows - lookback - K + 1)
    stride = f_spec.stride or max(1, int(per_series.sum()) // MAX_WINDOWS)
    n_windows = max(1, int(per_series.sum()) // stride)
    batch = f_spec.batch_size or (128 if n_windows >= 8 * 128 else
                                  max(8, 2 ** int(math.log2(max(8, n_windows // 8)))))
    epochs = f_spec.epochs
    if epochs is None:
        steps = int(np.clip(SAMPLE_BUDGET // batch, 500, 4000))
        steps = min(steps, MAX_EPOCHS * math.ceil(n_windows / batch))
        epochs = int(np.clip(math.ceil(steps * batch / n_windows), 1, MAX_EPOCHS))
    return settings.replace(lookback=lookback, patch=patch, season=season, test_size=test,
                            val_size=val, stride=stride, batch_size=batch, epochs=epochs,
                            hidden=m_spec.hidden or (16 if short else 128 if big else 64),
                            lr=f_spec.lr or (4e-3 if big else 2e-3),
                            ensemble=f_spec.ensemble or (SEEDS_SHORT if short else
                                                            SEEDS_SINGLE if single else 1))


def _held_out(e_spec, share: int) -> tuple[int, int]:
    """(test, validation) rows of each series: ``share`` each, unless the settings give them."""
    return (e_spec.test_size or share,
            e_spec.val_size if e_spec.val_size is not None else share)


def _panel_share(lengths: np.ndarray, lookback: int, K: int) -> int:
    """Rows of each held-out period of a panel's series: a horizon, or more where that makes
    fewer than HELD_OUT forecast origins in all (3 stocks judged on 3 validation days let a
    network's noise pass for skill), up to a tenth of the median series' rows, as one series'
    periods, and never so many that a series a horizon each would keep is left out. Of those
    series alone: a series too short to train on does not shrink the others' periods (a new
    listing of 4 days made 4 currencies' 100 test origins 80)."""
    before = min_rows(lookback, K, 0, 0, windows=1)  # the rows of one training window
    kept = lengths[lengths >= before + 2 * K]
    if not kept.size:
        return K
    # a period of ``share`` rows holds share - K + 1 origins of a K-step forecast
    share = max(K, min(round(0.1 * np.median(kept)), -(-HELD_OUT // len(kept)) + K - 1))
    return max(K, min(share, (int(kept.min()) - before) // 2))


def _default_lookback(freq: str, season: int, horizon: int, rows: int) -> int:
    if season > 1:
        seasons = _SEASONS_PER_WINDOW.get(_root(freq)) or (
            _SEASONS_OF_STEPS.get(season, 4) if is_numbered(freq) else 4)
        lookback = season * max(1, min(seasons, MAX_LOOKBACK // season))
    else:
        lookback = max(12, 4 * horizon if horizon <= 6 else 2 * horizon)
    # Leave a third of the training rows (at least a horizon) for targets.
    most = max(2, rows - horizon - max(horizon, rows // 3))
    if lookback > most:
        lookback = (most // season) * season if season > 1 and most >= season else most
    return int(max(2, min(lookback, MAX_LOOKBACK)))


def min_rows(lookback: int, horizon: int, val: int, test: int,
             windows: int = MIN_TRAIN_WINDOWS) -> int:
    """Rows a series needs: the lookback, then ``windows`` training windows (enough to train
    on; a series of a panel adds what it has to the others'), then both periods."""
    return lookback + horizon + windows - 1 + val + test


def _require_rows(n: int, lookback: int, K: int, val: int, test: int, path: str,
                  test_given: int | None, network: bool) -> None:
    """A single series needs a window, one validation and one test forecast; below
    ``min_rows`` the base forecasts it alone (training says so). With the lookback the user's
    (``network``), it needs ``min_rows``: that window is meant for a network."""
    need = min_rows(lookback, K, val, test) if network else lookback + val + test
    if n >= need:
        return
    if test_given is not None and test >= n:
        raise InputError(f"--test-size {test} is larger than the data ({n} rows in {path}); "
                         "use a smaller --test-size")
    if not network and test == K and K + 2 > n:  # (not the lookback and test rows it chose)
        raise InputError(f"{path}: series too short for --horizon {K}: {n} rows are "
                         f"forecast at most {max(0, n - 2)} steps ahead (one horizon of rows "
                         "is held out to test the forecast, after 2 rows at least)",
                         fallback="give a shorter --horizon, or more rows")
    raise InputError(
        f"{path}: series too short: {n} rows, but "
        + (f"lookback {lookback} + horizon {K} with" if network else
           f"a lookback of {lookback} with") + f" {val} validation and {test} test rows needs "
        f"at least {need}",
        advice=[(("--lookback", "--horizon", "--test-size", "--val-size"),
                 "add rows, or lower --lookback, --horizon, --test-size or --val-size")],
        fallback="add rows, or use a shorter lookback, horizon, test or validation period")


def long_enough(panel: Panel, need: int, note, alone: int | None = None
                ) -> tuple[Panel, list[str]]:
    """(the series of a panel with at least ``need`` rows, the ids of those skipped); a note
    names the skipped, and an error says so when none is left. Where no series has ``need``
    rows, those with ``alone`` (their bases forecast alone, as one short series') are kept:
    72 yearly series of 14 rows each, 6 years ahead, were refused where each alone was not."""
    short = [sid for sid, n in zip(panel.ids, panel.lengths, strict=True) if n < need]
    if alone is not None and len(short) == len(panel):
        need = alone
        short = [sid for sid, n in zip(panel.ids, panel.lengths, strict=True) if n < need]
    if not short:
        return panel, short
    if len(short) == len(panel):
        raise InputError(f"{panel.path}: every series is too short: the longest has "
                         f"{int(panel.lengths.max())} rows, {need} are needed",
                         advice=[(("--lookback", "--test-size", "--val-size"),
                                  "add rows, or lower --lookback, --test-size or --val-size")],
                         fallback="add rows, or use a shorter lookback or held-out periods")
    shown = ", ".join(repr(s) for s in short[:8]) + (" ..." if len(short) > 8 else "")
    note(f"warning: trained without {len(short)} series shorter than {need} rows (predict "
         f"still forecasts them): {shown}")
    return panel.select(set(panel.ids) - set(short)), short
