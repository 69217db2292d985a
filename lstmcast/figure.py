"""A plot's frame, whatever it draws: the figure's size and grid, the time axis (dates, or the
numbers of numbered steps), labels, title and legend, and the PNG written atomically.

matplotlib is imported only inside the functions, as in ``plot``. Figures use the object API
(``Figure``, Agg), not pyplot: nothing enters pyplot's list of open figures, so memory does not
grow over calls, no display is needed and a caller's backend (a notebook's) is left alone."""

from __future__ import annotations

import math
import re
import warnings
from io import BytesIO
from typing import TYPE_CHECKING

from .fsio import atomic_write_bytes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI, SINGLE_SIZE = 100, (12.0, 6.75)  # inches: 1200 x 675 px
GRID_WIDTH, GRID_COLUMNS = 14.0, 2
GRID_ROW_HEIGHT, GRID_EXTRA_HEIGHT = 3.6, 1.2  # inches per row, plus title, labels and legend
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # and the IHDR chunk, with width and height, comes first


def new_figure(titles: list[str] | None, panels: int) -> tuple[Figure, list[Axes]]:
    """One wide axes, or a two-column grid of ``panels`` without empty cells; each titled by
    ``titles`` when given."""
    from matplotlib.figure import Figure

    rows = math.ceil(panels / GRID_COLUMNS)
    size = SINGLE_SIZE if panels == 1 else (
        GRID_WIDTH, max(SINGLE_SIZE[1], GRID_EXTRA_HEIGHT + GRID_ROW_HEIGHT * rows))
    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    grid = figure.subplots(rows, 1 if panels == 1 else GRID_COLUMNS, squeeze=False).ravel()
    for spare in grid[panels:]:
        spare.remove()
    for ax, title in zip(grid, titles or [], strict=False):
        ax.set_title(title, fontsize="medium")
    return figure, list(grid[:panels])


def finish(figure: Figure, axes: list[Axes], *, x_label: str, y_label: str, title: str,
           steps: bool = False, extra: list = ()) -> None:
    """Time ticks (dates, or whole step numbers when ``steps``), labels, title and one legend
    for the whole figure, below the plots."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    for ax in axes:
        most = 9 if len(axes) == 1 else 6
        if steps:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=most, integer=True))
        else:
            locator = mdates.AutoDateLocator(minticks=3, maxticks=most)
            ax.xaxis.set_major_locator(locator)
            # a day's tick names its month: '08, 15, 22, Oct' over '2024-Oct' read as 8 October
            # of days in September (a user round); the offset then names the year alone
            dates = mdates.ConciseDateFormatter(locator)
            dates.formats[2], dates.offset_formats[2] = "%d %b", "%Y"
            ax.xaxis.set_major_formatter(dates)
        ax.grid(True, alpha=0.3, lw=0.6)
    (axes[0].set_ylabel if len(axes) == 1 else figure.supylabel)(y_label)
    # The lowest panel of each column gets the time label (a figure-wide one hits the legend).
    for ax in axes[-GRID_COLUMNS:]:
        ax.set_xlabel(x_label)
    figure.suptitle(title)
    # Each label once: every panel draws the same kinds of things.
    entries = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    entries.update((artist.get_label(), artist) for artist in extra)
    if entries:  # outside the axes: a legend never hides the data it explains
        figure.legend(list(entries.values()), list(entries), loc="outside lower center",
                      ncols=min(len(entries), 6), frameon=False, fontsize="small")


def save(figure: Figure, out: str, ids: list) -> dict:
    """Render to PNG in memory, then replace ``out`` atomically (complete or absent). Returns
    ``{"path", "width", "height", "series", "warnings"}``: pixels, ``ids`` and what to say
    (characters the font has no glyph for, which matplotlib would warn of in its own words)."""
    buffer = BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(buffer, format="png", dpi=DPI)
    missing = set()
    for w in caught:  # matplotlib's 'Glyph 26481 (...) missing from font(s) DejaVu Sans.'
        if (glyph := re.match(r"Glyph (\d+) .*missing from", str(w.message))) is not None:
            missing.add(chr(int(glyph[1])))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    atomic_write_bytes(out, buffer.getvalue())
    width, height = png_size(buffer.getvalue())
    said = [f"{out}: the plot's font has no glyph for {''.join(sorted(missing))!r} (in the "
            "names or ids): drawn as boxes"] if missing else []
    return {"path": out, "width": width, "height": height, "series": ids, "warnings": said}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG image."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
