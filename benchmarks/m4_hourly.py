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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstmcast.baselines import naive2  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "m4" / "Hourly-train.csv"
H, M = 48, 24


def read_m4(path: Path) -> dict[str, np.ndarray]:
    with open(path, newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        return {r[0]: np.array([float(v) for v in r[1:] if v != ""]) for r in rows}


def write_long(series: dict[str, np.ndarray], path: Path) -> None:
    start = np.datetime64("2000-01-01T00:00")
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "time", "value"])
        for sid, y in series.items():
            stamps = (start + np.arange(len(y)).astype("timedelta64[h]")).astype(str)
            out.writerows((sid, t.replace("T", " "), repr(float(v)))
                          for t, v in zip(stamps, y, strict=True))


def smape(a, f):
    return float(np.mean(200 * np.abs(f - a) / (np.abs(a) + np.abs(f))))


def mase(history, a, f):
    scale = np.mean(np.abs(history[M:] - history[:-M]))
    return float(np.mean(np.abs(f - a)) / scale)


def msis_of(history, a, lo, hi):
    """M4's mean scaled interval score at 95 %."""
    scale = np.mean(np.abs(history[M:] - history[:-M]))
    penalty = (2 / 0.05) * (np.maximum(lo - a, 0) + np.maximum(a - hi, 0))
    return float(np.mean(hi - lo + penalty) / scale)


def score(histories, actuals, forecasts):
    s = np.mean([smape(a, forecasts[k]) for k, a in actuals.items()])
    m = np.mean([mase(histories[k], a, forecasts[k]) for k, a in actuals.items()])
    return s, m


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
    write_long(histories, data)
    exe = str(Path(sys.executable).parent / "lstmcast")
    t0 = time.perf_counter()
    subprocess.run([exe, "train", str(data), "--id-col", "id", "--horizon", str(H), "--season",
                    str(M), "--seed", "0", "--out", str(work / "M"), "-q", *args.extra],
                   check=True)
    t1 = time.perf_counter()
    out = subprocess.run([exe, "predict", str(data), "--model", str(work / "M")], check=True,
                         capture_output=True, text=True).stdout
    t2 = time.perf_counter()
    forecasts: dict[str, list[list[float]]] = {}
    rows = list(csv.reader(out.splitlines()))
    assert rows[0][2:] == ["forecast", "lo_80", "hi_80", "lo_95", "hi_95"], rows[0]
    for row in rows[1:]:
        forecasts.setdefault(row[0], []).append([float(v) for v in row[2:]])
    columns = {k: np.array(v) for k, v in forecasts.items()}
    model = {k: c[:, 0] for k, c in columns.items()}
    missing = sorted(set(actuals) - set(model))
    if missing:
        sys.exit(f"no forecast for {len(missing)} series, e.g. {missing[:3]}")
    snaive = {k: np.tile(y[-M:], H // M + 1)[:H] for k, y in histories.items()}
    n2 = {k: naive2(y, M, H) for k, y in histories.items()}
    ref = score(histories, actuals, n2)
    print(f"M4 Hourly, {len(actuals)} series, last {H} training points held out")
    print(f"{'method':>16} {'sMAPE':>8} {'MASE':>8} {'OWA':>7}")
    for name, fc in (("lstmcast", model), ("seasonal naive", snaive), ("Naive2", n2)):
        s, m = score(histories, actuals, fc)
        print(f"{name:>16} {s:8.3f} {m:8.3f} {0.5 * (s / ref[0] + m / ref[1]):7.3f}")
    for level, lo, hi in ((80, 1, 2), (95, 3, 4)):
        inside = np.mean([np.mean((a >= columns[k][:, lo]) & (a <= columns[k][:, hi]))
                          for k, a in actuals.items()])
        print(f"coverage of the {level} % interval: {inside:.3f}")
    msis = np.mean([msis_of(histories[k], a, columns[k][:, 3], columns[k][:, 4])
                    for k, a in actuals.items()])
    print(f"MSIS (95 %): {msis:.2f}  (M4: ETS 17.5, ARIMA 7.5, ES-RNN 7.9, best 6.1)")
    print(f"wall time: train {t1 - t0:.1f} s, predict {t2 - t1:.1f} s, "
          f"total {t2 - t0:.1f} s")


if __name__ == "__main__":
    main()
