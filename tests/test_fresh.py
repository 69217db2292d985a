"""Fresh data read as the model's training data was (``lstmcast.fresh``)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_data_panels import long_file
from test_panels_cli import FAST, invoke, rows_of

from lstmcast.data import load_panel
from lstmcast.errors import SeveralSeries


def test_a_model_of_one_series_reads_no_id_column_it_did_not_have(runner, in_tmp):
    # A cron job's export that gains a second ticker: forecasting both would change the
    # output's columns under the job; the file is refused, naming the column and the remedy.
    panel_path = long_file(in_tmp)
    frame = pd.read_csv(panel_path)
    frame[frame["symbol"] == "AAPL"].to_csv("one.csv", index=False)
    trained = invoke(runner, "train", "one.csv", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    alone = invoke(runner, "predict", "one.csv")
    assert alone.exit_code == 0, alone.stderr
    assert rows_of(alone.stdout)[0][:2] == ["date", "forecast"]
    several = invoke(runner, "predict", panel_path)
    assert several.exit_code == 2 and several.stdout == ""
    assert several.stderr.startswith(
        f"error: {panel_path}: its timestamps repeat and 'symbol' may name several series, but "
        "the model (model.lstmcast) was trained on one series; train a model on this file")


def test_a_model_s_layout_keeps_the_id_rules_off(tmp_path):
    path = long_file(tmp_path)
    assert load_panel(path).id_col == "symbol"  # found when nothing says otherwise
    with pytest.raises(SeveralSeries, match="'symbol' may name several series") as err:
        load_panel(path, layout="single")
    assert err.value.columns == ["symbol"]
