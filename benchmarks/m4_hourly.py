"""M4 Hourly through the command line, scored as M4 scores it, beside seasonal naive and Naive2.

    python benchmarks/m4_hourly.py [--train ../shared/data/m4/Hourly-train.csv] [--keep DIR]
                                   [-- extra flags for 'lstmcast train']

The official test part is held back and never read. Instead the last 48 points of each
training series are held out: the rest becomes a long CSV (id,time,value; hourly times from
2000-01-01 00:00 for every series), `lstmcast train --id-col id --horizon 48 --season 24
--seed 0` learns from it and `lstmcast predict` forecasts the held-out points. Prints sMAPE,
MASE (m = 24) and OWA against Naive2 for the model, seasonal naive and Naive2, the coverage of
the 80 % and 95 % prediction intervals and MSIS, with the wall time of train and predict.
"""

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from panel_scoring import ROOT, run_and_score, write_long

TRAIN = ROOT.parent / "shared" / "data" / "m4" / "Hourly-train.csv"
H, M = 48, 24


def read_m4(path: Path) -> dict[str, np.ndarray]:
    with open(path, newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        return {r[0]: np.array([float(v) for v in r[1:] if v != ""]) for r in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN)
    parser.add_argument("--keep", type=Path, help="folder to keep the CSVs and model in")
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    if not args.train.exists():
        sys.exit(f"no {args.train}: the M4 Hourly training file is needed")
    full = read_m4(args.train)
    histories = {k: y[:-H] for k, y in full.items()}
    actuals = {k: y[-H:] for k, y in full.items()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="m4h-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "m4_hourly_long.csv"
    hours = {k: pd.Series(y, index=pd.date_range("2000-01-01", periods=len(y), freq="h"))
             for k, y in histories.items()}
    write_long(hours, data, "%Y-%m-%d %H:%M")
    run_and_score(f"M4 Hourly, {len(actuals)} series, last {H} training points held out",
                  data, work, histories, actuals, H, M,
                  ["--id-col", "id", "--season", str(M), *args.extra])
    print("MSIS of M4's methods (95 %): ETS 17.5, ARIMA 7.5, ES-RNN 7.9, best 6.1")


if __name__ == "__main__":
    main()
