"""Damaged and tampered model files through ``lstmcast predict --model`` and ``lstmcast info``:
one clear ``error:`` line, exit 2, no forecast, and nothing in the file is ever run."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from lstmcast.bundle import MANIFEST_DIGEST, manifest_digest
from lstmcast.cli import app

DATA = Path(__file__).parent / "data"
TINY = ["--hidden", "4", "--epochs", "2", "--patience", "1", "--no-refit", "-q"]


def run(args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def good_model(tmp_path_factory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("model")
    data = folder / "prices.csv"
    data.write_text("\n".join((DATA / "vix_head300.csv").read_text().splitlines()[:121]) + "\n")
    result = CliRunner().invoke(app, ["train", str(data), *TINY, "-o",
                                      str(folder / "good.lstmcast")])
    assert result.exit_code == 0, result.stderr
    return data, (folder / "good.lstmcast").read_bytes()


@pytest.fixture
def work(tmp_path, monkeypatch, good_model):
    monkeypatch.chdir(tmp_path)
    data, blob = good_model
    (tmp_path / "prices.csv").write_bytes(data.read_bytes())
    (tmp_path / "good.lstmcast").write_bytes(blob)
    return tmp_path


def members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rezip(entries: dict[str, bytes]) -> bytes:
    """A fresh zip (new CRCs, so only lstmcast's own checks can notice an edit)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def edited(blob: bytes, edit, redigest: bool = False) -> bytes:
    entries = members(blob)
    manifest = json.loads(entries["manifest.json"])
    edit(manifest)
    if redigest:  # a careful forger who also updates the manifest checksum
        caller = {k: v for k, v in manifest.items()
                  if k not in ("magic", "format_version", "arrays")}
        manifest[MANIFEST_DIGEST] = manifest_digest(caller)
    entries["manifest.json"] = json.dumps(manifest).encode()
    return rezip(entries)


def assert_refused(name: str, *fragments):
    """Both commands refuse the file with one line and exit 2, and write nothing."""
    for args in (["predict", "prices.csv", "--model", name], ["info", name],
                 ["info", name, "--json"]):
        result = run(args)
        assert result.exit_code == 2, (args, result.exit_code, result.stderr, result.stdout)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {name}: "), result.stderr
        for fragment in fragments:
            assert fragment in lines[0], (fragment, lines[0])
        assert "Traceback" not in result.stderr
        assert result.stdout == ""


def test_the_good_model_works(work):
    for args in (["predict", "prices.csv", "--model", "good.lstmcast"], ["info", "good.lstmcast"]):
        result = run(args)
        assert result.exit_code == 0, result.stderr


def test_edits_that_keep_the_manifest_valid_still_load(work):
    """The checksum is over content, not bytes: re-zipping the same manifest is fine."""
    (work / "same.lstmcast").write_bytes(rezip(members((work / "good.lstmcast").read_bytes())))
    result = run(["predict", "prices.csv", "--model", "same.lstmcast"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("keep", [0, 1, 30, 0.5, -22, -1])
def test_truncated(work, keep):
    blob = (work / "good.lstmcast").read_bytes()
    cut = int(len(blob) * keep) if isinstance(keep, float) else (len(blob) + keep if keep < 0
                                                                  else keep)
    (work / "cut.lstmcast").write_bytes(blob[:cut])
    assert_refused("cut.lstmcast")


def content_offsets(blob: bytes) -> dict[str, int]:
    """Byte offsets inside what a reader must check: member data and zip structure."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        infos = {info.filename: info for info in zf.infolist()}
    out = {}
    for name, info in infos.items():
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        out[f"{name}:signature"] = info.header_offset
        out[f"{name}:start"] = start
        out[f"{name}:middle"] = start + info.file_size // 2
        out[f"{name}:last"] = start + info.file_size - 1
    out["end-of-directory"] = blob.rindex(b"PK\x05\x06")
    return out


@pytest.mark.parametrize("where", ["manifest.json:signature", "manifest.json:start",
                                   "manifest.json:middle", "manifest.json:last",
                                   "arrays/theta_0.npy:signature", "arrays/theta_0.npy:start",
                                   "arrays/theta_0.npy:middle", "arrays/theta_0.npy:last",
                                   "end-of-directory"])
def test_flipped_byte(work, where):
    blob = bytearray((work / "good.lstmcast").read_bytes())
    blob[content_offsets(bytes(blob))[where]] ^= 0x5A
    (work / "flip.lstmcast").write_bytes(bytes(blob))
    assert_refused("flip.lstmcast")


def test_flipped_byte_anywhere_never_changes_the_forecast(work):
    """A flip is refused with one line, or it hit a byte no reader uses (a zip timestamp or
    attribute): then the forecast is the good model's, exactly."""
    good = run(["predict", "prices.csv", "--model", "good.lstmcast"])
    blob = (work / "good.lstmcast").read_bytes()
    for i in np.linspace(0, len(blob) - 1, 40).astype(int):
        bad = bytearray(blob)
        bad[i] ^= 0xFF
        (work / "flip.lstmcast").write_bytes(bytes(bad))
        result = run(["predict", "prices.csv", "--model", "flip.lstmcast"])
        assert "Traceback" not in result.stderr
        if result.exit_code == 0:
            assert result.stdout == good.stdout, i
        else:
            assert result.exit_code == 2, (i, result.stderr)
            assert len(result.stderr.splitlines()) == 1, (i, result.stderr)
            assert result.stdout == ""


@pytest.mark.parametrize("edit", [
    lambda m: m["recipe"].__setitem__("patch", m["recipe"]["patch"] + 1),
    lambda m: m["settings"]["model"].__setitem__("lookback", 3),
    lambda m: m["data"].__setitem__("last_timestamp", "2031-01-01"),
    lambda m: m["network"].__setitem__("hidden_size", 5),
    lambda m: m["series"][0].__setitem__(
        "mode", "additive" if m["series"][0]["mode"] != "additive" else "log"),
    lambda m: m.pop(MANIFEST_DIGEST),
], ids=["patch", "lookback", "last-timestamp", "hidden-size", "transform", "no-digest"])
def test_edited_manifest_without_updating_checksums(work, edit):
    (work / "edited.lstmcast").write_bytes(edited((work / "good.lstmcast").read_bytes(), edit))
    assert_refused("edited.lstmcast", "checksum")


@pytest.mark.parametrize("field, value", [("hidden_size", 5), ("input_size", 3),
                                          ("output_size", 2), ("num_layers", 2)])
def test_edited_network_no_longer_matches_the_weights(work, field, value):
    blob = edited((work / "good.lstmcast").read_bytes(),
                  lambda m: m["network"].__setitem__(field, value), redigest=True)
    (work / "shapes.lstmcast").write_bytes(blob)
    assert_refused("shapes.lstmcast", "do not match the network")


def test_edited_array_table(work):
    blob = edited((work / "good.lstmcast").read_bytes(),
                  lambda m: m["arrays"]["theta_0"].__setitem__("shape", [7]))
    (work / "table.lstmcast").write_bytes(blob)
    assert_refused("table.lstmcast", "'theta_0'")


def test_replaced_weights(work):
    entries = members((work / "good.lstmcast").read_bytes())
    buffer = io.BytesIO()
    theta = np.load(io.BytesIO(entries["arrays/theta_0.npy"]))
    np.save(buffer, theta * 2)
    entries["arrays/theta_0.npy"] = buffer.getvalue()
    (work / "weights.lstmcast").write_bytes(rezip(entries))
    assert_refused("weights.lstmcast", "checksum")


def test_not_a_model(work):
    (work / "csv.lstmcast").write_bytes((work / "prices.csv").read_bytes())
    assert_refused("csv.lstmcast", "not an lstmcast model file")
    (work / "empty.lstmcast").write_bytes(b"")
    assert_refused("empty.lstmcast", "empty")
    (work / "folder.lstmcast").mkdir()
    assert_refused("folder.lstmcast", "directory")
    assert_refused("missing.lstmcast", "no such model file")


# ----------------------------------------------------------------------------------- pickles


class Payload:
    """Unpickling this creates ``marker``: proof that code from the file ran."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def pickled_npy(marker: Path) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.array([Payload(marker)], dtype=object), allow_pickle=True)
    return buffer.getvalue()


def test_the_payload_is_live(tmp_path):
    """Control: a loader that unpickles would indeed create the marker."""
    marker = tmp_path / "control-marker"
    np.load(io.BytesIO(pickled_npy(marker)), allow_pickle=True)
    assert marker.exists()


@pytest.mark.parametrize("variant", ["as-is", "plausible-size", "object-dtype", "raw-pickle"])
def test_pickled_array_is_never_unpickled(work, variant):
    marker = work / "PWNED"
    payload = pickled_npy(marker)
    entries = members((work / "good.lstmcast").read_bytes())
    entries["arrays/theta_0.npy"] = payload
    manifest = json.loads(entries["manifest.json"])
    if variant == "plausible-size":  # declared size fits the pickle, so the header is parsed
        manifest["arrays"]["theta_0"]["shape"] = [1]
    if variant == "object-dtype":
        manifest["arrays"]["theta_0"]["dtype"] = "object"
    entries["manifest.json"] = json.dumps(manifest).encode()
    blob = rezip(entries)
    if variant == "raw-pickle":
        import pickle

        blob = pickle.dumps(Payload(marker))
    (work / "evil.lstmcast").write_bytes(blob)
    assert_refused("evil.lstmcast")
    assert not marker.exists()


def test_a_model_of_the_seasons_means_before_format_15_is_refused_others_load(work):
    """Format 15 took each season's shape about its local trend, not its mean: an older model
    of those bases would forecast otherwise than it was trained and tested to, unsaid."""
    blob = (work / "good.lstmcast").read_bytes()
    (work / "old.lstmcast").write_bytes(edited(blob, lambda m: m.update(format_version=14)))
    assert run(["predict", "prices.csv", "--model", "old.lstmcast"]).exit_code == 0
    shown = run(["info", "old.lstmcast"]).stdout.splitlines()[0]  # the file's, not this one's
    assert shown.endswith(", format 14)"), shown

    def seasonal(manifest, version):
        manifest["format_version"] = version
        for entry in manifest["series"]:
            entry["base"] = "seasonal_mean"
    for version in (14, 15):
        (work / f"m{version}.lstmcast").write_bytes(
            edited(blob, lambda m, v=version: seasonal(m, v), redigest=True))
    assert run(["predict", "prices.csv", "--model", "m15.lstmcast"]).exit_code == 0
    refused = run(["predict", "prices.csv", "--model", "m14.lstmcast"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: m14.lstmcast: a model of format 14 bases its series "
                                     "on the mean of their seasons") and "retrain" in refused.stderr


@pytest.mark.parametrize("rules", [[["exchange"]], [["exchange", ["XNYS"]]],
                                   [["exchange", "XNOPE"]], [["exchange", 7]], [["date", 1]],
                                   [["date", 13, 1, "none"]],
                                   [["weekday", 1, 0, 9]], [["easter", "2"]], [["lunar", 1]],
                                   [[True, 1]], ["date"], [["day", 12]], [["day", 13, 1]],
                                   [["day", 12, "25"]], [["day", 2, 30]], [["day", 4, 31]]])
def test_a_holiday_rule_this_version_does_not_write_is_refused(work, rules):
    """A forger's (or a newer version's) holiday rules: an exchange without its code, or with
    an unknown one, gave 'internal error' (IndexError, TypeError) or an 'XNOPE's calendar' in
    `info` (a review)."""
    blob = (work / "good.lstmcast").read_bytes()
    (work / "rules.lstmcast").write_bytes(
        edited(blob, lambda m: m["data"].__setitem__("holidays", rules), redigest=True))
    assert_refused("rules.lstmcast", "holidays hold a rule this version does not write")
    (work / "own.lstmcast").write_bytes(  # a series' own rules (``model_holidays``)
        edited(blob, lambda m: m["series"][0].__setitem__("holidays", rules), redigest=True))
    assert_refused("own.lstmcast", "holidays hold a rule this version does not write")
    kept = [["exchange", "XNYS"], ["date", 1, 1, "sunday"], ["weekday", 11, 3, 4], ["easter", -2],
            ["day", 12, 25], ["day", 2, 29]]
    (work / "kept.lstmcast").write_bytes(
        edited(blob, lambda m: m["data"].__setitem__("holidays", kept), redigest=True))
    assert run(["info", "kept.lstmcast"]).exit_code == 0
