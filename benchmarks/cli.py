"""Median wall time of `lstmcast train` (defaults) and `lstmcast predict` on the bitcoin file.

    python benchmarks/cli.py [--data PATH] [--repeats 5]

Each run is a fresh process, as in a cron job. The Numba cache is warmed by one untimed train
and predict first, so the figures are those of every run after the first on a machine. Where
torch is importable, `python -c "import torch"` is timed too, for scale.
Targets (issue 3): train <= 20 s, predict <= 0.6 s.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_BTC = ROOT.parent / "shared" / "data" / "btc_usd_daily_coindesk.csv"
SAMPLE_BTC = ROOT / "sample_data" / "btc_usd_daily.csv"


def lstmcast_command():
    exe = shutil.which("lstmcast") or str(Path(sys.executable).parent / "lstmcast")
    return [exe]


def wall(cmd, cwd, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=SHARED_BTC if SHARED_BTC.exists() else SAMPLE_BTC)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    exe = lstmcast_command()
    data = str(args.data.resolve())
    with tempfile.TemporaryDirectory() as work:
        train = exe + ["train", data, "--quiet"]
        predict = exe + ["predict"]
        wall(train + ["--epochs", "1"], work, 1)  # warm the compile cache
        wall(predict, work, 1)
        print(f"data: {data}")
        med, runs = wall(train, work, max(1, args.repeats // 2 + 1))
        print(f"lstmcast train (defaults): median {med:.2f} s  runs {[round(t, 2) for t in runs]}"
              f"  target <= 20 s")
        med, runs = wall(predict, work, args.repeats * 2)
        print(f"lstmcast predict (warm cache): median {med:.3f} s  "
              f"runs {[round(t, 2) for t in runs]}  target <= 0.6 s")
    try:
        import importlib.util

        if importlib.util.find_spec("torch") is not None:
            med, _ = wall([sys.executable, "-c", "import torch"], ROOT, 3)
            print(f"python -c 'import torch': median {med:.2f} s (for scale)")
    except ImportError:
        pass


if __name__ == "__main__":
    main()
