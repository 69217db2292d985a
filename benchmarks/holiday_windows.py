"""How well two years or so of an exchange's trading days teach its holidays: over windows of
800 days of New York's calendar (pandas' holiday rules, as tests/test_holidays.py keeps them),
the closed weekdays of the next ten years that the learned rules add (invented) and miss.

    python benchmarks/holiday_windows.py [--days 800] [--gaps 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_holidays import Exchange  # noqa: E402  (New York's calendar, as the tests keep it)

from lstmcast.holidays import closed_days, learn_holidays  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=800, help="days of data in each window")
    parser.add_argument("--gaps", type=int, default=0, help="random missing weekdays")
    args = parser.parse_args()
    starts = pd.date_range("2012-01-15", "2018-03-01", freq="55D")
    invented = missed = 0
    for k, first in enumerate(starts):
        last = min(first + pd.Timedelta(days=args.days), pd.Timestamp("2019-12-31"))
        days = pd.bdate_range(first, last)
        days = days[~days.isin(Exchange().holidays(first, last))]
        if args.gaps:
            rng = np.random.default_rng(k)
            days = days.delete(rng.choice(len(days), args.gaps, replace=False))
        rules = learn_holidays(days, matched=False)  # (its calendar is no exchange's)
        ahead = last + pd.Timedelta(days=1), last + pd.Timedelta(days=3650)
        truth = {d for d in Exchange().holidays(*ahead).date if d.weekday() < 5}
        closed = closed_days(rules, *ahead)
        invented += len(closed - truth)
        missed += len(truth - closed)
    print(f"{len(starts)} windows of {args.days} days, {args.gaps} random gaps each: the next ten "
          f"years' closed weekdays {invented} invented, {missed} missed")


if __name__ == "__main__":
    main()
