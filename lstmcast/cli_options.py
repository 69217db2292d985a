"""Command-line options made from the settings in ``config``: one definition of each default,
choice list and help text, and the precedence flags > config file > defaults."""

from __future__ import annotations

import inspect
import os
import typing

import typer

from .config import FIELDS, Settings, flag_of, name_list, read_config
from .errors import InputError

CONFIG_HELP = ("TOML file of settings ([data], [model], [fit], [eval], [output], [predict], "
               "[parallel] tables); flags given on the command line win over it.")


def option(name: str, *aliases: str, flag: str | None = None,
           help: str | None = None) -> typer.models.OptionInfo:
    """The Typer option of setting ``name``: its flag, default and help (unless ``help``, a
    command's own) from ``config``."""
    _, f = FIELDS[name]
    meta = {**f.metadata, **({"help": help} if help else {})}
    flag = flag or flag_of(name)
    if isinstance(f.default, bool):
        flag = f"{flag}/--no-{flag[2:]}"
    default = f.default
    if name == "levels":  # a repeatable flag: --level 80 --level 95
        return typer.Option(list(default), flag, *aliases, help=meta["help"])
    if isinstance(default, tuple):  # lists of columns are one comma-separated flag
        default = ",".join(default) or None
    return typer.Option(default, flag, *aliases, help=meta["help"])


def config_option() -> typer.models.OptionInfo:
    return typer.Option(None, "--config", help=CONFIG_HELP)


# flag -> 'file: [group] key' of the values a --config file gave: an error about such a value
# names the file's key, not a flag the user never typed ('--horizon' for [predict] steps)
FROM_CONFIG: dict[str, str] = {}


def settings_from(ctx: typer.Context, config: str | None, **renamed: str) -> Settings:
    """Defaults, then the config file's values, then the flags given on the command line.

    ``renamed`` maps a command's parameter name to its setting's name where they differ.
    """
    values = read_config(config) if config else {}
    FROM_CONFIG.clear()  # the flags whose values came from the file, for its errors' sake
    FROM_CONFIG.update({flag_of(n): f"{config}: [{FIELDS[n][0]}] {n}" for n in values})
    for param, value in ctx.params.items():
        name = renamed.get(param, param)
        if name not in FIELDS:
            continue
        source = ctx.get_parameter_source(param)
        if source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT"):
            if name in ("features", "ids"):
                value = tuple(name_list(value or ""))
                if name == "ids" and not value:  # as predict's: not every series, unsaid
                    raise InputError(f"--id {ctx.params[param]!r} names no series; give ids, "
                                     "e.g. --id AAPL,MSFT, or leave --id out for every series")
            elif name == "levels":
                value = tuple(value)
            values[name] = value
            FROM_CONFIG.pop(flag_of(name), None)
    return Settings.build(**values)


def output_format(ctx: typer.Context, fmt: str, output: str | None) -> str:
    """``fmt`` (--format's, or its config key's), but where --format is not on the command
    line, what the output's name ends in: '.json' JSON, '.csv' CSV ('-o f.json' asks for
    JSON; a shared config's format = "json" wrote JSON into a cron job's '-o forecast.csv')."""
    suffix = os.path.splitext(output or "")[1].lower()
    if suffix in (".json", ".csv") and ctx.get_parameter_source("fmt").name not in (
            "COMMANDLINE", "ENVIRONMENT"):
        return suffix[1:]
    return fmt


def sharing_options(source, drop: tuple[str, ...] = ()):
    """Decorate a command that takes ``source``'s parameters (but ``drop``) after its own: the
    two commands then share every train flag, its default and its help, defined once.

    The command receives them as keyword arguments; Typer reads the combined signature.
    """
    def decorate(command):
        own = inspect.signature(command, eval_str=True).parameters
        borrowed = inspect.signature(source, eval_str=True).parameters
        params = [p for p in own.values() if p.kind is not p.VAR_KEYWORD]
        params += [p for name, p in borrowed.items() if name not in own and name not in drop]
        command.__signature__ = inspect.Signature(params)
        command.__annotations__ = {**typing.get_type_hints(source),
                                   **typing.get_type_hints(command)}
        return command
    return decorate
