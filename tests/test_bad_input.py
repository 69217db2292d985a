"""Every bad input at the command line: exit 2, one ``error:`` line that names the problem, no
traceback, and no output file created or changed. A few inputs that look odd but are fine
(other delimiters, BOM, UTF-16, gzip, unsorted rows, duplicates with a policy) must work."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from lstmcast.cli import app

DATA = Path(__file__).parent / "data"
TINY = ["--hidden", "4", "--epochs", "2", "--patience", "1", "--no-refit"]
OLD_MODEL = b"pre-existing model bytes: must survive a failed run\n"
OLD_METRICS = b'{"pre-existing": "metrics"}\n'


# ----------------------------------------------------------------------------------- helpers


def run(args):
    return CliRunner().invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes (read with open(): a test may patch read_bytes)."""
    out = {}
    for p in folder.iterdir():
        if p.is_file():
            with open(p, "rb") as fh:
                out[p.name] = fh.read()
    return out


def assert_one_error(result, *fragments):
    """Exit 2, stderr exactly one line ``error: ...`` holding every fragment, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder holding a model file and a metrics file from an earlier run."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.lstmcast").write_bytes(OLD_MODEL)
    (tmp_path / "model.metrics.json").write_bytes(OLD_METRICS)
    return tmp_path


def train_fails(work: Path, data, *fragments, flags=()):
    """``lstmcast train`` on bad input: one error line, and the folder exactly as before."""
    before = snapshot(work)
    result = run(["train", data, *TINY, *flags])
    line = assert_one_error(result, *fragments)
    assert snapshot(work) == before  # old outputs byte-identical, nothing new created
    return line


def train_works(work: Path, data, flags=()):
    result = run(["train", data, *TINY, *flags])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (work / "model.lstmcast").read_bytes() != OLD_MODEL
    assert json.loads((work / "model.metrics.json").read_text())["test_period"]["origins"] > 0
    return result


def vix_lines(n=121) -> list[str]:
    """Header and ``n - 1`` rows of real business-day data: DATE,OPEN,HIGH,LOW,CLOSE."""
    return (DATA / "vix_head300.csv").read_text().splitlines()[:n]


def write(path: Path, lines_or_bytes) -> str:
    if isinstance(lines_or_bytes, bytes):
        path.write_bytes(lines_or_bytes)
    else:
        path.write_text("\n".join(lines_or_bytes) + "\n")
    return path.name


def daily_frame(n=120, start="2020-01-01", freq="D", seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "Date": pd.date_range(start, periods=n, freq=freq).strftime("%Y-%m-%d"),
        "Close": 100 + np.cumsum(rng.normal(size=n)),
        "Volume": rng.uniform(1.0, 2.0, n),
    })


# ----------------------------------------------------------------------------------- the file


def test_missing_file(work):
    train_fails(work, "nope.csv", "nope.csv", "not found")


def test_directory(work):
    (work / "folder.csv").mkdir()
    before = snapshot(work)
    result = run(["train", "folder.csv", *TINY])
    assert_one_error(result, "folder.csv", "directory")
    assert snapshot(work) == before


def test_path_whose_parent_is_a_file(work):
    write(work / "plain.csv", vix_lines())
    train_fails(work, "plain.csv/inner.csv", "plain.csv/inner.csv")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; see the tests below")
def test_unreadable_file(work):
    name = write(work / "secret.csv", vix_lines())
    os.chmod(name, 0)
    train_fails(work, name, name, "permission denied")


def test_unreadable_file_error_path(work, monkeypatch):
    """The permission error path, whoever runs the tests: the read itself is refused."""
    name = write(work / "secret.csv", vix_lines())
    real = Path.read_bytes

    def refuse(self):
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    train_fails(work, name, name, "permission denied")


@pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="needs root to drop "
                    "to another user")
def test_unreadable_file_for_another_user():
    """As root, run the real console script as 'nobody' on a mode-000 file."""
    script = Path(sys.executable).with_name("lstmcast")
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        data = Path(folder, "secret.csv")
        data.write_text("\n".join(vix_lines()) + "\n")
        os.chmod(data, 0)
        try:
            proc = subprocess.run([str(script), "train", "secret.csv", *TINY], cwd=folder,
                                  user=65534, group=65534, extra_groups=[], capture_output=True,
                                  text=True, timeout=120, env={**os.environ, "HOME": folder})
        except PermissionError:
            pytest.skip("the installed lstmcast is not accessible to user 'nobody'")
        if "Permission denied" in proc.stderr and "secret.csv" not in proc.stderr:
            pytest.skip(f"user 'nobody' cannot run Python here: {proc.stderr.strip()[:200]}")
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.splitlines() == [
            "error: secret.csv: permission denied; make the file readable"]
        assert sorted(os.listdir(folder)) == ["secret.csv"]


def test_empty_file(work):
    train_fails(work, write(work / "empty.csv", b""), "empty.csv", "empty")


def test_blank_lines_only(work):
    train_fails(work, write(work / "blank.csv", b"\n  \n\n"), "blank.csv", "blank")


def test_header_without_rows(work):
    train_fails(work, write(work / "header.csv", vix_lines(1)), "header.csv", "no data rows")


def test_binary_file(work):
    name = write(work / "image.csv", bytes(range(256)) * 8)
    train_fails(work, name, name, "binary")


def test_binary_without_nul_bytes(work):
    name = write(work / "latin.csv", bytes(range(0x80, 0x100)) * 8)
    train_fails(work, name, name, "not valid UTF-8")


def test_json_file(work):
    name = write(work / "prices.csv", json.dumps([{"Date": "2020-01-01", "Close": 1.0}]).encode())
    train_fails(work, name, name, "JSON")


def test_json_lines_file_is_named_as_such(work):
    rows = "".join(json.dumps({"date": f"2022-01-{d:02d}", "value": 100 + d}) + "\n"
                   for d in range(1, 29))
    name = write(work / "prices.csv", rows.encode())
    train_fails(work, name, name, "is JSON lines (a JSON object a line), not a CSV")


def test_html_page(work):
    name = write(work / "prices.csv", b"<!DOCTYPE html>\n<html><body>Not found</body></html>\n")
    train_fails(work, name, name, "looks like HTML/XML")


def test_zip_file(work):
    name = write(work / "prices.csv", b"PK\x03\x04" + b"\x00" * 60)
    train_fails(work, name, name, "zip")


def test_excel_workbook_is_named_as_such(work):
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    name = write(work / "prices.xlsx", book.getvalue())
    train_fails(work, name, name, "is an Excel workbook, not a CSV; save the sheet as CSV")


def test_windows_excel_csv_in_cp1252_is_read_and_said(work, runner):
    """Excel on Windows saves "CSV" in the ANSI code page: 'Preis €' is byte 0x80 there."""
    rows = "".join(f"2021-01-{d:02d},{100 + d}\n" for d in range(1, 29))
    name = write(work / "excel.csv", ("Datum,Preis €\n" + rows).encode("cp1252"))
    result = runner.invoke(app, ["train", str(name), "--epochs", "1", "--hidden", "4"],
                           prog_name="lstmcast")
    assert result.exit_code == 0, result.stderr
    assert "read as Windows-1252" in result.stderr and "target: 'Preis €'" in result.stderr


def test_broken_gzip(work):
    name = write(work / "prices.csv.gz", gzip.compress("\n".join(vix_lines()).encode())[:40])
    train_fails(work, name, name, "gzip")


def test_single_column(work):
    """A column of names is no series (a column of numbers is one: its rows are the steps)."""
    name = write(work / "one.csv", ["Ticker"] + [f"T{i}X" for i in range(50)])
    assert "--duplicates" not in train_fails(work, name, name, "single column")  # no log


def test_unquoted_thousands_commas_are_named_as_the_cause(work):
    name = write(work / "commas.csv", ["Date,Close"] + [f"2015-07-{d:02d},2,07{d}.42"
                                                       for d in range(1, 29)])
    train_fails(work, name, name, "a comma inside a value", "quote such values")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_delimiter_ending_every_data_line_is_read_past(work, delimiter):
    lines = [ln.replace(",", delimiter) for ln in vix_lines()]
    name = write(work / "ended.csv", [lines[0], *(ln + delimiter for ln in lines[1:])])
    result = train_works(work, name)
    assert "every data line ends with a" in result.stderr
    assert "time column: 'DATE'" in result.stderr and "target: 'CLOSE'" in result.stderr
    # ... and a footer under it (RTE's disclaimer): no line of data blamed, the footer dropped
    for rows in (lines[1:], lines[1:41]):  # (a short one: its footer among the lines that
        # tell the delimiter)
        name = write(work / "footed.csv", [lines[0], *(ln + delimiter for ln in rows),
                                           "RTE ne pourra être tenu responsable de l'usage"])
        result = train_works(work, name)
        assert "every data line ends with a" in result.stderr
        assert "dropped 1 line(s) of text under the table" in result.stderr


def test_a_delimiter_ending_every_line_and_the_header_makes_no_column(work):
    """The ECB's rates end every line with a comma, the header's too: pandas read an empty
    'Unnamed: 8', which --target all's warning named as a series without values."""
    days = pd.bdate_range("2024-01-01", periods=80)
    rows = [f"{d:%Y-%m-%d},{1.1 + i / 1000:.4f},N/A," for i, d in enumerate(days)]
    name = write(work / "eurofxref.csv", ["Date,USD,CYP,", *rows])
    result = train_works(work, name, ("--target", "all"))
    assert "'CYP'" in result.stderr and "Unnamed" not in result.stderr


