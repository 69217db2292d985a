"""How ``--id`` names a panel's series: as the file spells them (``as_spelt``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def as_spelt(ids: Sequence[str], present: Sequence[str]) -> list[str]:
    """Each of ``ids`` (``--id``) as ``present`` spells it: its letters composed either way
    ('Zürich' typed on a Mac), or, where one alone matches so, in another case or spacing
    ('japan' of a wide file's 'Japan', which --target japan trains on; ids alike but for case
    stay apart); else as given. Pieces of an id that holds a comma, which --id split where it
    was not quoted (--id 'Smith, J': 'Smith', 'J'), are that id again (``rejoined``)."""
    composed = {unicodedata.normalize("NFC", sid): sid for sid in present}
    ids = rejoined(ids, composed)
    folded: dict[str, list[str]] = {}
    for key in sorted(composed):
        folded.setdefault(" ".join(key.casefold().split()), []).append(composed[key])
    spelt = []
    for i in ids:
        key = unicodedata.normalize("NFC", i)
        alike = folded.get(" ".join(key.casefold().split()), [])
        spelt.append(composed[key] if key in composed else alike[0] if len(alike) == 1 else i)
    return spelt


def rejoined(ids: Sequence[str], present) -> list[str]:
    """``ids`` with each run of them that is no id of ``present`` (NFC keys) alone, but one
    when joined by ', ' or ',' (the spacing --id's reading dropped), joined: the longest first."""
    out, i = [], 0
    while i < len(ids):
        for j in range(len(ids), i + 1, -1):
            pieces = [unicodedata.normalize("NFC", p) for p in ids[i:j]]
            joined = [sep.join(pieces) for sep in (", ", ",") if sep.join(pieces) in present]
            if joined and not any(p in present for p in pieces):
                out.append(joined[0])
                i = j
                break
        else:
            out.append(ids[i])
            i += 1
    return out
