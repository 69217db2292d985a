"""Inputs a tester found mishandled: each now a clean result or one `error:` line."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from helpers import load_series
from test_data_panels import long_file

from lstmcast.cli import app
from lstmcast.errors import InputError

FAST = ["--hidden", "8", "--epochs", "2", "--patience", "1"]


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args], prog_name="lstmcast")


def daily(path, values):
    days = pd.date_range("2020-01-01", periods=len(values)).strftime("%Y-%m-%d")
    pd.DataFrame({"date": days, "value": values}).to_csv(path, index=False)
    return path


def one_error(result, *fragments):
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_constant_series_trains_and_writes_undefined_metrics_as_null(runner, in_tmp):
    path = daily(in_tmp / "const.csv", np.full(200, 5.0))
    result = invoke(runner, "train", path, *FAST, "--horizon", "3", "-q")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert metrics["methods"]["model"]["overall"]["mase"] is None  # 0 / 0
    assert invoke(runner, "predict", path).stdout.splitlines()[1].endswith(",5.0")


@pytest.mark.parametrize("flags", [["--lookback", "3"], ["--lookback", "1"],
                                   ["--season", "1000"]])
def test_a_season_longer_than_the_window_is_no_crash(runner, in_tmp, flags):
    path = daily(in_tmp / "walk.csv", 100 + np.cumsum(np.random.default_rng(0).normal(size=90)))
    result = invoke(runner, "train", path, *FAST, *flags, "-q")
    assert result.exit_code in (0, 2), result.stderr
    assert "internal error" not in result.stderr


def test_negative_seed_and_empty_target_list_are_usage_errors(runner, in_tmp):
    path = daily(in_tmp / "walk.csv", np.arange(1.0, 91.0))
    one_error(invoke(runner, "train", path, "--seed", "-1"), "--seed must be")
    one_error(invoke(runner, "train", path, "--target", ","), "names no column")


def test_a_bad_quarter_is_an_error_not_a_panel_of_quarters(runner, in_tmp):
    rows = [f"{1990 + i // 4},Q{i % 4 + 1},{10 + i}" for i in range(120)]
    rows[50] = rows[50].replace(",Q3,", ",Q5,")
    path = in_tmp / "yq.csv"
    path.write_text("Year,Quarter,value\n" + "\n".join(rows) + "\n")
    one_error(invoke(runner, "train", path, *FAST), "'Quarter'", "'Q5'", "row 51")


def test_ids_that_look_like_numbers_in_a_column_named_like_an_id(runner, in_tmp):
    frame = pd.read_csv(long_file(in_tmp))
    frame["symbol"] = frame["symbol"].map({"AAPL": "001", "MSFT": "002", "ZZZ": "003"})
    frame.to_csv(in_tmp / "numid.csv", index=False)
    result = invoke(runner, "train", in_tmp / "numid.csv", *FAST)
    assert result.exit_code == 0, result.stderr
    assert "id column: 'symbol'" in result.stderr
    rows = list(csv.reader(io.StringIO(invoke(runner, "predict", in_tmp / "numid.csv").stdout)))
    assert [r[0] for r in rows[1:]] == ["001", "002", "003"]


def test_tiny_values_keep_their_significant_digits(runner, in_tmp):
    values = 1.6522e-05 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, 120)))
    path = in_tmp / "small.csv"
    days = pd.date_range("2020-01-01", periods=120).strftime("%Y-%m-%d")
    path.write_text("date,value\n" + "".join(f"{d},{v:.4e}\n" for d, v in zip(days, values,
                                                                            strict=True)))
    assert invoke(runner, "train", path, *FAST, "-q").exit_code == 0
    forecast = float(invoke(runner, "predict", path).stdout.splitlines()[1].split(",")[1])
    assert forecast != 0 and abs(forecast / values[-1] - 1) < 0.2
    assert len(f"{forecast:.10e}".split("e")[0].rstrip("0").replace(".", "")) >= 4
    # --decimals N is obeyed exactly, even where it leaves no significant digit
    exact = invoke(runner, "predict", path, "--decimals", "3", "--level", "0").stdout
    assert exact.splitlines()[1].split(",")[1] == "0.000"  # three decimals, zeros too
    whole = invoke(runner, "predict", path, "--decimals", "0").stdout.splitlines()[1]
    assert whole.split(",")[1:] == ["0"] * 5  # whole numbers, written as such


def test_huge_values_in_scientific_notation_are_written_to_their_digits_and_two(runner,
                                                                                in_tmp):
    """'4.31489e+19' is written to 1e14: its interval's bounds were written with every digit
    of a float64 ('3.664763882955208e+19'), the mantissa's 5 decimals read as 5 places."""
    values = 4.3e19 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, 120)))
    path = in_tmp / "huge.csv"
    days = pd.date_range("2020-01-01", periods=120).strftime("%Y-%m-%d")
    path.write_text("date,value\n" + "".join(f"{d},{v:.5e}\n" for d, v in zip(days, values,
                                                                            strict=True)))
    assert invoke(runner, "train", path, *FAST, "-q").exit_code == 0
    cells = [c for row in invoke(runner, "predict", path).stdout.splitlines()[1:]
             for c in row.split(",")[1:]]
    assert cells and len(cells) % 5 == 0
    assert all(abs(float(c) / values[-1] - 1) < 0.5 for c in cells)
    # 6 significant digits and 2 more at most, not 16
    assert all(len(c.split("e")[0].replace(".", "").rstrip("0")) <= 8 for c in cells), cells