def test_a_first_row_wider_than_the_header_is_refused_not_shifted(work):
    # pandas would take the dates for an index and read 'DATE' over the opening prices
    lines = vix_lines()
    name = write(work / "wider.csv", [lines[0], lines[1] + ",", *lines[2:]])
    train_fails(work, name, f"{name}: line 2 has 6 fields but the header has 5")


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_detected(work, delimiter):
    name = write(work / "prices.csv", [ln.replace(",", delimiter) for ln in vix_lines()])
    train_works(work, name)


def test_utf8_bom_is_read(work):
    name = write(work / "bom.csv", b"\xef\xbb\xbf" + "\n".join(vix_lines()).encode())
    result = train_works(work, name)
    assert "time column: 'DATE'" in result.stderr  # the BOM did not stick to the first name


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_read(work, encoding):
    name = write(work / "wide.csv", "\n".join(vix_lines()).encode(encoding))
    train_works(work, name)


def test_gzip_is_read(work):
    name = write(work / "prices.csv.gz", gzip.compress("\n".join(vix_lines()).encode()))
    result = train_works(work, name)
    assert "gzip" in result.stderr


def test_different_format_gives_the_same_model(work):
    """Semicolons + UTF-16 + gzip read into exactly the data of the plain file."""
    write(work / "plain.csv", vix_lines())
    odd = "\n".join(ln.replace(",", ";") for ln in vix_lines()).encode("utf-16")
    write(work / "odd.csv.gz", gzip.compress(odd))
    assert run(["train", "plain.csv", *TINY, "-o", "a.lstmcast", "-q"]).exit_code == 0
    assert run(["train", "odd.csv.gz", *TINY, "-o", "b.lstmcast", "-q"]).exit_code == 0
    a = run(["predict", "plain.csv", "--model", "a.lstmcast"])
    b = run(["predict", "odd.csv.gz", "--model", "b.lstmcast"])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout


# ----------------------------------------------------------------------------------- columns


def test_no_time_column(work):
    name = write(work / "notime.csv", ["a,b"] + [f"{i},{i * 2}" for i in range(60)])
    train_fails(work, name, name, "no column holds dates", "--time-col")


def test_bad_value_in_time_column(work):
    lines = vix_lines()
    lines[50] = "31/02/1990" + lines[50][10:]
    train_fails(work, write(work / "dates.csv", lines), "dates.csv", "'DATE'", "'31/02/1990'",
                "row 50", "line 51")


def test_empty_cell_in_time_column(work):
    lines = vix_lines()
    lines[30] = lines[30][10:]
    train_fails(work, write(work / "dates.csv", lines), "dates.csv", "'DATE'", "row 30")


def test_no_numeric_column(work):
    rows = [f"2020-01-{d:02d},x{d}" for d in range(1, 29)]
    name = write(work / "words.csv", ["Date,Name", *rows])
    train_fails(work, name, name, "no numeric column", "'Name'")


def test_target_all_missing(work):
    name = write(work / "hollow.csv", ["Date,Close"] + [f"2020-01-{d:02d}," for d in range(1, 29)])
    train_fails(work, name, name, "'Close'", "no values")


def test_given_target_does_not_exist(work):
    name = write(work / "prices.csv", vix_lines())
    train_fails(work, name, name, "'Price'", "'CLOSE'", flags=["--target", "Price"])


