"""fit.py: networks that validation kept are checked on the test period."""

from __future__ import annotations

import numpy as np
import pytest
from test_preprocess import panel_of
from test_windows import RECIPE

from lstmcast.preprocess import SeriesState, panel_rows
from lstmcast.windows import Windows


def fitted(correction: np.ndarray, best_epoch: int = 5):
    """A member whose network corrects every window's base by ``correction`` (K,), in the
    normalised space it learns in (log ratios here)."""
    from lstmcast.config import FitSpec, ModelSpec
    from lstmcast.fit import FitResult, new_model

    model = new_model(ModelSpec(hidden=4, horizon=RECIPE.horizon), FitSpec(), 1,
                      RECIPE.lookback, 1e-3, seed=0)
    theta = model.theta.copy()
    model.views(theta)["b_out"][:] = correction
    model.set_params(theta)
    return FitResult(model, "completed", best_epoch, best_epoch, 0.1, 1e-3)


def test_networks_judged_noise_are_said_in_one_line():
    from lstmcast.fit import FitResult, trust_notes

    rows = panel_rows(panel_of(50 + np.random.default_rng(0).random(80)),
                      [SeriesState("log", "last")])
    val = Windows(rows, np.arange(60, 75), RECIPE)  # 5 forecasts: tested
    noise = FitResult(None, "completed", 9, 0, 0.1, 1e-3, gain_was_noise=True)
    kept = FitResult(None, "completed", 9, 3, 0.1, 1e-3)
    assert trust_notes([kept], val) == []
    assert trust_notes([noise, kept], val) == [
        "network 1: its gain over the base forecast on the validation windows is within noise; "
        "it forecasts the base (the last value or a seasonal one)"]
    assert trust_notes([noise, kept, noise], val) == [
        "networks 1, 3: each one's gain over the base forecast on the validation windows is "
        "within noise; each forecasts the base (the last value or a seasonal one)"]


class _StoppedCluster:
    """An executor on Dask whose map was stopped by Ctrl-C once ``finished`` had finished."""

    engine = "dask"

    def __init__(self, finished):
        self.finished = finished

    def map(self, fn, tasks, name, warm, on_done=None):
        from lstmcast.errors import StoppedMidway

        raise StoppedMidway({i: (f"member {i}", [f"note of {i}"]) for i in self.finished})


@pytest.mark.parametrize(("phase", "finished", "on_interrupt", "kept"), [
    ("fit", [0, 2], "keep", ["member 0", "member 2"]),
    ("fit", [], "keep", None),  # nothing to keep: the interrupt goes on
    ("fit", [0], "discard", None),
    ("refit", [1], "keep", ["member 1"]),  # the caller keeps the models of the fit instead
])
def test_ctrl_c_on_a_cluster_keeps_the_members_that_had_finished(phase, finished, on_interrupt,
                                                                 kept):
    """As in one process, where the members fitted before Ctrl-C are kept: before, a run on
    --workers kept nothing of an ensemble."""
    from lstmcast.config import Settings
    from lstmcast.fit import MemberTask, fit_members

    settings = Settings.build(on_interrupt=on_interrupt)
    tasks = [MemberTask(None, None, 1, None, None, k, phase=phase) for k in range(3)]
    notes = []
    if kept is None:
        with pytest.raises(KeyboardInterrupt):
            fit_members(tasks, _StoppedCluster(finished), settings, notes.append, None)
        return
    fits, stopped = fit_members(tasks, _StoppedCluster(finished), settings, notes.append, None)
    assert (fits, stopped) == (kept, phase)
    assert notes[:len(finished)] == [f"note of {i}" for i in finished]
    assert notes[-1] == ("interrupted; keeping the 2 of 3 networks that had finished, not "
                         "refitted" if phase == "fit" else "interrupted during the refit on "
                         "all data; keeping the models evaluated on the test period")
