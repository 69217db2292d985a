"""The command line: thin Typer commands over the library (the app and its error boundary are in
``cli_base``).

No ``from __future__ import annotations`` here: Typer reads the commands' signatures on every run,
and string annotations would cost it a compile and an eval each (~8 ms of a 'predict')."""

import json
import sys

import typer

from .cli_base import (
    EPILOG_EXIT,
    EXIT_INTERRUPTED,
    _check_outputs,
    _console,
    _deliver,
    _err,
    _say,
    _warn,
    app,
    data_not_model,
    importing,
    in_own_process,
)
from .cli_options import config_option, option, output_format, settings_from, sharing_options
from .config import name_list
from .errors import InputError


def main() -> None:
    """The app in a process of its own (``console.main`` runs it; see ``importing``)."""
    in_own_process()
    app()


def _executor(settings, console):
    """The executor of independent work the settings ask for (in-process by default)."""
    from .parallel import Executor

    spec = settings.parallel
    return Executor(spec.workers, spec.scheduler, spec.scheduler_file,
                    on_note=lambda note: _say(console, note, settings.output.quiet, "dim"))


def _ids(only: str | None) -> list[str] | None:
    """The series named by --id ('AAPL,MSFT'; an id with a comma in quotes, as in a CSV:
    '"Smith, J",AAPL'), or None for all."""
    if only is None:
        return None
    ids = name_list(only)
    if not ids:
        raise InputError(f"--id {only!r} names no series; give ids, e.g. --id AAPL,MSFT, or "
                         "leave --id out for every series")
    return ids


@app.command(epilog="Example: lstmcast train sample_data/btc_usd_daily.csv --horizon 7 "
             "--out btc.lstmcast\n\nMany series: lstmcast train stocks.csv --id-col symbol "
             "--horizon 5\n\n" + EPILOG_EXIT)
def train(
    ctx: typer.Context,
    data: str = typer.Argument(..., help="CSV file with a time column and the series ('-' for "
                                "stdin)."),
    target: str | None = option("target"),
    id_col: str | None = option("id_col"),
    ids: str | None = option("ids"),
    time_col: str | None = option("time_col"),
    features: str | None = option("features"),
    date_format: str | None = option("date_format"),
    fill: str = option("fill"),
    duplicates: str = option("duplicates"),
    every: str | None = option("every"),
    encoding: str | None = option("encoding"),
    transform: str = option("transform"),
    lookback: int | None = option("lookback"),
    horizon: int = option("horizon"),
    patch: int | None = option("patch"),
    test_size: int | None = option("test_size"),
    val_size: int | None = option("val_size"),
    season: int | None = option("season"),
    hidden: int = option("hidden"),
    layers: int = option("layers"),
    dropout: float = option("dropout"),
    epochs: int | None = option("epochs"),
    batch_size: int | None = option("batch_size"),
    stride: int | None = option("stride"),
    ensemble: int = option("ensemble"),
    lr: float = option("lr"),
    weight_decay: float = option("weight_decay"),
    clip: float = option("clip"),
    loss: str = option("loss"),
    patience: int = option("patience"),
    seed: int = option("seed"),
    refit: bool = option("refit"),
    per_series: bool = option("per_series"),
    on_interrupt: str = option("on_interrupt"),
    out: str = option("out", "-o", "--output"),
    metrics_out: str | None = option("metrics_out"),
    quiet: bool = option("quiet", "-q"),
    workers: int = option("workers"),
    scheduler: str | None = option("scheduler"),
    scheduler_file: str | None = option("scheduler_file"),
    config: str | None = config_option(),
):
    """Train a model on DATA and report its accuracy on a held-out test period.

    Reads the CSV, picks the time, target and (for many series) id columns and says which on
    stderr, cleans each series, trains one LSTM on windows of every series (each normalised by
    its own level, relative to a naive or seasonal naive base) with early stopping, scores
    rolling-origin forecasts of the last rows against naive, seasonal naive, drift and Naive2,
    then refits on all data and writes the model file and a metrics JSON.
    """
    with importing():
        from .jobs import default_metrics_path, metrics_json, train_file
        from .progress import EpochProgress
        from .report import metrics_table, print_table, trained_line, verdict_warning

    settings = settings_from(ctx, config)
    out = settings.output.out
    metrics_path = settings.output.metrics_out
    metrics_path = default_metrics_path(out) if metrics_path is None else metrics_path
    settings = settings.replace(metrics_out=metrics_path)
    quiet = settings.output.quiet
    console = _console()
    try:
        with EpochProgress(console, enabled=not quiet) as progress, \
                _executor(settings, console) as executor:
            result = train_file(data, settings, on_epoch=progress.update,
                                on_note=lambda note: _say(console, note, quiet, "dim"),
                                on_compile=lambda: _err("compiling the LSTM kernels for this "
                                                        "CPU (first run only)…"),
                                on_warning=_warn, executor=executor)
    except KeyboardInterrupt:
        _err("error: interrupted; no model was written")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    training = result.manifest["training"]
    members = training["members"]
    if training.get("per_series"):
        _say(console, f"trained a model for each of {training['series']} series "
             f"({members} networks)", quiet)
    elif training.get("base_alone"):
        _say(console, "no network trained (too few rows): the base forecasts alone", quiet)
    else:
        _say(console, trained_line(training, bool(result.manifest["settings"]["eval"][
            "val_size"])), quiet)
    if not quiet:
        print_table(console, metrics_table(result.metrics, result.manifest))
    _warn(*filter(None, [verdict_warning(result.metrics, result.manifest)]))
    if metrics_path == "-":
        _deliver(metrics_json(result.metrics), "-")
    _say(console, f"model: {out}" + (f"\nmetrics: {metrics_path}" if metrics_path not in
                                      (None, "-") else ""), quiet)
    if result.interrupted:
        _err(f"error: interrupted; the best model so far was saved to {out}")
        raise typer.Exit(EXIT_INTERRUPTED)


