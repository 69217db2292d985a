"""Same data, flags and seed on 1 and on 2 Numba threads: byte-identical forecasts?

    python benchmarks/threads_check.py [--data ../shared/data] [-- extra flags for train]

Trains and predicts each shared file (the M4 panel apart) in two subprocesses that differ only
in NUMBA_NUM_THREADS, and compares the forecast CSVs byte for byte. Prints one line per file.
"""

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {  # file: extra flags that pick its target
    "btc_usd_daily_coindesk.csv": [],
    "sp500_daily_ohlcv.csv": ["--target", "Close", "--features", "Volume"],
    "vix_daily_ohlc.csv": [],
    "melbourne_daily_min_temperatures.csv": [],
    "zurich_monthly_sunspots.csv": [],
    "ETTh1.csv": ["--target", "OT"],
    "fx_daily_usd_wide.csv": ["--target", "all"],
}


def run(exe: str, data: Path, flags: list[str], threads: int, work: Path) -> Path:
    env = dict(os.environ, NUMBA_NUM_THREADS=str(threads))
    model, out = work / f"m{threads}.lstmcast", work / f"fc{threads}.csv"
    subprocess.run([exe, "train", str(data), "--out", str(model), "-q", *flags], env=env,
                   check=True, capture_output=True)
    subprocess.run([exe, "predict", str(data), "--model", str(model), "--output", str(out)],
                   env=env, check=True, capture_output=True)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "lstmcast")
    same = True
    for name, flags in FILES.items():
        path = args.data / name
        if not path.exists():
            print(f"{name}: missing, skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            one, two = (run(exe, path, [*flags, *args.extra], t, work) for t in (1, 2))
            equal = filecmp.cmp(one, two, shallow=False)
            same &= equal
            print(f"{name}: {'identical' if equal else 'DIFFERENT'} "
                  f"({one.read_text().count(chr(10)) - 1} forecast rows)")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
