"""Seconds the engine needs before its first training step, cold (empty Numba cache) and warm.

    python benchmarks/compile_time.py [--repeats 1] [--dtype float32] [--hidden 32]

Each measurement is a fresh interpreter with its own temporary NUMBA_CACHE_DIR: it imports the
engine, builds LSTMForecaster(1, H, 1, 7) in the given dtype, runs one step() and one predict()
(compiled), and prints the seconds of each phase (wall clock) and the process's CPU seconds
(compiling is single-threaded, so on a busy machine the CPU figure is the steadier one). The first
run in a cache directory compiles every kernel it uses; the second loads them from that cache.
Medians over --repeats pairs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from lstmcast.engine import LSTMForecaster
import numba  # noqa: F401  (loaded here so its import is not counted as compiling)
t1 = time.perf_counter()
dtype, H = sys.argv[1], int(sys.argv[2])
model = LSTMForecaster(1, H, 1, 7, dtype=dtype, seed=0)
x = np.zeros((32, 30, 1), dtype); y = np.zeros((32, 7), dtype)
model.step(x, y)
t2 = time.perf_counter()
model.predict(x)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "step": t2 - t1, "predict": t3 - t2, "total": t3 - t0,
                  "cpu": time.process_time()}))
"""


def run(cache, dtype, hidden):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    done = subprocess.run([sys.executable, "-c", PROBE, dtype, str(hidden)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--hidden", type=int, default=32)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(run(cache, args.dtype, args.hidden))
            warm.append(run(cache, args.dtype, args.hidden))
    for label, runs in (("cold (empty cache)", cold), ("warm (cached)", warm)):
        parts = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{label:>20}: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))


if __name__ == "__main__":
    main()
