"""The command line as a user and a cron job see it: exit codes, stdout that is only data (CSV
or JSON, parsed here), one exact ``error:`` line on stderr, help with an example, and the
installed console script itself."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app

DATA = Path(__file__).resolve().parent / "data"
BTC = str(DATA / "btc_head200.csv")  # daily, 2013-10-01 .. 2014-04-18
SAMPLE_BTC = Path(__file__).resolve().parents[1] / "sample_data" / "btc_usd_daily.csv"


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args], prog_name="lstmcast")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def btc_model(runner, fast, in_tmp):
    """model.lstmcast (horizon 2) trained on btc_head200 in the current (temporary) folder."""
    result = invoke(runner, "train", BTC, *fast, "--horizon", "2", "--no-refit", "--quiet")
    assert result.exit_code == 0, result.stderr
    return in_tmp / "model.lstmcast"


# ------------------------------------------------------------------------------ train


def test_train_writes_model_and_metrics_and_nothing_on_stdout(runner, fast, in_tmp):
    result = invoke(runner, "train", BTC, *fast, "--no-refit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in in_tmp.iterdir()) == ["model.lstmcast", "model.metrics.json"]
    lines = result.stderr.splitlines()
    # What the loader picked, said on stderr (the wording of the reasons may change).
    assert any(line.startswith("time column: 'Date' (") for line in lines)
    assert any(line.startswith("target: 'Closing Price (USD)' (") for line in lines)
    assert lines[-2:] == ["model: model.lstmcast", "metrics: model.metrics.json"]
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert {"methods", "skill", "beats_naive", "points", "test_period"} <= set(metrics)


def test_train_quiet_prints_nothing_but_warnings(runner, fast, in_tmp):
    result = invoke(runner, "train", BTC, *fast, "--no-refit", "--quiet", "--out", "q.lstmcast",
                    "--metrics-out", "scores.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())
    assert sorted(p.name for p in in_tmp.iterdir()) == ["q.lstmcast", "scores.json"]


def test_metrics_to_stdout_with_a_dash(runner, fast, in_tmp, btc_model):
    """'--metrics-out -' sends the JSON to stdout (train has nothing else there); beside rows
    that go to stdout too it is refused before any work."""
    result = invoke(runner, "train", BTC, *fast, "--no-refit", "--quiet", "--out", "d.lstmcast",
                    "--metrics-out", "-")
    assert result.exit_code == 0, result.stderr
    assert {"methods", "skill", "points"} <= set(json.loads(result.stdout))
    assert not (in_tmp / "-").exists()
    for command, args in (("backtest", [BTC, *fast, "--folds", "2"]), ("predict", [])):
        result = invoke(runner, command, *args, "--metrics-out", "-")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1].startswith("error: --metrics-out - and the rows")
    for paths in (["--metrics-out", "/dev/stdout"], ["--metrics-out", "-", "-o", "/dev/fd/1"]):
        result = invoke(runner, "predict", *paths)  # was: the JSON, then the CSV, on stdout
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1].startswith(f"error: --metrics-out {paths[1]} and")


def test_train_missing_file(runner, fast, in_tmp):
    result = invoke(runner, "train", "nope.csv", *fast)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: nope.csv: file not found; check the path\n"
    assert list(in_tmp.iterdir()) == []


def test_train_horizon_zero(runner, in_tmp):
    result = invoke(runner, "train", BTC, "--horizon", "0")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --horizon must be a whole number >= 1, got 0\n"
    assert list(in_tmp.iterdir()) == []


def test_train_unknown_option(runner, in_tmp):
    result = invoke(runner, "train", BTC, "--bogus")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: No such option: --bogus (Possible options: --loss, --out) "
                             "(see 'lstmcast train --help')\n")


def test_train_too_short_says_how_many_rows_and_leaves_no_file(runner, fast, in_tmp,
                                                               tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "vix_head3.csv"
    path.write_text("\n".join((DATA / "vix_head300.csv").read_text().splitlines()[:4]) + "\n")
    result = invoke(runner, "train", path, "--horizon", "2", *fast)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"error: {path}: series too short for --horizon 2: 3 rows are forecast at most 1 "
        "steps ahead (one horizon of rows is held out to test the forecast, after 2 rows at "
        "least); give a shorter --horizon, or more rows")
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("error:")] == \
        result.stderr.splitlines()[-1:]
    assert list(in_tmp.iterdir()) == []


def test_predict_without_data_names_a_training_csv_that_is_gone(runner, fast, in_tmp):
    data = in_tmp / "prices.csv"
    data.write_text(Path(BTC).read_text())
    trained = invoke(runner, "train", data, *fast, "--quiet")
    assert trained.exit_code == 0, trained.stderr
    data.unlink()
    again = invoke(runner, "predict")
    assert again.exit_code == 2
    assert again.stderr.splitlines()[-1] == (
        f"error: model.lstmcast: the training CSV it records, {data}, is gone; pass the data: "
        "lstmcast predict DATA")
    plotted = invoke(runner, "plot", "-o", "p.png")  # each command advises itself
    assert plotted.exit_code == 2 and plotted.stderr.splitlines()[-1].endswith(
        "pass the data: lstmcast plot DATA")


def test_a_model_trained_on_standard_input_forecasts_data_piped_or_named(runner, fast, in_tmp):
    text = Path(BTC).read_text()
    trained = runner.invoke(app, ["train", "-", *fast, "--quiet"], input=text,
                            prog_name="lstmcast")
    assert trained.exit_code == 0, trained.stderr
    again = invoke(runner, "predict")  # the training data is gone with the pipe
    assert again.exit_code == 2
    assert "trained on standard input" in again.stderr.splitlines()[-1]
    piped = runner.invoke(app, ["predict", "-"], input=text, prog_name="lstmcast")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == invoke(runner, "predict", BTC).stdout


def test_train_out_in_a_missing_folder_leaves_nothing_behind(runner, fast, in_tmp):
    result = invoke(runner, "train", BTC, *fast, "--no-refit", "--quiet", "--out",
                    "nodir/m.lstmcast")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write nodir/m.lstmcast: directory nodir does not exist; create it first "
        "(mkdir -p nodir) or choose another output path")
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["train", "data.csv", "--out", "data.csv"],
    ["train", "data.csv", "--metrics-out", "./data.csv"],
    ["predict", "data.csv", "--model", "model.lstmcast", "-o", "data.csv"],
    ["predict", "data.csv", "--model", "model.lstmcast", "-o", "model.lstmcast"],
    ["predict", "data.csv", "--model", "model.lstmcast", "--metrics-out", "data.csv"],
    ["backtest", "data.csv", "--folds", "2", "-o", "data.csv"],
])
def test_an_output_is_never_a_file_the_command_reads(runner, fast, btc_model, args):
    shutil.copy(BTC, "data.csv")
    before = Path("data.csv").read_bytes(), btc_model.read_bytes()
    result = invoke(runner, *args, *(fast if args[0] != "predict" else ()))
    assert result.exit_code == 2, result.stderr
    target = args[args.index(next(a for a in args if a in ("--out", "-o", "--metrics-out"))) + 1]
    assert result.stderr.splitlines()[-1].startswith(f"error: cannot write {target}: it is ")
    assert (Path("data.csv").read_bytes(), btc_model.read_bytes()) == before


@pytest.mark.parametrize("args", [
    ["predict", "data.csv", "--model", "model.lstmcast", "-o", "old.lstmcast"],  # -o for -m
    ["backtest", "data.csv", "--folds", "2", "-o", "old.lstmcast"],
    ["backtest", "data.csv", "--folds", "2", "--metrics-out", "old.lstmcast"],
    ["train", "data.csv", "--out", "notes.csv"],
    ["predict", "data.csv", "--model", "model.lstmcast", "-o", "notes.csv"],
    ["predict", "data.csv", "--model", "model.lstmcast", "--metrics-out", "notes.csv"],
    ["backtest", "data.csv", "--folds", "2", "-o", "notes.csv"],
    ["train", "data.csv", "--out", "m.lstmcast", "--metrics-out", "notes.csv"],
])
def test_an_output_never_replaces_a_file_of_another_kind(runner, fast, btc_model, args):
    """`predict data.csv -o old.lstmcast`, typed for -m, left CSV text where the model was (and
    a backtest's CSV or JSON); `train --out notes.csv` a zip where the notes were; `predict -o
    prices.csv` two forecast lines where 800 rows of data were (a user round)."""
    shutil.copy(BTC, "data.csv")
    shutil.copy(btc_model, "old.lstmcast")
    Path("notes.csv").write_text("day,note\n2024-01-02,bought\n")
    before = {name: Path(name).read_bytes() for name in ("old.lstmcast", "notes.csv")}
    result = invoke(runner, *args, *(fast if args[0] != "predict" else ()))
    assert result.exit_code == 2, result.stderr
    target = args[max(i for i, a in enumerate(args) if a in ("--out", "-o", "--metrics-out"))
                  + 1]
    assert result.stderr.splitlines()[-1].startswith((f"error: cannot write {target}: it is ",
                                                       f"error: cannot write {target}: it holds"))
    assert {name: Path(name).read_bytes() for name in before} == before
    os.symlink("notes.csv", "link.lstmcast")  # named as a model, a link to the notes
    linked = invoke(runner, "train", "data.csv", *fast, "-q", "--out", "link.lstmcast")
    assert linked.exit_code == 2 and Path("notes.csv").read_bytes() == before["notes.csv"]
    os.remove("link.lstmcast")
    # a model onto a model (retraining), and rows onto earlier forecast rows, as before
    assert invoke(runner, "train", "data.csv", *fast, "-q", "--out", "old.lstmcast").exit_code == 0
    for _ in range(2):
        assert invoke(runner, "predict", "data.csv", "-o", "fc.csv").exit_code == 0
    assert Path("fc.csv").read_text().startswith("Date,forecast")


@pytest.mark.parametrize(("args", "said"), [
    (["train", BTC, "--out", "m.lstmcast", "--metrics-out", "m.lstmcast"],
     "error: --out and --metrics-out both name m.lstmcast; give each its own path"),
    (["backtest", BTC, "--folds", "2", "-o", "bt.png", "--plot", "bt.png"],
     "error: --output and --plot both name bt.png; give each its own path"),
    (["train", BTC, "--out", "-"], "error: a model file is a zip archive, not text for "
     "standard output; give --out a file name"),
])
def test_outputs_that_would_overwrite_each_other_are_refused_before_any_work(
        runner, fast, in_tmp, args, said):
    """Before, the model was replaced by its metrics JSON, the plot by the forecasts' CSV, and
    '--out -' wrote files named '-' and '-.metrics.json'."""
    result = invoke(runner, *args, *fast)
    assert result.exit_code == 2 and result.stderr.splitlines()[-1] == said
    assert list(in_tmp.iterdir()) == []

def test_predict_refuses_a_bad_output_before_writing_any(runner, btc_model):
    shutil.copy(BTC, "data.csv")
    result = invoke(runner, "predict", "data.csv", "--metrics-out", "live.json", "-o", "data.csv")
    assert result.exit_code == 2 and "cannot write data.csv: it is " in result.stderr
    assert not Path("live.json").exists()


@pytest.mark.parametrize("command, flags", [
    ("train", ["--metrics-out", "nodir/m.json"]),  # the model file was written, then refused
    ("backtest", ["--plot", "nodir/b.png", "--folds", "2"]),
])
def test_an_output_in_a_missing_folder_is_refused_before_any_work(runner, fast, in_tmp,
                                                                   command, flags):
    result = invoke(runner, command, BTC, *fast, "--quiet", *flags)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("error: cannot write nodir/")
    assert list(in_tmp.iterdir()) == []


def test_traceback_flag_shows_the_traceback_and_keeps_the_exit_code(runner, in_tmp):
    result = invoke(runner, "train", "nope.csv", "--traceback")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "InputError: nope.csv: file not found" in result.stderr
    assert result.stderr.splitlines()[-1] == "error: nope.csv: file not found; check the path"


# ---------------------------------------------------------------------------- predict


def test_predict_stdout_is_only_the_csv(runner, btc_model):
    result = invoke(runner, "predict")
    assert result.exit_code == 0, result.stderr
    # At most the reminder that the model was not shown to beat naive (this tiny one was not),
    # or that it forecasts the last value as naive does.
    assert all(line.startswith(("warning: the model does not beat the naive forecast",
                                "warning: the test period is too short to tell",
                                "warning: the model forecasts the last value, as the naive"))
               for line in result.stderr.splitlines())
    rows = csv_rows(result.stdout)
    assert rows[0] == ["Date", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [r[0] for r in rows[1:]] == ["2014-04-19", "2014-04-20"]
    assert all(len(r) == 6 and math.isfinite(float(r[1])) for r in rows[1:])
    assert result.stdout.count("\n") == 3 and result.stdout.endswith("\n")


def test_predict_fresh_data_warns_on_stderr_only(runner, btc_model, in_tmp):
    # Fresh data that stops earlier than the training data: a warning, but stdout stays CSV.
    lines = Path(BTC).read_bytes().split(b"\r\n")
    (in_tmp / "fresh.csv").write_bytes(b"\r\n".join(lines[:151]))  # last row 2014-02-27
    result = invoke(runner, "predict", "fresh.csv", "--horizon", "1")
    assert result.exit_code == 0, result.stderr
    assert csv_rows(result.stdout)[0] == ["Date", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [r[0] for r in csv_rows(result.stdout)[1:]] == ["2014-02-28"]
    assert result.stderr.startswith("warning: the data ends at 2014-02-27")
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())
    quiet = invoke(runner, "predict", "fresh.csv", "--horizon", "1", "-q")  # cron: errors only
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == result.stdout


def test_predict_reads_fresh_data_whose_dates_are_written_otherwise(runner, btc_model, in_tmp):
    frame = pd.read_csv(BTC)
    same = invoke(runner, "predict", BTC).stdout
    frame["Date"] = pd.to_datetime(frame["Date"]).dt.strftime("%d/%m/%Y")
    frame.to_csv(in_tmp / "export.csv", index=False)
    result = invoke(runner, "predict", "export.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == same
    assert "warning: export.csv: its dates are written as %d/%m/%Y, not as the training data's " \
           "%Y-%m-%d: read so" in result.stderr
    # forecasts are written ISO, as training's (a day-first model's too): not said otherwise
    assert "forecasts written as the training data's" not in result.stderr
    # --as-of as the file writes its times (it was refused as 'day-month or month-day')
    dated = invoke(runner, "predict", "export.csv", "--as-of", "03/02/2014", "--horizon", "1")
    assert dated.exit_code == 0, dated.stderr
    assert [r[0] for r in csv_rows(dated.stdout)[1:]] == ["2014-02-04"]


def test_as_of_in_a_re_dated_export_reads_as_the_file_writes_it_or_is_refused(runner, in_tmp):
    """A model of month-first dates, a fresh export day-first: '03/02/2014' (as that file
    writes it) forecast from 2 March, a month after the day the user named, without a word
    (a user round). Now a date the two notations read alike is the file's; one they read as
    different rows is refused, naming both."""
    frame = pd.read_csv(BTC).head(150)
    times = pd.to_datetime(frame["Date"])
    frame.assign(Date=times.dt.strftime("%m/%d/%Y")).to_csv("mdy.csv", index=False)
    trained = invoke(runner, "train", "mdy.csv", "--epochs", "1", "--hidden", "4",
                     "--horizon", "1")
    assert trained.exit_code == 0, trained.stderr
    frame.assign(Date=times.dt.strftime("%d/%m/%Y")).to_csv("dmy.csv", index=False)
    both = invoke(runner, "predict", "dmy.csv", "--as-of", "03/02/2014")
    assert both.exit_code == 2 and both.stdout == ""
    assert "--as-of 03/02/2014 is 2014-02-03 as dmy.csv writes its times (%d/%m/%Y) but " \
           "2014-03-02 as the model's training data did (%m/%d/%Y)" in both.stderr
    for as_of in ("13/02/2014", "2014-02-13"):  # read alike: the 13th of February
        one = invoke(runner, "predict", "dmy.csv", "--as-of", as_of, "--level", "0")
        assert one.exit_code == 0, one.stderr
        assert csv_rows(one.stdout)[1][0] == "2014-02-14"


def test_months_resaved_by_excel_are_forecast_as_training_wrote_them(runner, in_tmp):
    """A monthly model of '1982-06': the day its file came re-saved by Excel ('6/1/1982'),
    the forecast's months were '1982-07-01', another key for a job that joins on them."""
    months = pd.date_range("2010-01-01", periods=80, freq="MS")
    level = np.round(100 + 10 * np.sin(np.arange(80) * np.pi / 6) + np.arange(80) / 4, 1)
    pd.DataFrame({"Month": months.strftime("%Y-%m"), "sales": level}).to_csv(
        "monthly.csv", index=False)
    trained = invoke(runner, "train", "monthly.csv", "--epochs", "1", "--hidden", "4")
    assert trained.exit_code == 0, trained.stderr
    pd.DataFrame({"Month": [f"{t.month}/1/{t.year}" for t in months], "sales": level}).to_csv(
        "resaved.csv", index=False)
    result = invoke(runner, "predict", "resaved.csv")
    assert result.exit_code == 0, result.stderr
    assert csv_rows(result.stdout)[1][0] == "2016-09"  # as training's, not '2016-09-01'
    assert "forecasts written as the training data's" in result.stderr
    # re-exported as ISO dates ('2010-01-01'), or a row appended so: read without an error,
    # they were written '2016-09-01' in silence (a user round)
    iso = months.strftime("%Y-%m-%d")
    for name, stamps in (("iso.csv", iso), ("appended.csv", [*months[:-1].strftime("%Y-%m"),
                                                              iso[-1]])):
        pd.DataFrame({"Month": stamps, "sales": level}).to_csv(name, index=False)
        result = invoke(runner, "predict", name)
        assert result.exit_code == 0, result.stderr
        assert csv_rows(result.stdout)[1][0] == "2016-09"
        assert "forecasts written as the training data's" in result.stderr


def test_periods_stamped_at_their_ends_are_read_as_a_model_s_at_their_starts(runner, in_tmp):
    """An export of the model's months stamped at their ends ('2016-08-31' after '2016-08'),
    or its quarters ('2016-09-30' after '2016Q3'), was refused as another frequency: 'use
    data at the model's frequency' (a user round). Read as the model's periods, said; the
    forecast is the one of the rows as trained. Months of ends and epoch milliseconds too."""
    months = pd.date_range("2010-01-01", periods=80, freq="MS")
    level = np.round(100 + 10 * np.sin(np.arange(80) * np.pi / 6) + np.arange(80) / 4, 1)
    for name, stamps, ends in (("m", months, months + pd.offsets.MonthEnd(0)),
                               ("q", months[::3], months[::3] + pd.offsets.QuarterEnd(0))):
        pd.DataFrame({"time": stamps.strftime("%Y-%m-%d"), "y": level[: len(stamps)]}).to_csv(
            f"{name}.csv", index=False)
        trained = invoke(runner, "train", f"{name}.csv", "--epochs", "1", "--hidden", "4",
                         "--horizon", "2", "--out", f"{name}.lstmcast")
        assert trained.exit_code == 0, trained.stderr
        same = invoke(runner, "predict", f"{name}.csv", "--model", f"{name}.lstmcast")
        pd.DataFrame({"time": ends.strftime("%Y-%m-%d"), "y": level[: len(stamps)]}).to_csv(
            f"{name}_ends.csv", index=False)
        read = invoke(runner, "predict", f"{name}_ends.csv", "--model", f"{name}.lstmcast")
        assert read.exit_code == 0, read.stderr
        assert read.stdout == same.stdout
        assert "end) read as " in read.stderr and "start): the same periods" in read.stderr
        # a period the export lacks is a gap, filled and said, as in the model's own stamps
        # (the rows after it were read a period early, a review)
        frame = pd.read_csv(f"{name}_ends.csv")
        frame.drop(index=5).to_csv(f"{name}_gap_ends.csv", index=False)
        pd.read_csv(f"{name}.csv").drop(index=5).to_csv(f"{name}_gap.csv", index=False)
        gap = invoke(runner, "predict", f"{name}_gap_ends.csv", "--model", f"{name}.lstmcast")
        assert gap.exit_code == 0, gap.stderr
        assert "filled 1 missing value(s)" in gap.stderr
        assert gap.stdout == invoke(runner, "predict", f"{name}_gap.csv", "--model",
                                    f"{name}.lstmcast").stdout
    seconds = pd.date_range("2020-01-01", periods=120, freq="D")
    pd.DataFrame({"timestamp": (seconds - pd.Timestamp(0)) // pd.Timedelta(seconds=1),
                  "y": level[:80].tolist() + level[:40].tolist()}).to_csv("s.csv", index=False)
    assert invoke(runner, "train", "s.csv", "--epochs", "1", "--hidden", "4", "--out",
                  "s.lstmcast").exit_code == 0
    pd.read_csv("s.csv").assign(timestamp=lambda f: f["timestamp"] * 1000).to_csv(
        "ms.csv", index=False)
    ms = invoke(runner, "predict", "ms.csv", "--model", "s.lstmcast")
    assert ms.exit_code == 0, ms.stderr
    assert ms.stdout == invoke(runner, "predict", "s.csv", "--model", "s.lstmcast").stdout
    assert "its dates are written as unix_ms, not as the training data's unix" in ms.stderr


def test_months_re_saved_with_day_and_month_swapped_are_read_as_training_would(runner, in_tmp):
    """A model of '01/07/1991' (1 July, day first); its export re-saved by a US Excel as
    '07/01/1991': every cell reads in the model's order (7 January, 8 January, ...), so it was
    refused as 'too irregular ... resample'. Read month first, as training would, and said."""
    months = pd.date_range("2010-01-01", periods=80, freq="MS")
    level = np.round(100 + 10 * np.sin(np.arange(80) * np.pi / 6) + np.arange(80) / 4, 1)
    pd.DataFrame({"Month": months.strftime("%d/%m/%Y"), "y": level}).to_csv("dmy.csv",
                                                                              index=False)
    trained = invoke(runner, "train", "dmy.csv", "--epochs", "1", "--hidden", "4")
    assert trained.exit_code == 0, trained.stderr
    same = invoke(runner, "predict", "dmy.csv")
    pd.DataFrame({"Month": months.strftime("%m/%d/%Y"), "y": level}).to_csv("mdy.csv",
                                                                              index=False)
    read = invoke(runner, "predict", "mdy.csv")
    assert read.exit_code == 0, read.stderr
    assert read.stdout == same.stdout
    assert "its dates are written as %m/%d/%Y, not as the training data's %d/%m/%Y" in \
        read.stderr


def test_predict_json(runner, btc_model):
    result = invoke(runner, "predict", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"target", "time_col", "as_of", "forecasts"}
    assert (doc["target"], doc["time_col"], doc["as_of"]) == ("Closing Price (USD)", "Date",
                                                              "2014-04-18")
    assert [f["Date"] for f in doc["forecasts"]] == ["2014-04-19", "2014-04-20"]
    assert all(set(f) == {"Date", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"}
               and isinstance(f["forecast"], float)
               for f in doc["forecasts"])
    csv_rows = invoke(runner, "predict", "--no-header").stdout.splitlines()
    assert len(csv_rows) == 2 and csv_rows[0].startswith("2014-04-19,")  # rows to append
    for asked in (["--format", "json"], ["--output", "fc.json"]):  # JSON has no header to drop
        refused = invoke(runner, "predict", *asked, "--no-header")
        assert refused.exit_code == 2 and refused.stdout == ""
        assert refused.stderr.startswith("error: --no-header is for CSV rows")


def test_predict_no_header_output_appends_to_the_history(runner, btc_model, in_tmp):
    """'--no-header -o history.csv' adds this run's rows after the file's (a user round: it
    replaced the history, exit 0); other columns (another --level) are refused, file kept."""
    first = invoke(runner, "predict", "--output", "history.csv")
    assert first.exit_code == 0, first.stderr
    kept = (in_tmp / "history.csv").read_text()
    again = invoke(runner, "predict", "--no-header", "--output", "history.csv")
    assert again.exit_code == 0, again.stderr
    assert (in_tmp / "history.csv").read_text() == kept + kept.split("\n", 1)[1]
    for levels in (["--level", "80"], ["--level", "50", "--level", "99"]):  # other columns
        other = invoke(runner, "predict", "--no-header", "--output", "history.csv", *levels)
        assert other.exit_code == 2 and "cannot append to history.csv" in other.stderr
        assert (in_tmp / "history.csv").read_text() == kept + kept.split("\n", 1)[1]


def test_predict_output_file_and_empty_stdout(runner, btc_model, in_tmp):
    on_stdout = invoke(runner, "predict").stdout
    result = invoke(runner, "predict", "--output", "fc.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (in_tmp / "fc.csv").read_text() == on_stdout
    result = invoke(runner, "predict", "--format", "json", "--output", "fc.json")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads((in_tmp / "fc.json").read_text())["forecasts"]) == 2
    assert sorted(p.name for p in in_tmp.iterdir()) == [
        "fc.csv", "fc.json", "model.lstmcast", "model.metrics.json"]
    # the file written is --out in train and plot, --output in predict and backtest: each
    # takes the other's name too
    result = invoke(runner, "predict", "--out", "fc2.csv")
    assert result.exit_code == 0 and (in_tmp / "fc2.csv").read_text() == on_stdout


def test_predict_horizon_zero(runner, btc_model):
    result = invoke(runner, "predict", "--horizon", "0")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: --horizon must be between 1 and 2 (the model forecasts 2 "
                             "steps at once), got 0\n")


def test_predict_missing_model(runner, in_tmp):
    result = invoke(runner, "predict", BTC, "--model", "missing.lstmcast")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: missing.lstmcast: no such model file; check the path or "
                             "train a new one with 'lstmcast train DATA'\n")


def test_predict_with_a_csv_as_the_model(runner, in_tmp):
    result = invoke(runner, "predict", "--model", BTC)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {BTC}: not an lstmcast model file (not a zip archive; was a CSV or pickle "
        "passed?); pass the model written by 'lstmcast train', or train a new one with "
        "'lstmcast train DATA'\n")


def test_predict_unknown_format(runner, btc_model):
    result = invoke(runner, "predict", "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --format must be csv or json, got 'xml'\n"


def test_predict_unknown_option(runner, in_tmp):
    result = invoke(runner, "predict", "--xyzzy")  # (no option's name is close: none offered)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: No such option: --xyzzy (see 'lstmcast predict --help')\n"


# ------------------------------------------------------------------------------- info


def test_info_json(runner, btc_model):
    result = invoke(runner, "info", "--json")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads(result.stdout)
    assert {"data", "settings", "metrics"} <= set(manifest)
    assert (manifest["data"]["target"], manifest["data"]["freq"]) == ("Closing Price (USD)", "D")
    assert (manifest["settings"]["model"]["hidden"], manifest["settings"]["model"]["horizon"]) \
        == (8, 2)
    assert manifest["metrics"]["test_period"]["horizon"] == 2


def test_info_text(runner, btc_model):
    result = invoke(runner, "info")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("model: model.lstmcast (lstmcast ")
    assert "columns: time 'Date', target 'Closing Price (USD)', features []" in lines
    assert any(line.startswith("training: ") and "[" not in line for line in lines)
    assert any(line.startswith("data: ") and " rows, daily, " in line for line in lines)


def test_info_shows_the_format_version(runner, btc_model):
    result = invoke(runner, "info")
    from lstmcast.persist import FORMAT_VERSION

    assert result.stdout.splitlines()[0].endswith(f", format {FORMAT_VERSION})")


def test_info_missing_model(runner, in_tmp):
    result = invoke(runner, "info", "missing.lstmcast")
    assert result.exit_code == 2
    assert result.stderr == ("error: missing.lstmcast: no such model file; check the path or "
                             "train a new one with 'lstmcast train DATA'\n")


# ------------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", ["train", "predict", "backtest", "plot", "info"])
def test_every_command_has_help_with_an_example(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: lstmcast {command} [OPTIONS]")
    examples = [ln.strip() for ln in result.stdout.splitlines()
                if ln.strip().startswith("Example:")]
    assert len(examples) == 1
    assert examples[0].startswith(f"Example: lstmcast {command}")
    # a user round: plot's '--max-series <int range>', its bands 'giving lo_80,...' columns
    # it never writes, backtest's --id told of predict's
    text = " ".join(result.stdout.split())
    assert "range>" not in text and "unless its --id" not in text
    assert ("giving lo_80" in text) == (command in ("predict", "backtest"))


def test_top_level_help_lists_the_commands(runner):
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: lstmcast [OPTIONS] COMMAND [ARGS]...")
    commands = result.stdout.split("\nCommands:\n")[1].splitlines()
    assert [ln.split()[0] for ln in commands[:5]] == ["train", "predict", "backtest", "plot",
                                                      "info"]


def test_no_arguments_shows_the_help(runner):
    result = invoke(runner)
    assert result.exit_code in (0, 2)
    lines = result.output.splitlines()
    assert "Usage: lstmcast [OPTIONS] COMMAND [ARGS]..." in lines
    assert "Commands:" in lines


# ----------------------------------------------------------------- the installed script


def installed_script() -> str:
    beside = Path(sys.executable).parent / "lstmcast"
    found = str(beside) if beside.is_file() else shutil.which("lstmcast")
    if found is None:
        pytest.fail("the lstmcast console script is not installed (pip install -e .)")
    return found


def test_installed_console_script_trains_and_predicts(tmp_path):
    script = installed_script()
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("LSTMCAST_TRACEBACK", None)
    train = subprocess.run(
        [script, "train", str(SAMPLE_BTC), "--hidden", "8", "--epochs", "3", "--patience", "2",
         "--no-refit", "--quiet"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert train.returncode == 0, train.stderr
    assert train.stdout == ""
    predict = subprocess.run([script, "predict"], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=300)
    assert predict.returncode == 0, predict.stderr
    header, row = predict.stdout.split("\n")[:2]
    assert predict.stdout == f"{header}\n{row}\n"
    assert header == "Date,forecast,lo_80,hi_80,lo_95,hi_95"
    date, value, *bounds = row.split(",")
    assert date == "2021-05-19" and math.isfinite(float(value))
    missing = subprocess.run([script, "predict", "--model", "nope.lstmcast"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr == ("error: nope.lstmcast: no such model file; check the path or "
                              "train a new one with 'lstmcast train DATA'\n")


def test_predict_loads_nothing_of_training_plots_tables_or_pydantic(btc_model):
    """A forecast (from cron, say) starts in a fraction of a second only if it leaves out what
    it does not use: SciPy and Numba (training), Dask, matplotlib, rich's tables, and pydantic
    (through which typer 0.29 and later coerce every option)."""
    heavy = ("pydantic", "scipy", "numba", "dask", "distributed", "matplotlib", "rich.table")
    code = ("import atexit, sys\n"
            "from lstmcast.cli import main\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules if m in "
            f"{heavy!r}), file=sys.stderr))\n"
            f"sys.argv = ['lstmcast', 'predict', '--model', {str(btc_model)!r}]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Date,forecast")
    assert done.stderr.splitlines()[-1] == "[]"


# ----------------------------------------------------------------- advice per command


def test_error_advice_names_only_flags_the_command_accepts(runner, btc_model, in_tmp):
    rows = Path(BTC).read_text().replace("\r\n", "\n").splitlines()
    dup = in_tmp / "dup.csv"  # the last day twice, with another close
    last = rows[-1].split(",")
    dup.write_text("\n".join([*rows, ",".join([*last[:2], "1.5", *last[3:]])]) + "\n")
    trained = invoke(runner, "train", dup, "-q")
    assert trained.exit_code == 2
    assert "--duplicates last, mean or sum" in trained.stderr
    predicted = invoke(runner, "predict", dup)
    assert predicted.exit_code == 2 and predicted.stdout == ""
    assert predicted.stderr.startswith("error: ") and predicted.stderr.count("\n") == 1
    told = predicted.stderr.split(dup.name)[1]
    assert "more than once" in told and "retrain the model with duplicates 'last'" in told
    assert "--" not in told


def test_messages_fall_silent_once_their_reader_has_gone():
    """``train 2>&1 | head``: after head exits, stderr raises BrokenPipeError at every write;
    the command's messages stop there and its work goes on."""
    from lstmcast.cli_base import _MessagesTillClosed

    class Closing(io.StringIO):
        def write(self, text):
            if self.tell() >= 6:
                raise BrokenPipeError(32, "Broken pipe")
            return super().write(text)

    inner = Closing()
    stderr = _MessagesTillClosed(inner)
    for line in ("first\n", "second\n", "third\n"):
        assert stderr.write(line) == len(line)
    stderr.flush()
    assert inner.getvalue() == "first\n" and stderr.isatty() is False


def test_predict_puts_fresh_rows_on_the_steps_training_did(runner, in_tmp, fast):
    """--every is the model's: a till's timed sales are daily totals in predict too."""
    rng = np.random.default_rng(5)
    days = pd.date_range("2022-01-01", periods=200, freq="D")
    stamps = days.repeat(3) + pd.to_timedelta(rng.integers(8 * 60, 20 * 60, 600), unit="min")
    pd.DataFrame({"time": stamps.sort_values(), "amount": rng.gamma(2, 10, 600).round(2)}).to_csv(
        "till.csv", index=False)
    trained = runner.invoke(app, ["train", "till.csv", "--every", "D", "--duplicates", "sum",
                                  "--fill", "zero", "--horizon", "2", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "frequency: daily" in trained.stderr
    result = runner.invoke(app, ["predict", "till.csv"])
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == ["2022-07-20",
                                                                              "2022-07-21"]


def test_a_model_file_given_as_the_data_is_named_so(runner, in_tmp, fast):
    for command in ("predict", "plot"):  # plot named the default model.lstmcast, not found
        result = invoke(runner, command, "btc.lstmcast")
        assert result.exit_code == 2
        assert "btc.lstmcast is a model file, not data; pass it as --model btc.lstmcast" in \
            result.stderr
    assert invoke(runner, "train", BTC, *fast, "-q", "-o", "m.lstmcast").exit_code == 0
    for command in ("train", "backtest"):  # were 'a zip archive; unzip it' (no CSV inside)
        result = invoke(runner, command, "m.lstmcast")
        assert result.exit_code == 2 and result.stderr == (
            "error: m.lstmcast: is an lstmcast model file, not data; give the CSV (a model goes "
            "to --model)\n")


def test_an_output_named_json_is_json_unless_a_format_is_given(runner, in_tmp):
    assert invoke(runner, "train", BTC, "--epochs", "1", "--ensemble", "1").exit_code == 0
    assert invoke(runner, "predict", "-o", "fc.json").exit_code == 0
    assert json.loads(Path("fc.json").read_text())["forecasts"]
    assert invoke(runner, "predict", "-o", "fc.json", "--format", "csv").exit_code == 0
    assert Path("fc.json").read_text().startswith("Date,forecast")


def test_backtest_says_the_files_warnings_once(runner, fast, in_tmp):
    """The file's own warnings (values filled) are said once, not again after the folds, each
    of which trained on the file's rows and said them too."""
    days = pd.date_range("2020-01-01", periods=200, freq="D")
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"),
                          "v": (10 + np.sin(np.arange(200) / 3)).round(3)})
    frame.drop(index=[50, 51]).to_csv(in_tmp / "gap.csv", index=False)
    result = invoke(runner, "backtest", in_tmp / "gap.csv", *fast, "--folds", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("warning: filled 2 missing value(s)") == 1


def test_predict_on_newer_rows_does_not_repeat_what_training_said(runner, fast, in_tmp):
    """A cron job's file, grown since training: the warnings training gave of its rows (a gap
    filled) are not said again each run, a new one is; the training file itself hears all."""
    days = pd.date_range("2020-01-01", periods=220, freq="D")
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"),
                          "v": (10 + np.sin(np.arange(220) / 3)).round(3)})
    frame.iloc[:180].drop(index=[50, 51]).to_csv(in_tmp / "old.csv", index=False)
    trained = invoke(runner, "train", in_tmp / "old.csv", *fast, "--horizon", "2")
    assert trained.exit_code == 0 and "warning: filled 2 missing value(s)" in trained.stderr
    frame.drop(index=[50, 51]).to_csv(in_tmp / "grown.csv", index=False)
    frame.drop(index=[50, 51, 200]).to_csv(in_tmp / "new_gap.csv", index=False)
    said = {name: invoke(runner, "predict", in_tmp / name).stderr
            for name in ("old.csv", "grown.csv", "new_gap.csv")}
    assert "filled 2 missing value(s)" in said["old.csv"]
    assert "filled" not in said["grown.csv"]
    assert "filled 1 missing value(s) since the model's training data (first at 2020-07-19)" \
        in said["new_gap.csv"]  # (the new gap alone)


@pytest.mark.parametrize(("flag", "args"), [
    ("--id", ["predict", "--model", "m.lstmcast", "--id", "Japan", "--id", "Canada"]),
    ("--target", ["train", BTC, "--target", "a", "--target=b"]),
    ("--features", ["train", BTC, "--features", "x", "--features", "y"]),
    ("--output", ["predict", "-o", "a.csv", "--output", "b.csv"]),
    ("--model", ["predict", "-mcfg.lstmcast", "-m", "b.lstmcast"]),  # a short flag's value
    ("--output", ["predict", "-oa.csv", "--output=b.csv"]),  # attached: was read as its last
])
def test_an_option_of_one_value_given_twice_is_refused(runner, in_tmp, flag, args):
    """Click keeps the last: '--id Japan --id Canada' forecast Canada alone, exit 0."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {flag} given 2 times; it takes one value")
    assert not list(in_tmp.iterdir())  # nothing run, nothing written


def test_the_advice_for_a_repeated_flag_names_the_command_as_it_was_run(in_tmp):
    """Under ``python -m lstmcast`` it named 'lstmcast', which may not be on the PATH."""
    done = subprocess.run([sys.executable, "-m", "lstmcast", "train", "x.csv", "--epochs", "2",
                           "--epochs", "3"], capture_output=True, text=True, cwd=in_tmp)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("(see 'python -m lstmcast train --help')"), done.stderr


@pytest.mark.parametrize("rows", [1, 2])
def test_a_fresh_file_of_a_row_or_two_says_the_rows_the_model_needs(runner, in_tmp, fast,
                                                                  rows):
    """Before, one row said 'fewer than 2 usable rows remain', and two then said 56. (A model
    whose networks forecast: one that keeps none reads its base's rows alone, below.)"""
    assert invoke(runner, "train", BTC, *fast, "--val-size", "0", "-q", "-o",
                  "m.lstmcast").exit_code == 0
    assert any(json.loads(invoke(runner, "info", "m.lstmcast", "--json").stdout)[
        "training"]["best_epoch"])
    lines = Path(BTC).read_text().splitlines(keepends=True)
    Path("few.csv").write_text("".join([lines[0], *lines[-rows:]]))
    result = invoke(runner, "predict", "few.csv", "-m", "m.lstmcast")
    assert result.exit_code == 2
    assert f"{rows} row{'s' * (rows > 1)} up to the forecast origin, but the model needs" in \
        result.stderr


def test_a_short_export_is_forecast_by_a_base_alone_as_the_whole_file_is(runner, in_tmp,
                                                                          fast):
    """A cron job's export of its last 30 or 3 rows, for a model that keeps no network (it
    forecasts the last value), was refused: '3 rows up to the forecast origin, but the model
    needs 56 (lookback 56); give more history'. No network reads the window: the rows its base
    reads suffice, and the forecast is the whole file's (its intervals computed, the training
    data's width where the rows show no change). A seasonal base alone needs a season; a
    model whose networks forecast still needs its lookback (above)."""
    assert invoke(runner, "train", BTC, *fast, "-q", "-o", "m.lstmcast").exit_code == 0
    manifest = json.loads(invoke(runner, "info", "m.lstmcast", "--json").stdout)
    assert not any(manifest["training"]["best_epoch"]) and manifest["series"][0]["base"] == "last"
    whole = csv_rows(invoke(runner, "predict", BTC, "-m", "m.lstmcast").stdout)
    lines = Path(BTC).read_text().splitlines(keepends=True)
    for rows in (30, 3, 1):
        Path("few.csv").write_text("".join([lines[0], *lines[-rows:]]))
        result = invoke(runner, "predict", "few.csv", "-m", "m.lstmcast")
        assert result.exit_code == 0, result.stderr
        got = csv_rows(result.stdout)
        assert [row[:2] for row in got] == [row[:2] for row in whole]
        lo, forecast, hi = (float(got[1][k]) for k in (2, 1, 3))
        assert lo < forecast < hi
        assert "the intervals (not the forecast) read further back" in result.stderr
        assert ("training data's typical width" in result.stderr) is (rows == 1)
    days = pd.date_range("2022-01-01", periods=300, freq="D")
    weekly = 100 + 10 * np.resize([0, 1, 2, 3, 4, -6, -4], 300) + np.random.default_rng(
        1).normal(0, 1, 300)
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": weekly.round(2)}).to_csv(
        "weekly.csv", index=False)
    assert invoke(runner, "train", "weekly.csv", "--hidden", "8", "--epochs", "1", "-q", "-o",
                  "s.lstmcast").exit_code == 0
    manifest = json.loads(invoke(runner, "info", "s.lstmcast", "--json").stdout)
    assert not any(manifest["training"]["best_epoch"]) and manifest["series"][0]["base"] != "last"
    lines = Path("weekly.csv").read_text().splitlines(keepends=True)
    said = {}
    for rows in (5, 7):
        Path("few.csv").write_text("".join([lines[0], *lines[-rows:]]))
        result = invoke(runner, "predict", "few.csv", "-m", "s.lstmcast")
        said[rows] = (result.exit_code, " ".join(result.stderr.split()))
    assert said[7][0] == 0 and said[5][0] == 2
    assert "5 rows up to the forecast origin, but the model needs 7 (a season, which its base " \
        "reads: no network of the model forecasts); give more history" in said[5][1]
    # Theta's base reads every row: a short file's forecast would differ; the window is needed
    y = 1000 * np.exp(0.03 * np.arange(60) + np.random.default_rng(2).normal(0, 0.02, 60))
    Path("y.csv").write_text("year,value\n" + "".join(f"{1960 + i},{v:.2f}\n"
                                                      for i, v in enumerate(y)))
    assert invoke(runner, "train", "y.csv", "-q", "-o", "t.lstmcast").exit_code == 0
    manifest = json.loads(invoke(runner, "info", "t.lstmcast", "--json").stdout)
    assert manifest["series"][0]["base"] == "theta"
    rows = Path("y.csv").read_text().splitlines(True)
    Path("few.csv").write_text("".join([rows[0], *rows[-5:]]))
    result = invoke(runner, "predict", "few.csv", "-m", "t.lstmcast")
    assert result.exit_code == 2 and "give more history" in result.stderr


def test_a_log_of_events_counted_per_day_is_trained_and_forecast(runner, in_tmp, fast):
    """--duplicates count: a model of arrivals a day, which predict reads the same way (the
    count column made again from the fresh log's rows, not looked for in it)."""
    rng = np.random.default_rng(0)
    seconds = np.sort(rng.uniform(0, 120 * 86400, 2400))
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(seconds, unit="s")
    pd.DataFrame({"arrived": stamps.strftime("%Y-%m-%d %H:%M:%S")}).to_csv("log.csv",
                                                                           index=False)
    plain = invoke(runner, "train", "log.csv", "--every", "D", *fast)
    assert plain.exit_code == 2 and plain.stderr.strip().endswith(
        "has a single column); a time column and a value column are needed, separated by ',' "
        "';' tab or '|'; for a log of events, --duplicates count counts its rows a step")
    trained = invoke(runner, "train", "log.csv", "--every", "D", "--duplicates", "count",
                     *fast, "-o", "m.lstmcast")
    assert trained.exit_code == 0, trained.stderr
    assert "target: 'count' (--duplicates count: the rows of each step)" in trained.stderr
    out = invoke(runner, "predict", "log.csv", "--model", "m.lstmcast", "-q")
    assert out.exit_code == 0, out.stderr
    rows = csv_rows(out.stdout)
    assert rows[0][:2] == ["arrived", "forecast"] and rows[1][0] == "2024-04-30"
    assert 5 < float(rows[1][1]) < 40  # about 20 a day