@app.command(epilog="Example: lstmcast predict --model btc.lstmcast --format json "
             "--output forecast.json\n\nCron: 0 7 * * 1-5 cd /data && lstmcast predict "
             "prices.csv -o forecast.csv (written whole or not at all: a bad day keeps the "
             "last one)\n\n" + EPILOG_EXIT)
def predict(
    ctx: typer.Context,
    data: str | None = typer.Argument(None, help="CSV with fresh data, '-' for stdin "
                                         "(default: the training CSV recorded in the model)."),
    model: str = option("model", "-m"),
    steps: int | None = option("steps"),
    fmt: str = option("format", "-f"),
    output: str | None = option("output", "-o", "--out"),
    as_of: str | None = typer.Option(None, "--as-of", help="Forecast from the row at this "
                                        "timestamp instead of the last row (backtesting)."),
    only: str | None = typer.Option(None, "--id", help="Forecast only these series of a panel, "
                                       "comma-separated, e.g. 'AAPL,MSFT' (quote an id with a "
                                       "comma: '\"Smith, J\",AAPL')."),
    levels: list[float] = option("levels"),  # noqa: B008 (Typer reads the default)
    decimals: int | None = option("decimals"),
    header: bool = option("header"),
    live_out: str | None = typer.Option(None, "--metrics-out", help="Write the live accuracy "
                                           "(forecasts from rows after training, scored "
                                           "against what arrived since) here as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings nor live line on "
                               "stderr, errors only (a cron job whose stderr is mailed)."),
    config: str | None = config_option(),
):
    """Forecast the steps after the last row of DATA with a trained model.

    Cleans the data as training did, takes the last window and writes one row per future step:
    the time column (continuing the series' frequency), 'forecast' in the target's units, and
    the bounds of each prediction interval (lo_80,hi_80,lo_95,hi_95: the actual value should
    fall inside the 95 % interval 95 times in 100). Only the forecast goes to stdout.

    When DATA has rows after the model's training data, the forecasts the model would have
    made from them are scored against what arrived (stderr: 'live: MAE ... vs naive ...'), with
    a warning when it does clearly worse than on its test period.
    """
    with importing():
        from .bundle import load_bundle
        from .forecast import forecast_panel, steps_of
        from .fresh import config_for_training, read_like_training, training_data
        from .live import live_accuracy, live_line
        from .origin import as_of_stamp
        from .render import render
        from .report import interrupted_warning, verdict_warning

    run = settings_from(ctx, config, fmt="format").predict
    fmt = output_format(ctx, run.format, run.output)
    if fmt == "json" and not run.header:
        raise InputError("--no-header is for CSV rows to append to; JSON has no header to drop")
    data_not_model(data)
    bundle = load_bundle(run.model)
    steps_of(bundle, run.steps)  # before the data is read (seconds for a large panel)
    unused, ids = config_for_training(config, bundle, run.model), _ids(only)
    data = data or training_data(bundle, run.model)
    _check_outputs(live_out, run.output, reads=(data, run.model), appends=not run.header)
    panel = read_like_training(bundle, run.model, data, ids)
    fc = forecast_panel(bundle, run.model, panel, data, run.steps, as_of, ids, run.levels)
    say, warn = (lambda _: None, lambda _: None) if quiet else (_err, _warn)
    for warning in (*unused, *fc.warnings, *filter(None, (verdict_warning(bundle.manifest.get(
            "metrics", {}), bundle.manifest), interrupted_warning(bundle.manifest["training"])))):
        warn(warning)
    live = live_accuracy(bundle, (panel.select(ids) if ids else panel).up_to(  # as the file
        as_of_stamp(as_of, panel)), fc.levels)  # cut at --as-of would be scored
    if live is not None:
        line, drift = live_line(live, bundle.manifest.get("metrics", {}), fc.date_format)
        say(line)
        if drift:
            warn(drift)
    if live_out:
        from .jobs import metrics_json

        _deliver(metrics_json({"live": live}), live_out)
    text = render(fc, fmt, run.decimals)
    if run.header or not run.output or run.output == "-":
        _deliver(text if run.header else text.partition("\n")[2], run.output)
    else:  # '--no-header -o history.csv': this run's rows after the file's (never in its place)
        from .fsio import atomic_append_rows

        atomic_append_rows(run.output, *text.partition("\n")[::2])


