"""Exchanges' calendars as the ``holidays`` package keeps them, matched against the weekdays
business-day rows skip. A few years of rows teach an exchange's fixed dates and its n-th
Mondays (``holidays.learn_holidays``), not the holidays that move by a calendar of their own
or by decree: Lunar New Year's week in Shanghai, Golden Week's days made up in Tokyo, a
coronation's bank holiday in London. Where one exchange's calendar closes only weekdays the
rows skip, and leaves few of the skipped ones unexplained, it dates the forecasts."""

from __future__ import annotations

import datetime as dt
import functools

from dateutil.easter import easter

from .errors import InputError

# The exchanges tried, by the ISO 10383 code ``holidays.financial_holidays`` knows them by; of
# two that close the same days, the first (the NYSE before the Nasdaq, Euronext's Paris first)
EXCHANGES = {
    "XNYS": "New York Stock Exchange", "XNAS": "Nasdaq", "XFED": "Federal Reserve",
    "XCME": "CME Group", "IFEU": "ICE Futures Europe", "XTSE": "Toronto Stock Exchange",
    "XMEX": "Mexican Stock Exchange", "BVMF": "B3 (Sao Paulo)", "XBOG": "Colombia Stock Exchange",
    "XLON": "London Stock Exchange", "XPAR": "Euronext Paris", "XAMS": "Euronext Amsterdam",
    "XBRU": "Euronext Brussels", "XLIS": "Euronext Lisbon", "XDUB": "Euronext Dublin",
    "XMIL": "Borsa Italiana", "XOSL": "Oslo Bors", "XATH": "Athens Stock Exchange",
    "XETR": "Xetra (Frankfurt)", "XSWX": "SIX Swiss Exchange", "XMAD": "Bolsa de Madrid",
    "XWAR": "Warsaw Stock Exchange", "XIST": "Borsa Istanbul", "XECB": "TARGET2 (ECB)",
    "XJSE": "Johannesburg Stock Exchange", "XSAU": "Saudi Exchange",
    "XKAR": "Pakistan Stock Exchange", "XNSE": "National Stock Exchange of India",
    "XBOM": "BSE (Bombay)", "XSHG": "Shanghai Stock Exchange",
    "XSHE": "Shenzhen Stock Exchange", "XHKG": "Hong Kong Exchanges",
    "XTAI": "Taiwan Stock Exchange", "XKRX": "Korea Exchange", "XJPX": "Japan Exchange Group",
    "XSES": "Singapore Exchange", "XASX": "Australian Securities Exchange",
    "XNZE": "New Zealand Exchange",
}
# An exchange's closed weekdays in the rows' span, at least: about half a year's holidays (a
# quarter of rows matches too many calendars by having none of their days)
MIN_CLOSED = 6
UNEXPLAINED = 0.02  # of the span's weekdays, skipped ones the calendar may not close (gaps)


def describe_exchange(code: str) -> str:
    """'the New York Stock Exchange's calendar (XNYS)'."""
    return f"the {EXCHANGES.get(code, code)}'s calendar ({code})"


def fitting_exchanges(first: dt.date, last: dt.date, kept: set, skipped: set) -> list[str]:
    """The exchanges of EXCHANGES whose calendars close, from ``first`` (or the first year each
    keeps) to ``last``, MIN_CLOSED weekdays or more, none of the days with a row (``kept``),
    and leave at most UNEXPLAINED of the weekdays there (two at least) of those the rows skip
    (``skipped``) unexplained: gaps in a feed, a day's outage, or holidays of an exchange whose
    calendar is another's with more (``holidays.learn_holidays`` tells them apart); the fewest
    unexplained first."""
    fits = []
    for code in EXCHANGES:
        since = max(first, dt.date(_first_year(code), 1, 1))
        closed = exchange_closed(code, since, last)
        if len(closed) < MIN_CLOSED or not closed.isdisjoint(kept):
            continue
        unexplained = {day for day in skipped - closed if day >= since}
        weekdays = sum(day >= since for day in kept) + sum(day >= since for day in skipped)
        if len(unexplained) <= max(2.0, UNEXPLAINED * weekdays) and not _recurring(unexplained):
            fits.append((len(unexplained), code))
    return [code for _, code in sorted(fits, key=lambda fit: fit[0])]


def _recurring(days: set) -> bool:
    """Whether two of ``days``, in different years, fall on one date, one day of Easter or one
    n-th weekday of a month: a holiday the calendar lacks (Vienna's Whit Monday beside
    Frankfurt's calendar), not gaps in a feed, which fall anywhere."""
    seen: dict = {}
    for day in days:
        for key in ((day.month, day.day), (day - easter(day.year)).days,
                    (day.month, day.weekday(), (day.day - 1) // 7)):
            if seen.setdefault(key, day.year) != day.year:
                return True
    return False


def exchange_closed(code: str, first: dt.date, last: dt.date) -> set:
    """The weekdays from ``first`` to ``last`` the exchange ``code`` is closed on."""
    return {day for year in range(first.year, last.year + 1) for day in closed_in(code, year)
            if first <= day <= last}


@functools.cache
def _first_year(code: str) -> int:
    """The first year whose holidays the package keeps for the exchange ``code``: its calendar
    closes no day before it (Euronext's from 2019)."""
    import holidays

    return int(holidays.financial_holidays(code).start_year)


@functools.lru_cache(maxsize=1 << 12)
def closed_in(code: str, year: int) -> frozenset:
    """The weekdays of ``year`` the exchange ``code`` is closed on."""
    if code not in EXCHANGES:  # (a model file's, of a newer version)
        raise InputError(f"the model file names an exchange calendar this version does not "
                         f"know ({code!r})", fallback="retrain the model with this version")
    import holidays  # (50 ms; only for business days)

    return frozenset(day for day in holidays.financial_holidays(code, years=year)
                     if day.weekday() < 5)
