"""Exchanges' calendars as the ``holidays`` package keeps them, matched against the weekdays
business-day rows skip. A few years of rows teach an exchange's fixed dates and its n-th
Mondays (``holidays.learn_holidays``), not the holidays that move by a calendar of their own
or by decree: Lunar New Year's week in Shanghai, Golden Week's days made up in Tokyo, a
coronation's bank holiday in London. Where one exchange's calendar closes only weekdays the
rows skip, and leaves few of the skipped ones unexplained, it dates the forecasts."""

from __future__ import annotations

import datetime as dt
import functools

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
    """'the XNYS calendar (New York Stock Exchange)'."""
    return f"the {code} calendar ({EXCHANGES[code]})"


def fitting_exchanges(first: dt.date, last: dt.date, kept: set, skipped: set) -> list[str]:
    """The exchanges of EXCHANGES whose calendars close, from ``first`` (or the first year each
    keeps) to ``last``, MIN_CLOSED weekdays or more, none of the days with a row (``kept``),
    and leave at most UNEXPLAINED of the weekdays there (two at least) of those the rows skip
    (``skipped``) unexplained: gaps in a feed, a day's outage, or holidays of an exchange whose
    calendar is another's with more (``holidays.learn_holidays`` tells them apart); the fewest
    unexplained first."""
    fits = []
    for code in filter(_first_year, EXCHANGES):
        since = max(first, dt.date(_first_year(code), 1, 1))
        closed = exchange_closed(code, since, last)
        if len(closed) < MIN_CLOSED or not closed.isdisjoint(kept):
            continue
        unexplained = {day for day in skipped - closed if day >= since}
        weekdays = sum(day >= since for day in kept) + sum(day >= since for day in skipped)
        if len(unexplained) <= max(2.0, UNEXPLAINED * weekdays):
            fits.append((len(unexplained), code))
    return [code for _, code in sorted(fits, key=lambda fit: fit[0])]


def exchange_closed(code: str, first: dt.date, last: dt.date) -> set:
    """The weekdays from ``first`` to ``last`` the exchange ``code`` is closed on."""
    return {day for year in range(first.year, last.year + 1) for day in closed_in(code, year)
            if first <= day <= last}


@functools.cache
def _first_year(code: str) -> int:
    """The first year whose holidays the package keeps for the exchange ``code``: its calendar
    closes no day before it (Euronext's from 2019); 0 where the installed package keeps no
    calendar of it (releases before 0.107 lack some)."""
    import holidays

    try:
        return int(holidays.financial_holidays(code).start_year)
    except NotImplementedError:
        return 0


@functools.lru_cache(maxsize=1 << 12)
def closed_in(code: str, year: int) -> frozenset:
    """The weekdays of ``year`` the exchange ``code`` is closed on."""
    import holidays  # (50 ms; only for business days)

    if code not in EXCHANGES:  # (a model file's, of a newer version)
        raise InputError(f"the model file names an exchange calendar this version does not "
                         f"know ({code!r})", fallback="retrain the model with this version")
    if not _first_year(code):
        raise InputError(f"the holidays package installed ({holidays.__version__}) keeps no "
                         f"calendar of {code}, which the model's holidays follow",
                         fallback="upgrade it: pip install -U holidays")
    return frozenset(day for day in holidays.financial_holidays(code, years=year)
                     if day.weekday() < 5)
