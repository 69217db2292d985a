"""What the panel benchmarks share: a held-out horizon per series through `lstmcast train` and
`predict`, scored as M4 scores it (sMAPE, MASE, OWA against Naive2) beside seasonal naive and
Naive2, with interval coverage, MSIS and the wall time."""

import csv
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstmcast.baselines import naive2  # noqa: E402


def write_long(series: dict[str, pd.Series], path: Path, fmt: str, holdout: int = 0) -> None:
    """A long CSV (id,time,value) of every series but its last ``holdout`` rows."""
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "time", "value"])
        for sid, y in series.items():
            head = y.iloc[: len(y) - holdout]
            out.writerows((sid, t.strftime(fmt), repr(float(v)))
                          for t, v in zip(head.index, head.to_numpy(), strict=True))


def smape(a, f):
    return float(np.mean(200 * np.abs(f - a) / (np.abs(a) + np.abs(f))))


def _scale(history, m):
    """MASE's in-sample scale: the mean absolute seasonal difference (lag 1 without a season)."""
    return np.mean(np.abs(history[m:] - history[:-m]))


def mase(history, a, f, m):
    return float(np.mean(np.abs(f - a)) / _scale(history, m))


def msis_of(history, a, lo, hi, m):
    """M4's mean scaled interval score at 95 %."""
    penalty = (2 / 0.05) * (np.maximum(lo - a, 0) + np.maximum(a - hi, 0))
    return float(np.mean(hi - lo + penalty) / _scale(history, m))


def score(histories, actuals, forecasts, m):
    s = np.mean([smape(a, forecasts[k]) for k, a in actuals.items()])
    mm = np.mean([mase(histories[k], a, forecasts[k], m) for k, a in actuals.items()])
    return s, mm


def run_and_score(title: str, data: Path, work: Path, histories: dict, actuals: dict, H: int,
                  m: int, train_flags: list[str]) -> float:
    """Train on ``data`` (a long CSV of ``histories``), forecast, print the table; the OWA."""
    exe = str(Path(sys.executable).parent / "lstmcast")
    t0 = time.perf_counter()
    subprocess.run([exe, "train", str(data), "--horizon", str(H), "--seed", "0", "--out",
                    str(work / "M"), "-q", *train_flags], check=True)
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
    snaive = {k: np.tile(y[-m:], H // m + 1)[:H] for k, y in histories.items()}
    n2 = {k: naive2(y, m, H) for k, y in histories.items()}
    ref = score(histories, actuals, n2, m)
    print(title)
    print(f"{'method':>16} {'sMAPE':>8} {'MASE':>8} {'OWA':>7}")
    owa = {}
    for name, fc in (("lstmcast", model), ("seasonal naive", snaive), ("Naive2", n2)):
        s, mm = score(histories, actuals, fc, m)
        owa[name] = 0.5 * (s / ref[0] + mm / ref[1])
        print(f"{name:>16} {s:8.3f} {mm:8.3f} {owa[name]:7.3f}")
    for level, lo, hi in ((80, 1, 2), (95, 3, 4)):
        inside = np.mean([np.mean((a >= columns[k][:, lo]) & (a <= columns[k][:, hi]))
                          for k, a in actuals.items()])
        print(f"coverage of the {level} % interval: {inside:.3f}")
    msis = np.mean([msis_of(histories[k], a, columns[k][:, 3], columns[k][:, 4], m)
                    for k, a in actuals.items()])
    print(f"MSIS (95 %): {msis:.2f}")
    print(f"wall time: train {t1 - t0:.1f} s, predict {t2 - t1:.1f} s, "
          f"total {t2 - t0:.1f} s")
    return owa["lstmcast"]
