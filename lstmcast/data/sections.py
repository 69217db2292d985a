"""Files of several tables: Google Analytics 4 exports a report, a blank line, then another
under its own '#' comments ('# Active users by Session default channel group'); UNdata a
blank line, then its footnotes as a table of another width; CDC WONDER a rule, then its notes.
The first table is the data; the rest is dropped, and said."""

from __future__ import annotations

import csv
import re

from .headerless import DATE_CELL, NUMBER_CELL

_GAP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*(?=\S)")  # a blank line (or more), then text


# A rule under the table, then words: CDC WONDER's '"---"' over its dataset, query and caveats
_FOOTER = re.compile(r'\n"?[-=_~]{3,}"?\r?\n(?=\s*"?[^\W\d_])')


def first_table(text: str, notes, wanted: str | None = None) -> str:
    """``text`` (its header first) up to the first blank line followed by a '#' comment, or
    by a table of another width (a header and a row), or up to a rule followed by words; the
    table after that blank line instead where its header names the ``wanted`` column and
    the first's does not (Fitbit's 'Activities' under its 'Body', for --target Steps)."""
    section = _next_section(text)
    found = section or _footer(text)
    if found is None:
        return text
    if section is not None and wanted and (later := _named_below(text, section, wanted)):
        getattr(notes, "warn", notes.append)(
            f"read the table after a blank line, whose header names {wanted!r} "
            f"({later[1][:50]!r}); dropped the {text[:section.start()].count(chr(10)) + 1} "
            "line(s) of the table above it")
        return later[0]
    rest = text[found.end():].split("\n")
    titled = next((ln.lstrip("# ").strip().strip('"') for ln in rest
                   if ln.lstrip("# -").strip()), "")
    getattr(notes, "warn", notes.append)(
        f"dropped {len([ln for ln in rest if ln.strip()])} line(s) after the table, "
        + ("a blank line and another section below it" if section else "notes under a rule")
        + f" ({titled[:50]!r}{_columns_below(rest) if section else ''})")
    return text[:found.start() + 1]


def _columns_below(lines: list[str]) -> str:
    """', whose columns are ...' of the header among the first lines of a section (under its
    title, if any): which --target reads that table instead (Fitbit's 'Steps')."""
    delimiter = _header("\n".join(lines).lstrip())[1]
    for line in [ln for ln in lines if ln.strip()][:2]:
        if _width(line, delimiter) >= 2 and _names(line, delimiter):
            shown = ", ".join(repr(f) for f in _fields(line, delimiter)[:6])
            return f", whose columns are {shown}{', ...' if _width(line, delimiter) > 6 else ''}"
    return ""


def _next_section(text: str) -> re.Match | None:
    """The first blank line after which another section starts: a '#' comment (GA4's), or a
    table of another width, a header of names over a row (UNdata's '"footnoteSeqID",
    "Footnote"' under rows of five fields); None when there is none."""
    header, delimiter = _header(text)
    width = _width(header, delimiter)
    for found in _GAP.finditer(text):
        if text[found.end()] == "#":
            return found
        below = text[found.end():].split("\n", 3)[:3]
        named = re.fullmatch(r"[^\W\d][\w.]*", below[0].strip()) is not None
        titled = named and (gap := _GAP.search(text, found.end())) is not None and not text[
            found.end():gap.start()].strip().count("\n")  # a section's name alone
        if titled:  # (MOEX ISS's 'history.cursor': its table of any width, named so)
            below = text[gap.end():].split("\n", 2)[:2]
        elif named and len(below) == 3 and _width(below[1], delimiter) >= 2:
            titled, below = True, below[1:]  # Fitbit's 'Activities' right over its header
        below = below[:2]
        before = text[:found.start()].rsplit("\n", 1)[-1]
        if width >= 2 and len(below) == 2 and _width(before, delimiter) == width and \
                2 <= _width(below[0], delimiter) == _width(below[1], delimiter) and (
                    titled or _width(below[0], delimiter) != width) and \
                _names(below[0], delimiter):
            return found
    return None


def _footer(text: str) -> re.Match | None:
    """The rule under the table (a row of it at least) that only notes follow: no line after
    it as wide as the header (a rule between a long file's series is no footer)."""
    found = _FOOTER.search(text, text.find("\n") + 1)  # (not right under the header)
    if found is None:
        return None
    header, delimiter = _header(text)
    width = _width(header, delimiter)
    rest = text[found.end():].split("\n")
    return None if any(_width(line, delimiter) >= width for line in rest if line.strip()) \
        else found


def _named_below(text: str, section: re.Match, wanted: str) -> tuple[str, str] | None:
    """(the text from the header after ``section``, its title or header) where that header
    names the ``wanted`` column and the first header does not; else None."""
    header, delimiter = _header(text)
    key = wanted.strip().casefold()  # as ``columns.match_column`` finds it

    def names(line: str) -> bool:
        return key in {f.casefold() for f in _fields(line, delimiter) or ()}

    if names(header):
        return None
    lines = text[section.end():].split("\n")
    for k, line in enumerate(lines[:3]):
        if names(line):
            return "\n".join(lines[k:]), lines[0].strip()
    return None


def _header(text: str) -> tuple[str, str]:
    """(the first line, the delimiter it uses most)."""
    header = text.split("\n", 1)[0]
    return header, max(",;\t|", key=header.count)


def _fields(line: str, delimiter: str) -> list[str] | None:
    """The stripped fields of one line of a CSV; None where it does not parse."""
    try:
        return [f.strip() for f in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return None


def _width(line: str, delimiter: str) -> int:
    """Fields in one line of a CSV (1 where it does not parse)."""
    fields = _fields(line, delimiter)
    return 1 if fields is None else len(fields)


def _names(line: str, delimiter: str) -> bool:
    """Whether a line is a header: no field a number or a date (not '2023-02-10,10.0,50',
    newer rows that gained a column after a blank line, which are refused as such)."""
    return not any(NUMBER_CELL.fullmatch(f) or DATE_CELL.fullmatch(f)
                   for f in _fields(line, delimiter) or ())