def test_panel_warnings_reach_a_quiet_train_and_predict(runner, in_tmp):
    path = long_file(in_tmp)
    frame = pd.read_csv(path)
    frame.loc[len(frame)] = ["2020-12-31", "ONE", 1.0]  # a series of one row: too short
    frame.to_csv(in_tmp / "with_one.csv", index=False)
    result = invoke(runner, "train", in_tmp / "with_one.csv", *FAST, "--horizon", "2", "-q")
    assert result.exit_code == 0, result.stderr
    # (the held-out periods of the panel without it)
    assert ("warning: trained without 1 series shorter than 86 rows (predict still forecasts "
            "them): 'ONE'") in result.stderr
    one = invoke(runner, "predict", in_tmp / "with_one.csv")
    forecast = pd.read_csv(io.StringIO(one.stdout)).query("symbol == 'ONE'")
    assert len(forecast) == 2 and (forecast["lo_95"] < forecast["lo_80"]).all()
    assert (forecast["lo_80"] < forecast["forecast"]).all()  # a width borrowed, not none
    assert "series 'ONE': no change of its own yet, so its intervals take the other " \
        "series' typical width" in one.stderr
    frame.loc[len(frame)] = ["2020-12-30", "ONE", 1.0]  # a few equal rows: said too (a user
    frame.loc[len(frame)] = ["2020-12-29", "ONE", 1.0]  # round; one row alone was)
    frame.to_csv(in_tmp / "with_three.csv", index=False)
    three = invoke(runner, "predict", in_tmp / "with_three.csv", "--model", "model.lstmcast")
    assert three.exit_code == 0, three.stderr
    assert "series 'ONE': no change of its own yet" in three.stderr
    half = pd.concat([frame, pd.DataFrame({"date": ["2021-01-01"], "symbol": ["AAPL"],
                                           "close": [None]})])
    half.to_csv(in_tmp / "half.csv", index=False)
    predicted = invoke(runner, "predict", in_tmp / "half.csv")
    assert predicted.exit_code == 0, predicted.stderr
    assert "dropped 1 trailing row(s)" in predicted.stderr and "'AAPL'" in predicted.stderr
    as_of = invoke(runner, "predict", path, "--as-of", "2020-12-31")
    assert "warning: 1 series ended before --as-of 2020-12-31, each forecast from its last " \
        "row: 'ZZZ'" in as_of.stderr


def test_a_nameless_time_column_is_called_time_in_outputs(runner, tmp_path):
    """A CSV saved with its index as the first column (an empty header cell): the forecast's
    time column is 'time', not pandas' 'Unnamed: 0'; predict still reads the file."""
    days = pd.date_range("2020-01-01", periods=120, freq="D")
    pd.DataFrame({"close": np.arange(1.0, 121.0)}, index=days.strftime("%Y-%m-%d")).to_csv(
        tmp_path / "unnamed.csv")
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(tmp_path / "unnamed.csv"), "--out", str(model),
                               "-q", "--hidden", "8", "--epochs", "1"])
    assert done.exit_code == 0, done.stderr
    done = runner.invoke(app, ["predict", "--model", str(model)])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("time,forecast")
    assert done.stdout.splitlines()[1].startswith("2020-04-30,")


