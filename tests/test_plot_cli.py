"""`lstmcast plot` and `backtest --plot` from the command line: valid PNGs of the right size,
for one series and for a panel, and one error line for a bad output path."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lstmcast import plot
from lstmcast.cli import app
from lstmcast.plot import png_size

FLAGS = ["--hidden", "8", "--epochs", "2", "--patience", "1"]
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "btc_usd_daily.csv"


@pytest.fixture
def model(runner, tmp_path) -> Path:
    path = tmp_path / "btc.lstmcast"
    done = runner.invoke(app, ["train", str(SAMPLE), "--horizon", "7", "--out", str(path), "-q",
                               *FLAGS])
    assert done.exit_code == 0, done.stderr
    return path


def test_plot_writes_a_png_with_history_forecast_and_bands(runner, model, tmp_path):
    out = tmp_path / "fc.png"
    done = runner.invoke(app, ["plot", "--model", str(model), "--out", str(out)])
    assert done.exit_code == 0, done.stderr
    width, height = png_size(out.read_bytes())
    assert width >= 800 and height >= 450
    assert f"plot: {out}" in done.stderr and done.stdout == ""
    quiet = runner.invoke(app, ["plot", "--model", str(model), "--out", str(out), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_plot_of_a_panel_draws_the_series_asked_for(runner, tmp_path):
    btc = pd.read_csv(SAMPLE).tail(300)
    frame = pd.concat([pd.DataFrame({"date": btc["Date"], "symbol": s,
                                     "close": btc["Closing Price (USD)"] * (k + 1)})
                       for k, s in enumerate(["AAA", "BBB", "CCC", *"DEFGH"])])
    frame.to_csv(tmp_path / "panel.csv", index=False)
    model = tmp_path / "p.lstmcast"
    done = runner.invoke(app, ["train", str(tmp_path / "panel.csv"), "--horizon", "3", "--out",
                               str(model), "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    out = tmp_path / "grid.png"
    done = runner.invoke(app, ["plot", "--model", str(model), "--id", "CCC,AAA", "--out",
                               str(out)])
    assert done.exit_code == 0, done.stderr
    assert min(png_size(out.read_bytes())) >= 450
    assert "series AAA, CCC)" in done.stderr  # those asked for, in the file's order
    done = runner.invoke(app, ["plot", "--model", str(model), "--id", "ccc,aaa", "--out",
                               str(out)])  # in any capitals, as predict takes them
    assert done.exit_code == 0 and "series AAA, CCC)" in done.stderr, done.stderr
    # every series named, past the 6 drawn by default (before: the first 6, unsaid)
    done = runner.invoke(app, ["plot", "--model", str(model), "--id", "H,G,F,E,D,CCC,AAA",
                               "--out", str(out)])
    assert done.exit_code == 0 and "series AAA, CCC, D, E, F, G, H)" in done.stderr
    done = runner.invoke(app, ["plot", "--model", str(model), "--out", str(out)])
    assert "series AAA, BBB, CCC, D, E, F)" in done.stderr


def test_backtest_plot_writes_a_png(runner, tmp_path):
    out = tmp_path / "bt.png"
    done = runner.invoke(app, ["backtest", str(SAMPLE), "--folds", "2", "--horizon", "3", "-q",
                               "--plot", str(out), *FLAGS])
    assert done.exit_code == 0, done.stderr
    width, height = png_size(out.read_bytes())
    assert width >= 800 and height >= 450


def test_plot_to_a_missing_folder_is_one_error_line(runner, model, tmp_path):
    done = runner.invoke(app, ["plot", "--model", str(model), "--out",
                               str(tmp_path / "nope" / "fc.png")])
    assert done.exit_code == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    # checked before any work, as train and backtest check theirs, with their advice
    assert f"(mkdir -p {tmp_path / 'nope'})" in done.stderr


def test_plot_of_numbered_steps_has_step_numbers_on_its_axis(runner, tmp_path, monkeypatch):
    frame = pd.DataFrame({"ds": range(1, 161), "y": [10.0 + (i % 12) for i in range(160)]})
    frame.to_csv(tmp_path / "steps.csv", index=False)
    model = tmp_path / "s.lstmcast"
    done = runner.invoke(app, ["train", str(tmp_path / "steps.csv"), "--out", str(model), "-q",
                               *FLAGS])
    assert done.exit_code == 0, done.stderr
    seen = {}

    def spy(figure, out, ids):
        seen["xdata"] = [line.get_xdata() for line in figure.axes[0].get_lines()
                         if line.get_gid() == "forecast"][0]
        return real(figure, out, ids)

    real = plot.save
    monkeypatch.setattr(plot, "save", spy)
    done = runner.invoke(app, ["plot", "--model", str(model), "--out", str(tmp_path / "s.png")])
    assert done.exit_code == 0, done.stderr
    assert list(seen["xdata"]) == [161]  # the next step, not a date in 1970


def test_a_wide_file_s_plot_is_labelled_value_not_all(runner, tmp_path, monkeypatch):
    btc = pd.read_csv(SAMPLE).tail(200)
    frame = pd.DataFrame({"Date": btc["Date"], "AAA": btc["Closing Price (USD)"],
                          "BBB": btc["Closing Price (USD)"] * 2})
    frame.to_csv(tmp_path / "wide.csv", index=False)
    model = tmp_path / "w.lstmcast"
    done = runner.invoke(app, ["train", str(tmp_path / "wide.csv"), "--target", "all",
                               "--horizon", "3", "--out", str(model), "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    seen = {}

    def spy(figure, out, ids):
        seen["title"] = figure.get_suptitle()
        seen["ylabel"] = figure.get_supylabel()
        return real(figure, out, ids)

    real = plot.save
    monkeypatch.setattr(plot, "save", spy)
    done = runner.invoke(app, ["plot", "--model", str(model), "--out", str(tmp_path / "w.png")])
    assert done.exit_code == 0, done.stderr
    assert seen["title"].startswith("value: forecast") and seen["ylabel"] == "value"
