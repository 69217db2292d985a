"""Whether a trained network is trusted over the base it corrects: its validation gain tested
against noise, or hedged where there is too little evidence to test it, and the weights that
take its correction back (``fit`` asks; ``train`` also checks the test period,
``disown.disown_if_worse_on_test``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .baselines import autocorrelations
from .engine import LSTMForecaster
from .engine.params import HEAD
from .sizing import at_price_frequency

if TYPE_CHECKING:
    from .windows import Windows

MIN_EVIDENCE = 4  # independent validation forecasts needed to judge the trained network
CLEARLY = 2.0  # how many standard errors the validation gain over the base must exceed


def clearly_better(model: LSTMForecaster, theta: np.ndarray, base_theta: np.ndarray,
                   val: Windows, x: np.ndarray, y: np.ndarray, loss: str) -> bool:
    """Whether weights ``theta`` beat the untrained ``base_theta`` (the base forecast) on the
    validation windows by more than noise: the mean per-window gain exceeds CLEARLY standard
    errors, counting overlapping windows of one series as one per horizon. With too few
    independent windows to judge, a single series' network is trusted (a yearly series'
    trend is what it learns: judged as noise, a yearly CO2 series' was lost), unless it is on
    the last value of a random walk (``on_a_random_walk``); a panel's not (two stocks of a
    year, ten days ahead: a network of noise, 1.35 of naive's MAE)."""
    if walks_as_prices_do(val):
        return False
    independent = evidence(val)
    if independent < MIN_EVIDENCE:
        return untested(val) and not on_a_random_walk(val)
    losses = []
    for weights in (base_theta, theta):
        model.set_params(weights)
        error = model.predict(x).astype(np.float64) - y
        losses.append(np.mean(np.abs(error) if loss == "l1" else error**2, axis=1))
    gain = losses[0] - losses[1]
    spread = gain.std(ddof=1) / np.sqrt(independent)
    return bool(gain.mean() > CLEARLY * spread) if spread > 0 else bool(gain.mean() > 0)


def evidence(windows: Windows, counted: np.ndarray | None = None) -> float:
    """Independent forecasts of ``windows`` (a validation or test period's), of those
    ``counted`` ((N,) bool; all by default): overlapping windows of one series count as one
    per horizon."""
    origins = windows.origins if counted is None else windows.origins[counted]
    return independent_forecasts(windows.rows.series_of[origins], windows.recipe.horizon)


def independent_forecasts(series: np.ndarray, horizon: int) -> float:
    """Independent forecasts of windows of the ``series`` (B,) ``horizon`` steps ahead: one
    per horizon of each series' windows, one at least."""
    counts = np.unique(series, return_counts=True)[1]
    return float(np.maximum(1.0, counts / horizon).sum())


def untested(val: Windows) -> bool:
    """Whether a network that beat the base on the validation windows ``val`` was trusted
    without a test of that gain (``clearly_better``): a single series' on fewer than
    MIN_EVIDENCE independent forecasts."""
    return len(np.unique(val.rows.series_of[val.origins])) == 1 and evidence(val) < MIN_EVIDENCE


def walks_as_prices_do(val: Windows) -> bool:
    """Whether the single series of these validation windows, based on its last value and of
    months or shorter steps (``sizing.at_price_frequency``), moves as a random walk with or
    without a drift (``random_walk``): a network's gain there is its drift, which in a price
    turns without warning (the NASDAQ's monthly close: networks trusted on the test period's
    +0.24 carried the 2010s' rise into 2022's fall, 1.67 of naive's MAE). The drift of a
    yearly or quarterly series (an economy's growth) is kept.

    Tested at the 1 % level, not 5 %: a price whose changes show some autocorrelation is
    still a price, whose network learns its drift (UnitedHealth's weekly close 2013-22, its
    changes' lag 1 -0.17 after 2020's crash and rebound, Ljung-Box 22.6 over 10 lags: networks
    trusted on its run-up, 2.9 times naive's MAE in the 13 weeks after mid-2022)."""
    if not at_price_frequency(val.rows.freq) or not len(val.origins):
        return False
    return on_a_random_walk(val, drift=True, significance=0.01)


def on_a_random_walk(val: Windows, drift: bool = False, significance: float = 0.05) -> bool:
    """Whether the series of these validation windows is based on its last value and its
    training rows (those up to the first validation origin) move as a random walk does
    (``random_walk``): a network trusted untested there has nothing to learn but noise, and
    the last value is the honest forecast (a monthly stock price through 2008: 1.95 of
    naive's MAE, then naive's: 17 unseen series 0.788 -> 0.777 of seasonal naive's MAE). A
    trend (a yearly CO2 series) or a cycle (lynx) is no random walk; Lake Huron's yearly level
    passes as one, and its networks' gain was lost (0.901 -> 1.000 of naive's MAE over two
    origins)."""
    series = np.unique(val.rows.series_of[val.origins])
    if len(series) != 1 or val.rows.base_kind[series[0]] != 0:
        return False
    s = series[0]
    y = val.rows.target[val.rows.starts[s] : val.origins.min() + 1]
    return random_walk(np.log(y) if val.rows.log_mode[s] else y, drift, significance)