@app.command(epilog="Example: lstmcast backtest sample_data/btc_usd_daily.csv --horizon 7 "
             "--folds 4 --metrics-out bt.json > bt.csv\n\n" + EPILOG_EXIT)
@sharing_options(train, drop=("out", "on_interrupt"))
def backtest(
    ctx: typer.Context,
    data: str = typer.Argument(..., help="CSV file with a time column and the series ('-' for "
                                "stdin)."),
    folds: int = typer.Option(3, "--folds", help="Forecast origins (cutoffs) to test."),
    step: int | None = typer.Option(None, "--step", help="Periods between cutoffs (default: "
                                       "the horizon)."),
    levels: list[float] = option("levels"),  # noqa: B008 (Typer reads the default)
    fmt: str = option("format", "-f", help="csv or json (the rows as a JSON document, under "
                      "'forecasts'; '-o bt.json' asks for it too)."),
    output: str | None = typer.Option(None, "--output", "-o", "--out", help="Write the rows "
                                         "here (atomically) instead of stdout."),
    plot_to: str | None = typer.Option(None, "--plot", help="Draw each fold's forecast "
                                          "against the actuals into this PNG file."),
    config: str | None = config_option(),
    **train_flags,
):
    """How the model would have done: train at several past cutoffs, forecast the next horizon.

    Each fold runs exactly the train pipeline on the rows up to its cutoff (its own validation
    split, early stopping and refit), then forecasts the next horizon, as 'lstmcast train' on
    the file cut there and 'lstmcast predict' would. The last cutoff is one horizon before the
    end of the data, the others --step periods apart. Stdout: a CSV (or --format json) of the
    columns [id,] cutoff, time, actual, forecast, naive[, seasonal_naive][, lo_80, hi_80, ...];
    --metrics-out: per fold, step, series (of a panel) and overall figures of the model and the
    baselines on the same points, and the intervals' coverage.
    """
    with importing():
        from .backtest import backtest_panel
        from .calendar import STEPS
        from .data import load_panel
        from .jobs import metrics_json, write_metrics
        from .render import backtest_frame, render_backtest, time_label

    settings = settings_from(ctx, config, fmt="format")
    fmt = output_format(ctx, settings.predict.format, output)
    # before the folds' training, and before a first output is written
    _check_outputs(settings.output.metrics_out, output, reads=(data,), plot=plot_to)
    quiet = settings.output.quiet
    console = _console()
    panel = load_panel(data, settings.data)
    _warn(*panel.warnings)
    with _executor(settings, console) as executor:
        result = backtest_panel(panel, settings, folds, step, settings.predict.levels,
                                executor, on_note=lambda note: _say(console, note, quiet, "dim"))
    for warning in result.all_warnings(panel.date_format):
        if warning not in panel.warnings:  # the file's own, said above: each fold says them
            _warn(warning)
    frame = backtest_frame(result.table, panel)
    text = render_backtest(frame, panel, fmt)
    write_metrics(settings.output.metrics_out, result.metrics)
    if plot_to:
        from .plot import plot_backtest

        _warn(*plot_backtest(frame, plot_to, id_col=panel.output_id_col,
                             time_col=time_label(panel.time_col), target=panel.value_label,
                             steps=panel.date_format == STEPS, written=panel.date_format
                             )["warnings"])
    if not quiet:
        from .report import backtest_table, print_table

        print_table(console, backtest_table(result.metrics))
    if settings.output.metrics_out == "-":
        _deliver(metrics_json(result.metrics), "-")
    _deliver(text, output)
    written = [f"{what}: {path}" for what, path in (
        ("backtest", output), ("metrics", settings.output.metrics_out), ("plot", plot_to))
        if path and path != "-"]
    if written:
        _say(console, "\n".join(written), quiet)


