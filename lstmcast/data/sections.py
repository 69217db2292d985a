"""Files of several tables: Google Analytics 4 exports a report, a blank line, then another
under its own '#' comments ('# Active users by Session default channel group'). The first
table is the data; the rest is dropped, and said."""

from __future__ import annotations

import re

# a blank line, then a comment line: the next section of an export
_NEXT_SECTION = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*(?=#)")


def first_table(text: str, notes) -> str:
    """``text`` (its header first) up to the first blank line followed by a '#' comment."""
    found = _NEXT_SECTION.search(text)
    if found is None:
        return text
    rest = text[found.end():].split("\n")
    titled = next((ln.lstrip("# ").strip() for ln in rest if ln.lstrip("# -").strip()), "")
    getattr(notes, "warn", notes.append)(
        f"dropped {len([ln for ln in rest if ln.strip()])} line(s) after the table, a blank "
        f"line and another section below it ({titled[:50]!r})")
    return text[:found.start() + 1]
