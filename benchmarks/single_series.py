"""One series at a time: the shared files through `lstmcast train` and `predict` with default
settings, the last H points held out, scored against naive and seasonal naive.

    python benchmarks/single_series.py [--only NAME] [-- extra flags for 'lstmcast train']

For each file the last H rows (by frequency: 48 hourly, 14 daily, 12 monthly) are cut off, the
model is trained on the rest with --horizon H and forecasts them. Prints MAE of the model and
the ratios MAE / MAE(naive) and MAE / MAE(seasonal naive), then their geometric means.
"""

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

# file, flags, horizon, season (for the seasonal naive reference)
CASES = [
    ("btc_usd_daily_coindesk.csv", [], 14, 7),
    ("sp500_daily_ohlcv.csv", ["--target", "Close"], 10, 5),
    ("vix_daily_ohlc.csv", ["--target", "CLOSE"], 10, 5),
    ("fx_daily_usd_wide.csv", ["--target", "Japan"], 10, 5),
    ("melbourne_daily_min_temperatures.csv", [], 14, 7),
    ("zurich_monthly_sunspots.csv", [], 12, 12),
    ("ETTh1.csv", ["--target", "OT"], 48, 24),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the files whose name contains this")
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "lstmcast")
    work = Path(tempfile.mkdtemp(prefix="single-"))
    ratios_naive, ratios_seasonal = [], []
    print(f"{'file':>40} {'H':>3} {'MAE':>10} {'/naive':>7} {'/snaive':>8} {'secs':>6}")
    for name, flags, H, m in CASES:
        if args.only and args.only not in name or not (SHARED / name).exists():
            continue
        raw = (SHARED / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        lines = [ln for ln in raw.split("\n") if ln.strip()]
        cut = work / name
        cut.write_text("\n".join(lines[:-H]) + "\n")
        t0 = time.perf_counter()
        subprocess.run([exe, "train", str(cut), *flags, "--horizon", str(H), "-q", "--out",
                        str(work / "m"), *args.extra], check=True, stderr=subprocess.DEVNULL)
        out = subprocess.run([exe, "predict", str(cut), "--model", str(work / "m")],
                             check=True, capture_output=True, text=True).stdout
        secs = time.perf_counter() - t0
        forecast = pd.read_csv(io.StringIO(out))["forecast"].to_numpy()
        target = flags[flags.index("--target") + 1] if "--target" in flags else None
        full = pd.read_csv(io.StringIO("\n".join(lines)), dtype=str)
        column = target or _value_column(full)
        values = pd.to_numeric(full[column], errors="coerce").ffill().to_numpy()
        history, actual = values[:-H], values[-H:]
        naive = np.full(H, history[-1])
        seasonal = np.tile(history[-m:], H // m + 1)[:H]
        mae = np.mean(np.abs(forecast - actual))
        rn = mae / np.mean(np.abs(naive - actual))
        rs = mae / np.mean(np.abs(seasonal - actual))
        ratios_naive.append(rn)
        ratios_seasonal.append(rs)
        print(f"{name:>40} {H:>3} {mae:10.4g} {rn:7.3f} {rs:8.3f} {secs:6.1f}")
    if ratios_naive:
        gn, gs = (np.exp(np.mean(np.log(r))) for r in (ratios_naive, ratios_seasonal))
        print(f"{'geometric mean':>40} {'':>3} {'':>10} {gn:7.3f} {gs:8.3f}")


def _value_column(frame: pd.DataFrame) -> str:
    for col in frame.columns:
        low = col.lower()
        if any(k in low for k in ("close", "price", "temp", "sunspot", "value")):
            return col
    return frame.columns[-1]


if __name__ == "__main__":
    csv.field_size_limit(1 << 30)
    main()
