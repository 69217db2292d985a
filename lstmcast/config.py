"""Settings, defined once: what each means, its default, its choices and its help.

Grouped by concern (``data``, ``model``, ``fit``, ``eval``, ``output``, ``predict``); the CLI's
options take their defaults and help from here, a TOML config file fills the same fields, and
precedence is flags > file > defaults. Unset sizes (``None``) adapt to the data in ``resolve``.
Field names are unique across groups, so ``Settings.build(lr=1e-3)`` needs no group.
"""

from __future__ import annotations

import codecs
import csv
import os
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from .errors import InputError
from .intervals import check_levels

TRANSFORMS = ("auto", "log", "additive")  # how windows are normalised (see preprocess.py)
TRANSFORM_ALIASES = {"log-diff": "log", "diff": "additive", "none": "additive"}  # before 0.2
LOSSES = ("l1", "mse", "huber")
FILL_METHODS = ("ffill", "interpolate", "zero", "none")
DUPLICATE_POLICIES = ("error", "last", "mean", "sum", "count")
TOTALS = ("sum", "count")  # the policies that add a step's rows up: every row is one
INTERRUPT_POLICIES, FORMATS, DTYPES = ("keep", "discard"), ("csv", "json"), ("float32", "float64")

MIN_TRAIN_WINDOWS = 8  # fewer windows than this cannot train or early-stop anything useful


def setting(default, help: str, choices: tuple[str, ...] | None = None, flag: str | None = None,
            minimum: int | None = None):
    """A dataclass field with what the CLI and the config file need to know about it."""
    return field(default=default, metadata={"help": help, "choices": choices, "flag": flag,
                                            "minimum": minimum})


@dataclass(frozen=True)
class DataSpec:
    """How to read the CSV: saved in the model so ``predict`` reads fresh data the same way."""

    time_col: str | None = setting(None, "Time column (default: date/time-like name, or the "
                                   "first that parses).")
    target: str | None = setting(None, "Column to forecast (default: close/price/value-like "
                                 "name, or the only numeric one); in a wide file several, "
                                 "comma-separated, or 'all' numeric columns, each a series.")
    id_col: str | None = setting(None, "Column naming the series in a long file, e.g. "
                                 "'symbol' (default: a symbol/ticker/id-like text column whose "
                                 "values repeat while the times repeat; 'none': one series).")
    ids: tuple[str, ...] = setting((), "Only these series of a panel, e.g. 'AAPL,MSFT', are "
                                   "read and forecast (a file of series of two frequencies "
                                   "takes a run for each).", flag="--id")
    features: tuple[str, ...] = setting((), "Extra input columns, e.g. 'Volume,High'.")
    date_format: str | None = setting(None, "strftime format of the time column ('%d-%m-%y'), "
                                      "or unix[_ms|_us|_ns], excel, quarters, 'half years', "
                                      "'iso weeks' (2024-W05), weeks (2024/05), 'financial "
                                      "years', 'FY years|quarters', 'decimal|numbered years', "
                                      "'numbered steps'.")
    fill: str = setting("ffill", "Missing values: ffill, interpolate, zero (a day without "
                        "sales), or none (refuse them).", FILL_METHODS)
    duplicates: str = setting("error", "Repeated timestamps with different values: error "
                              "(but the hour a clock change repeats in sub-daily data is "
                              "averaged), last, mean, sum (transactions to daily totals; "
                              "with --fill zero), or count (rows per step: a log of events, "
                              "no column to forecast; a step without rows counts 0).",
                              DUPLICATE_POLICIES)
    every: str | None = setting(None, "Put each row on the step of this frequency at or before "
                                "its time (D, 3D, B, W-SUN, 2W-SUN, MS, QS, YS, h, 15min) before "
                                "cleaning: with --duplicates sum --fill zero, a log of timed "
                                "transactions becomes daily (or hourly, ...) totals; with "
                                "--duplicates count, counts of its rows.")
    encoding: str | None = setting(None, "Text encoding of the CSV (default: detected: UTF-8, "
                                   "UTF-16, or the code page Excel saves CSV in for Western, "
                                   "Polish, Cyrillic, Greek, Hebrew, Turkish, Chinese, "
                                   "Japanese or Korean text), e.g. cp1250 (Czech), "
                                   "iso-8859-7 (Greek), cp874 (Thai).")

    def validate(self) -> DataSpec:
        _check_choices(self)
        if self.duplicates == "count" and (given := [f for f, v in (
                ("--target", self.target), ("--features", self.features)) if v]):
            raise InputError(f"--duplicates count forecasts the number of rows per step, so it "
                             f"takes no {' or '.join(given)}; use --duplicates sum to add up "
                             "a column's values")
        # counted rows: a step without any had no events, not an unknown count
        return replace(self, fill="zero") if self.duplicates == "count" else self


