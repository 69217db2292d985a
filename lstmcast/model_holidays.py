"""The holiday rules a model file keeps: the panel's, which ``calendar.holidays_of`` learns,
and each series' own beside them (a London stock's Boxing Day in a panel of New York's), written
as lists and checked when read back, so that a crafted file's rule is refused, not run."""

from __future__ import annotations

from calendar import monthrange  # (the standard library's)

from .calendar import closes_on_holidays
from .exchanges import EXCHANGES
from .holidays import OBSERVED, series_holidays
from .panel import Panel


def own_holidays(panel: Panel, shared: tuple[tuple, ...]) -> list[dict]:
    """Of each series of a panel of business days, {"holidays": the exchange's calendar its
    rows show beside the panel's ``shared``}, or {}: a cron job's 60 rows of a London stock
    show no Boxing Day, and New York's days alone were forecast for it
    (``bundle.Bundle.own_holidays``)."""
    if len(panel) < 2 or not closes_on_holidays(panel.freq):
        return [{}] * len(panel)
    rules = series_holidays(panel.time, panel.indptr, range(len(panel)), shared)
    return [exchange_of(set(own) - set(shared)) for own in rules]


def exchange_of(rules) -> dict:
    """{"holidays": the exchanges' calendars among ``rules``} (a series' entry's), or {}: not
    its other rules, which a day or two missing may teach and no short export would undo."""
    exchanges = sorted(list(r) for r in rules if r[0] == "exchange")
    return {"holidays": exchanges} if exchanges else {}


def rules_in(manifest: dict) -> list:
    """Every holiday rule a manifest holds: its data's, and its series' own (a model per
    series keeps each entry twice: its parts' too)."""
    entries = [*(manifest.get("series") or ()), *(
        entry for part in manifest.get("parts") or () if isinstance(part, dict)
        for entry in part.get("series") or ())]
    groups = [(manifest.get("data") or {}).get("holidays"), *(
        entry.get("holidays") for entry in entries if isinstance(entry, dict))]
    return [rule for group in groups if group for rule in (
        group if isinstance(group, list) else [group])]


def a_rule(rule) -> bool:
    """Whether ``rule`` (a model file's) is a holiday rule as ``holidays`` writes them: a date,
    made up some way; a month's n-th or last weekday; a day of Easter; an exchange's calendar;
    a shop's date closed on any weekday (``closures``)."""
    if not isinstance(rule, list) or not rule or not all(type(v) in (int, str) for v in rule):
        return False
    kind, *rest = rule
    if kind == "day":  # a shop's closed date (``closures``), one some year has (29 February)
        return len(rest) == 2 and all(type(v) is int for v in rest) and 1 <= rest[0] <= 12 \
            and 1 <= rest[1] <= monthrange(2000, rest[0])[1]
    if kind == "exchange" or kind == "easter":
        return len(rest) == 1 and (rest[0] in EXCHANGES if kind == "exchange" else
                                   type(rest[0]) is int)
    if kind not in ("date", "weekday") or len(rest) != 3 or not all(
            type(v) is int for v in rest[:2]) or not 1 <= rest[0] <= 12:
        return False
    if kind == "date":
        return 1 <= rest[1] <= 31 and rest[2] in OBSERVED
    return 0 <= rest[1] <= 6 and rest[2] in (-1, 1, 2, 3, 4, 5)
