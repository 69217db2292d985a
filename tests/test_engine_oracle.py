"""Acceptance: the engine reproduces PyTorch's LSTM fixtures (forward, loss, every gradient).

The cases are every ``*.npz`` in the folder named by ``LSTMCAST_ORACLE_DIR`` (default: the
``oracle`` folder next to this file, a copy of ``../shared/oracle``). Sizes are read from each
file's scalars, never from its name, so a folder of other shapes works unchanged. Tolerances
are the fixtures' README's, with ``scale = np.abs(ref).max()`` per array:

    float64 model: np.allclose(got, ref, rtol=1e-9, atol=1e-11 * scale)
    float32 model: np.allclose(got, ref, rtol=1e-4, atol=1e-5 * scale)
"""

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
import reference

from lstmcast.engine import LSTMForecaster

ORACLE_DIR = Path(os.environ.get("LSTMCAST_ORACLE_DIR", Path(__file__).parent / "oracle"))
CASES = sorted(p.name for p in ORACLE_DIR.glob("*.npz")) if ORACLE_DIR.is_dir() else []
TOLERANCES = {"float64": (1e-9, 1e-11), "float32": (1e-4, 1e-5)}


def load_case(name):
    with np.load(ORACLE_DIR / name, allow_pickle=False) as d:
        case = {key: d[key] for key in d.files}
    sizes = {key: int(case[key]) for key in
             ("num_layers", "input_size", "hidden_size", "seq_len", "batch_size", "output_size")}
    return case, sizes


def param_names(num_layers):
    names = []
    for k in range(num_layers):
        names += [f"weight_ih_l{k}", f"weight_hh_l{k}", f"bias_ih_l{k}", f"bias_hh_l{k}"]
    return names + ["W_out", "b_out"]


def assert_matches(got, ref, dtype, what):
    rtol, atol_rel = TOLERANCES[dtype]
    got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    assert got.shape == ref.shape, f"{what}: shape {got.shape}, expected {ref.shape}"
    scale = np.abs(ref).max() if ref.size else 0.0
    ok = np.allclose(got, ref, rtol=rtol, atol=atol_rel * scale)
    if not ok:
        err = np.abs(got - ref)
        flat_worst = np.argmax(err - rtol * np.abs(ref))
        worst = tuple(int(i) for i in np.unravel_index(flat_worst, ref.shape))
        pytest.fail(
            f"{what} ({dtype}): max abs error {err.max():.3e} (scale {scale:.3e}); "
            f"worst at {worst}: got {got[worst]!r}, expected {ref[worst]!r}"
        )


def read_checksums(folder):
    sums = {}
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*").strip()] = digest.lower()
    return sums


def test_oracle_folder_has_cases():
    assert ORACLE_DIR.is_dir(), f"oracle folder {ORACLE_DIR} does not exist (LSTMCAST_ORACLE_DIR)"
    assert CASES, f"no *.npz fixtures in {ORACLE_DIR}: the oracle test would pass vacuously"


@pytest.mark.parametrize("name", CASES or ["<no fixtures>"])
def test_fixture_checksum(name):
    assert CASES, f"no *.npz fixtures in {ORACLE_DIR}"
    if not (ORACLE_DIR / "SHA256SUMS").exists():
        pytest.skip(f"no SHA256SUMS in {ORACLE_DIR}")
    sums = read_checksums(ORACLE_DIR)
    assert name in sums, f"{name} is not listed in {ORACLE_DIR / 'SHA256SUMS'}"
    digest = hashlib.sha256((ORACLE_DIR / name).read_bytes()).hexdigest()
    assert digest == sums[name], f"{name}: sha256 {digest}, SHA256SUMS says {sums[name]}"


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", CASES or ["<no fixtures>"])
def test_engine_matches_oracle(name, dtype):
    assert CASES, f"no *.npz fixtures in {ORACLE_DIR}"
    case, n = load_case(name)
    L, D, H, T, B, K = (n["num_layers"], n["input_size"], n["hidden_size"], n["seq_len"],
                        n["batch_size"], n["output_size"])  # the README's L, I, H, T, B, O
    assert case["x"].shape == (B, T, D), f"{name}: x has shape {case['x'].shape}"
    assert case["y"].shape == (B, K), f"{name}: y has shape {case['y'].shape}"

    model = LSTMForecaster(input_size=D, hidden_size=H, num_layers=L, output_size=K, dtype=dtype)
    views = model.views()
    assert list(views) == param_names(L)
    for pname in param_names(L):
        assert views[pname].shape == case[pname].shape, pname
        views[pname][...] = case[pname]
    # Every weight came from the file: nothing of the seeded initialisation is left.
    expected_theta = np.concatenate([case[p].ravel() for p in param_names(L)]).astype(dtype)
    np.testing.assert_array_equal(model.theta, expected_theta)

    loss, grads = model.loss_and_grad(case["x"], case["y"], case["h0"], case["c0"])
    fwd = model.forward(case["x"], case["h0"], case["c0"])

    for array in (fwd.y_hat, fwd.outputs, fwd.h_n, fwd.c_n, grads.theta, grads.x, grads.h0,
                  grads.c0):
        assert array.dtype == np.dtype(dtype)
    assert_matches(fwd.outputs, case["output"], dtype, f"{name} output")
    assert_matches(fwd.h_n, case["h_n"], dtype, f"{name} h_n")
    assert_matches(fwd.c_n, case["c_n"], dtype, f"{name} c_n")
    assert_matches(fwd.y_hat, case["y_hat"], dtype, f"{name} y_hat")
    assert_matches(loss, case["loss"], dtype, f"{name} loss")
    grad_views = model.views(grads.theta)
    for pname in param_names(L):
        assert_matches(grad_views[pname], case[f"grad_{pname}"], dtype, f"{name} grad_{pname}")
    assert_matches(grads.x, case["grad_x"], dtype, f"{name} grad_x")
    assert_matches(grads.h0, case["grad_h0"], dtype, f"{name} grad_h0")
    assert_matches(grads.c0, case["grad_c0"], dtype, f"{name} grad_c0")


@pytest.mark.parametrize("name", CASES or ["<no fixtures>"])
def test_reference_twin_matches_oracle(name):
    """The NumPy twins that the kernel tests rely on are themselves right."""
    assert CASES, f"no *.npz fixtures in {ORACLE_DIR}"
    case, n = load_case(name)
    params = {p: case[p] for p in param_names(n["num_layers"])}
    out, h_n, c_n, y_hat = reference.lstm_forward_reference(
        params, case["x"], case["h0"], case["c0"]
    )
    for got, key in ((out, "output"), (h_n, "h_n"), (c_n, "c_n"), (y_hat, "y_hat")):
        assert_matches(got, case[key], "float64", f"reference {key}")
    assert_matches(reference.mse(y_hat, case["y"]), case["loss"], "float64", "reference loss")
    grads = reference.lstm_backward_reference(
        params, case["x"], case["h0"], case["c0"], reference.mse_grad(y_hat, case["y"])
    )
    for key, got in grads.items():
        assert_matches(got, case[key], "float64", f"reference {key}")