@dataclass(frozen=True)
class ModelSpec:
    """The network and what it sees."""

    lookback: int | None = setting(None, "Input steps per window (default: a few seasons, "
                                   "from the frequency and length).", minimum=1)
    horizon: int = setting(1, "Steps forecast at once.", minimum=1)
    transform: str = setting("auto", "How each window is normalised: log (ratios to the "
                             "window's level; values > 0), additive (scaled differences), or "
                             "auto (log when every value is > 0).", TRANSFORMS)
    patch: int | None = setting(None, "Rows fed to the network per step (default: one season "
                                "of 5 rows or more when the window holds four, three in a "
                                "panel; else single rows, or fewer than 33 steps).", minimum=1)
    hidden: int | None = setting(None, "LSTM units per layer (default 64; 128 for a panel of "
                                 "50 or more series, 16 for a short series).", minimum=1)
    layers: int = setting(1, "Stacked LSTM layers.", minimum=1)
    dropout: float = setting(0.0, "Dropout between stacked layers (--layers 2 or more).")
    dtype: str = setting("float32", "Floating-point precision of the network.", DTYPES)


@dataclass(frozen=True)
class FitSpec:
    """The optimiser and the epoch loop."""

    epochs: int | None = setting(None, "Training epochs (default: a budget of about 400,000 "
                                 "windows, at most 40 epochs).", minimum=1)
    batch_size: int | None = setting(None, "Windows per step (default 128, fewer on short "
                                     "series).", minimum=1)
    stride: int | None = setting(None, "Each epoch trains on every k-th window of each series, "
                                 "from an offset drawn anew (default: 1, more when a panel "
                                 "has over 60,000 windows).", minimum=1)
    ensemble: int | None = setting(None, "Networks trained with consecutive seeds; the "
                                   "forecast is their median (default 3 for a single "
                                   "series, 5 for a short one, 1 for a panel).", minimum=1)
    lr: float | None = setting(None, "AdamW learning rate, decaying on a cosine (default 2e-3; "
                               "4e-3 for a panel of 50 or more series).")
    weight_decay: float = setting(1e-4, "AdamW weight decay.")
    clip: float = setting(1.0, "Maximum global gradient norm (0: off).")
    loss: str = setting("l1", "l1 (absolute errors of the log ratios), mse, or huber.",
                        LOSSES)
    patience: int = setting(10, "Stop after this many epochs without a better validation loss; "
                            "the best weights are kept (--val-size 0: every epoch runs).",
                            minimum=1)
    seed: int = setting(0, "Seed of weights, batches and dropout: the same data, flags and seed "
                        "give the same model.", minimum=0)
    per_series: bool = setting(False, "A panel: train a separate model for each series (run in "
                               "parallel with --workers or --scheduler) instead of one global "
                               "model.")
    refit: bool = setting(True, "Retrain on all rows for the chosen number of epochs before "
                          "saving (metrics stay those of the test period).", flag="--refit")
    on_interrupt: str = setting("keep", "On Ctrl-C: keep (save the best model so far) or "
                                "discard.", INTERRUPT_POLICIES)


@dataclass(frozen=True)
class EvalSpec:
    """The held-out periods and the baselines."""

    test_size: int | None = setting(None, "Rows of each series held out at the end to measure "
                                    "accuracy (default: ~10% of one series; in a panel the "
                                    "horizon, more, up to ~10%, when that leaves fewer than "
                                    "100 forecast origins in all).", minimum=1)
    val_size: int | None = setting(None, "Rows before the test period used for early stopping "
                                   "(default: as the test period; none for a single series "
                                   "too short for both; 0: none, train for --epochs).",
                                   minimum=0)
    season: int | None = setting(None, "Seasonal period (default from the frequency: 24 "
                                 "hourly, 7 daily, 5 business days, 52 weekly, 12 monthly, 4 "
                                 "quarterly; numbered steps: the one their values show; 1 for "
                                 "none).", minimum=1)


@dataclass(frozen=True)
class OutputSpec:
    """Where 'train' writes."""

    out: str = setting("model.lstmcast", "Model file to write.")
    metrics_out: str | None = setting(None, "Metrics JSON to write, '-' for stdout (default: "
                                      "train writes it next to the model, backtest none).")
    quiet: bool = setting(False, "Only warnings and errors on stderr.")


