"""Prices in 32nds, as US Treasury bonds and their futures are quoted: '114'125' is 114 and
12.5 32nds (CME's third digit: 0, 2, 5 or 7 for 0, 1/4, 1/2 and 3/4 of a 32nd), '106'24' is
106 and 24 32nds, '106-23+' is 106 and 23.5. Read so where a column writes them all so and
shows it; a Swiss '1'150' groups thousands."""

from __future__ import annotations

import re

_QUOTE = re.compile(r"(?P<whole>\d{1,4})(?:'(?P<ticks>[0-2]\d|3[01])(?P<part>[0257])?|"
                    r"-(?P<dashed>[0-2]\d|3[01])(?P<plus>\+)?)")
_PART = {"0": 0.0, "2": 0.25, "5": 0.5, "7": 0.75}
# Distinct quotes of three digits after the apostrophe that show a price column in 32nds: a
# Swiss thousands group fits that form one time in eight (00-31, then 0, 2, 5 or 7)
FEWEST = 8
POINTS = (50, 250)  # a Treasury's whole points (a price of 1'150, one and 15 32nds, is none)
_PRICE_WORDS = frozenset({"open", "high", "low", "close", "last", "settle", "settlement",
                          "price", "bid", "ask", "mid", "px"})


def named_like_a_price(colname: str) -> bool:
    """Whether a column's name says it holds a price ('Last', 'Settle', 'PX_LAST')."""
    return bool(set(re.findall(r"[a-z]+", colname.lower())) & _PRICE_WORDS)


def in_32nds(cells: set[str], priced: bool = False) -> dict[str, str]:
    """The cells as plain numbers where every one is a quote in 32nds (whole points, as
    '114', aside) and the column shows it: a half 32nd after a dash ('106-23+': without one,
    '2023-10' is a month and '10-14' a band of ages), or, of a column ``priced`` (named like a
    price), whole points of a Treasury's POINTS (feet and inches, '5'06', are none) and ticks
    that vary (a Swiss '110'000' has none), in a quote of two digits after an apostrophe or in
    FEWEST of three (a Swiss '112'125' reads so too: only a price's name tells); none
    otherwise."""
    quotes = {c: m for c in cells if not c.isdigit() and (m := _QUOTE.fullmatch(c))}
    if not quotes or len(quotes) < sum(not c.isdigit() for c in cells):
        return {}
    dashed = [m for m in quotes.values() if m["dashed"]]
    points = all(POINTS[0] <= int(m["whole"]) <= POINTS[1] for m in quotes.values())
    ticks = len({(m["ticks"], m["part"]) for m in quotes.values()}) > 1  # ('110'000' has one)
    shown = any(m["plus"] for m in dashed) if dashed else priced and points and ticks and (
        not all(m["part"] for m in quotes.values()) or len(quotes) >= FEWEST)
    if not shown:
        return {}
    return {c: repr(int(m["whole"]) + (int(m["ticks"] or m["dashed"]) + _PART.get(
        m["part"] or "0") + (0.5 if m["plus"] else 0.0)) / 32) for c, m in quotes.items()}