def test_the_time_column_cannot_also_be_the_id_column(runner, sample_dir):
    done = runner.invoke(app, ["train", str(sample_dir / "btc_usd_daily.csv"), "--id-col",
                               "Date", "-q"])
    assert done.exit_code == 2
    assert "is the time column; it cannot also name the series" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_headerless_binance_kline_export_is_read_with_its_columns(runner, tmp_path):
    """Binance's kline CSVs have no header: epoch-ms open time, OHLCV, close time, ..."""
    start, hour = 1609459200000, 3600000
    close = 29000.0 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.01, 300)))
    lines = [f"{start + i * hour},{c:.2f},{c + 5:.2f},{c - 5:.2f},{c:.2f},{100 + i}.5,"
             f"{start + (i + 1) * hour - 1},1234.5,100,50.1,1000.2,0" for i, c in enumerate(close)]
    (tmp_path / "BTCUSDT-1h.csv").write_text("\n".join(lines) + "\n")
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(tmp_path / "BTCUSDT-1h.csv"), "--out", str(model),
                               "--hidden", "8", "--epochs", "1"])
    assert done.exit_code == 0, done.stderr
    assert "Binance kline" in done.stderr and "target: 'close'" in done.stderr
    assert "frequency: hourly" in done.stderr
    done = runner.invoke(app, ["predict", "--model", str(model)])
    assert done.exit_code == 0, done.stderr
    first = done.stdout.splitlines()[1].split(",")
    assert first[0] == "2021-01-13T12:00:00Z"  # the hour after the last bar (300 from 1 Jan)
    assert abs(float(first[1]) / close[-1] - 1) < 0.05


def fx_week(opens: int) -> pd.DatetimeIndex:
    """FX hours of January 2023, from Sunday ``opens``:00 to Friday (``opens`` - 1):00."""
    hours = pd.date_range(f"2023-01-01 {opens}:00", f"2023-01-27 {opens - 1}:00", freq="h")
    day, hour = hours.day_of_week, hours.hour
    return hours[((day < 5) & ~((day == 4) & (hour >= opens))) | ((day == 6) & (hour >= opens))]


@pytest.mark.parametrize("source, name, opens, line", [
    # MetaTrader 4's history: date, time, OHLC, volume; FX hours in UTC
    ("MetaTrader history", "EURUSD60.csv", 22, "{t:%Y.%m.%d},{t:%H:%M},1.07,1.08,1.06,{c},7"),
    # HistData.com's bars, in New York's standard time: 'YYYYMMDD HHMMSS;o;h;l;c;volume'
    ("HistData.com", "DAT_ASCII_EURUSD_H1_2023.csv", 17, "{t:%Y%m%d %H%M%S};1.07;1.08;1.06;{c};0"),
])
def test_a_headerless_fx_export_is_read_with_its_columns(tmp_path, source, name, opens, line):
    hours = fx_week(opens)
    (tmp_path / name).write_text("".join(line.format(t=t, c=f"{1.07 + i * 1e-5:.5f}") + "\n"
                                         for i, t in enumerate(hours)))
    series = load_series(tmp_path / name)
    assert any(source in n for n in series.notes)
    assert (series.target_col, series.freq) == ("close", f"h@SUN{opens}:00-FRI{opens - 1}:00/W")
    assert series.time.equals(hours)
    assert series.target[-1] == pytest.approx(1.07 + 1e-5 * (len(hours) - 1))


def test_a_headerless_kraken_ohlcvt_export_is_read_with_its_columns(tmp_path):
    """Kraken's OHLCVT downloads: unix seconds, OHLC, volume, trades; no header."""
    start = 1672531200  # 2023-01-01 00:00 UTC
    (tmp_path / "XBTUSD_60.csv").write_text("".join(
        f"{start + 3600 * i},16500.0,16560.5,16450.2,{16500 + i:.1f},12.5,{300 + i}\n"
        for i in range(200)))
    series = load_series(tmp_path / "XBTUSD_60.csv")
    assert any("Kraken OHLCVT" in n for n in series.notes)
    assert (series.target_col, series.freq, series.time[0]) == (
        "close", "h", pd.Timestamp("2023-01-01"))
    assert series.target[-1] == 16699.0


