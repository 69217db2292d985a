"""How a series' state reads to people: its mode and its base in words, for the notes train
writes and the report's tables."""

from __future__ import annotations

from .bases import SEASONS_AVERAGED, WEEK
from .day_effects import describe as describe_day
from .panel import Panel
from .preprocess import SeriesState


def reason_of(mode: str, base: str, season: int, shape: float = 1.0) -> str:
    weighed = f"; the newer ones' shape weighing more (memory {shape:g})" if shape < 1 else ""
    kind = {"seasonal": f"seasonal naive (season {season})",
            "seasonal_mean": f"the mean of the last (up to {SEASONS_AVERAGED}) seasons "
                             f"(season {season}{weighed})",
            "seasonal_trend": f"the mean and trend of the last (up to {SEASONS_AVERAGED}) "
                              f"seasons (season {season}{weighed})",
            "seasonal_last": f"the last value, deseasonalised by the last (up to "
                             f"{SEASONS_AVERAGED}) seasons (season {season}{weighed})",
            "seasonal_blend": f"the mean of the last (up to {SEASONS_AVERAGED}) seasons, "
                              f"their trend and the deseasonalised last value, averaged "
                              f"(season {season})"}
    week = WEEK * season
    kind |= {"weekly": f"seasonal naive a week back (season {week})",
             "weekly_mean": f"the mean of the last (up to {SEASONS_AVERAGED}) weeks "
                            f"(season {week}{weighed})",
             "weekly_trend": f"the mean and trend of the last (up to {SEASONS_AVERAGED}) weeks "
                             f"(season {week}{weighed})",
             "weekly_last": f"the last value, deseasonalised by the last (up to "
                            f"{SEASONS_AVERAGED}) weeks (season {week}{weighed})",
             "median": f"the median of each phase of the last (up to {SEASONS_AVERAGED}) "
                       f"seasons (season {season})" if season > 1 else
                       f"the median of the last {SEASONS_AVERAGED} values",
             "theta": f"the Theta method: its level smoothed (alpha {1 - shape:.2g}) plus half "
                      "its trend"}
    return f"{MODE_WORDS[mode]} to {kind.get(base, 'the last value')}"


MODE_WORDS = {"log": "log ratios", "additive": "scaled differences"}  # how people read a mode


BASE_WORDS = (("seasonal", "seasonal naive"), ("seasonal_mean", "mean of the seasons"),
               ("seasonal_trend", "the seasons along their trend"),
               ("seasonal_last", "deseasonalised last value"), ("weekly", "a week back"),
               ("weekly_mean", "mean of the weeks"),
               ("weekly_trend", "the weeks along their trend"),
               ("weekly_last", "last value deseasonalised by the weeks"),
               ("theta", "Theta (smoothed level, half the trend)"),
               ("median", "median of each phase (intermittent)"),
               ("seasonal_blend", "blend of the seasons' bases"), ("last", "last value"))


def additive_why(panel: Panel, states: list[SeriesState]) -> str | None:
    """Why series of values mostly > 0 are in scaled differences, not log ratios (a few zeros
    or negatives switch a series out of log mode: said, not silent); None when none is."""
    said = []
    for s, state in enumerate(states):
        y = panel.target[panel.indptr[s] : panel.indptr[s + 1]]
        if state.mode == "additive" and (y > 0).mean() >= 0.5:
            said.append(f"{'' if len(states) == 1 else f'{panel.ids[s]!r}: '}"
                        f"{int((y <= 0).sum())} of {len(y)} values <= 0")
    if not said:
        return None
    return (f"scaled differences, not log ratios, for {len(said)} series of values mostly > 0 "
            f"(log ratios need every value > 0): {', '.join(said[:3])}"
            + (" ..." if len(said) > 3 else "")) if len(states) > 1 else (
            f"scaled differences, not log ratios (which need every value > 0): {said[0]}")


def describe_states(states: list[SeriesState]) -> str:
    """One line for people: how the series' windows are normalised and based (the kinds no
    series has left out)."""
    if len(states) == 1:
        days = states[0].day_effects
        return f"transform: {states[0].reason}" + (
            f"; {len(days)} day(s) of the year apart from their week: "
            + ", ".join(describe_day(*day) for day in days[:4]) + (", ..." if len(days) > 4
                                                                   else "") if days else "")
    log = sum(s.mode == "log" for s in states)
    modes = [f"{MODE_WORDS[mode]} for {n} series" for mode, n in (
        ("log", log), ("additive", len(states) - log)) if n]
    bases = [f"{words} for {n}" for base, words in BASE_WORDS
             if (n := sum(s.base == base for s in states))]
    days = sum(bool(s.day_effects) for s in states)
    return f"transform: {', '.join(modes)}; base: {', '.join(bases)}" + (
        f"; days of the year apart from their week for {days}" if days else "")
