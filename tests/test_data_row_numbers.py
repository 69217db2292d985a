"""Row numbers as the time where no column holds dates: R's write.csv of a vector, a 't'
counting steps, a long file's own steps before R's row names; never where dates are, never a
count of things, never values that are no steps."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.cli import app
from lstmcast.errors import InputError

SEASONAL = np.round(100 + 10 * np.sin(np.arange(120) * 2 * np.pi / 12)
                    + np.random.default_rng(0).standard_normal(120), 2)


def test_r_write_csv_of_a_vector_is_a_series_of_numbered_steps(tmp_path, runner, fast):
    path = tmp_path / "x.csv"
    path.write_text('"","x"\n' + "".join(f'"{i}",{v}\n' for i, v in enumerate(SEASONAL, 1)))
    panel = load_series(path)
    assert (panel.time_col, panel.target_col, panel.freq) == ("Unnamed: 0", "x", "ns")
    assert "no column holds dates: the rows' numbers" in " ".join(panel.notes)
    rows = trained_and_predicted(runner, fast, path)
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(121, 127)]


def trained_and_predicted(runner, fast, path) -> list[list[str]]:
    """Train on ``path`` (its season, 12, found in the values) and predict 6 steps: the rows."""
    model = path.parent / "m.lstmcast"
    trained = runner.invoke(app, ["train", str(path), "--horizon", "6", "--out", str(model),
                                  *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "season: 12 rows, found in the values" in trained.stderr
    out = runner.invoke(app, ["predict", str(path), "--model", str(model)])
    assert out.exit_code == 0, out.stderr
    return list(csv.reader(io.StringIO(out.stdout)))


@pytest.mark.parametrize("name", ["t", "step", "obs", "Index"])
def test_a_column_counting_steps_is_the_time(tmp_path, name):
    pd.DataFrame({name: np.arange(1, 121), "sales": SEASONAL}).to_csv(tmp_path / "s.csv",
                                                                       index=False)
    panel = load_series(tmp_path / "s.csv")
    assert (panel.time_col, panel.target_col, panel.freq) == (name, "sales", "ns")


def test_a_long_file_s_own_steps_come_before_r_s_row_names(tmp_path):
    frame = pd.concat([pd.DataFrame({"id": f"s{k}", "t": np.arange(1, 61), "y": SEASONAL[:60] + k})
                       for k in range(3)], ignore_index=True)
    frame.index += 1
    frame.to_csv(tmp_path / "p.csv", index_label="")
    panel = load_series(tmp_path / "p.csv")
    assert panel.time_col == "t" and len(panel) == 3
    assert list(panel.lengths) == [60, 60, 60]


def test_dates_beside_a_step_counter_are_the_time(tmp_path):
    pd.DataFrame({"date": pd.date_range("2015-01-01", periods=120, freq="MS").strftime(
        "%Y-%m-%d"), "sales": SEASONAL, "t": np.arange(1, 121)}).to_csv(tmp_path / "d.csv",
                                                                      index=False)
    panel = load_series(tmp_path / "d.csv")
    assert panel.time_col == "date" and panel.freq == "MS"


@pytest.mark.parametrize(("columns", "first"), [
    (["n", "sales"], np.arange(1, 121)),  # a count of things is a value, not a step
    (["Steps", "kcal"], np.arange(0, 120)),  # a pedometer's
    (["t", "station"], np.round(np.linspace(-3.5, 20.25, 120), 2)),  # 't' of temperatures
])
def test_what_is_no_step_counter_is_still_no_time(tmp_path, columns, first):
    pd.DataFrame({columns[0]: first, columns[1]: SEASONAL}).to_csv(tmp_path / "n.csv",
                                                                   index=False)
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(tmp_path / "n.csv")


@pytest.mark.parametrize("text", [
    # a column named like a time that no format reads: refused naming it, never row numbers
    ",date,sales\n" + "".join(f"{i},Day {i} of 2019,{v}\n" for i, v in enumerate(SEASONAL)),
    ",time,conc\n" + "".join(f"{i + 1},{i * 1.07 + (i % 3) / 10:.3f},{v}\n"
                              for i, v in enumerate(SEASONAL)),
    # R's row names of a long file number every row of every series: no time of each
    ",id,value\n" + "".join(f"{i + 1},{'AB'[i // 60]},{v}\n" for i, v in enumerate(SEASONAL)),
    # a count or a process's step over and over, no series named: no time
    "obs,mean_temp\n" + "".join(f"{1 + i % 10},{v}\n" for i, v in enumerate(SEASONAL)),
    "step,duration\n" + "".join(f"{1 + i % 5},{v}\n" for i, v in enumerate(SEASONAL)),
])
def test_row_numbers_never_stand_in_for_a_time_or_a_long_file_s_series(tmp_path, text):
    (tmp_path / "x.csv").write_text(text)
    with pytest.raises(InputError, match="no column holds dates"):
        load_series(tmp_path / "x.csv")


@pytest.mark.parametrize("header", ["sales\n", ""])
def test_a_single_column_of_values_is_a_series_of_numbered_steps(tmp_path, runner, fast,
                                                                 header):
    """A spreadsheet's column copied out, named or not: its rows in the file's order are the
    steps (it was refused: 'a time column and a value column are needed')."""
    path = tmp_path / "values.csv"
    path.write_text(header + "".join(f"{v}\n" for v in SEASONAL))
    panel = load_series(path)
    assert (panel.time_col, panel.target_col, panel.freq) == (
        "step", "sales" if header else "value", "ns")
    assert len(panel.target) == len(SEASONAL) and panel.target[0] == SEASONAL[0]
    assert "its rows, in the file's order, are numbered steps" in " ".join(panel.notes)
    rows = trained_and_predicted(runner, fast, path)
    assert rows[0][0] == "step" and [r[0] for r in rows[1:]] == [str(n) for n in range(121, 127)]


@pytest.mark.parametrize("lines", [
    ["date"] + [f"202402{d:02d}" for d in range(1, 29)],  # dates written as numbers
    ["year"] + [str(y) for y in range(2000, 2030)],
    ["time"] + [str(1_700_000_000 + 3600 * k) for k in range(30)]])  # Unix seconds
def test_a_single_column_of_times_written_as_numbers_is_no_series(tmp_path, lines):
    """Times alone, however they are written, are refused as before (a review: a 'date' of
    20240201 was forecast as the values 1, 2, 3 of its rows)."""
    path = tmp_path / "times.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="single column"):
        load_series(path)


def test_a_headerless_single_column_reads_every_value_and_a_log_stays_refused(tmp_path):
    """A first value that recurs is no header repeated (a review: 'dropped 5 line(s)
    repeating the header' was said of lines kept); a log of times alone, counted, without a
    header, is refused as before."""
    path = tmp_path / "c.csv"
    path.write_text("0\n0\n0\n1\n0\n0\n2\n0\n" * 4)
    panel = load_series(path)
    assert panel.target.tolist() == [0, 0, 0, 1, 0, 0, 2, 0] * 4
    assert not any("repeating the header" in n for n in (*panel.notes, *panel.warnings))
    log = tmp_path / "log.csv"
    log.write_text("".join(f"{1_700_000_000 + 3600 * (k // 3) + k}\n" for k in range(30)))
    with pytest.raises(InputError, match="not column names"):
        load_series(log, duplicates="count")


def test_a_single_column_with_missing_and_quoted_values_is_still_a_series(tmp_path):
    path = tmp_path / "v.csv"
    cells = [f'"{v}"' if k % 5 == 0 else str(v) for k, v in enumerate(SEASONAL)]
    cells[7] = "NA"
    path.write_text("sales\n" + "\n".join(cells) + "\n")
    panel = load_series(path)
    assert (panel.time_col, len(panel.target)) == ("step", len(SEASONAL))
    assert panel.target[0] == SEASONAL[0] and panel.target[8] == SEASONAL[8]


def test_a_headerless_export_to_predict_is_told_the_model_s_target(runner, tmp_path, fast):
    """A cron job's export without the header: the advice was 'date,c2,c3', and following it
    failed next (no column 'Closing Price (USD)'); the model knows the target it reads."""
    days = pd.date_range("2020-01-01", periods=120)
    rows = "".join(f"BTC,{d:%Y-%m-%d},{7000 + 10 * k}.5,{6990 + 10 * k}.25\n"
                   for k, d in enumerate(days))
    (tmp_path / "btc.csv").write_text("Currency,Date,Closing Price (USD),24h Open\n" + rows)
    (tmp_path / "export.csv").write_text(rows)
    model = str(tmp_path / "m.lstmcast")
    trained = runner.invoke(app, ["train", str(tmp_path / "btc.csv"), "--horizon", "3",
                                  "--out", model, *fast])
    assert trained.exit_code == 0, trained.stderr
    done = runner.invoke(app, ["predict", str(tmp_path / "export.csv"), "--model", model])
    assert done.exit_code == 2
    assert ("not column names; add a header row naming each of its 4 columns, the target "
            "'Closing Price (USD)' among them") in " ".join(done.stderr.split())
