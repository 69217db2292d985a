"""A first run's wait: `lstmcast train` on the sample with an empty Numba cache, and again warm.

    python benchmarks/compile_time.py [--repeats 3] [--data sample_data/btc_usd_daily.csv]

Each measurement is a fresh `lstmcast train DATA -q` with its own temporary NUMBA_CACHE_DIR:
the first run in it compiles the kernels (stderr must say so in one line), the second loads them
from the cache. Prints the wall seconds of each and their difference (the compile's share), and,
in fresh interpreters, the engine alone: `compile_kernels()` cold (the two halves at once in two
processes), then each half alone in one process, with its CPU seconds (the steadier figure on a
busy machine). Medians over --repeats.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPILE_LINE = "compiling the LSTM kernels for this CPU (first run only)"

PROBE = """
import json, sys, time
from lstmcast.engine.compile import compile_kernels, compile_part
import numba  # noqa: F401  (loaded here so its import is not counted as compiling)
wall, cpu = time.perf_counter(), time.process_time()
compile_kernels() if sys.argv[1] == "both" else compile_part(sys.argv[1])
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def train(cache: str, data: str) -> tuple[float, str]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "lstmcast"), "train", data,
                               "-q", "--out", f"{out}/model"], env=env, capture_output=True,
                              text=True, check=True, cwd=ROOT)
        return time.perf_counter() - t0, done.stderr


def engine(part: str) -> dict:
    with tempfile.TemporaryDirectory() as cache:
        done = subprocess.run([sys.executable, "-c", PROBE, part], capture_output=True,
                              text=True, check=True, env=dict(os.environ, NUMBA_CACHE_DIR=cache))
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", default=str(ROOT / "sample_data" / "btc_usd_daily.csv"))
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as cache:
            seconds, stderr = train(cache, args.data)
            if COMPILE_LINE not in stderr:
                sys.exit(f"the cold run did not say it was compiling; stderr:\n{stderr}")
            cold.append(seconds)
            seconds, stderr = train(cache, args.data)
            if COMPILE_LINE in stderr:
                sys.exit("the warm run compiled again")
            warm.append(seconds)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"lstmcast train {Path(args.data).name}: cold {c:.2f} s, warm {w:.2f} s, "
          f"compile's share {c - w:.2f} s (medians of {args.repeats})")
    for part in ("both", "forward", "backward"):
        runs = [engine(part) for _ in range(args.repeats)]
        print(f"engine, {part:>8}: wall {statistics.median(r['wall'] for r in runs):.2f} s, "
              f"cpu {statistics.median(r['cpu'] for r in runs):.2f} s"
              + (" (this process's share)" if part == "both" else ""))


if __name__ == "__main__":
    main()