def test_text_in_numeric_column_names_the_first_bad_row(work):
    lines = vix_lines()
    for row, text in ((40, "n/a?"), (70, "oops")):
        lines[row] = lines[row].rsplit(",", 1)[0] + "," + text
    train_fails(work, write(work / "text.csv", lines), "text.csv", "'CLOSE'", "'n/a?'", "row 40",
                "line 41")


def test_text_in_feature_column(work):
    lines = vix_lines()
    cells = lines[12].split(",")
    cells[1] = "twelve"
    lines[12] = ",".join(cells)
    train_fails(work, write(work / "text.csv", lines), "text.csv", "'OPEN'", "'twelve'", "row 12",
                flags=["--features", "OPEN"])


@pytest.mark.parametrize("value", ["inf", "-Infinity", "1e999"])
def test_infinity(work, value):
    lines = vix_lines()
    lines[41] = lines[41].rsplit(",", 1)[0] + "," + value
    train_fails(work, write(work / "inf.csv", lines), "inf.csv", "'CLOSE'", "infinite", "row 41")


@pytest.mark.parametrize("column, flags", [("CLOSE", []), ("OPEN", ["--features", "OPEN"])])
def test_values_too_large_to_model(work, column, flags):
    lines = vix_lines()
    cells = lines[33].split(",")
    cells[{"OPEN": 1, "CLOSE": 4}[column]] = "1.5e300"
    lines[33] = ",".join(cells)
    train_fails(work, write(work / "huge.csv", lines), "huge.csv", f"'{column}'", "1.5e+300",
                cells[0], "too large", flags=flags)


def test_feature_column_does_not_exist(work):
    name = write(work / "prices.csv", vix_lines())
    train_fails(work, name, name, "'Volume'", "--features", flags=["--features", "Volume"])


@pytest.mark.parametrize("kept, missing", [
    ([0, 4], "no column 'OPEN' or 'HIGH', which the model (model.lstmcast) uses as its features"),
    ([0, 1, 4], "no column 'HIGH', which the model (model.lstmcast) uses as its feature;")])
def test_fresh_data_without_the_model_s_features_names_every_one_it_lacks(work, kept, missing):
    name = write(work / "prices.csv", vix_lines())
    train_works(work, name, flags=["--features", "OPEN,HIGH"])
    fresh = write(work / "fresh.csv", [",".join(line.split(",")[k] for k in kept)
                                       for line in vix_lines()])
    assert_one_error(run(["predict", fresh]), missing, "or retrain")


def test_ragged_row(work):
    lines = vix_lines()
    lines[20] += ",1,2"
    train_fails(work, write(work / "ragged.csv", lines), "ragged.csv", "line 21")


