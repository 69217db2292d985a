"""What ``train`` and ``info`` say of the holidays a model learned (``holidays``): its rules for
people, and which of them no row showed (New Year's Day and Christmas, taken as closed)."""

from __future__ import annotations

from collections import Counter

from .calendar import closes_on_holidays
from .closures import learns_closures
from .exchanges import describe_exchange
from .holidays import NEAR_UNIVERSAL, closed_days
from .weekdays import MONTHS, WEEKDAYS


def holidays_note(rules: tuple[tuple, ...], periods: bool = False, span=None,
                  closures: bool = False) -> str:
    """What ``train`` says of the holidays it learned, which its model file keeps: a date of
    two rules once ('Jan 1 (weekend's on Monday and weekend's on the nearest weekday)', not
    twice, as if the rules disagreed); ``periods``: of periods stamped with a trading day;
    ``closures``: of a shop's days (``closures``). ``span``: the (first, last) times of the
    rows, to name the dates no row showed (``assumed``)."""
    exchanges = [describe(rule) for rule in rules if rule[0] == "exchange"]
    rules = tuple(rule for rule in rules if rule[0] != "exchange")
    fits = (f"the weekdays the rows skip fit {' and '.join(exchanges)}, as the holidays package "
            "keeps it: forecasts skip the days it closes" if exchanges else "")
    if fits and not rules:
        return "holidays: " + fits
    said: dict[str, list[str]] = {}
    for rule in rules:
        day, _, made_up = describe(rule).partition(" (")
        said.setdefault(day, []).append(made_up.removesuffix(")"))
    shown = [day + (f" ({' and '.join(m for m in made_up if m)})" if any(made_up) else "")
             for day, made_up in said.items()]
    taken = assumed(rules, *span) if span is not None and not (periods or closures) else []
    head = ("holidays that moved a period's trading day (forecasts move off them too): "
            if periods else f"holidays: {fits}; and weekdays closed every year: " if fits else
            "closed every year (filled in training, to keep the week in phase; no forecast is "
            "written for them): " if closures else
            "holidays (weekdays closed every year; forecasts skip them too): ")
    return head + ", ".join(shown) + (f"; {' and '.join(taken)}: no weekday one in the rows, "
                                      "taken as closed, as nearly every exchange closes "
                                      + ("them" if len(taken) > 1 else "it") if taken else "")


def holidays_note_of(rules: tuple[tuple, ...], freq: str, span=None) -> str:
    """``holidays_note`` of the rules of data of ``freq``: business days' holidays, a shop's
    dates closed every year, or the holidays that moved periods' trading days."""
    closures = learns_closures(freq)
    return holidays_note(rules, not closes_on_holidays(freq) and not closures, span, closures)


def assumed(rules: tuple[tuple, ...], first, last) -> list[str]:
    """The dates of NEAR_UNIVERSAL that ``rules`` close though their rules close no weekday
    between the rows' ``first`` and ``last`` times (the date's, nor a day it is observed on):
    taken as closed (``learn_holidays``), not seen."""
    return [describe(("date", *day, "none")) for day in NEAR_UNIVERSAL
            if (own := tuple(r for r in rules if tuple(r[:3]) == ("date", *day)))
            and not closed_days(own, first, last)]


def describe(rule: tuple) -> str:
    """A rule for people: 'the XNYS calendar (New York Stock Exchange)', 'Jan 1', 'Jul 4
    (weekend: nearest weekday)', '3rd Mon of Jan', 'last Mon of May', 'Easter -2 days'."""
    if rule[0] == "exchange":
        return describe_exchange(rule[1])
    if rule[0] == "easter":
        return f"Easter {rule[1]:+d} days"
    if rule[0] == "day":  # a shop's date, closed on any weekday
        return f"{MONTHS[rule[1] - 1].title()} {rule[2]}"
    if rule[0] == "weekday":
        _, month, weekday, n = rule
        nth = "last" if n < 0 else {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")
        return f"{nth} {WEEKDAYS[weekday].title()} of {MONTHS[month - 1].title()}"
    _, month, day, observed = rule
    made_up = {"none": "", "sunday": " (Sunday's on Monday)",
               "nearest": " (weekend's on the nearest weekday)",
               "monday": " (weekend's on Monday)"}[observed]
    return f"{MONTHS[month - 1].title()} {day}{made_up}"


def own_holidays_note(series: list) -> str | None:
    """What the series of a panel keep beside its holidays (a model's ``series`` entries,
    ``model_holidays``): their exchanges' calendars, counted, and how many keep rules of their
    own; None where none does."""
    owns = [tuple(map(tuple, s.get("holidays") or ())) for s in series if isinstance(s, dict)]
    exchanges = Counter(r[1] for own in owns for r in own if r[0] == "exchange")
    others = sum(any(r[0] != "exchange" for r in own) for own in owns)
    if not exchanges and not others:
        return None
    return "each series' own holidays too (forecasts skip them): " + "; ".join(
        [f"{describe_exchange(code)}, {n} series" for code, n in exchanges.most_common()]
        + ([f"rules of their own, {others} series"] if others else []))
