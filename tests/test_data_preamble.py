"""The lines above a table's header (``lstmcast.data.preamble``): here, a header among the
'#' comments over the data, as KNMI's daily data writes it."""

from __future__ import annotations

import pandas as pd
from helpers import load_series


def test_knmi_s_header_among_its_comments(tmp_path):
    """Refused as 'does not look like a CSV table (the header '# BRON: ...' has a single
    column)'; the same lines without their '#' were read."""
    days = pd.date_range("2021-01-01", periods=60)
    head = ("# BRON: KONINKLIJK NEDERLANDS METEOROLOGISCH INSTITUUT (KNMI)\n"
            "# Opmerking: door stationsverplaatsingen zijn deze tijdreeksen inhomogeen.\n# \n"
            "# STN         LON(east)   LAT(north)  ALT(m)      NAME\n"
            "# 260          5.180       52.100      1.90        De Bilt\n# \n"
            "# DDVEC     = Vectorgemiddelde windrichting in graden (360=noord, 90=oost, "
            "180=zuid, 270=west, 0=windstil/variabel)\n"
            "# TG        = Etmaalgemiddelde temperatuur (in 0.1 graden Celsius)\n# \n"
            "# STN,YYYYMMDD,   FG,   TG\n# \n")
    rows = "".join(f"  260,{d:%Y%m%d},{40 + i % 7:5d},{30 + i:5d}\n" for i, d in enumerate(days))
    path = tmp_path / "etmgeg_260.txt"
    path.write_text(head + rows)
    s = load_series(path, target="TG")
    assert s.time_col == "YYYYMMDD" and s.time.equals(days) and s.target[-1] == 89
    assert any("skipped 9 line(s) above the header" in n for n in s.notes)


def test_a_comment_with_commas_over_a_header_of_its_own_is_no_header(tmp_path):
    """'# Source: FRED, St. Louis Fed' over 'date,value' was read as the header (the time
    column '# Source: FRED', the target 'St. Louis Fed')."""
    days = pd.date_range("2021-01-01", periods=40)
    path = tmp_path / "fred.csv"
    path.write_text("# Source: FRED, St. Louis Fed\n# Units: Percent, Not Seasonally Adjusted\n"
                    "date,value\n" + "".join(f"{d:%Y-%m-%d},{i / 10}\n"
                                             for i, d in enumerate(days)))
    s = load_series(path)
    assert (s.time_col, s.target_col) == ("date", "value") and s.time.equals(days)


def test_bls_series_report_s_keys_and_values_are_read_past(tmp_path):
    """BLS's SeriesReport: 'Key:,value' lines above 'Year,Jan,...,Dec' (its 'NAICS Code:,-'
    and 'Years:,2009 to 2019' read as rows of data, the 'Industry:' line above them as the
    header: 'no column holds dates'), and its preliminary months marked '(P)'."""
    months = "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec"
    preamble = ("Employment, Hours, and Earnings from the Current Employment Statistics survey "
                "(National)\r\nOriginal Data Value\r\n\r\nSeries Id:,CEU0500000001\r\n"
                "Not Seasonally Adjusted\r\nSeries Title:,\"All employees, thousands, total "
                "private, not seasonally adjusted\"\r\nSuper Sector:,Total private\r\n"
                "Industry:,Total private\r\nNAICS Code:,-\r\nData Type:,\"ALL EMPLOYEES, "
                "THOUSANDS\"\r\nYears:,2017 to 2019\r\n\r\n")
    years = {2017: range(120000, 120012), 2018: range(123000, 123012)}
    rows = "".join(f"{y}," + ",".join(map(str, v)) + "\r\n" for y, v in years.items())
    rows += "2019,125932,126370,126994,128007,128771,129800,129883,129930(P),129312(P),,,\r\n"
    (tmp_path / "bls.csv").write_bytes((preamble + f"Year,{months}\r\n" + rows).encode())
    panel = load_series(tmp_path / "bls.csv")
    assert panel.freq == "MS" and panel.time[0] == pd.Timestamp("2017-01-01")
    assert panel.time[-1] == pd.Timestamp("2019-09-01") and panel.target[-1] == 129312
    assert any("marks 2 value(s) with '(P)'" in w for w in panel.warnings)


def test_a_label_ending_with_a_colon_under_key_lines_is_data(tmp_path):
    """'North:,2023-01-02,404' under 'Report,Sales by region,' and the header: a row of data
    (a review's: BLS's rule for 'Key:,value' lines lost this header)."""
    days = pd.bdate_range("2023-01-02", periods=40)
    (tmp_path / "r.csv").write_text("Report,Sales by region,\nGenerated,2024-05-01,\n"
                                    "Region,Date,Sales\n" + "".join(
                                        f"North:,{d:%Y-%m-%d},{400 + i}\n"
                                        for i, d in enumerate(days)))
    panel = load_series(tmp_path / "r.csv")
    assert (panel.time_col, panel.target_col) == ("Date", "Sales") and len(panel.target) == 40