def test_irregular_timestamps(work):
    stamps = pd.to_datetime("2020-01-01") + pd.to_timedelta(
        np.cumsum(np.random.default_rng(1).integers(1, 50, 100)), unit="h")
    lines = ["Date,Close"] + [f"{t:%Y-%m-%d %H:%M:%S},{i}.5" for i, t in enumerate(stamps)]
    train_fails(work, write(work / "irregular.csv", lines), "irregular.csv", "irregular")


# ----------------------------------------------------------------------------------- rows


def duplicated(work) -> str:
    lines = vix_lines()
    cells = lines[60].split(",")
    cells[4] = "99"
    lines.insert(61, ",".join(cells))
    return write(work / "dup.csv", lines)


def test_duplicated_timestamps_error(work):
    stamp = vix_lines()[60].split(",")[0]
    train_fails(work, duplicated(work), "dup.csv", stamp, "--duplicates")


@pytest.mark.parametrize("policy", ["last", "mean"])
def test_duplicated_timestamps_with_policy(work, policy):
    result = train_works(work, duplicated(work), flags=["--duplicates", policy])
    assert "duplicated timestamp" in result.stderr


def test_exact_duplicate_rows_are_dropped(work):
    lines = vix_lines()
    lines.insert(31, lines[30])
    result = train_works(work, write(work / "twice.csv", lines))
    assert "exact duplicate" in result.stderr


@pytest.mark.parametrize("after", [True, False])
def test_an_empty_row_repeating_a_day_with_values_is_dropped_not_a_conflict(work, after):
    # Yahoo writes a day twice, once as 'null' in every column: no second value of that day
    lines = vix_lines()
    empty = lines[30].split(",")[0] + ",null,null,null,null"
    lines.insert(31 if after else 30, empty)
    if after:  # a column of text that varies, which could name series: it names none here
        lines = [ln + ("," + ("weekday" if i == 0 else f"day{i % 5}")) for i, ln in
                 enumerate(lines)]
    result = train_works(work, write(work / "nulls.csv", lines))
    assert "dropped 1 empty row(s) at times other rows give" in result.stderr
    assert "filled" not in result.stderr  # the day keeps its real values


def test_unsorted_rows_are_sorted(work):
    lines = vix_lines()
    body = lines[1:]
    np.random.default_rng(0).shuffle(body)
    write(work / "shuffled.csv", [lines[0], *body])
    write(work / "sorted.csv", lines)
    result = train_works(work, "shuffled.csv")
    assert "not in time order; sorted" in result.stderr
    a = run(["predict", "shuffled.csv"])
    b = run(["predict", "sorted.csv"])
    assert a.exit_code == b.exit_code == 0 and a.stdout == b.stdout


def test_descending_rows_are_sorted(work):
    lines = vix_lines()
    result = train_works(work, write(work / "desc.csv", [lines[0], *lines[1:][::-1]]))
    assert "descending" in result.stderr


def test_series_too_short_says_how_many_rows(work):
    line = train_fails(work, write(work / "short.csv", vix_lines(5)), "short.csv", "too short",
                       "4 rows", flags=["--horizon", "3"])
    assert "forecast at most 2 steps ahead" in line  # a lookback of 2 and a test period


def test_series_too_short_for_the_flags(work):
    line = train_fails(work, write(work / "prices.csv", vix_lines()), "prices.csv", "too short",
                       "120 rows", "lookback 90", flags=["--lookback", "90"])
    assert "needs at least 122" in line  # 90 + 1 + 7 more windows + 12 + 12


def test_nonpositive_values_with_log_diff(work):
    frame = daily_frame()
    frame.loc[70, "Close"] = -4.0
    frame.to_csv(work / "neg.csv", index=False)
    train_fails(work, "neg.csv", "neg.csv", "'Close'", "-4", "2020-03-11", "log-diff",
                flags=["--transform", "log-diff"])


