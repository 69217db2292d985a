"""Series side by side, each with dates of its own (``lstmcast.data.beside``): Bloomberg's
history of several securities in one sheet is read as a long file, each security on its own
trading days; other tables with a repeated time column are left as they were."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series
from test_panels_cli import FAST, invoke, rows_of

from lstmcast.data.beside import bloomberg_sheet
from lstmcast.errors import InputError

AAPL = pd.bdate_range("2023-01-02", periods=60)
LSE = pd.bdate_range("2023-02-01", periods=45).delete([10, 30])  # its own holidays


def sheet(tmp_path, above: bool = True, fields=("PX_LAST",), spacer: bool = False,
          name: str = "bb.csv"):
    """Two securities' columns of dates and fields side by side, the second's history shorter
    (its cells empty below it), as Bloomberg's Excel sheet saves them."""
    width = 1 + len(fields)
    blocks = []
    for k, days in enumerate((AAPL, LSE)):
        cells = [[f"{d.month}/{d.day}/{d.year}", *(f"{100 * (k + 1) + i + f / 10:.2f}"
                                                   for f in range(len(fields)))]
                 for i, d in enumerate(days)]
        blocks.append(cells + [[""] * width] * (len(AAPL) - len(days)))
    gap = [""] if spacer else []
    head = [",".join(["Date", *fields, *gap, "Date", *fields])]
    if above:  # each name over its first column
        head.insert(0, ",".join(["AAPL US Equity", *[""] * len(fields), *gap, "VOD LN Equity",
                                 *[""] * len(fields)]))
    lines = [",".join([*a, *gap, *b]) for a, b in zip(*blocks, strict=True)]
    path = tmp_path / name
    path.write_text("\n".join([*head, *lines]) + "\n")
    return path


def series_of(panel, sid):
    i = panel.ids.index(sid)
    lo, hi = panel.indptr[i], panel.indptr[i + 1]
    return panel.time[lo:hi], panel.target[lo:hi]


@pytest.mark.parametrize("layout", [{}, {"fields": ("PX_LAST", "PX_VOLUME")},
                                    {"spacer": True}])
def test_each_security_is_read_on_its_own_dates(tmp_path, layout):
    """It was refused: 'the header names two or more columns 'Date''."""
    panel = load_series(sheet(tmp_path, **layout))
    assert (panel.id_col, panel.target_col, panel.ids) == (
        "ticker", "PX_LAST", ("AAPL US Equity", "VOD LN Equity"))
    times, values = series_of(panel, "VOD LN Equity")
    assert times[0] == LSE[0] and times[-1] == LSE[-1]
    assert values[0] == 200.0 and values[-1] == 200.0 + len(LSE) - 1  # its rows, not AAPL's
    times, values = series_of(panel, "AAPL US Equity")
    assert (len(times), values[-1]) == (len(AAPL), 100.0 + len(AAPL) - 1)
    assert any("series side by side, each with its own 'Date' column (Bloomberg): "
               "AAPL US Equity, VOD LN Equity" in note for note in panel.notes)


def test_a_security_named_in_the_header_alone_is_its_series(tmp_path):
    text = sheet(tmp_path, above=False).read_text().replace(
        "Date,PX_LAST,Date,PX_LAST", "Date,AAPL US Equity,Date,VOD LN Equity", 1)
    (tmp_path / "named.csv").write_text(text)
    panel = load_series(tmp_path / "named.csv")
    assert (panel.id_col, panel.target_col) == ("ticker", "value")
    assert series_of(panel, "VOD LN Equity")[0][-1] == LSE[-1]


def test_dates_repeated_without_names_of_their_series_are_still_refused(tmp_path):
    with pytest.raises(InputError, match="the header names two or more columns 'Date'"):
        load_series(sheet(tmp_path, above=False))


def test_a_shorter_block_without_names_is_refused_for_its_names_not_its_blank_dates(tmp_path):
    """The blank dates under the shorter block were blamed: 'fill in the date or delete the
    row', which would delete the longer block's newest closes."""
    rows = ["Date,Close,Date,Close", *(f"2024-01-{d:02d},{100 + d},2024-01-{d:02d},{50 + d}"
                                       for d in range(2, 20)), ",,2024-01-20,70"]
    (tmp_path / "pairs.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(InputError, match="two or more columns 'Date'.*named by their series "
                                         r"\('Date,AAPL,Date,MSFT'\)"):
        load_series(tmp_path / "pairs.csv")


