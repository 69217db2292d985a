"""Two header lines of a frame whose columns have two levels, as a long file of a row per time
and series: yfinance's ``download(...).to_csv()``, pandas's ``unstack()`` and
``pivot_table``."""

from __future__ import annotations

import pandas as pd

from .ids import named_like_id


def tickers_under_fields(header: list[str], frame: pd.DataFrame,
                         notes: list[str]) -> pd.DataFrame:
    """yfinance's ``download(...).to_csv()``: three header lines, 'Price,Close,High,...',
    'Ticker,AAPL,AAPL,...' and 'Date,,,...'. One ticker reads as 'Date,Close,High,...';
    several as a long file, 'Date,Ticker,Close,...', a row per date and ticker. So is any
    pandas frame of two levels of columns whose first names the series ('region,East,East',
    'metric,sales,units', 'date,,'), the fields its second, and pandas's ``unstack()`` and
    ``pivot_table(values=[...])``, whose unnamed first level holds the fields."""
    fields = [c.strip() for c in header]
    # pandas's ``unstack()`` or ``pivot_table(values=[...])``: ',Arrivals,Arrivals' over
    # 'Origin,Japan,NZ' over 'Quarter,,': the fields' level unnamed, the series' named, the
    # index's name, whatever it is, alone on the third line
    unstacked = (fields[0] == "" and len(frame) >= 3 and frame.iloc[:2, 0].str.strip().all()
                 and len(set(fields[1:])) < len(fields) - 1  # a value's name over each series
                 and not frame.iloc[0, 1:].str.fullmatch(r"[\d\s.,()+-]*").any())  # names
    if (len(frame) < 3 or (frame.iloc[1, 0].strip().lower() not in ("date", "datetime")
                           and not unstacked) or (frame.iloc[1, 1:].str.strip() != "").any()):
        return frame
    tickers = frame.iloc[0].str.strip().tolist()
    if tickers[0].lower() != "ticker" and not unstacked:
        if not named_like_id(fields[0]) or not tickers[0]:
            return frame
        fields, tickers = tickers, fields  # the series over their fields
    time_col, body = frame.iloc[1, 0].strip(), frame.iloc[2:]
    pairs = set(zip(fields[1:], tickers[1:], strict=False))
    if len(fields) != frame.shape[1] or len(pairs) < len(fields) - 1:
        return frame
    names, parts = list(dict.fromkeys(tickers[1:])), []
    for ticker in names:
        cols = [j for j in range(1, len(fields)) if tickers[j] == ticker]
        parts.append(pd.DataFrame({time_col: body.iloc[:, 0],
                                   **({tickers[0]: ticker} if len(names) > 1 else {}),
                                   **{fields[j]: body.iloc[:, j] for j in cols}},
                                  index=body.index))
    notes.append((f"a header of fields over tickers (yfinance): {', '.join(names[:5])}"
                  if tickers[0].lower() == "ticker" else f"two header lines, fields over the "
                  f"series in {tickers[0]!r}: {', '.join(names[:5])}" if unstacked else
                  f"two header lines, the series in {tickers[0]!r} over their fields: "
                  f"{', '.join(names[:5])}")
                 + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
    return pd.concat(parts).fillna("")
