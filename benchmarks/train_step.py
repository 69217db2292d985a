"""Median time of one full training step (forward, backward, clipping, AdamW) per shape.

    python benchmarks/train_step.py [--repeats 30] [--shapes 64,60,1,32,1,1 ...]

Prints, per shape (B, T, D, H, L, K): lstmcast's median seconds, samples/s and GFLOP/s by the
model 6*4H*(D_k+H)*B*T per layer; and, where torch is importable (install it in a separate
environment: ``pip install torch==2.13.0``), torch.nn.LSTM + nn.Linear + Adam + MSE on the same
shape with 2 threads, float32, timed in the same run, and the ratio torch_time / lstmcast_time.
Also the engine's compile time (empty cache) and cached load time, each in a fresh process.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

SHAPES = [
    (64, 60, 1, 32, 1, 1),
    (64, 60, 1, 64, 1, 1),
    (64, 60, 1, 128, 2, 1),
    (256, 60, 5, 256, 1, 1),
    (32, 168, 1, 64, 1, 24),
]


def gflop(B, T, D, H, L, K):
    return sum(6 * 4 * H * ((D if k == 0 else H) + H) * B * T for k in range(L)) / 1e9


def median_time(fn, repeats, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_lstmcast(shape, repeats):
    from lstmcast.engine import LSTMForecaster

    B, T, D, H, L, K = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((B, T, D)).astype(np.float32)
    y = rng.standard_normal((B, K)).astype(np.float32)
    model = LSTMForecaster(D, H, L, K, dtype="float32", seed=0, clip=1.0)
    return median_time(lambda: model.step(x, y), repeats)


def bench_torch(shape, repeats):
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(0)
    B, T, D, H, L, K = shape
    lstm = torch.nn.LSTM(D, H, num_layers=L, batch_first=True)
    head = torch.nn.Linear(H, K)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(B, T, D)
    y = torch.randn(B, K)

    def step():
        opt.zero_grad()
        out, _ = lstm(x)
        loss = loss_fn(head(out[:, -1, :]), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    return median_time(step, repeats)


def startup_times():
    """Compile time with an empty cache, then load time from that cache, in fresh processes."""
    code = (
        "import time; t=time.perf_counter();"
        "import numpy as np; from lstmcast.engine import LSTMForecaster;"
        "m=LSTMForecaster(1,8,2,2,dropout=0.1);"
        "x=np.zeros((4,5,1),np.float32); m.step(x,np.zeros((4,2),np.float32)); m.predict(x);"
        "print(time.perf_counter()-t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        run = [sys.executable, "-c", code]
        cold = float(subprocess.run(run, env=env, capture_output=True, text=True,
                                    check=True).stdout)
        warm = float(subprocess.run(run, env=env, capture_output=True, text=True,
                                    check=True).stdout)
    return cold, warm


def parse_shape(text):
    return tuple(int(v) for v in text.split(","))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--shapes", nargs="*", type=parse_shape, default=SHAPES)
    parser.add_argument("--no-startup", action="store_true", help="skip the compile timing")
    args = parser.parse_args()

    try:
        import torch  # noqa: F401

        have_torch = True
    except ImportError:
        have_torch = False

    import numba

    print(f"numba threads: {numba.get_num_threads()}, torch: "
          f"{'yes (2 threads)' if have_torch else 'not importable'}")
    if not args.no_startup:
        cold, warm = startup_times()
        print(f"engine compile (empty cache): {cold:.2f} s; cached load: {warm:.2f} s")
    header = f"{'B,T,D,H,L,K':>20} {'lstmcast s':>11} {'samples/s':>10} {'GFLOP/s':>8}"
    if have_torch:
        header += f" {'torch s':>10} {'ratio':>6}"
    print(header)
    for shape in args.shapes:
        repeats = max(5, args.repeats // 4) if shape[3] >= 256 else args.repeats
        ours = bench_lstmcast(shape, repeats)
        line = (f"{','.join(map(str, shape)):>20} {ours:11.5f} {shape[0] / ours:10.0f} "
                f"{gflop(*shape) / ours:8.1f}")
        if have_torch:
            theirs = bench_torch(shape, repeats)
            line += f" {theirs:10.5f} {theirs / ours:6.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
