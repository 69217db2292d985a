"""Exports written without a header row, known by their columns in order, and the line of
values that no header is."""

from __future__ import annotations

import re

# Exports without a header row, by their columns in order: Binance's klines (candlesticks),
# MetaTrader 4's history ('2023.01.02,00:00,1.0700,1.0710,1.0690,1.0705,1234'), HistData.com's
# FX bars ('20230102 170000;1.0699;1.0700;1.0697;1.0699;0') and Kraken's OHLCVT
# ('1672531200,16500.0,16561.6,16454.8,16530.1,12.5,340')
BINANCE_KLINE = ("open_time", "open", "high", "low", "close", "volume", "close_time",
                 "quote_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume",
                 "ignore")
METATRADER = ("date", "time", "open", "high", "low", "close", "volume")
HISTDATA = ("time", "open", "high", "low", "close", "volume")
KRAKEN = ("time", "open", "high", "low", "close", "volume", "trades")
DAILY_BARS = ("date", "open", "high", "low", "close", "volume")  # NinjaTrader's '20230508;...'
_DAY_CELL = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
DATE_CELL = re.compile(r"\d{1,4}([-/.])\d{1,2}\1\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
                       r"(?:Z|[+-]\d{2}:?\d{2})?")  # '2022-01-01', '01/02/2022 13:00'
NUMBER_CELL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(\.\d+)?")  # pandas adds .1
_CLOCK_CELL = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_STAMP_CELL = re.compile(r"\d{8} \d{6}")


def _a_dated_row(cells: list[str]) -> bool:
    """Whether a line holds one date ('2022-01-01', '20220101') and a number written with a
    sign or a decimal point ('-11', '3.5') that is no date."""
    dates = [c for c in cells if DATE_CELL.fullmatch(c) or (
        re.fullmatch(r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", c))]
    signed = [c for c in cells if re.fullmatch(r"[+-]\d+(?:\.\d+)?|\d*\.\d+", c)
              and not DATE_CELL.fullmatch(c)]
    return len(dates) == 1 and bool(signed)


def headerless_layout(cells: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """(source, column names) of a header line that is values of an export of a known layout;
    (None, ()) for values of no known layout; None for a header of names. A line holding
    a date and a signed or decimal number among text (NOAA GHCN's 'USW00094728,20220101,
    TMAX,-11,,,W,2400') is values too: no header names a column '-11'; so is one of values
    and empty cells after a first value (a holiday's date without its prices; not pandas'
    ',0' over a Series, whose index column has no name)."""
    if not cells or not all(NUMBER_CELL.fullmatch(c) or DATE_CELL.fullmatch(c)
                            or _CLOCK_CELL.fullmatch(c) or _STAMP_CELL.fullmatch(c)
                            for c in (cells[:1] + [c for c in cells[1:] if c])):
        return (None, ()) if _a_dated_row(cells) else None
    epoch = cells[0].isdigit() and len(cells) > 6 and cells[6].isdigit()
    known = {"Binance kline": (BINANCE_KLINE, epoch and 10**12 <= int(cells[0])
                               < int(cells[6]) < 10**17),
             "MetaTrader history": (METATRADER, DATE_CELL.fullmatch(cells[0])
                                    and _CLOCK_CELL.fullmatch(cells[1])),
             "HistData.com": (HISTDATA, _STAMP_CELL.fullmatch(cells[0])),
             "Kraken OHLCVT": (KRAKEN, epoch and 6 * 10**8 <= int(cells[0]) < 5 * 10**9),
             "NinjaTrader daily": (DAILY_BARS, _DAY_CELL.fullmatch(cells[0])
                                    and _bars(cells[1:5]))}
    return next(((which, names) for which, (names, fits) in known.items()
                 if fits and len(names) == len(cells)), (None, ()))


def _bars(cells: list[str]) -> bool:
    """Whether open, high, low and close read so: the high the most, the low the least."""
    try:
        o, h, low, c = map(float, cells)
    except ValueError:
        return False
    return h >= max(o, c, low) and low <= min(o, c)