WALK_LAGS = 10  # autocorrelations of the changes a random walk is tested on, at most
WALK_CHANGES = 20  # changes below which a random walk is not told from a trend: not called one
# The most lag-1 autocorrelation of the changes of a walk's averages: a month's mean of daily
# prices (the World Bank's, the IMF's commodity series) changes with about 0.25 (Working, 1960),
# an MA(1); past the next step its changes are as unforeseeable as a walk's. 0.4 leaves room
# for a sample's spread (pepper 0.35, sugar 0.29) and tests stronger momentum, which a network
# can forecast a step of. The test only judges a network with too few validation forecasts
# to test it: a long horizon, over which one step's momentum counts for little.
AVERAGED_WALK = 0.4


def random_walk(y: np.ndarray, drift: bool = False, significance: float = 0.05) -> bool:
    """Whether ``y`` moves as a random walk or the averages of one: no drift in its changes
    (their mean within 1.96 standard errors of 0; any, where ``drift``) and no autocorrelation
    at lags 1..WALK_LAGS (Ljung-Box at ``significance``: 0.05 or 0.01), lag 1 left out when it
    is positive and at most AVERAGED_WALK (a monthly mean pepper price's 0.35: its networks
    learned noise, 1.34 of naive's MAE), on WALK_CHANGES changes at least (fewer cannot tell a
    short trend from a walk). A negative lag 1 is tested: noise around a wandering level
    (Nile's flow), whose level the network learns."""
    d = np.diff(np.asarray(y, dtype=np.float64))
    n = len(d)
    lags = min(WALK_LAGS, n // 5)
    if n < WALK_CHANGES or not d.std() > 0:
        return False
    if not drift and abs(d.mean()) > 1.96 * d.std(ddof=1) / np.sqrt(n):
        return False
    acf = autocorrelations(d, lags)
    first = 1 if 0 < acf[0] <= AVERAGED_WALK else 0  # lags tested: first + 1 .. lags
    q = n * (n + 2) * np.sum(acf[first:] ** 2 / (n - np.arange(first + 1, lags + 1)))
    return bool(q < _CHI2[significance][lags - first - 1])


# The 95th and 99th percentiles of chi-squared with 1..10 degrees of freedom (Ljung-Box's
# limits at 5 % and 1 %).
_CHI2 = {0.05: (3.841, 5.991, 7.815, 9.488, 11.070, 12.592, 14.067, 15.507, 16.919, 18.307),
         0.01: (6.635, 9.210, 11.345, 13.277, 15.086, 16.812, 18.475, 20.090, 21.666, 23.209)}


def hedges(val: Windows, train: Windows) -> bool:
    """Whether a network that beat the base on these validation windows keeps only half its
    correction: a single series' network trusted on too little evidence to test, on a
    seasonal base, learned from fewer than HEDGED_BELOW ``train`` windows. That base holds the
    level and the season already, and such a network's gain on one or two validation
    forecasts often does not last (a level shift 18 months before the end: 1.5-3.3 times
    seasonal naive's MAE); a network on the last value is the only trend the forecast has (a
    yearly CO2 series: 0.105 of naive's MAE, 0.561 halved). Measured on
    `single_series.py --fresh --origins 2`: 0.642 -> 0.621 of seasonal naive's MAE. A network
    of hundreds of windows is more than a handful's luck: hedged, 12 M4 Hourly series (300 to
    500 windows each, two days ahead, one validation forecast) went 0.530 -> 0.669.
    (A panel's network on such evidence is judged noise: ``clearly_better``.)"""
    series = np.unique(val.rows.series_of[val.origins])
    return (untested(val) and len(train) < HEDGED_BELOW
            and bool((val.rows.base_kind[series] > 0).all()))


HEDGED_BELOW = 200  # training windows from which an untested network is not hedged


HEDGE = 0.5  # share of its correction (its output) a hedged network keeps


def halved_correction(model: LSTMForecaster, theta: np.ndarray, share: float = HEDGE
                      ) -> np.ndarray:
    """``theta`` with the output layer and the skip scaled by ``share``: the network's output,
    its correction of the base, times ``share``."""
    theta = theta.copy()
    for name, view in model.views(theta).items():
        if name in HEAD:
            view *= share
    return theta


def base_output(model: LSTMForecaster, theta: np.ndarray) -> np.ndarray:
    """``theta`` with no correction of the base: its output 0, as an untrained network's."""
    return halved_correction(model, theta, 0.0)
