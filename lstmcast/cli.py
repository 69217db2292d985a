"""The command line: thin Typer commands over the library. Data goes to stdout, people's
messages to stderr; every failure is one line ``error: …`` and a non-zero exit code."""

from __future__ import annotations

import json
import os
import sys

import typer
from typer.core import TyperGroup

from .errors import InputError, LstmcastError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG_EXIT = "Exit codes: 0 ok, 1 failure, 2 bad input or usage, 130 interrupted."


class OneLineErrors(TyperGroup):
    """Runs the commands and turns every failure into one ``error:`` line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        show_traceback = "--traceback" in args or os.environ.get("LSTMCAST_TRACEBACK") == "1"
        args = [a for a in args if a != "--traceback"]
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except LstmcastError as err:
            if show_traceback:
                raise
            _err(f"error: {_one_line(str(err))}")
            code = err.exit_code
        except KeyboardInterrupt:
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except Exception as err:
            if hasattr(err, "format_message") and hasattr(err, "exit_code"):
                # Typer's (Click's) own usage errors: bad option values, unknown options.
                ctx = getattr(err, "ctx", None)
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                _err(f"error: {_one_line(err.format_message())}{hint}")
                code = err.exit_code
                if standalone_mode:
                    sys.exit(code)
                return code
            # Anything else is a bug: say so in one line, details with --traceback.
            if show_traceback:
                raise
            _err(f"error: internal error: {type(err).__name__}: {_one_line(str(err))} "
                 "(run again with --traceback and report it)")
            code = EXIT_FAILURE
        if standalone_mode:
            sys.exit(code or 0)
        return code


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


app = typer.Typer(
    cls=OneLineErrors,
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Forecast a time series from a CSV with an LSTM.\n\n"
    "  lstmcast train prices.csv     learn a model, report its accuracy against baselines\n\n"
    "  lstmcast predict > fc.csv     forecast the next steps (e.g. from cron)\n\n"
    "  lstmcast info                 show what a model file holds\n\n"
    "Add --traceback to any command to see the Python traceback of an error.",
    epilog=EPILOG_EXIT,
)


@app.callback()
def _show_help_without_a_command(ctx: typer.Context):
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit(EXIT_OK)


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _say(console, text: str, quiet: bool, style: str | None = None) -> None:
    if not quiet:
        console.print(text, markup=False, style=style, soft_wrap=True)


def _warn(text: str) -> None:
    _err(f"warning: {_one_line(text)}")


def _split_features(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p.strip() for p in text.split(",") if p.strip())


def default_metrics_path(model_path: str) -> str:
    root, ext = os.path.splitext(model_path)
    return (root if ext == ".lstmcast" else model_path) + ".metrics.json"


@app.command(epilog="Example: lstmcast train sample_data/btc_usd_daily.csv --horizon 7 "
             "--out btc.lstmcast\n\n" + EPILOG_EXIT)
def train(
    data: str = typer.Argument(..., help="CSV file with a time column and the series."),
    target: str | None = typer.Option(None, "--target", help="Column to forecast (default: "
                                         "close/price/value-like name, or the only numeric one)."),
    time_col: str | None = typer.Option(None, "--time-col", help="Time column (default: "
                                           "date/time-like name, or the first that parses)."),
    features: str | None = typer.Option(None, "--features", help="Extra input columns, "
                                           "comma-separated, e.g. 'Volume,High'."),
    date_format: str | None = typer.Option(None, "--date-format", help="strftime format of "
                                              "the time column, when dates are ambiguous, e.g. "
                                              "'%d-%m-%y'."),
    fill: str = typer.Option("ffill", "--fill", help="Missing values: ffill, interpolate, or "
                             "none (refuse them)."),
    duplicates: str = typer.Option("error", "--duplicates", help="Repeated timestamps with "
                                   "different values: error, last, or mean."),
    transform: str = typer.Option("auto", "--transform", help="auto (log-returns for positive "
                                  "trending prices), none, diff, or log-diff."),
    lookback: int | None = typer.Option(None, "--lookback", help="Input steps per window "
                                           "(default: adapts to the frequency and length)."),
    horizon: int = typer.Option(1, "--horizon", help="Steps forecast at once."),
    test_size: int | None = typer.Option(None, "--test-size", help="Rows held out at the end "
                                            "to measure accuracy (default ~10%)."),
    val_size: int | None = typer.Option(None, "--val-size", help="Rows before the test period "
                                           "used for early stopping (default ~10%)."),
    season: int | None = typer.Option(None, "--season", help="Seasonal period (e.g. 7 for "
                                         "daily data with a weekly cycle, 24 for hourly): adds "
                                         "the seasonal naive baseline and seasonal MASE."),
    hidden: int = typer.Option(32, "--hidden", help="LSTM units per layer."),
    layers: int = typer.Option(1, "--layers", help="Stacked LSTM layers."),
    dropout: float = typer.Option(0.0, "--dropout", help="Dropout between stacked layers."),
    epochs: int = typer.Option(100, "--epochs", help="Maximum training epochs."),
    batch_size: int | None = typer.Option(None, "--batch-size", help="Windows per step "
                                             "(default 64, fewer on short series)."),
    lr: float = typer.Option(3e-3, "--lr", help="AdamW learning rate."),
    clip: float = typer.Option(1.0, "--clip", help="Maximum global gradient norm (0: off)."),
    loss: str = typer.Option("mse", "--loss", help="mse, or huber (robust to outliers)."),
    patience: int = typer.Option(10, "--patience", help="Stop after this many epochs without a "
                                 "better validation loss; the best weights are kept."),
    seed: int = typer.Option(0, "--seed", help="Seed of weights, batches and dropout: the same "
                             "data, flags and seed give the same model."),
    refit: bool = typer.Option(True, "--refit/--no-refit", help="Retrain on all rows for the "
                               "chosen number of epochs before saving (metrics stay those of "
                               "the test period)."),
    on_interrupt: str = typer.Option("keep", "--on-interrupt", help="On Ctrl-C: keep (save the "
                                     "best model so far) or discard."),
    out: str = typer.Option("model.lstmcast", "--out", "-o", help="Model file to write."),
    metrics_out: str | None = typer.Option(None, "--metrics-out", help="Metrics JSON to "
                                              "write (default: next to the model)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors on "
                               "stderr."),
):
    """Train a model on DATA and report its accuracy on a held-out test period.

    Reads the CSV, picks the time and target columns (say which on stderr), cleans and
    transforms the series, trains an LSTM with early stopping, scores rolling-origin forecasts
    of the last rows against naive, seasonal naive and drift baselines, then refits on all data
    and writes the model file and a metrics JSON.
    """
    from .config import DataSpec, TrainConfig
    from .progress import EpochProgress
    from .report import metrics_table
    from .train import train_file

    console = _console()
    spec = DataSpec(time_col=time_col, target=target, features=_split_features(features),
                    date_format=date_format, fill=fill, duplicates=duplicates)
    cfg = TrainConfig(lookback=lookback, horizon=horizon, test_size=test_size,
                      val_size=val_size, season=season, transform=transform, hidden=hidden,
                      layers=layers, dropout=dropout, epochs=epochs, batch_size=batch_size,
                      lr=lr, clip=clip, loss=loss, patience=patience, seed=seed, refit=refit,
                      on_interrupt=on_interrupt).validate()
    metrics_path = metrics_out or default_metrics_path(out)
    try:
        with EpochProgress(console, enabled=not quiet) as progress:
            result = train_file(data, spec, cfg, out, metrics_path, on_epoch=progress.update,
                                on_note=lambda note: _say(console, note, quiet, "dim"))
    except KeyboardInterrupt:
        _err("error: interrupted; no model was written")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    training = result.manifest["training"]
    _say(console, f"trained {training['epochs_run']} epochs (best validation epoch "
         f"{training['best_epoch']})"
         + (", then refit on all rows" if training["refit_on_all_data"] else ""), quiet)
    if not quiet:
        console.print(metrics_table(result.metrics, result.manifest))
    skill = result.metrics["skill"].get("model")
    if not result.metrics["beats_naive"]:
        _warn(f"the model does not beat the naive forecast (last value) on the test period "
              f"(skill {skill:+.3f}); treat its forecasts with care")
    _say(console, f"model: {out}\nmetrics: {metrics_path}", quiet)
    if result.interrupted:
        _err(f"error: interrupted; the best model so far was saved to {out}")
        raise typer.Exit(EXIT_INTERRUPTED)


@app.command(epilog="Example: lstmcast predict --model btc.lstmcast --format json "
             "--output forecast.json\n\nCron: 0 7 * * 1-5 cd /data && lstmcast predict "
             "prices.csv > forecast.csv\n\n" + EPILOG_EXIT)
def predict(
    data: str | None = typer.Argument(None, help="CSV with fresh data (default: the "
                                         "training CSV recorded in the model)."),
    model: str = typer.Option("model.lstmcast", "--model", "-m", help="Model file from "
                              "'lstmcast train'."),
    horizon: int | None = typer.Option(None, "--horizon", help="Steps to output (at most "
                                          "the model's horizon; default: all)."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or json."),
    output: str | None = typer.Option(None, "--output", "-o", help="Write here (atomically) "
                                         "instead of stdout."),
    as_of: str | None = typer.Option(None, "--as-of", help="Forecast from the row at this "
                                        "timestamp instead of the last row (backtesting)."),
):
    """Forecast the steps after the last row of DATA with a trained model.

    Cleans the data as training did, takes the last window and writes one row per future step:
    the time column (continuing the series' frequency) and 'forecast', in the target's units.
    Only the forecast goes to stdout.
    """
    from .forecast import forecast, load_forecaster, render

    if fmt not in ("csv", "json"):
        raise InputError(f"--format must be csv or json, got {fmt!r}")
    loaded = load_forecaster(model)
    fc = forecast(loaded, data, horizon, as_of)
    for warning in fc.warnings:
        _warn(warning)
    text = render(fc, fmt)
    if output:
        from .fsio import atomic_write_text

        atomic_write_text(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@app.command(epilog="Example: lstmcast info btc.lstmcast --json | jq .metrics.skill\n\n"
             + EPILOG_EXIT)
def info(
    model: str = typer.Argument("model.lstmcast", help="Model file."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole manifest as JSON."),
):
    """Show what a model file holds: data, settings, training and test metrics."""
    from .forecast import load_forecaster
    from .persist import FORMAT_VERSION

    manifest = load_forecaster(model).manifest  # the checks of predict: a file info shows works
    manifest = {"format_version": FORMAT_VERSION, **manifest}
    if as_json:
        sys.stdout.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return
    from .report import manifest_summary

    manifest_summary(manifest, model)