@dataclass(frozen=True)
class PredictSpec:
    """What 'predict' reads and writes."""

    model: str = setting("model.lstmcast", "Model file from 'lstmcast train'.")
    # Checked against the model's horizon, which the message then names, once it is loaded.
    steps: int | None = setting(None, "Steps to output (at most the model's horizon; default: "
                                "all).", flag="--horizon")
    format: str = setting("csv", "csv or json.", FORMATS)
    output: str | None = setting(None, "Write here (atomically) instead of stdout.")
    decimals: int | None = setting(None, "Decimals of the forecasts, exactly (default: the "
                                   "data's own decimals plus two, keeping at least 6 "
                                   "significant digits).")
    header: bool = setting(True, "Write the CSV header (--no-header to append: '>> history.csv', "
                           "or -o history.csv, which adds the rows after the file's).")
    levels: tuple[float, ...] = setting(
        (80.0, 95.0), "Prediction interval level in percent; repeat for several (default 80 and "
        "95, giving lo_80,hi_80,lo_95,hi_95); 0 for none.", flag="--level")


@dataclass(frozen=True)
class ParallelSpec:
    """Where independent work (ensemble members, per-series models, backtest folds) runs; never
    changes a result."""

    workers: int = setting(0, "Run independent work on this many local Dask worker processes "
                           "(0: in this process, or on the cluster DASK_SCHEDULER_ADDRESS "
                           "names when set).", minimum=0)
    scheduler: str | None = setting(None, "Run it on an existing Dask cluster at this address, "
                                    "e.g. tcp://10.0.0.5:8786 (or set DASK_SCHEDULER_ADDRESS).")
    scheduler_file: str | None = setting(None, "Run it on the Dask cluster whose scheduler "
                                         "wrote this file (dask scheduler --scheduler-file).")


GROUPS = {"data": DataSpec, "model": ModelSpec, "fit": FitSpec, "eval": EvalSpec,
          "output": OutputSpec, "predict": PredictSpec, "parallel": ParallelSpec}
FIELDS = {f.name: (group, f) for group, cls in GROUPS.items() for f in fields(cls)}


def name_list(text: str) -> list[str]:
    """The names in ``text`` ('A,B'), read as a row of a CSV so that a name holding a comma
    is quoted as the file quotes it ('"Brent, USD/bbl",WTI'); blanks left out."""
    return [n.strip() for n in next(csv.reader([text], skipinitialspace=True), []) if n.strip()]


