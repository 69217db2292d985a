"""The holiday rules a model file keeps (``lstmcast.model_holidays``): each series' own beside
the panel's, so that a cron job's short export forecasts every stock on its own exchange's
days."""

from __future__ import annotations

import json

import holidays
import numpy as np
import pandas as pd

from lstmcast.cli import app
from lstmcast.model_holidays import a_rule, rules_in


def exchange_days(code: str, first: str, last: str) -> pd.DatetimeIndex:
    shut = holidays.financial_holidays(code, years=range(pd.Timestamp(first).year,
                                                         pd.Timestamp(last).year + 1))
    days = pd.bdate_range(first, last)
    return days[~days.isin(pd.DatetimeIndex(sorted(shut)))]


def test_a_short_export_keeps_each_stock_s_own_exchange_days(runner, in_tmp, fast):
    """New York and London stocks to Wednesday 18 December 2024: trained on four years, then
    predicting from the last 60 rows of each, London's stock was forecast on Boxing Day (its
    rows no longer showed one; a user round)."""
    rng = np.random.default_rng(0)
    rows = []
    for symbol, code in (("AAPL", "XNYS"), ("MSFT", "XNYS"), ("VOD.L", "XLON")):
        days = exchange_days(code, "2021-01-04", "2024-12-18")
        close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days))))
        rows.append(pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": symbol,
                                  "close": close.round(2)}))
    full = pd.concat(rows)
    full.to_csv("prices.csv", index=False)
    full.groupby("symbol").tail(60).to_csv("short.csv", index=False)
    trained = runner.invoke(app, ["train", "prices.csv", "--horizon", "8", *fast])
    assert trained.exit_code == 0, trained.stderr
    manifest = json.loads(runner.invoke(app, ["info", "model.lstmcast", "--json"]).stdout)
    own = {e["id"]: e.get("holidays") for e in manifest["series"]}
    assert own["VOD.L"] == [["exchange", "XLON"]] and own["AAPL"] == [["exchange", "XNYS"]]
    said = runner.invoke(app, ["info", "model.lstmcast"]).stdout  # (the panel's: New Year's)
    assert "each series' own holidays too (forecasts skip them): the XNYS calendar (New York " \
           "Stock Exchange), 2 series; the XLON calendar (London Stock Exchange), 1 series" in said
    result = runner.invoke(app, ["predict", "short.csv"])
    assert result.exit_code == 0, result.stderr
    fc = pd.read_csv(pd.io.common.StringIO(result.stdout))
    dates = {s: list(g["date"].str[5:]) for s, g in fc.groupby("symbol")}
    assert dates["VOD.L"] == ["12-19", "12-20", "12-23", "12-24", "12-27", "12-30", "12-31",
                              "01-02"]
    assert dates["AAPL"] == ["12-19", "12-20", "12-23", "12-24", "12-26", "12-27", "12-30",
                             "12-31"]
    # one symbol of it (--id, or a file of its rows alone: its own calendar, a review) and a
    # model per series
    alone = runner.invoke(app, ["predict", "short.csv", "--id", "VOD.L"])
    assert alone.exit_code == 0 and [line.split(",")[1][5:] for line in alone.stdout.splitlines()[
        1:]] == dates["VOD.L"], alone.stderr
    per = runner.invoke(app, ["train", "prices.csv", "--horizon", "8", "--per-series", "-o",
                              "per.lstmcast", *fast])
    assert per.exit_code == 0, per.stderr
    result = runner.invoke(app, ["predict", "short.csv", "-m", "per.lstmcast"])
    fc = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert {s: list(g["date"].str[5:]) for s, g in fc.groupby("symbol")} == dates


def test_every_rule_of_a_model_file_is_checked_those_of_its_parts_too():
    """A model per series keeps each series' entry twice: a crafted part's 7 gave an internal
    error (a review)."""
    manifest = {"data": {"holidays": [["exchange", "XNYS"]]},
                "series": [{"id": "A", "holidays": [["exchange", "XLON"]]}],
                "parts": [{"series": [{"id": "A", "holidays": 7}]}]}
    assert rules_in(manifest) == [["exchange", "XNYS"], ["exchange", "XLON"], 7]
    assert [a_rule(r) for r in rules_in(manifest)] == [True, True, False]
