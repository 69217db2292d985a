"""How well a few years of an exchange's trading days teach its holidays, for the exchanges
people's files come from: over windows of ``--years`` years ending through 2019-2025 (each on
the exchange's calendar as the ``holidays`` package keeps it, or ``exchange_calendars``), the
closed weekdays of the next year that the learned rules add (invented) and miss, per exchange.

    python benchmarks/exchange_holidays.py [--years 3] [--exchanges XNYS,XLON,...]
        [--truth holidays|exchange_calendars] [--rows-only]

``exchange_calendars`` is not a dependency of lstmcast: pip install exchange_calendars.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from lstmcast.holidays import closed_days, learn_holidays

EXCHANGES = "XNYS,XLON,XETR,XPAR,XSWX,XHKG,XJPX,XTSE,XASX,XNSE,XKRX"
# --truth exchange_calendars: 27 exchanges both packages keep (its Tokyo is XTKS, read for
# XJPX), and 10 the holidays package does not, which no calendar should fit (--exchanges)
BOTH_KEEP = ("XNYS,XLON,XETR,XPAR,XSWX,XHKG,XJPX,XTSE,XASX,XBOM,XKRX,XMIL,XMAD,XAMS,XSHG,XTAI,"
             "XSES,XJSE,XMEX,XWAR,XIST,XNZE,XBOG,XOSL,XDUB,XLIS,XBRU")
ONLY_EXCHANGE_CALENDARS = "XSTO,XHEL,XCSE,XBKK,XIDX,XKLS,XPHS,XWBO,XPRA,XBUD"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=3, help="years of data in each window")
    parser.add_argument("--exchanges", help=f"default {EXCHANGES}; with --truth "
                        f"exchange_calendars {BOTH_KEEP}; also {ONLY_EXCHANGE_CALENDARS}")
    parser.add_argument("--truth", choices=("holidays", "exchange_calendars"), default="holidays",
                        help="whose calendars the rows are made from and scored against: "
                        "lstmcast fits the holidays package's, so exchange_calendars' (other "
                        "maintainers; Tokyo is its XTKS) tell what fitting them is worth")
    parser.add_argument("--rows-only", action="store_true",
                        help="the rules the rows teach alone, no exchange's calendar fitted")
    args = parser.parse_args()
    args.exchanges = args.exchanges or (BOTH_KEEP if args.truth == "exchange_calendars" else
                                        EXCHANGES)
    ends = pd.date_range("2019-01-20", "2025-01-20", freq="61D")
    total_invented = total_missed = total_truth = 0
    for code in args.exchanges.split(","):
        shut = _closed_weekdays(args.truth, code)
        invented = missed = truth_days = 0
        for last in ends:
            first = last - pd.Timedelta(days=round(365.25 * args.years))
            days = pd.bdate_range(first, last)
            days = days[~np.isin(days.date, list(shut))]
            rules = learn_holidays(days, matched=not args.rows_only)
            ahead = days[-1] + pd.Timedelta(days=1), days[-1] + pd.Timedelta(days=365)
            truth = {d for d in shut if ahead[0] <= pd.Timestamp(d) <= ahead[1]}
            closed = closed_days(rules, *ahead)
            invented += len(closed - truth)
            missed += len(truth - closed)
            truth_days += len(truth)
        print(f"{code}: {len(ends)} windows of {args.years:g} years: next year's {truth_days} "
              f"closed weekdays: {invented} invented, {missed} missed")
        total_invented += invented
        total_missed += missed
        total_truth += truth_days
    print(f"all: {total_truth} closed weekdays: {total_invented} invented, {total_missed} missed")


def _closed_weekdays(truth: str, code: str) -> set:
    """The weekdays of 2008-2026 the exchange ``code`` is closed on, by ``truth``'s calendar."""
    try:
        if truth == "holidays":
            import holidays

            return {d for d in holidays.financial_holidays(code, years=range(2008, 2028))
                    if d.weekday() < 5}
        import exchange_calendars

        calendar = exchange_calendars.get_calendar({"XJPX": "XTKS"}.get(code, code),
                                                   start="2008-01-02", end="2026-12-31")
        weekdays = pd.bdate_range(calendar.first_session, calendar.last_session)
        return set(weekdays.date) - set(calendar.sessions.date)
    except ImportError:
        sys.exit(f"this benchmark reads exchange calendars from {truth}: pip install {truth}")


if __name__ == "__main__":
    main()
