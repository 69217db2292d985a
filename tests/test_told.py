"""What predict tells of a fresh file (``lstmcast.told``)."""

from __future__ import annotations

import pandas as pd
from helpers import load_series

from lstmcast.told import fills_since, untold


def test_a_warning_training_gave_that_only_counts_more_since_is_not_said_again():
    """Weekly rows stamped off their Friday: training said 25 (first 2010-04-01); a Good
    Friday's week since made each cron run say 26, training's count and all, every week."""
    told = ["25 weekly row(s) stamped off the usual Friday (a holiday's week; first "
            "2010-04-01): put on it", "filled 1 missing value(s) by forward fill ('Close': 1)"]
    grown = told[0].replace("25", "26")
    rolled = grown.replace("2010-04-01", "2026-04-02")  # a window that no longer holds 2010
    filled = "filled 2 missing value(s) by forward fill ('Close': 2)"  # a new gap: said
    assert untold([grown, rolled, filled, told[1]], told) == [rolled, filled]
    assert untold([grown], ()) == [grown]  # (the same data again hears it all)
    # a summary's count of other warnings: one more is a new one, said
    more = "... and 1 more warning(s) like these for 1 series ('D')"
    assert untold([more.replace("1 more", "2 more")], [more]) == [
        more.replace("1 more", "2 more")]
    own = "series 'D': 25 weekly row(s) stamped off the usual Friday (first 2010-04-01): put on it"
    assert untold([own.replace("25", "26")], [own]) == []  # a series' own, after its name


def test_a_cron_job_hears_of_the_gaps_filled_since_training_alone(tmp_path):
    """Every run after a gap filled a year before said 'filled 9 ... the longest gap from
    2023-01-20' again (its count growing with each new gap, none named): the gaps since the
    model's training data are said, from the first; none, nothing."""
    days = pd.date_range("2023-01-02", periods=120)
    gaps = {days[10], days[110]}  # one in training's rows, one since
    path = tmp_path / "gappy.csv"
    path.write_text("date,close\n" + "".join(f"{d:%Y-%m-%d},{100 + i}\n" for i, d in
                                             enumerate(days) if d not in gaps))
    panel = load_series(path)
    said = [w for w in panel.warnings if w.startswith("filled 2 missing value(s)")]
    assert said and fills_since(said, panel, days[100]) == [
        f"filled 1 missing value(s) since the model's training data (first at "
        f"{days[110]:%Y-%m-%d})"]
    assert fills_since(said, panel, days[115]) == []
    assert fills_since(["the data runs 40 periods past ..."], panel, days[115]) == [
        "the data runs 40 periods past ..."]
