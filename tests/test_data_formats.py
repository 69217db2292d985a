"""data/formats.py: the formats a time column is tried with, and the characters a format's
text needs, which must never turn away a value pandas reads with it (the slow, obvious twin of
``needed_characters`` is pandas itself)."""

from __future__ import annotations

import pandas as pd

from lstmcast.data import dates
from lstmcast.data.formats import candidate_formats, holds, needed_characters


def written(fmt: str) -> list[str]:
    """Times written with ``fmt`` (as they are, upper- and lower-cased)."""
    out = []
    for t in (pd.Timestamp("2024-03-05 14:07:09.123456"), pd.Timestamp("1999-12-31")):
        try:
            text = t.strftime(fmt)
        except ValueError:
            continue
        out += [text, text.upper(), text.lower()]
    return out


def test_a_format_s_characters_never_turn_away_a_value_pandas_reads():
    formats = [f for f in candidate_formats(True, "date") if "%" in f]
    formats += ["%Yς", "%d%%%m", "%Y-%m-%dT%H:%M:%S%z"]  # Greek case, a literal '%', an offset
    values = pd.Series(list(dict.fromkeys(v for f in formats for v in written(f))), dtype=object)
    read = 0
    for fmt in formats:
        try:
            parsed = dates._parse(values, fmt)
        except (ValueError, TypeError, OverflowError):
            continue
        need = needed_characters(fmt)
        for value in values[parsed.notna()]:
            assert holds(value, need), (fmt, value)
            read += 1
    assert read > 400  # the formats read the values written with them (456 here)
    assert needed_characters("%Y-%m-%d") == {"-"} and not needed_characters("%Y%m%d")
    assert needed_characters("Week of %b %d, %Y") == set("weekof,")
    assert holds("2024Σ", needed_characters("%Yς")) and not holds("2024/05", {"-"})
