"""Settings of a training run: what the flags mean, their defaults, and how unset ones adapt
to the data. Validated once here; stored in the model file as they were resolved."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .errors import InputError
from .transforms import TRANSFORMS

LOSSES = ("mse", "huber")
INTERRUPT_POLICIES = ("keep", "discard")

# Lookback by frequency when neither --lookback nor --season says otherwise: about one natural
# cycle of the calendar (a month of days, two days of hours, two years of months).
_LOOKBACK_BY_FREQ = {"D": 30, "B": 20, "h": 48, "min": 60, "W": 26, "MS": 24, "ME": 24,
                     "QS": 8, "QE": 8, "YS": 8, "YE": 8}
_DEFAULT_LOOKBACK = 30
MIN_TRAIN_WINDOWS = 8  # fewer windows than this cannot train or early-stop anything useful


@dataclass(frozen=True)
class DataSpec:
    """How to read the CSV: saved in the model so ``predict`` reads fresh data the same way."""

    time_col: str | None = None
    target: str | None = None
    features: tuple[str, ...] = ()
    date_format: str | None = None
    fill: str = "ffill"  # ffill | interpolate | none
    duplicates: str = "error"  # error | last | mean


@dataclass(frozen=True)
class TrainConfig:
    """Every training setting; ``None`` means 'adapt to the data' (see ``resolve``)."""

    lookback: int | None = None  # input steps per window
    horizon: int = 1  # steps forecast at once by the multi-output head
    test_size: int | None = None  # rows in the held-out test period (default ~10%)
    val_size: int | None = None  # rows in the validation period before it (early stopping)
    season: int | None = None  # seasonal period m: seasonal naive baseline, seasonal MASE
    transform: str = "auto"  # auto | none | diff | log-diff
    hidden: int = 32
    layers: int = 1
    dropout: float = 0.0  # between stacked layers
    epochs: int = 100
    batch_size: int | None = None  # default: 64, fewer on short series
    lr: float = 3e-3
    weight_decay: float = 0.0
    clip: float = 1.0  # max global gradient norm
    loss: str = "mse"  # mse | huber
    patience: int = 10  # epochs without a better validation loss before stopping
    seed: int = 0
    refit: bool = True  # retrain on all data for the best epoch count before saving
    on_interrupt: str = "keep"  # Ctrl-C: keep the best model so far, or discard the run
    dtype: str = "float32"

    def validate(self) -> TrainConfig:
        def positive(name, value, allow_none=True):
            if value is None and allow_none:
                return
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"--{name.replace('_', '-')} must be a whole number >= 1, "
                                 f"got {value!r}")

        for name in ("lookback", "test_size", "val_size", "season", "batch_size"):
            positive(name, getattr(self, name))
        for name in ("horizon", "hidden", "layers", "epochs", "patience"):
            positive(name, getattr(self, name), allow_none=False)
        if self.transform not in ("auto", *TRANSFORMS):
            raise InputError(f"--transform must be one of auto, {', '.join(TRANSFORMS)}; "
                             f"got {self.transform!r}")
        if self.loss not in LOSSES:
            raise InputError(f"--loss must be one of {', '.join(LOSSES)}; got {self.loss!r}")
        if not 0.0 <= self.dropout < 1.0:
            raise InputError(f"--dropout must be in [0, 1), got {self.dropout!r}")
        if not 0.0 < self.lr < float("inf"):
            raise InputError(f"--lr must be a positive finite number, got {self.lr!r}")
        if not 0.0 <= self.clip < float("inf"):
            raise InputError(f"--clip must be >= 0 (0 turns clipping off), got {self.clip!r}")
        if not 0.0 <= self.weight_decay < float("inf"):
            raise InputError(f"--weight-decay must be >= 0, got {self.weight_decay!r}")
        if self.on_interrupt not in INTERRUPT_POLICIES:
            raise InputError(f"--on-interrupt must be keep or discard, got {self.on_interrupt!r}")
        if self.dtype not in ("float32", "float64"):
            raise InputError(f"dtype must be float32 or float64, got {self.dtype!r}")
        if self.hidden > 4096 or self.layers > 16:
            raise InputError("--hidden above 4096 or --layers above 16 would not fit a CPU "
                             "forecaster; use smaller values")
        return self

    def resolve(self, n_rows: int, freq: str, path: str = "data") -> TrainConfig:
        """Fill the adaptive settings from the series' length and frequency.

        Raises InputError when the series is too short for even the smallest model, saying how
        many rows are needed.
        """
        K = self.horizon
        base = freq.split("-")[0]
        lookback = self.lookback
        if lookback is None:
            lookback = _LOOKBACK_BY_FREQ.get(base, _DEFAULT_LOOKBACK)
            if self.season is not None:
                lookback = max(lookback, min(self.season + 1, 4 * lookback))
            # Leave most of a short series for windows rather than for one long lookback.
            lookback = max(2, min(lookback, n_rows // 6))
        test = self.test_size if self.test_size is not None else max(K, round(0.1 * n_rows))
        val = self.val_size if self.val_size is not None else max(K, round(0.1 * n_rows))
        # Rows the training part needs: one extra for a differencing transform, the lookback,
        # the horizon, and enough windows to learn from.
        needed_train = 1 + lookback + K + MIN_TRAIN_WINDOWS - 1
        if test < K or val < K:
            raise InputError(f"--test-size and --val-size must be at least the horizon ({K}) "
                             "so that one full forecast fits in each period")
        if n_rows < needed_train + val + test:
            if self.test_size is not None and test >= n_rows:
                raise InputError(f"--test-size {test} is larger than the data ({n_rows} rows "
                                 f"in {path}); use a smaller --test-size")
            raise InputError(
                f"{path}: series too short: {n_rows} rows, but lookback {lookback} + horizon "
                f"{K} with {val} validation and {test} test rows needs at least "
                f"{needed_train + val + test}; add rows, or lower --lookback, --test-size or "
                "--val-size"
            )
        train_windows = n_rows - val - test - lookback - K
        batch = self.batch_size
        if batch is None:
            batch = max(8, min(64, train_windows // 8))
        return replace(self, lookback=lookback, test_size=test, val_size=val, batch_size=batch)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        fields = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**fields)