def test_nonpositive_values_with_log_diff_in_the_test_period(work):
    frame = daily_frame()
    frame.loc[119, "Close"] = 0.0
    frame.to_csv(work / "zero.csv", index=False)
    train_fails(work, "zero.csv", "zero.csv", "'Close'", "2020-04-29", "log-diff",
                flags=["--transform", "log-diff"])


# ----------------------------------------------------------------------------------- flags


@pytest.mark.parametrize("flags, fragment", [
    (["--horizon", "0"], "--horizon"),
    (["--lookback", "-1"], "--lookback"),
    (["--lookback", "0"], "--lookback"),
    (["--test-size", "500"], "--test-size 500"),
    (["--test-size", "0"], "--test-size"),
    (["--val-size", "-3"], "--val-size"),
    (["--lr", "0"], "--lr"),
    (["--lr", "-1e-3"], "--lr"),
    (["--lr", "nan"], "--lr"),
    (["--dropout", "1.5"], "--dropout"),
    (["--dropout", "-0.1"], "--dropout"),
    (["--dropout", "0.3"], "--dropout 0.3 acts between stacked layers, and --layers 1 has none"),
    (["--epochs", "0"], "--epochs"),
    (["--hidden", "abc"], "--hidden"),
    (["--hidden", "0"], "--hidden"),
    (["--hidden", "100000"], "--hidden"),
    (["--layers", "0"], "--layers"),
    (["--batch-size", "0"], "--batch-size"),
    (["--patience", "0"], "--patience"),
    (["--season", "0"], "--season"),
    (["--clip", "-1"], "--clip"),
    (["--loss", "mae"], "--loss"),
    (["--transform", "sqrt"], "--transform"),
    (["--fill", "nearest"], "fill"),
    (["--duplicates", "first"], "duplicates"),
    (["--on-interrupt", "maybe"], "--on-interrupt"),
    (["--epochs", "1.5"], "--epochs"),
    (["--bogus"], "--bogus"),
])
def test_absurd_flags(work, flags, fragment):
    train_fails(work, write(work / "prices.csv", vix_lines()), fragment, flags=flags)


def test_predict_absurd_flags(work):
    assert run(["train", write(work / "prices.csv", vix_lines()), *TINY, "-q"]).exit_code == 0
    before = snapshot(work)
    for flags, fragment in ((["--horizon", "0"], "--horizon"), (["--horizon", "2"], "--horizon"),
                            (["--format", "xml"], "--format"),
                            (["--as-of", "yesterday"], "--as-of"),
                            (["--as-of", "1990-01-06"], "1990-01-06")):
        assert_one_error(run(["predict", "prices.csv", "-o", "fc.csv", *flags]), fragment)
    assert snapshot(work) == before


