"""A model file's essentials in lines for ``info``: what it was trained on, its series'
windows and bases, its networks (or why none forecasts), its settings, and its test period's
table."""

from __future__ import annotations

import shlex

from .data.columns import as_row
from .report import SET_ASIDE_WORDS, interrupted_warning, metrics_table, print_table, set_aside_why


def _listed(values) -> str:
    """Each member's figure, '12, 9, 14' (not a Python list)."""
    return ", ".join(map(str, values)) if isinstance(values, list) else str(values)


def manifest_summary(manifest: dict, path: str) -> str:
    """A model file's essentials, as text for stdout (written at once: 'info | head -1' exits
    0, where rich's line by line write into a closed pipe exited 1)."""
    from rich.console import Console

    from .calendar import data_stamp, stamp_of
    from .holiday_words import holidays_note_of, own_holidays_note

    console = Console(highlight=False)
    data, settings = manifest.get("data", {}), manifest.get("settings", {})
    first, last = (data_stamp(stamp_of(data[k]), data.get("date_format")) if data.get(k)
                   else None for k in ("first_timestamp", "last_timestamp"))
    training, net = manifest.get("training", {}), manifest.get("network", {})
    span = None if not data.get("first_timestamp") else tuple(  # (as train says its holidays)
        stamp_of(data[k]) for k in ("first_timestamp", "last_timestamp"))
    series = manifest.get("series") or [{}]
    kinds = sorted({_window_kind(s) for s in series})
    lines = [
        f"model: {path} (lstmcast {manifest.get('lstmcast_version')}, "
        f"format {manifest.get('format_version', '?')})",
        f"data: {data.get('path')} ({data.get('rows')} "
        f"{'values' if data.get('layout') == 'wide' else 'rows'}"
        f"{' of the series trained on' if training.get('skipped_short') else ''}, "
        f"{data.get('freq_label')}, "
        f"{first} .. {last})",  # as the data writes them: a year as a year
        f"columns: time {data.get('time_col')!r}, target {data.get('target')!r}, "
        + (f"id {data.get('id_col')!r}, " if data.get("layout") == "long" else "")
        + f"features {data.get('features')}",
        f"series: {len(series)}" + (f" (--id {shlex.quote(as_row(data['ids']))} of the "
                                    "file's)" if data.get("ids") else "")
        + (f" and {len(short)} too short to train on" if (
            short := training.get("skipped_short")) else "")
        + f"; windows: {', '.join(kinds)}" + _days_apart(series),
        f"reading: fill {data.get('fill')}, duplicates {data.get('duplicates')}, date format "
        f"{data.get('date_format')}" + (f", every {data['every']}" if data.get("every") else ""),
        *([holidays_note_of(tuple(map(tuple, data["holidays"])), data.get("freq", ""), span)]
          if data.get("holidays") else []),
        *filter(None, [own_holidays_note(series)]),
    ]
    if training.get("per_series"):
        nets = {f"{p['network']['num_layers']} x LSTM({p['network']['hidden_size']})"
                for p in manifest.get("parts", [])}
        lines.append(f"networks: one model per series ({training.get('members')} networks: "
                     f"{', '.join(sorted(nets))})")
    elif training.get("base_alone"):
        lines.append("network: none trained (too few rows); the base forecasts alone")
    else:
        # a network set aside is recorded at epoch 0, the base's: "best 0" above "beat the
        # base on validation" read as a contradiction (set 28), as train's line once did
        set_aside = set_aside_why(training) and not any(training.get("best_epoch") or [1])
        lines += [f"network: {net.get('num_layers')} x LSTM({net.get('hidden_size')}) -> "
                  f"{net.get('output_size')} step(s), {net.get('dtype')}",
                  f"training: {_listed(training.get('epochs_run'))} epochs"
                  + ("" if set_aside else f", best {_listed(training.get('best_epoch'))}")
                  + f", refit on all data: {training.get('refit_on_all_data')}"]
        lines += filter(None, [interrupted_warning(training)])
        why = set_aside_why(training, SET_ASIDE_WORDS[1:])  # (the test period's: a line below)
        if not any(training.get("best_epoch") or [1]) and (
                why or not any(training.get("worse_on_test") or [])):
            lines.append(f"no network kept: {why}; the base forecasts alone" if why else
                         "no network learned more than the base (best epoch 0 in every "
                         "member): the base forecasts alone")
        elif training.get("networks_kept", True) and any(
                epochs := training.get("best_epoch") or []):
            lines.append(_kept_line(sum(map(bool, epochs)), len(epochs), settings.get(
                "eval", {}).get("val_size"), any(training.get("hedged") or [])))
    lines += filter(None, [training.get("saved_base")])  # (not the test table's base)
    if theta := sum(bool(p.get("recipe", {}).get("theta_mean"))
                    for p in manifest.get("parts") or [manifest]):
        lines.append("forecasts: the mean of the model's and the Theta method's, which forecast "
                     "the validation windows and the test period better than the model alone" + (
                         f" ({theta} of {len(manifest['parts'])} series)"
                         if training.get("per_series") else ""))
    if any(training.get("worse_on_test") or []):  # a per-series model's too
        lines.append(f"{sum(training['worse_on_test'])} network(s) beat the base on "
                     "validation but erred more than it on the test period: the base "
                     "forecasts alone")
    if any(training.get("hedged") or []) and training.get("per_series"):  # (one's: above)
        lines.append(f"{sum(training['hedged'])} network(s) keep half their correction of the "
                     "base (trusted on too few validation forecasts to test)")
    parts = manifest.get("parts") or []
    for group, values in settings.items():
        shown = ", ".join(f"{k} {_resolved(v, k, group, parts)}" for k, v in values.items())
        unused = group == "fit" and training.get("base_alone")
        lines.append(f"settings [{group}]: {shown}" + (" (unused: no network trained)"
                                                        if unused else ""))
    with console.capture() as captured:
        for line in lines:
            console.print(line, markup=False, soft_wrap=True)
        if "metrics" in manifest:
            print_table(console, metrics_table(manifest["metrics"], manifest))
    return captured.get()