def test_other_tables_are_left_as_they_are():
    frame = pd.DataFrame({"Date": ["2023-01-02"], "Close": ["1"], "Open": ["2"], "High": ["3"]})
    assert bloomberg_sheet(list(frame.columns), ["", "", "", ""], frame, []) is frame
    odd = pd.DataFrame([["2023-01-02", "1", "2023-01-02", "2", "3"]],
                       columns=["Date", "A", "Date.1", "B", "C"])  # groups of unequal width
    assert bloomberg_sheet(["Date", "A", "Date", "B", "C"], [], odd, []) is odd


def test_predict_gives_each_security_its_own_next_day(runner, in_tmp):
    sheet(in_tmp)
    trained = invoke(runner, "train", "bb.csv", *FAST, "-q")
    assert trained.exit_code == 0, trained.stderr
    result = invoke(runner, "predict", "bb.csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    assert rows[0][:3] == ["ticker", "Date", "forecast"]
    assert [r[:2] for r in rows[1:]] == [
        ["AAPL US Equity", f"{AAPL[-1] + pd.offsets.BDay():%Y-%m-%d}"],
        ["VOD LN Equity", f"{LSE[-1] + pd.offsets.BDay():%Y-%m-%d}"]]
    assert np.isclose(float(rows[2][2]), 200.0 + len(LSE) - 1, rtol=0.05)


@pytest.mark.parametrize("fields, filled", [(("PX_LAST",), False),
                                             (("PX_LAST", "PX_VOLUME"), False),
                                             (("PX_LAST", "PX_VOLUME"), True)])
def test_securities_named_over_their_fields_share_a_date_column(tmp_path, fields, filled):
    """',AAPL US Equity,VOD LN Equity' over 'Date,PX_LAST,PX_LAST': refused as two columns
    'PX_LAST' ('rename them'); each security is a series, also where its name is written over
    each of its fields (merged cells filled across: refused still)."""
    names = ["AAPL US Equity", "VOD LN Equity"]
    above = ",".join(["", *(",".join([n, *[n if filled else ""] * (len(fields) - 1)])
                            for n in names)])
    lines = [above, ",".join(["Date", *fields * 2])] + [
        ",".join([f"{d:%m/%d/%Y}", *(f"{100 * (k + 1) + i + f}" for k in range(2)
                                      for f in range(len(fields)))])
        for i, d in enumerate(AAPL)]
    (tmp_path / "shared.csv").write_text("\n".join(lines) + "\n")
    panel = load_series(tmp_path / "shared.csv")
    assert (panel.id_col, panel.target_col, panel.ids) == ("ticker", "PX_LAST", tuple(names))
    assert series_of(panel, "VOD LN Equity")[1][-1] == 200 + len(AAPL) - 1
    assert any("securities named over their fields (Bloomberg): AAPL US Equity, VOD LN Equity"
               in note for note in panel.notes)


def test_a_title_over_an_ordinary_header_is_no_security():
    frame = pd.DataFrame([["2023-01-02", "1", "2"]], columns=["Date", "Close", "Volume"])
    assert bloomberg_sheet(["Date", "Close", "Volume"], ["Prices", "", ""], frame, []) is frame


def test_names_come_from_one_place_in_every_group_and_a_preamble_names_nothing(tmp_path):
    """'Security' in the corner named AAPL's series; a preamble's 'Generated by,XYZ,on' named
    two; 'date,sales,Date,returns' over the same dates became a panel of 'value'."""
    text = sheet(tmp_path).read_text().split("\n", 1)[1]  # the names over the first fields
    (tmp_path / "corner.csv").write_text("Security,AAPL US Equity,,VOD LN Equity\n" + text)
    assert load_series(tmp_path / "corner.csv").ids == ("AAPL US Equity", "VOD LN Equity")
    frame = pd.DataFrame([["2023-01-02", "1", "2023-01-03", "2"]],
                         columns=["Date", "Value", "Date.1", "Value.1"])
    assert bloomberg_sheet(["Date", "Value", "Date", "Value"],
                           ["Generated by", "XYZ", "on", "2023-03-01"], frame, []) is frame
    same = pd.DataFrame([[f"2023-01-0{d}", str(d), f"2023-01-0{d}", str(-d)] for d in (2, 3)],
                        columns=["Date", "sales", "Date.1", "returns"])
    assert bloomberg_sheet(["Date", "sales", "Date", "returns"], [], same, []) is same
    path = tmp_path / "sales.csv"
    path.write_text("date,sales,Date,returns\n" + "".join(
        f"2023-01-{d:02d},{d},2023-01-{d:02d},{-d}\n" for d in range(1, 29)))
    assert load_series(path, target="sales").target_col == "sales"


def test_actuals_over_a_plan_are_no_securities():
    """A review's: ',Actual,,Forecast,' over 'Date,Sales,Units,Sales,Units' became a series
    'Forecast' trained as data; refused as two columns 'Sales', as before."""
    frame = pd.DataFrame([["2023-01-02", "1", "2", "3", "4"]],
                         columns=["Date", "Sales", "Units", "Sales.1", "Units.1"])
    assert bloomberg_sheet(["Date", "Sales", "Units", "Sales", "Units"],
                           ["", "Actual", "", "Forecast", ""], frame, []) is frame


def test_names_over_fields_that_are_no_securities_name_series(tmp_path):
    """',Sales,,Returns,' over 'Week,Units,Revenue,Units,Revenue' (a merged header) named its
    id column 'ticker' and said 'securities ... (Bloomberg)' (a user round)."""
    weeks = pd.date_range("2023-01-01", periods=40, freq="W-SUN")
    lines = [",Sales,,Returns,", "Week,Units,Revenue,Units,Revenue"] + [
        f"{w:%Y-%m-%d},{10 + i},{100 + i},{i % 3},{i % 3 * 10}" for i, w in enumerate(weeks)]
    (tmp_path / "merged.csv").write_text("\n".join(lines) + "\n")
    panel = load_series(tmp_path / "merged.csv", target="Revenue")
    assert (panel.id_col, panel.ids) == ("series", ("Sales", "Returns"))
    assert any(note.startswith("series named over their fields: Sales, Returns")
               for note in panel.notes)
    (tmp_path / "tickers.csv").write_text("\n".join([",AAPL,,BRK.B,"] + lines[1:]) + "\n")
    panel = load_series(tmp_path / "tickers.csv", target="Revenue")
    assert (panel.id_col, panel.ids) == ("ticker", ("AAPL", "BRK.B"))
    (tmp_path / "named.csv").write_text("\n".join(  # a field named 'series' keeps 'ticker'
        [lines[0], lines[1].replace("Units", "series"), *lines[2:]]) + "\n")
    panel = load_series(tmp_path / "named.csv", target="Revenue")  # (a review: internal error)
    assert (panel.id_col, panel.ids) == ("ticker", ("Sales", "Returns"))


def test_a_model_that_read_such_names_as_tickers_still_reads_its_file(runner, in_tmp):
    """A model of format 16 read ',Sales,,Returns,' with the id column 'ticker': predict on
    its own file said "no column 'ticker'" (a review); it reads them as trained."""
    from test_model_file_safety import edited

    weeks = pd.date_range("2023-01-01", periods=60, freq="W-SUN")
    (in_tmp / "m.csv").write_text("\n".join([",Sales,,Returns,", "Week,Units,Revenue,Units,"
                                             "Revenue"] + [f"{w:%Y-%m-%d},{10 + i},{100 + i},"
                                                           f"{i % 3},{i % 5 * 10 + 1}"
                                                           for i, w in enumerate(weeks)]) + "\n")
    assert invoke(runner, "train", "m.csv", "--target", "Revenue", *FAST, "-q").exit_code == 0
    now = invoke(runner, "predict", "m.csv")
    old = in_tmp / "old.lstmcast"
    old.write_bytes(edited((in_tmp / "model.lstmcast").read_bytes(), lambda m: m[
        "data"].__setitem__("id_col", "ticker"), redigest=True))
    then = invoke(runner, "predict", "m.csv", "--model", "old.lstmcast")
    assert then.exit_code == 0, then.stderr
    assert then.stdout == now.stdout.replace("series,", "ticker,", 1)