def flag_of(name: str) -> str:
    """The command-line flag of setting ``name``: ``--horizon`` for predict's ``steps``."""
    return FIELDS[name][1].metadata.get("flag") or f"--{name.replace('_', '-')}"


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, by group."""

    data: DataSpec = DataSpec()
    model: ModelSpec = ModelSpec()
    fit: FitSpec = FitSpec()
    eval: EvalSpec = EvalSpec()
    output: OutputSpec = OutputSpec()
    predict: PredictSpec = PredictSpec()
    parallel: ParallelSpec = ParallelSpec()

    @classmethod
    def build(cls, **values) -> Settings:
        """Defaults overridden by ``name=value`` pairs, validated."""
        return cls().replace(**values).validate()

    def replace(self, **values) -> Settings:
        """A copy with the named fields changed, typed as the fields are (not validated)."""
        changes: dict[str, dict] = {}
        for name, value in values.items():
            if name not in FIELDS:
                raise TypeError(f"unknown setting {name!r}")
            value = _coerce(FIELDS[name][1], value, flag_of(name))
            if name == "transform" and isinstance(value, str):
                value = TRANSFORM_ALIASES.get(value.lower(), value)
            choices = FIELDS[name][1].metadata.get("choices") or ()
            if isinstance(value, str) and value not in choices and value.lower() in choices:
                value = value.lower()  # '--format JSON', '--fill Zero'
            changes.setdefault(FIELDS[name][0], {})[name] = value
        return replace(self, **{g: replace(getattr(self, g), **c) for g, c in changes.items()})

    def validate(self) -> Settings:
        """Check every value once; the messages name the flag a user would change."""
        for group in GROUPS:
            _check_choices(getattr(self, group))
        m, f = self.model, self.fit
        check_levels(self.predict.levels)
        if self.predict.decimals is not None and not 0 <= self.predict.decimals <= 15:
            raise InputError(f"--decimals must be between 0 and 15, got {self.predict.decimals}")
        if not 0.0 <= m.dropout < 1.0:
            raise InputError(f"--dropout must be in [0, 1), got {m.dropout!r}")
        if f.lr is not None and not 0.0 < f.lr < float("inf"):
            raise InputError(f"--lr must be a positive finite number, got {f.lr!r}")
        if not 0.0 <= f.clip < float("inf"):
            raise InputError(f"--clip must be >= 0 (0 turns clipping off), got {f.clip!r}")
        if not 0.0 <= f.weight_decay < float("inf"):
            raise InputError(f"--weight-decay must be >= 0, got {f.weight_decay!r}")
        if (m.hidden or 0) > 4096 or m.layers > 16:
            raise InputError("--hidden above 4096 or --layers above 16 would not fit a CPU "
                             "forecaster; use smaller values")
        return self

    def for_training(self) -> Settings:
        """The settings, where training uses every one: --dropout acts between stacked layers,
        and with one layer it changed nothing, unsaid (a model file's: ``validate`` alone)."""
        if self.model.dropout and self.model.layers == 1:
            raise InputError(f"--dropout {self.model.dropout:g} acts between stacked layers, "
                             "and --layers 1 has none", fallback="pass --layers 2 or more, or "
                             "leave --dropout out")
        return self

    def to_dict(self, groups=("model", "fit", "eval")) -> dict:
        """{group: {name: value}} of the groups a model file keeps."""
        return {g: asdict(getattr(self, g)) for g in groups}

    @classmethod
    def from_dict(cls, d: dict, source: str = "settings") -> Settings:
        """Inverse of ``to_dict`` (other groups at their defaults); checks names and types."""
        return cls().replace(**_typed_values(d, source)).validate()


# --------------------------------------------------------------------------- config file


def read_config(path: str) -> dict[str, Any]:
    """``name -> value`` from a TOML file with tables named like the groups ([model]
    horizon = 7, [fit] lr = 0.001, each key on its own line)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: config file not found", fallback="check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a config file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the config file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML config file ({exc})") from None
    values = _typed_values(doc, os.fspath(path))
    try:  # a bad value is the file's error, named as the file names it
        Settings().replace(**values).validate()
    except InputError as err:
        flag = err.message.split(" ", 1)[0]  # ``validate``'s messages start with the flag
        name = next((n for n in values if flag_of(n) == flag), None)
        where = f"[{FIELDS[name][0]}] {name}" if name else flag
        raise InputError(f"{path}: {where}{err.message[len(flag):]}") from None
    return values


def _typed_values(doc: dict, source: str) -> dict[str, Any]:
    values = {}
    for group, table in doc.items():
        if group not in GROUPS and group in FIELDS:
            raise InputError(f"{source}: key {group!r} must be under its section "
                             f"[{FIELDS[group][0]}]")
        if group not in GROUPS:
            raise InputError(f"{source}: unknown section [{group}]; sections are "
                             f"{', '.join(GROUPS)}")
        if not isinstance(table, dict):
            raise InputError(f"{source}: {group!r} must be a section ([{group}]), not a value")
        known = {f.name: f for f in fields(GROUPS[group])}
        for key, value in table.items():
            if key not in known:
                raise InputError(f"{source}: unknown key {key!r} in [{group}]; known keys: "
                                 f"{', '.join(known)}")
            values[key] = _coerce(known[key], value, f"{source}: [{group}] {key}")
    return values


def _coerce(f, value, where: str):
    """``value`` as the field's type (NumPy's numbers and arrays as Python's, a Path as text,
    "BBB", one name as --id BBB is, a tuple); an InputError naming ``where`` if it has none."""
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    value = os.fspath(value) if isinstance(value, os.PathLike) else value
    value = value.tolist() if hasattr(value, "tolist") else value  # np.int64(4), np.array([80])
    if value is None and "None" in kind:
        return None
    if kind.startswith("tuple[float"):
        value = value if isinstance(value, (list, tuple)) else [value]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return tuple(float(v) for v in value)
        raise InputError(f"{where} must be a list of numbers, got {value!r}")
    if kind.startswith("tuple"):
        if isinstance(value, str):
            value = name_list(value)
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise InputError(f"{where} must be a list of column names, got {value!r}")
    if kind.startswith("bool"):
        if isinstance(value, bool):
            return value
        raise InputError(f"{where} must be true or false, got {value!r}")
    if kind.startswith("int"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise InputError(f"{where} must be a whole number, got {value!r}")
    if kind.startswith("float"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise InputError(f"{where} must be a number, got {value!r}")
    if isinstance(value, str):
        return value
    raise InputError(f"{where} must be text, got {value!r}")


def _check_choices(spec) -> None:
    for f in fields(spec):
        value, meta, flag = getattr(spec, f.name), f.metadata, flag_of(f.name)
        choices = meta.get("choices")
        if choices and value not in choices:
            if len(choices) == 2:
                raise InputError(f"{flag} must be {choices[0]} or {choices[1]}, got {value!r}")
            raise InputError(f"{flag} must be one of {', '.join(choices)}; got {value!r}")
        if meta.get("minimum") is not None and value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < meta["minimum"]):
            raise InputError(f"{flag} must be a whole number >= {meta['minimum']}, "
                             f"got {value!r}")
        if f.name == "encoding" and value is not None:
            try:  # a text encoding by any of Python's names for it ('latin2', 'windows-1250')
                if not (found := codecs.lookup(value))._is_text_encoding or \
                        found.name == "undefined":  # (not 'base64', 'undefined': no text)
                    raise LookupError(value)
            except LookupError:
                raise InputError(f"{flag} {value!r} is no text encoding Python knows; give "
                                 "one such as utf-8, cp1250 or cp1253") from None
