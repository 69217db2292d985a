"""A long file of three prices with different start dates, its id column not named, through
`lstmcast train` and `predict` with default settings, as the project's acceptance test of a
portfolio file runs it: the S&P 500 and the VIX (daily closes) and the Canadian dollar per US
dollar (the Federal Reserve's daily rate; --symbols adds the yen and the euro), rows sorted by
date with the symbols interleaved, from the shared data (../shared/data/README.md).

    python benchmarks/stock_panel.py [--origins N] [--symbols SPX,VIX,...] [-- train flags]

Each origin k holds out the last k + 1 rows of every symbol and scores the forecast of the
first of them (the default horizon for daily prices is one step): MAE / MAE(naive, the last
value) per symbol, and their geometric mean, which the acceptance test wants at 1.0 or below.
It prints that mean for each origin, and the origins whose mean is above 1. The indices end in
August 2018 (where the S&P 500 file does), the currencies in December 2017 (where the rates
file does): symbols that end at different times, each forecast from its own last row.
"""

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
END = "2018-08-31"
STARTS = {"SPX": "2014-01-02", "VIX": "2015-06-01", "JPY": "2016-01-04", "EUR": "2014-09-01",
          "CAD": "2016-06-01"}


def prices() -> pd.DataFrame:
    """The long file: Date, Symbol, Close, one row per symbol and trading day."""
    spx = pd.read_csv(SHARED / "sp500_daily_ohlcv.csv")
    vix = pd.read_csv(SHARED / "vix_daily_ohlc.csv")
    fx = pd.read_csv(SHARED / "fx_daily_usd_wide.csv")
    series = {"SPX": pd.Series(spx["Close"].to_numpy(),
                               pd.to_datetime(spx["Date"], format="%d-%m-%y")),
              "VIX": pd.Series(vix["CLOSE"].to_numpy(), pd.to_datetime(vix["DATE"]))}
    for symbol, column in (("JPY", "Japan"), ("EUR", "Euro"), ("CAD", "Canada")):
        series[symbol] = pd.Series(pd.to_numeric(fx[column], errors="coerce").to_numpy(),
                                   pd.to_datetime(fx[fx.columns[0]]))
    parts = []
    for symbol, y in series.items():
        y = y.dropna()[STARTS[symbol] : END]
        parts.append(pd.DataFrame({"Date": y.index, "Symbol": symbol, "Close": y.to_numpy()}))
    return pd.concat(parts).sort_values(["Date", "Symbol"], kind="stable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origins", type=int, default=12)
    # three by default: a small portfolio, whose network learns from little and is judged on
    # little (with all five, no network passed validation at any origin)
    parser.add_argument("--symbols", default="SPX,VIX,CAD", help="of " + ", ".join(STARTS))
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]
    if not SHARED.exists():
        sys.exit(f"needs the shared data in {SHARED}")
    frame = prices()
    frame = frame[frame["Symbol"].isin(args.symbols.split(","))]
    exe = str(Path(sys.executable).parent / "lstmcast")
    above = []
    with tempfile.TemporaryDirectory(prefix="stocks-") as tmp:
        work = Path(tmp)
        for k in range(args.origins):
            kept, actual, last = [], {}, {}
            for symbol, rows in frame.groupby("Symbol", sort=False):
                cut = len(rows) - (k + 1)
                kept.append(rows.iloc[:cut])
                actual[symbol], last[symbol] = rows["Close"].iloc[cut], rows["Close"].iloc[cut - 1]
            train = pd.concat(kept).sort_index()
            train.assign(Date=train["Date"].dt.strftime("%Y-%m-%d")).to_csv(
                work / "prices.csv", index=False)
            subprocess.run([exe, "train", str(work / "prices.csv"), "--out", str(work / "M"),
                            "-q", *extra], check=True)
            out = subprocess.run([exe, "predict", str(work / "prices.csv"), "--model",
                                  str(work / "M"), "-q"], check=True, capture_output=True,
                                 text=True).stdout
            forecast = pd.read_csv(io.StringIO(out)).groupby("Symbol").first()
            ratios = [abs(forecast.loc[s, "forecast"] - actual[s]) / abs(last[s] - actual[s])
                      for s in actual if last[s] != actual[s]]
            mean = float(np.exp(np.mean(np.log(ratios))))
            above += [(k, mean)] if mean > 1 else []
            print(f"origin {k}: geometric-mean MAE / naive {mean:.4f} over {len(ratios)} symbols",
                  flush=True)
    print(f"origins above 1: {len(above)} of {args.origins}"
          + (f" ({', '.join(f'{k}: {m:.3f}' for k, m in above)})" if above else ""))


if __name__ == "__main__":
    main()