def test_a_headerless_ninjatrader_daily_export_is_read_with_its_columns(tmp_path):
    """'20230508;4732.64;4756.33;4713.69;4737.38;1200000': refused ('the first line holds
    values'), where its minute bars (HistData's layout) were read; a date and four numbers
    that are no bars (a high under the close) stay refused."""
    days = pd.bdate_range("2023-05-08", periods=60)
    lines = [f"{d:%Y%m%d};{4700 + i};{4720 + i};{4690 + i};{4710 + i};{1200000 + i}"
             for i, d in enumerate(days)]
    (tmp_path / "ES.txt").write_text("\n".join(lines) + "\n")
    series = load_series(tmp_path / "ES.txt")
    assert any("NinjaTrader daily" in n for n in series.notes)
    assert (series.target_col, series.freq, series.target[-1]) == ("close", "B", 4769)
    (tmp_path / "odd.txt").write_text("\n".join(ln.replace(";4720", ";4000", 1) for ln in lines))
    with pytest.raises(InputError, match="the first line holds values"):
        load_series(tmp_path / "odd.txt")


@pytest.mark.parametrize("text, shown", [
    ("1.5,2\n3,4\n", "1.5, 2"),
    ("2022-01-01,100.13\n2022-01-02,103.9\n", "2022-01-01, 100.13"),  # a date and a value
    # NOAA GHCN by station: text among the values, a YYYYMMDD date and a negative number
    ("".join(f"USW00094728,202201{d:02d},TMAX,-{d},,,W,2400\n" for d in range(1, 20)),
     "USW00094728, 20220101, TMAX, -1, ..."),
    # a holiday's date without its prices, first of a slice cut with tail: read as names, it
    # lost that row and named the columns '2012-01-02' and 'Unnamed: 1'
    ("2012-01-02,,\n2012-01-03,76.67,1.0089\n2012-01-04,76.68,1.0100\n",
     "2012-01-02, '', ''"),
])
def test_a_first_line_of_values_is_not_taken_for_a_header(runner, tmp_path, text, shown):
    (tmp_path / "vals.csv").write_text(text)
    done = runner.invoke(app, ["train", str(tmp_path / "vals.csv"), "-q"])
    assert done.exit_code == 2 and f"the first line holds values ({shown})" in done.stderr
    assert done.stderr.count("\n") == 1
    columns = len(text.splitlines()[0].split(","))  # (following the advice names them all)
    assert f"add a header row naming each of its {columns} columns" in done.stderr


def test_a_series_written_by_pandas_has_a_header_of_an_empty_name_and_its_own(tmp_path):
    """``Series.to_csv()`` writes ',0': the index column has no name. A header, not a line of
    values (it was refused once empty cells counted as values)."""
    days = pd.date_range("2024-01-01", periods=40)
    pd.Series(np.arange(40.0), index=days).to_csv(tmp_path / "s.csv")
    series = load_series(tmp_path / "s.csv")
    assert (series.target_col, list(series.time)) == ("0", list(days))


def test_r_s_row_names_before_each_row_are_an_unnamed_column(runner, tmp_path):
    """R's write.table writes '"date"\t"orders"' over '"1"\t"2022-01-01"\t116': a numbered
    name before each row, under no header name. Read as an unnamed column (left out as a row
    number), said; before: refused. A row one field wider without numbered names is refused
    as before, naming the line: its names may be shifted."""
    days = pd.date_range("2022-01-01", periods=60, freq="D")
    (tmp_path / "r.tsv").write_text('"date"\t"orders"\n' + "".join(
        f'"{i + 1}"\t"{d:%Y-%m-%d}"\t{100 + i}\n' for i, d in enumerate(days)))
    s = load_series(tmp_path / "r.tsv")
    assert list(s.time) == list(days) and s.target[0] == 100 and s.target_col == "orders"
    assert any("R's row names" in n for n in s.notes)
    (tmp_path / "wide.csv").write_text("date,orders\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i},x\n" for i, d in enumerate(days)))
    done = runner.invoke(app, ["train", str(tmp_path / "wide.csv"), "-q"])
    assert done.exit_code == 2 and "splits into other fields than its rows" in done.stderr
    # a header that gained a column over rows without it (a user round: told 'a comma
    # inside a value', the reason of rows wider than their header)
    (tmp_path / "gained.csv").write_text("date,orders,volume\n" + "".join(
        f"{d:%Y-%m-%d},{100 + i}\n" for i, d in enumerate(days)))
    done = runner.invoke(app, ["train", str(tmp_path / "gained.csv"), "-q"])
    assert done.exit_code == 2 and "(the header 'date,orders,volume' has 3 fields, its rows " \
        "2: a column added to the header, or left out of the rows?)" in done.stderr