def test_unwritable_output(work):
    name = write(work / "prices.csv", vix_lines())
    before = snapshot(work)
    result = run(["train", name, *TINY, "-q", "--out", "no/such/dir/m.lstmcast"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.splitlines()[0]]
    assert result.stderr.startswith("error: cannot write no/such/dir/m.lstmcast")
    assert "Traceback" not in result.stderr
    assert snapshot(work) == before


@pytest.mark.parametrize("flags", [["predict", "daily.csv", "-o", ""],
                                   ["predict", "daily.csv", "--metrics-out", ""],
                                   ["train", "daily.csv", "--out", ""],
                                   ["train", "daily.csv", "--metrics-out", ""]])
def test_an_empty_output_path_is_refused_as_one(trained, flags):
    """A user round: a cron line's unset $OUT made ``predict -o ''`` write to stdout, exit 0,
    and ``--metrics-out ''`` write nothing; train said 'give a file name, not a directory'."""
    before = snapshot(trained)
    assert_one_error(run(flags), "cannot write '': the path is empty")
    assert snapshot(trained) == before


# ----------------------------------------------------------------------------------- predict time


@pytest.fixture
def trained(work):
    """A model trained on 120 daily rows with a feature (lookback 5, log-diff)."""
    daily_frame().to_csv(work / "daily.csv", index=False)
    result = run(["train", "daily.csv", *TINY, "-q", "--features", "Volume", "--lookback", "5"])
    assert result.exit_code == 0, result.stderr
    (work / "fc.csv").write_bytes(b"old forecast\n")
    return work


def predict_fails(work, data, *fragments):
    before = snapshot(work)
    assert_one_error(run(["predict", data, "--output", "fc.csv"]), *fragments)
    assert snapshot(work) == before


def predict_warns(data, *fragments):
    result = run(["predict", data])
    assert result.exit_code == 0, result.stderr
    # The one warning about the data, besides the model's standing ones (it was not shown to
    # beat naive; how it did on the rows since training).
    lines = [line for line in result.stderr.splitlines() if not line.startswith("live: ")
             and "the naive forecast (last value)" not in line]
    assert len(lines) == 1 and lines[0].startswith("warning: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    rows = list(pd.read_csv(pd.io.common.StringIO(result.stdout)).itertuples(index=False))
    assert len(rows) == 1 and np.isfinite(rows[0].forecast)
    return rows[0]


@pytest.mark.parametrize("column", ["Volume", "Close", "Date"])
def test_predict_data_lacks_a_model_column(trained, column):
    frame = daily_frame().drop(columns=column)
    if column == "Date":
        frame.insert(0, "When", ["x"] * len(frame))
    frame.to_csv(trained / "fresh.csv", index=False)
    predict_fails(trained, "fresh.csv", "fresh.csv", f"'{column}'", "model")


@pytest.mark.parametrize("column,advice", [("Volume", "train a model without that feature"),
                                            ("Close", "a model reads the column it was trained")])
def test_predict_data_with_a_model_column_empty_is_told_what_predict_can_do(trained, column,
                                                                            advice):
    """An export whose target or feature column came empty: the advice was 'pick another
    column' or 'drop it from the features', which predict cannot do (a user round)."""
    daily_frame().assign(**{column: np.nan}).to_csv(trained / "empty.csv", index=False)
    predict_fails(trained, "empty.csv", f"column '{column}' has no values", advice)


def test_predict_other_frequency(trained):
    daily_frame(freq="W-SUN").to_csv(trained / "weekly.csv", index=False)
    predict_fails(trained, "weekly.csv", "weekly.csv", "weekly", "daily")


def test_predict_too_few_rows(work):
    """A model whose networks forecast (no validation to judge them by) reads its lookback:
    4 rows of 5 are refused, the output left as it was (a base alone reads fewer: test_cli)."""
    daily_frame().to_csv(work / "daily.csv", index=False)
    result = run(["train", "daily.csv", *TINY, "-q", "--features", "Volume", "--lookback", "5",
                  "--val-size", "0"])
    assert result.exit_code == 0, result.stderr
    (work / "fc.csv").write_bytes(b"old forecast\n")
    daily_frame().iloc[-4:].to_csv(work / "few.csv", index=False)
    predict_fails(work, "few.csv", "few.csv", "4 rows", "needs 5")


def test_predict_bad_data_file(trained):
    predict_fails(trained, write(trained / "empty.csv", b""), "empty.csv", "empty")
    predict_fails(trained, "missing.csv", "missing.csv", "not found")


def test_predict_data_ends_before_the_model(trained):
    row = predict_warns_frame(trained, daily_frame().iloc[:60], "early.csv", "before")
    assert row.Date == "2020-03-01"


def test_predict_data_far_after_the_model(trained):
    frame = daily_frame(start="2021-01-01")
    row = predict_warns_frame(trained, frame, "late.csv", "periods past", "retrain")
    assert row.Date == "2021-05-01"


def predict_warns_frame(work, frame, name, *fragments):
    frame.to_csv(work / name, index=False)
    return predict_warns(name, *fragments)
