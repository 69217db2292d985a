"""How the synthetic files in this folder were made (see tests/data/README.md); run from this
folder to rewrite them. The values are seeded random walks, not real quotes."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20240105)

def walk(n, start, vol):
    return start * np.exp(np.cumsum(rng.normal(0, vol, n)))

# 1. Nasdaq.com historical quotes export: newest first, MM/DD/YYYY, '$' prices
days = pd.bdate_range("2023-10-09", "2024-01-05")
days = days[~days.isin(pd.to_datetime(["2023-11-23", "2023-12-25", "2024-01-01"]))]
close = walk(len(days), 178.0, 0.012)
rows = ["Date,Close/Last,Volume,Open,High,Low"]
for d, c in zip(days[::-1], close[::-1], strict=True):
    o = c * (1 + rng.normal(0, 0.004))
    h = max(o, c) * 1.006
    lo = min(o, c) * 0.994
    volume = int(rng.integers(40e6, 90e6))
    rows.append(f"{d:%m/%d/%Y},${c:.2f},{volume},${o:.2f},${h:.2f},${lo:.2f}")
open("nasdaq_quotes.csv", "w", newline="").write("\r\n".join(rows) + "\r\n")

# 2. Binance-style 1h klines: epoch milliseconds, header as in the kline docs
t0 = 1709251200000  # 2024-03-01 00:00 UTC
close = walk(240, 61500.0, 0.004)
rows = ["open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        "taker_buy_volume,taker_buy_quote_volume,ignore"]
prev = 61480.0
for i, c in enumerate(close):
    o = prev
    h = max(o, c) * 1.002
    lo = min(o, c) * 0.998
    v = rng.uniform(500, 3000)
    ot = t0 + i * 3_600_000
    rows.append(f"{ot},{o:.8f},{h:.8f},{lo:.8f},{c:.8f},{v:.8f},{ot + 3_599_999},"
                f"{v * c:.8f},{int(rng.integers(20000, 90000))},{v / 2:.8f},{v * c / 2:.8f},0")
    prev = c
open("binance_klines_1h.csv", "w").write("\n".join(rows) + "\n")

# 3. yfinance-style 5-minute bars, US session 09:30-15:55 New York time with the offset,
#    Thu 2024-01-04 .. Tue 2024-01-09 (a weekend in between); Fri 11:00 and 11:05 missing
bars = []
for d in pd.to_datetime(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"]):
    bars += list(pd.date_range(d + pd.Timedelta("09:30:00"), d + pd.Timedelta("15:55:00"),
                               freq="5min"))
missing = (pd.Timestamp("2024-01-05 11:00"), pd.Timestamp("2024-01-05 11:05"))
bars = [b for b in bars if b not in missing]
close = walk(len(bars), 470.0, 0.0008)
rows = ["Datetime,Open,High,Low,Close,Adj Close,Volume"]
for b, c in zip(bars, close, strict=True):
    o = c * (1 + rng.normal(0, 0.0004))
    h = max(o, c) * 1.0005
    lo = min(o, c) * 0.9995
    volume = int(rng.integers(1e5, 9e5))
    rows.append(f"{b:%Y-%m-%d %H:%M:%S}-05:00,{o:.4f},{h:.4f},{lo:.4f},{c:.4f},{c:.4f},{volume}")
open("intraday_5min.csv", "w").write("\n".join(rows) + "\n")

# 4. German broker export: ';', DD.MM.YYYY, decimal comma, thousands dot, ' €'
days = pd.bdate_range("2024-02-01", "2024-03-28")
close = walk(len(days), 1180.0, 0.01)
def eur(x):
    return f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " €"
rows = ["Datum;Eröffnung;Schlusskurs;Tageshoch;Tagestief;Umsatz in Stück"]
for d, c in zip(days, close, strict=True):
    o = c * (1 + rng.normal(0, 0.005))
    h = max(o, c) * 1.004
    lo = min(o, c) * 0.996
    vol = f"{int(rng.integers(400_000, 2_500_000)):,}".replace(",", ".")
    rows.append(f"{d:%d.%m.%Y};{eur(o)};{eur(c)};{eur(h)};{eur(lo)};{vol}")
open("boerse_eur.csv", "w").write("\n".join(rows) + "\n")

# 5. Yahoo Finance download: ISO dates, a row of 'null' (as Yahoo writes a day without data)
days = pd.bdate_range("2020-02-03", "2020-04-24")
days = days[~days.isin(pd.to_datetime(["2020-02-17", "2020-04-10"]))]
close = walk(len(days), 330.0, 0.02)
rows = ["Date,Open,High,Low,Close,Adj Close,Volume"]
for d, c in zip(days, close, strict=True):
    if d == pd.Timestamp("2020-03-20"):
        rows.append(f"{d:%Y-%m-%d},null,null,null,null,null,null")
        continue
    o = c * (1 + rng.normal(0, 0.006))
    h = max(o, c) * 1.01
    lo = min(o, c) * 0.99
    rows.append(f"{d:%Y-%m-%d},{o:.6f},{h:.6f},{lo:.6f},{c:.6f},{c * 0.97:.6f},"
                f"{int(rng.integers(5e7, 3e8))}")
open("yahoo_daily.csv", "w").write("\n".join(rows) + "\n")

# 6. A monthly ledger: '$' with thousands separators, accounting negatives, percentages
months = pd.date_range("2021-01-01", periods=36, freq="MS")
income = np.round(rng.normal(800, 1500, len(months)), 2)
rows = ["Month,Net Income,Margin"]
for m, x in zip(months, income, strict=True):
    money = f"${abs(x):,.2f}"
    cell = f"({money})" if x < 0 else money
    rows.append(f'{m:%Y-%m},"{cell}",{x / 120:.1f}%')
open("ledger_monthly.csv", "w").write("\n".join(rows) + "\n")
