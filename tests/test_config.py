"""Settings: one definition, a TOML file, and precedence flags > file > defaults."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from lstmcast.cli import app
from lstmcast.config import FIELDS, Settings, read_config
from lstmcast.errors import InputError

BTC = str(Path(__file__).resolve().parent / "data" / "btc_head200.csv")


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "lstmcast.toml"
    path.write_text(text)
    return str(path)


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args], prog_name="lstmcast")


def test_defaults_and_build_by_field_name():
    settings = Settings.build(lr=1e-3, horizon=7, fill="interpolate", season=12)
    assert (settings.fit.lr, settings.model.horizon) == (1e-3, 7)
    assert (settings.data.fill, settings.eval.season) == ("interpolate", 12)
    assert Settings().fit.epochs is None and Settings().model.hidden is None  # from the data
    with pytest.raises(TypeError, match="unknown setting 'nope'"):
        Settings.build(nope=1)
    # a library's string of names is names, as the flag's: "BBB" was split into its letters
    named = Settings.build(ids="BBB,CCC", features="volume")
    assert (named.data.ids, named.data.features) == (("BBB", "CCC"), ("volume",))


def test_a_python_callers_wrong_type_is_an_input_error_naming_the_flag():
    # these were Python TypeErrors deep in the run (lr='0.01' at the optimiser's first step)
    for values, message in [({"lr": "0.01"}, "--lr must be a number, got '0.01'"),
                            ({"target": ["a", "b"]}, "--target must be text"),
                            ({"horizon": 3.0}, "--horizon must be a whole number, got 3.0"),
                            ({"quiet": "yes"}, "--quiet must be true or false"),
                            ({"levels": ["80"]}, "--level must be a list of numbers")]:
        with pytest.raises(InputError, match=re.escape(message)):
            Settings.build(**values)
    # NumPy's numbers are numbers, kept as Python's (a model file stores them as JSON)
    typed = Settings.build(horizon=np.int64(4), lr=np.float32(0.5), levels=np.array([80]),
                           ids=np.array(["A", "B"]), out=Path("models") / "m.lstmcast")
    assert (type(typed.model.horizon), type(typed.fit.lr)) == (int, float)
    assert (typed.model.horizon, typed.fit.lr, typed.predict.levels) == (4, 0.5, (80.0,))
    assert (typed.data.ids, typed.output.out) == (("A", "B"), "models/m.lstmcast")  # (a Path)
    json.dumps(typed.to_dict())


def test_field_names_are_unique_across_groups():
    # FIELDS maps a name to one group; a name in two groups would be silently lost.
    from dataclasses import fields

    from lstmcast.config import GROUPS

    total = sum(len(fields(cls)) for cls in GROUPS.values())
    assert total == len(FIELDS)


def test_config_file_values_are_typed(tmp_path):
    path = write(tmp_path, '[model]\nhorizon = 3\n[fit]\nlr = 1\nrefit = false\n'
                           '[data]\nfeatures = ["High", "Low"]\n')
    values = read_config(path)
    assert values == {"horizon": 3, "lr": 1.0, "refit": False, "features": ("High", "Low")}
    assert isinstance(values["lr"], float)


@pytest.mark.parametrize(("text", "fragments"), [
    ("[model]\nhorizn = 3\n", ["unknown key 'horizn' in [model]", "horizon"]),
    ("[modle]\nhorizon = 3\n", ["unknown section [modle]"]),
    ("[model]\nhorizon = \"three\"\n", ["[model] horizon must be a whole number", "'three'"]),
    ("[model]\nhorizon = 2.5\n", ["[model] horizon must be a whole number"]),
    ("[fit]\nrefit = 1\n", ["[fit] refit must be true or false"]),
    ("[fit]\nlr = \"fast\"\n", ["[fit] lr must be a number"]),
    ("horizon = 3\n", ["key 'horizon' must be under its section [model]"]),
    ("model = 3\n", ["'model' must be a section ([model])"]),
    ("[model\n", ["not a valid TOML config file"]),
    ("[fit]\nlr = nan\n", ["[fit] lr must be a positive finite number, got nan"]),
    ("[model]\ndropout = 1.5\n", ["[model] dropout must be in [0, 1), got 1.5"]),
    # settings whose flag is not their name: predict's --horizon, --level
    ("[predict]\nsteps = \"3\"\n", ["[predict] steps must be a whole number, got '3'"]),
    ("[predict]\nlevels = [80, 120]\n", ["[predict] levels must be between 0 and 100"]),
    ("[data]\nencoding = \"rot13\"\n", ["[data] encoding 'rot13' is no text encoding"]),
    ("[data]\nencoding = \"undefined\"\n", ["[data] encoding 'undefined' is no text"]),
])
def test_config_file_errors_name_the_key_and_the_file(tmp_path, text, fragments):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_config(path)
    message = str(err.value)
    assert path in message
    for fragment in fragments:
        assert fragment in message


def test_missing_config_file(tmp_path):
    with pytest.raises(InputError, match="config file not found"):
        read_config(str(tmp_path / "none.toml"))


def test_precedence_flags_over_file_over_defaults(runner, in_tmp):
    config = write(in_tmp, "[model]\nhorizon = 3\nhidden = 6\n[fit]\nepochs = 2\npatience = 1\n"
                           "[output]\nout = \"from_file.lstmcast\"\n")
    result = invoke(runner, "train", BTC, "--config", config, "--hidden", "4", "-q")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads(invoke(runner, "info", "from_file.lstmcast", "--json").stdout)
    model, fit = manifest["settings"]["model"], manifest["settings"]["fit"]
    assert model["hidden"] == 4  # the flag wins over the file
    assert (model["horizon"], fit["epochs"]) == (3, 2)  # the file wins over the defaults
    assert fit["lr"] == 2e-3 and model["layers"] == 1  # defaults where neither says
    # A flag equal to the default still wins over the file.
    result = invoke(runner, "train", BTC, "--config", config, "--horizon", "1", "-q")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads(invoke(runner, "info", "from_file.lstmcast", "--json").stdout)
    assert manifest["settings"]["model"]["horizon"] == 1


def test_predict_reads_its_section_of_the_config(runner, in_tmp, fast):
    assert invoke(runner, "train", BTC, *fast, "-q", "-o", "m.lstmcast").exit_code == 0
    config = write(in_tmp, '[predict]\nmodel = "m.lstmcast"\nformat = "json"\n')
    result = invoke(runner, "predict", "--config", config)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["forecasts"]
    result = invoke(runner, "predict", "--config", config, "--format", "csv")
    assert result.stdout.startswith("Date,forecast,lo_80,hi_80,lo_95,hi_95\n")
    # an output named '.csv' is CSV (a cron job's, beside a shared config's JSON), but where
    # --format says otherwise
    assert invoke(runner, "predict", "--config", config, "-o", "fc.csv").exit_code == 0
    assert (in_tmp / "fc.csv").read_text().startswith("Date,forecast,")
    assert invoke(runner, "predict", "--config", config, "-o", "f2.csv", "--format", "json"
                  ).exit_code == 0
    assert json.loads((in_tmp / "f2.csv").read_text())["forecasts"]
    # the steps to output, as --horizon gives them; the flag wins over the file
    config = write(in_tmp, '[predict]\nmodel = "m.lstmcast"\nsteps = 1\n')
    result = invoke(runner, "predict", "--config", config)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_predict_says_what_a_shared_config_sets_for_training_alone(runner, in_tmp, fast):
    assert invoke(runner, "train", BTC, *fast, "-q", "-o", "m.lstmcast").exit_code == 0
    shared = '[predict]\nmodel = "m.lstmcast"\n'
    # what the model was trained with (the column in another case, as training matches it)
    for same in ('target = "closing price (usd)"', 'id_col = "none"'):
        config = write(in_tmp, shared + f"[data]\n{same}\n")
        result = invoke(runner, "predict", "--config", config)
        assert result.exit_code == 0 and "not used by predict" not in result.stderr, same
    # training settings and reading rules the model fixed: said, forecast as trained
    config = write(in_tmp, shared + '[data]\nfill = "zero"\n[fit]\nepochs = 50\n')
    result = invoke(runner, "predict", "--config", config)
    assert result.exit_code == 0, result.stderr
    assert ("[data] fill = 'zero' (the model's: 'ffill'); [fit] epochs = 50 (the model's: "
            f"{fast[fast.index('--epochs') + 1]}): not used by predict") in result.stderr
    # another column: the forecast would be of the model's column under the config's name
    config = write(in_tmp, shared + '[data]\ntarget = "24h Open (USD)"\n')
    result = invoke(runner, "predict", "--config", config)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"error: {config}: [data] target = '24h Open (USD)', but the "
                             "model (m.lstmcast) was trained on 'Closing Price (USD)'; predict "
                             "forecasts what the model learned: train a model on '24h Open "
                             "(USD)' (or leave the key out for predict)\n")


def test_bad_config_file_is_one_error_line_exit_2(runner, in_tmp):
    config = write(in_tmp, "[fit]\nlearning_rate = 0.1\n")
    result = invoke(runner, "train", BTC, "--config", config)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "learning_rate" in result.stderr and "lstmcast.toml" in result.stderr
    assert not (in_tmp / "model.lstmcast").exists()


def test_config_values_are_validated_like_flags(runner, in_tmp):
    config = write(in_tmp, '[fit]\nloss = "mae"\n')
    result = invoke(runner, "train", BTC, "--config", config)
    assert result.exit_code == 2
    assert result.stderr == (f"error: {config}: [fit] loss must be one of l1, mse, huber; "
                             "got 'mae'\n")


def test_settings_round_trip_through_a_model_file_dict():
    settings = Settings.build(horizon=4, lr=0.01, season=7, lookback=12)
    again = Settings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again.model == settings.model and again.fit == settings.fit
    assert again.eval == settings.eval


def test_a_choice_is_read_whatever_its_case():
    """'--format JSON' and '--fill Zero' are the choices 'json' and 'zero' (before: refused,
    while '-o x.JSON' wrote JSON); a value that is no choice in any case is still refused."""

    settings = Settings.build(format="JSON", fill="Zero", loss="L1", transform="Log-Diff")
    assert (settings.predict.format, settings.data.fill, settings.fit.loss) == (
        "json", "zero", "l1")
    assert settings.model.transform == Settings.build(transform="log-diff").model.transform
    with pytest.raises(InputError, match="must be csv or json"):
        Settings.build(format="XML")


def test_an_error_about_a_value_from_the_file_names_the_file_and_its_key(runner, in_tmp, fast):
    """'[predict] steps = 10' past the model's horizon: before, '--horizon must be ...', a flag
    the user never typed, and no file named."""
    assert invoke(runner, "train", BTC, *fast, "-q", "-o", "m.lstmcast").exit_code == 0
    config = write(in_tmp, '[predict]\nmodel = "m.lstmcast"\nsteps = 10\n')
    result = invoke(runner, "predict", "--config", config)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {config}: [predict] steps must be 1 (the model ")
    flagged = invoke(runner, "predict", "--config", config, "--horizon", "10")  # the flag's own
    assert flagged.stderr.startswith("error: --horizon must be 1 (the model ")


def test_advice_names_the_file_s_key_where_the_file_gave_the_value(runner, in_tmp):
    config = write(in_tmp, '[data]\ntarget = "nope"\n')
    result = invoke(runner, "train", BTC, "--config", config)
    assert result.exit_code == 2 and "no column 'nope'" in result.stderr
    assert f"fix the name given to {config}" not in result.stderr  # the key, not the file
    assert "fix the name given to [data] target" in result.stderr


def test_utf16_is_an_encoding_to_name():
    """'--encoding utf-16-le' was refused as no text encoding (one byte is no UTF-16)."""
    for name in ("utf-16", "utf-16-le", "UTF16", "utf-32", "cp1250"):
        assert Settings.build(encoding=name).data.encoding == name