def _kept_line(kept: int, members: int, val_size, hedged: bool) -> str:
    """'networks kept: ...': how many, chosen how, and how much of their correction counts."""
    how = (f"{kept} of {members} kept over the base on validation" if val_size != 0 else
           f"{kept} (no validation period: trained the epochs asked for)")
    return (f"networks kept: {how}; the median of all corrects the base"
            + (", by half (trusted on too few validation forecasts to test)" if hedged else ""))


def _days_apart(series: list[dict]) -> str:
    """'; days apart from their week: 25 December -40 %, ...' (one series) or for how many
    series (a panel); '' where no series learned any (``day_effects``)."""
    from .day_effects import describe

    learned = [s["day_effects"] for s in series if s.get("day_effects")]
    if not learned:
        return ""
    if len(series) > 1:
        return f"; days apart from their week: for {len(learned)} series"
    return "; days apart from their week: " + ", ".join(describe(tuple(k), v)
                                                        for k, v in learned[0])


def _resolved(value, key: str, group: str, parts: list[dict]):
    """A setting as it was resolved: a per-series model leaves it to each series' own model
    ('lookback 40 / 56 (per series)' where they differ)."""
    if value is not None or not parts:
        return value
    seen = list(dict.fromkeys(str(p.get("settings", {}).get(group, {}).get(key)) for p in parts))
    return seen[0] if len(seen) == 1 else " / ".join(seen[:4]) + (
        " ..." if len(seen) > 4 else "") + " (per series)"


def _window_kind(state: dict) -> str:
    """'log ratios to mean of the seasons (shape memory 0.8)': a series' mode and base, as
    training says them, with the shape memory of its mean of the seasons where it is not the
    default (Theta's smoothing constant)."""
    from .state_words import BASE_WORDS, MODE_WORDS

    mode, base = state.get("mode"), state.get("base")
    memory = "" if "shape_memory" not in state else (
        f" (alpha {1 - state['shape_memory']:.2g})" if base == "theta"
        else f" (shape memory {state['shape_memory']:g})")
    return f"{MODE_WORDS.get(mode, mode)} to {dict(BASE_WORDS).get(base, base)}{memory}"
