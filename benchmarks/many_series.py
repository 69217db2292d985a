"""Thousands of series on one machine: a seeded long CSV of random walks with weekly seasonality,
different scales and start dates, then `lstmcast train` and `lstmcast predict` on it, with the
wall time and peak memory (RSS) of each.

    python benchmarks/many_series.py [--series 2000] [--rows 2500] [--keep DIR]
                                     [-- extra flags for 'lstmcast train']

The file has --series daily series that end on the same day and start up to a year apart, each
with at least --rows rows (2,000 x 2,500 gives 5.4 million rows).
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def generate(path: Path, series: int, rows: int, seed: int = 0) -> int:
    rng = np.random.default_rng(seed)
    end = pd.Timestamp("2024-12-31")
    total = 0
    with open(path, "w") as fh:
        fh.write("date,id,value\n")
        for i in range(series):
            n = rows + int(rng.integers(0, 365))  # at least --rows each: starts differ
            days = pd.date_range(end=end, periods=n, freq="D")
            week = 1 + 0.1 * np.sin(2 * np.pi * (np.arange(n) % 7) / 7 + rng.uniform(0, 6.3))
            walk = np.exp(np.cumsum(rng.normal(0, 0.01, n)))
            values = rng.uniform(1, 1000) * walk * week
            stamps = days.strftime("%Y-%m-%d")
            fh.writelines(f"{d},S{i:05d},{v:.4f}\n" for d, v in zip(stamps, values, strict=True))
            total += n
    return total


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=2500)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="many-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "many.csv"
    t0 = time.perf_counter()
    n = generate(data, args.series, args.rows)
    print(f"generated {args.series} series, {n:,} rows in {time.perf_counter() - t0:.1f} s")
    exe = str(Path(sys.executable).parent / "lstmcast")
    seconds, peak = run([exe, "train", str(data), "--horizon", "7", "-q", "--out",
                         str(work / "m"), *args.extra])
    print(f"train:   {seconds:7.1f} s, peak RSS {peak:7.0f} MB")
    seconds, peak = run([exe, "predict", str(data), "--model", str(work / "m"), "--output",
                         str(work / "fc.csv")])
    print(f"predict: {seconds:7.1f} s, peak RSS {peak:7.0f} MB (max of both runs)")


if __name__ == "__main__":
    main()