@app.command(epilog="Example: lstmcast plot sample_data/btc_usd_daily.csv --model btc.lstmcast "
             "--out btc.png\n\n" + EPILOG_EXIT)
def plot(
    ctx: typer.Context,
    data: str | None = typer.Argument(None, help="CSV with the history (default: the training "
                                         "CSV recorded in the model)."),
    model: str = option("model", "-m"),
    out: str = typer.Option("forecast.png", "--out", "-o", "--output", help="PNG file to write."),
    only: str | None = typer.Option(None, "--id", help="Series of a panel to draw, "
                                       "comma-separated (default: the first --max-series)."),
    max_series: int | None = typer.Option(None, "--max-series", min=1, metavar="N", help="Most "
                                          "series drawn, in a grid (default: 6, or every --id)."),
    levels: list[float] = option("levels", help="Interval bands drawn, in percent; repeat for "  # noqa: B008
                                 "several (default 80 and 95); 0 for none."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Nothing on stderr but errors "
                               "(no warnings, no line naming the PNG)."),
    config: str | None = config_option(),
):
    """Draw the history, the forecast with its interval bands, and the test-period forecasts
    (made before the model saw those rows) against the actuals, into a PNG."""
    with importing():
        from .bundle import load_bundle, test_path_frame
        from .calendar import STEPS
        from .data.id_spelling import as_spelt
        from .forecast import forecast_panel
        from .fresh import config_for_training, read_like_training, training_data
        from .plot import plot_forecast
        from .render import forecast_frame

    run = settings_from(ctx, config).predict
    data_not_model(data)
    bundle = load_bundle(run.model)
    data = data or training_data(bundle, run.model, "plot")
    _check_outputs(None, None, reads=(data, run.model), plot=out)  # before any work
    unused, ids = config_for_training(config, bundle, run.model), _ids(only)
    panel = read_like_training(bundle, run.model, data, ids)
    fc = forecast_panel(bundle, run.model, panel, data, ids=ids, levels=run.levels,
                        instants=False)  # on the history's wall clock
    _warn(*((*unused, *fc.warnings) if not quiet else ()))
    shown = panel.select(as_spelt(ids, panel.ids)) if ids else panel  # ('tsla': TSLA)
    id_col = panel.output_id_col
    history = shown.frame(id_col or "series")
    test = test_path_frame(bundle, shown)
    if test is not None:
        test = test.rename(columns={"series": id_col or "series", "time": panel.time_col})
    drawn = plot_forecast(history, forecast_frame(fc), out,
                          test=test, id_col=id_col, time_col=panel.time_col,
                          target=panel.value_label,
                          max_series=max_series or (len(ids) if ids else 6),
                          steps=panel.date_format == STEPS, order=ids)
    _warn(*(drawn["warnings"] if not quiet else ()))
    shown = f"; series {', '.join(map(str, drawn['series']))}" if drawn["series"] else ""
    if not quiet:
        _err(f"plot: {drawn['path']} ({drawn['width']}x{drawn['height']}{shown})")


@app.command(epilog="Example: lstmcast info btc.lstmcast --json | jq .metrics.skill\n\n"
             + EPILOG_EXIT)
def info(
    ctx: typer.Context,
    model: str = typer.Argument("model.lstmcast", help="Model file."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole manifest as JSON."),
    config: str | None = config_option(),
):
    """Show what a model file holds: data, the settings it was trained with, training and test
    metrics."""
    with importing():
        from .bundle import load_bundle

    model = settings_from(ctx, config).predict.model
    bundle = load_bundle(model)  # the checks of predict: a file info shows works
    manifest = {"format_version": bundle.format_version, **bundle.manifest}
    if as_json:
        sys.stdout.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return
    from .summary import manifest_summary

    _deliver(manifest_summary(manifest, model), None)
