"""Fresh data read as the model's training data was (``lstmcast.fresh``)."""

from __future__ import annotations

import re

import numpy as np
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


def test_columns_swapped_under_their_names_are_said_a_revision_within_the_moves_is_not(
        runner, in_tmp):
    """A wide export whose columns came back swapped: each series' value at its last training
    row is now another's (AAPL's ~100 vs MSFT's), so its forecast rests on a history the
    model was not fitted on: said, naming both. A revised last value within the usual daily
    moves, and the same file again, say nothing."""
    long = pd.read_csv(long_file(in_tmp))
    wide = long.pivot(index="date", columns="symbol", values="close").reset_index()
    wide = wide[["date", "AAPL", "MSFT"]].dropna()
    wide["MSFT"] *= 3  # levels apart
    wide.to_csv("wide.csv", index=False)
    trained = invoke(runner, "train", "wide.csv", "--target", "all", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    same = invoke(runner, "predict", "wide.csv")
    assert same.exit_code == 0 and "differ" not in same.stderr
    last = wide["date"].iloc[-1]
    aapl, msft = (f"{v:.6g}" for v in wide[["AAPL", "MSFT"]].iloc[-1])
    wide.rename(columns={"AAPL": "MSFT", "MSFT": "AAPL"}).to_csv("swapped.csv", index=False)
    swapped = invoke(runner, "predict", "swapped.csv")
    assert swapped.exit_code == 0, swapped.stderr
    assert (f"warning: series 'MSFT' (at {last}: {aapl}, trained on {msft}), 'AAPL' (at {last}: "
            f"{msft}, trained on {aapl}): the values at the last training row differ from the "
            "training data's by more than the series' usual moves") in swapped.stderr
    revised = wide.copy()
    revised.loc[revised.index[-1], "AAPL"] *= 1.01  # a daily move of about 1 %
    revised.to_csv("revised.csv", index=False)
    quiet = invoke(runner, "predict", "revised.csv")
    assert quiet.exit_code == 0 and "differ" not in quiet.stderr


def test_a_calm_column_swapped_with_a_wild_one_is_named_too(runner, in_tmp):
    """The calm column's fresh rows are the wild one's history, their moves the wild one's:
    measured on them alone, 1.5 under 11.6's name passed for a usual move (a user round:
    ETTh1's 'HUFL' named, 'LULL' not). Training's moves, which the model keeps, name both."""
    rng = np.random.default_rng(5)
    hours = pd.date_range("2024-01-01", periods=600, freq="h")
    wide = pd.DataFrame({"time": hours.strftime("%Y-%m-%d %H:%M"),
                         "wild": 11.6 + rng.normal(0, 0.9, 600).round(3),
                         "calm": 1.5 + np.cumsum(rng.normal(0, 0.01, 600)).round(3)})
    wide.to_csv("wide.csv", index=False)
    trained = invoke(runner, "train", "wide.csv", "--target", "all", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    wide.rename(columns={"wild": "calm", "calm": "wild"}).to_csv("swapped.csv", index=False)
    swapped = invoke(runner, "predict", "swapped.csv")
    assert swapped.exit_code == 0, swapped.stderr
    assert re.search(r"warning: series '(wild|calm)' \(at [^)]*\), '(wild|calm)' \(at [^)]*\): "
                     "the values at the last training row differ", swapped.stderr), \
        swapped.stderr


def test_a_single_series_whose_history_was_rebased_is_said(runner, in_tmp, sample_dir):
    """A price history adjusted for a 2-for-1 split after training: every value halved."""
    btc = pd.read_csv(sample_dir / "btc_usd_daily.csv")
    btc.to_csv("btc.csv", index=False)
    trained = invoke(runner, "train", "btc.csv", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    split = btc.copy()
    split["Closing Price (USD)"] /= 2
    split.to_csv("split.csv", index=False)
    said = invoke(runner, "predict", "split.csv")
    assert said.exit_code == 0, said.stderr
    was = btc["Closing Price (USD)"].iloc[-1]
    assert (f"warning: the value at {btc['Date'].iloc[-1]}: {was / 2:.6g}, trained on {was:.6g}, "
            "differs by more than the series' usual moves") in said.stderr


def test_rows_dated_a_step_off_training_s_are_said(runner, in_tmp, sample_dir):
    """A user round: a re-export wrote each day as the UTC time of its midnight in Berlin
    (22:00Z the day before), read as the day before, so the forecast was dated a day that the
    user's file already had, and nothing was said."""
    btc = pd.read_csv(sample_dir / "btc_usd_daily.csv")
    btc.iloc[:-10].to_csv("btc.csv", index=False)  # a cron job's model, 10 days old
    assert invoke(runner, "train", "btc.csv", *FAST, "--horizon", "3").exit_code == 0
    utc = btc.assign(Date=(pd.to_datetime(btc["Date"]) - pd.Timedelta(hours=2)).dt.strftime(
        "%Y-%m-%dT%H:%M:%SZ"))
    utc.to_csv("utc.csv", index=False)
    said = invoke(runner, "predict", "utc.csv")
    assert said.exit_code == 0, said.stderr
    last, before = btc["Date"].iloc[-11], btc["Date"].iloc[-12]
    assert (f"warning: the value trained on at {last} is dated {before} in this file: its rows "
            "are dated a step off the training data's") in said.stderr
    assert invoke(runner, "predict", "btc.csv").stderr.count("a step off") == 0


def test_a_day_s_count_completed_is_no_step_off(runner, in_tmp):
    """A review: trained on a day still running (0 sales so far), the day before 0 too; the
    day completed (3) read as rows dated a step off, from the one 0 a row away."""
    rng = np.random.default_rng(4)
    sales = rng.poisson(2, 120)
    sales[-2:] = 0
    days = pd.date_range("2024-01-01", periods=122, freq="D")
    pd.DataFrame({"day": days[:120].strftime("%Y-%m-%d"), "sales": sales}).to_csv(
        "sales.csv", index=False)
    assert invoke(runner, "train", "sales.csv", *FAST, "--horizon", "3").exit_code == 0
    later = np.concatenate([sales[:-1], [3, 2, 4]])
    pd.DataFrame({"day": days.strftime("%Y-%m-%d"), "sales": later}).to_csv("later.csv",
                                                                             index=False)
    said = invoke(runner, "predict", "later.csv")
    assert said.exit_code == 0, said.stderr
    assert "a step off" not in said.stderr


def test_columns_spelled_otherwise_are_written_as_trained_and_said(runner, in_tmp):
    """A fresh export with 'Date,Symbol,Close' after training's 'date,symbol,close': read by
    name as before, the output keeps training's header (a cron job's join on it), and the
    change is said."""
    path = long_file(in_tmp)
    trained = invoke(runner, "train", path, *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    before = invoke(runner, "predict", path)
    frame = pd.read_csv(path).rename(columns={"date": "Date", "symbol": "Symbol",
                                              "close": "CLOSE "})
    frame.to_csv("renamed.csv", index=False)
    after = invoke(runner, "predict", "renamed.csv")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    assert ("renamed.csv: its columns are spelled otherwise than the training data's: read "
            "'Date' as 'date', 'CLOSE' as 'close', 'Symbol' as 'symbol', and written so"
            ) in after.stderr


def test_a_wide_file_s_series_spelled_otherwise_keep_training_s_names(runner, in_tmp):
    """'japan' and 'HONG KONG' after training's 'Japan' and 'Hong Kong': the same series,
    written under training's names (before: two series 'not in training' and two missing)."""
    long = pd.read_csv(long_file(in_tmp))
    wide = long.pivot(index="date", columns="symbol", values="close").reset_index()
    wide = wide[["date", "AAPL", "MSFT"]].dropna().rename(columns={"AAPL": "Hong Kong",
                                                                  "MSFT": "Japan"})
    wide.to_csv("wide.csv", index=False)
    trained = invoke(runner, "train", "wide.csv", "--target", "all", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    before = invoke(runner, "predict", "wide.csv")
    wide.rename(columns={"Hong Kong": "HONG KONG", "Japan": "japan"}).to_csv("case.csv",
                                                                             index=False)
    after = invoke(runner, "predict", "case.csv")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    assert "read 'HONG KONG' as 'Hong Kong', 'japan' as 'Japan'" in after.stderr
    assert "not in training" not in after.stderr


@pytest.mark.parametrize("trained_as, written", [("{k}", "{k}.0"), ("00{k}", "{k}"),
                                                 ("Store {k}", "STORE {k}")])
def test_stores_numbered_otherwise_are_training_s_series(runner, in_tmp, trained_as, written):
    """Stores '1', '2' written '1.0', '2.0' by pandas, or '001' re-saved by Excel as '1', or
    in capitals (a user round: 'canada, cad' after 'Canada, CAD'): each series was forecast as
    one not in training, under an id the job had never seen."""
    long = pd.read_csv(long_file(in_tmp))
    number = {s: k + 1 for k, s in enumerate(long["symbol"].unique())}
    long["store"] = [trained_as.format(k=number[s]) for s in long["symbol"]]
    long[["date", "store", "close"]].to_csv("stores.csv", index=False)
    trained = invoke(runner, "train", "stores.csv", "--id-col", "store", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    before = invoke(runner, "predict", "stores.csv")
    long["store"] = [written.format(k=number[s]) for s in long["symbol"]]
    long[["date", "store", "close"]].to_csv("next.csv", index=False)
    after = invoke(runner, "predict", "next.csv")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    assert "not in training" not in after.stderr
    assert f"read '{written.format(k=1)}' as '{trained_as.format(k=1)}'" in after.stderr


def test_a_flat_rate_rounded_otherwise_is_no_changed_history(runner, in_tmp):
    # a policy rate held at 5.33 (no move at all), exported again as 5.3300000001 and a peg
    # of 8.2765 exported as 8.28: rounding, not another history
    days = pd.bdate_range("2024-01-01", periods=200)
    rate = pd.DataFrame({"date": days.strftime("%Y-%m-%d"),
                         "rate": np.r_[np.linspace(5.0, 5.33, 80), np.full(120, 5.33)]})
    rate.to_csv("rate.csv", index=False)
    trained = invoke(runner, "train", "rate.csv", *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    rate.loc[rate.index[-1], "rate"] = 5.3300000001
    rate.to_csv("noisy.csv", index=False)
    said = invoke(runner, "predict", "noisy.csv")
    assert said.exit_code == 0 and "differs" not in said.stderr, said.stderr


def test_a_corrected_row_appended_says_how_a_model_would_take_it(runner, in_tmp):
    """A feed appends a correction (the same date, a new value): predict reads as training
    did (--duplicates error) and refuses it, saying that training with --duplicates last
    keeps the newest value (predict has no --duplicates of its own)."""
    panel_path = long_file(in_tmp)
    trained = invoke(runner, "train", panel_path, *FAST, "--horizon", "3")
    assert trained.exit_code == 0, trained.stderr
    with open(panel_path) as fh:
        last = fh.read().splitlines()[-1].split(",")
    last[-1] = str(float(last[-1]) + 0.01)
    with open(panel_path, "a") as fh:
        fh.write(",".join(last) + "\n")
    refused = invoke(runner, "predict", panel_path)
    assert refused.exit_code == 2
    assert "appear more than once with different values" in refused.stderr
    assert "or retrain the model with duplicates 'last'" in refused.stderr
    again = invoke(runner, "train", panel_path, *FAST, "--horizon", "3", "--duplicates", "last")
    assert again.exit_code == 0, again.stderr
    assert invoke(runner, "predict", panel_path).exit_code == 0


def test_thousands_dots_read_in_training_are_read_so_in_a_later_export(runner, in_tmp):
    """Visitors crossing 1000 in a tab file ('999', then '1.002'): training reads the dots as
    thousands; a cron job's export of the last weeks alone ('1.102' to '1.200') has no whole
    number to show it, and was read as 1.1 to 1.2: a forecast of 1.2 visitors."""
    days = pd.date_range("2023-01-01", periods=120)
    counts = np.r_[np.linspace(900, 999, 40), np.linspace(1002, 1200, 80)].round().astype(int)
    cells = [f"{c // 1000}.{c % 1000:03d}" if c >= 1000 else str(c) for c in counts]
    lines = ["Datum\tBesucher", *(f"{d:%d.%m.%Y}\t{c}" for d, c in zip(days, cells, strict=True))]
    (in_tmp / "all.tsv").write_text("\n".join(lines) + "\n")
    (in_tmp / "recent.tsv").write_text("\n".join([lines[0], *lines[-60:]]) + "\n")
    assert invoke(runner, "train", "all.tsv", *FAST, "-q").exit_code == 0
    result = invoke(runner, "predict", "recent.tsv")
    assert result.exit_code == 0, result.stderr
    assert 1100 < float(rows_of(result.stdout)[1][1]) < 1300
    assert "thousands" not in result.stderr  # read as training read it: not said every run


def test_the_encoding_given_in_training_reads_a_later_export_too(runner, in_tmp):
    """A Greek export in Windows-1253 (which detection would read as Cyrillic): ``--encoding``
    reads its names as written, the model records it, and ``predict`` reads the next day's
    file in it; a value of another encoding is refused, not read garbled."""
    days = pd.date_range("2023-01-01", periods=120)
    lines = ["Ημερομηνία;Τιμή κλεισίματος", *(f"{d:%Y-%m-%d};{100 + i % 7}" for i, d in
                                              enumerate(days))]
    (in_tmp / "gr.csv").write_bytes(("\n".join(lines) + "\n").encode("cp1253"))
    (in_tmp / "recent.csv").write_bytes(("\n".join([lines[0], *lines[-60:]]) + "\n")
                                        .encode("cp1253"))
    trained = invoke(runner, "train", "gr.csv", *FAST, "--encoding", "cp1253")
    assert trained.exit_code == 0, trained.stderr
    assert "target: 'Τιμή κλεισίματος'" in trained.stderr
    result = invoke(runner, "predict", "recent.csv")
    assert result.exit_code == 0, result.stderr
    assert rows_of(result.stdout)[0][0] == "Ημερομηνία"
    refused = invoke(runner, "train", "gr.csv", *FAST, "--encoding", "utf-8")
    assert refused.exit_code == 2 and "is not valid utf-8 text" in refused.stderr


def test_a_feature_filled_in_new_rows_is_said_and_no_summary_stands_alone(runner, in_tmp):
    """A cron job's new rows without a volume: the fills were dropped as told (only the target's
    were read), and '... and 2 more warning(s) like these' stood for lines never said. The new
    fills are said; what training said is not, and each summary follows the lines it sums."""
    days = pd.bdate_range("2023-01-02", periods=160)
    rng = np.random.default_rng(2)
    rows = []
    for k, sym in enumerate(("AAA", "BBB", "CCC", "DDD")):
        close = 100 * (k + 1) * np.exp(np.cumsum(rng.normal(0, 0.01, len(days))))
        for i, d in enumerate(days):
            volume = "" if (i >= 150 or (sym == "DDD" and i == 20)) else str(1000 + i)
            rows.append(f"{d:%Y-%m-%d},{sym},{close[i]:.2f},{volume}")
    (in_tmp / "all.csv").write_text("date,symbol,close,volume\n" + "\n".join(rows) + "\n")
    (in_tmp / "train.csv").write_text("date,symbol,close,volume\n" + "\n".join(
        r for r in rows if r[:10] <= f"{days[140]:%Y-%m-%d}") + "\n")
    trained = invoke(runner, "train", "train.csv", "--features", "volume", *FAST, "--horizon",
                     "2")
    assert trained.exit_code == 0, trained.stderr
    assert "series 'DDD': filled 1 missing value(s)" in trained.stderr
    done = invoke(runner, "predict", "all.csv", "--level", "0")
    assert done.exit_code == 0, done.stderr
    told = [w for w in done.stderr.splitlines() if w.startswith("warning: ")]
    assert told[:3] == [f"warning: series {s!r}: filled 10 missing value(s) by forward fill "
                        f"('volume': 10, the latest at {days[-1]:%Y-%m-%d})"  # (a feature's
                        for s in ("AAA", "BBB", "CCC")]  # latest: in the forecast's window)
    assert told[3] == "warning: ... and 1 more warning(s) like these for 1 series ('DDD')"
    same = invoke(runner, "predict", "train.csv", "--level", "0")
    assert [w for w in same.stderr.splitlines() if "like these" in w or "filled" in w] == [
        "warning: series 'DDD': filled 1 missing value(s) by forward fill ('volume': 1, the "
        f"latest at {days[20]:%Y-%m-%d})"]


def test_an_export_that_renamed_the_target_and_rewrote_its_dates_names_the_column(
        runner, in_tmp):
    # Nasdaq's 'Close/Last' beside m/d/Y dates: the dates were blamed ("not a date with format
    # %Y-%m-%d"), though they read otherwise; the missing column is what stops predict
    days = pd.bdate_range("2023-01-02", periods=120)
    closes = np.round(100 + np.cumsum(np.random.default_rng(3).normal(size=120)), 2)
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": closes}).to_csv(
        "train.csv", index=False)
    assert invoke(runner, "train", "train.csv", *FAST, "--horizon", "3").exit_code == 0
    pd.DataFrame({"Date": days.strftime("%m/%d/%Y"), "Close/Last": closes}).to_csv(
        "nasdaq.csv", index=False)
    renamed = invoke(runner, "predict", "nasdaq.csv")
    assert renamed.exit_code == 2 and "no column 'Close', which the model" in renamed.stderr
