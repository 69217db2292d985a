"""How well a few years of an exchange's trading days teach its holidays, for the exchanges
people's files come from: over windows of ``--years`` years ending through 2019-2025 (each on
the exchange's calendar as the ``holidays`` package keeps it), the closed weekdays of the next
year that the learned rules add (invented) and miss, per exchange.

    python benchmarks/exchange_holidays.py [--years 3] [--exchanges XNYS,XLON,...]

``holidays`` is not a dependency of lstmcast: pip install holidays.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from lstmcast.holidays import closed_days, learn_holidays

EXCHANGES = "XNYS,XLON,XETR,XPAR,XSWX,XHKG,XJPX,XTSE,XASX,XNSE,XKRX"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=3, help="years of data in each window")
    parser.add_argument("--exchanges", default=EXCHANGES)
    args = parser.parse_args()
    try:
        import holidays
    except ImportError:
        sys.exit("this benchmark reads exchange calendars from the holidays package: "
                 "pip install holidays")
    ends = pd.date_range("2019-01-20", "2025-01-20", freq="61D")
    total_invented = total_missed = total_truth = 0
    for code in args.exchanges.split(","):
        calendar = holidays.financial_holidays(code, years=range(2008, 2028))
        invented = missed = truth_days = 0
        for last in ends:
            first = last - pd.Timedelta(days=round(365.25 * args.years))
            days = pd.bdate_range(first, last)
            days = days[~days.isin(pd.DatetimeIndex(list(calendar)))]
            rules = learn_holidays(days)
            ahead = days[-1] + pd.Timedelta(days=1), days[-1] + pd.Timedelta(days=365)
            truth = {d for d in calendar if ahead[0] <= pd.Timestamp(d) <= ahead[1]
                     and d.weekday() < 5}
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


if __name__ == "__main__":
    main()
