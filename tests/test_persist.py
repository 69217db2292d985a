"""The model file: round trips exactly, is byte-deterministic, refuses every bad file clearly."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lstmcast import persist
from lstmcast.errors import InputError, ModelFileError
from lstmcast.persist import FORMAT_VERSION, MAGIC, json_safe, load_model, save_model


def sample_arrays() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        "W_ih_0": rng.standard_normal((8, 3)).astype(np.float32),
        "b_0": np.linspace(-1, 1, 8, dtype=np.float64),
        "step": np.array(412, dtype=np.int64),  # 0-d stays 0-d
        "mask": np.array([True, False, True]),
        "empty": np.zeros((0, 4), dtype=np.float32),
    }


SAMPLE_MANIFEST = {
    "config": {"lookback": 30, "hidden": [32, 16], "target": "close"},
    "lstmcast_version": "0.1.0",
    "metrics": {"rmse": 1.25, "mape": None},
}


def assert_same_arrays(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    for name, arr in want.items():
        assert got[name].dtype == arr.dtype, name
        assert got[name].shape == arr.shape, name
        assert got[name].tobytes() == arr.tobytes(), name  # bit-identical, -0.0 included


# ---------------------------------------------------------------------------- helpers for bad files


def npy_bytes(arr: np.ndarray, allow_pickle: bool = False) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=allow_pickle)
    return buffer.getvalue()


def entry_for(arr: np.ndarray) -> dict:
    return {
        "dtype": arr.dtype.name,
        "shape": list(arr.shape),
        "sha256": hashlib.sha256(arr.tobytes()).hexdigest(),
    }


def manifest_bytes(data: dict[str, np.ndarray], **overrides) -> bytes:
    manifest = {"magic": MAGIC, "format_version": FORMAT_VERSION}
    manifest["arrays"] = {name: entry_for(arr) for name, arr in data.items()}
    manifest.update(overrides)
    return json.dumps(manifest).encode()


def write_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def model_zip(path: Path, data: dict[str, np.ndarray], **overrides) -> Path:
    """A hand-built model file: a consistent manifest for ``data`` unless overridden."""
    members = {"manifest.json": manifest_bytes(data, **overrides)}
    members.update({f"arrays/{name}.npy": npy_bytes(arr) for name, arr in data.items()})
    return write_zip(path, members)


W = {"w": np.array([0.5, -1.0, 2.0], dtype=np.float32)}


def refused(path, *words: str) -> str:
    """Load ``path``, expect a one-line ModelFileError naming the file; return its message."""
    with pytest.raises(ModelFileError) as info:
        load_model(path)
    message = str(info.value)
    assert message.startswith(f"{os.fspath(path)}: ")
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


# ---------------------------------------------------------------------------- round trip


def test_round_trip_is_exact(tmp_path):
    path = tmp_path / "model.lstmcast"
    save_model(path, sample_arrays(), SAMPLE_MANIFEST)
    arrays, manifest = load_model(path)
    assert_same_arrays(arrays, sample_arrays())
    assert manifest == SAMPLE_MANIFEST
    assert all(arr.flags.writeable and arr.flags.c_contiguous for arr in arrays.values())


def test_saved_manifest_lists_format_and_checksums(tmp_path):
    path = tmp_path / "model.lstmcast"
    save_model(path, sample_arrays(), SAMPLE_MANIFEST)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] == "manifest.json"
        raw = zf.read("manifest.json")
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zf.infolist())
    stored = json.loads(raw)
    assert stored["magic"] == MAGIC == "lstmcast-model"
    assert stored["format_version"] == FORMAT_VERSION == 17
    assert stored["arrays"]["W_ih_0"] == entry_for(sample_arrays()["W_ih_0"])
    assert stored["arrays"]["step"]["shape"] == []
    assert raw == json.dumps(stored, sort_keys=True, indent=1).encode()  # keys sorted


def test_same_input_gives_same_bytes(tmp_path):
    save_model(tmp_path / "a", sample_arrays(), SAMPLE_MANIFEST)
    reordered = dict(reversed(list(sample_arrays().items())))
    save_model(tmp_path / "b", reordered, dict(reversed(list(SAMPLE_MANIFEST.items()))))
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_non_contiguous_and_big_endian_inputs_round_trip(tmp_path):
    base = np.arange(12, dtype=">f8").reshape(3, 4)
    arrays = {"t": base.T, "s": base[:, ::2]}
    save_model(tmp_path / "m", arrays, {})
    got, _ = load_model(tmp_path / "m")
    for name, arr in arrays.items():
        np.testing.assert_array_equal(got[name], arr)
        assert got[name].dtype == np.float64 and got[name].dtype.isnative


def test_nan_in_manifest_is_stored_as_null(tmp_path):
    save_model(tmp_path / "m", W, {"val_loss": float("nan"), "best": np.float32(0.25)})
    _, manifest = load_model(tmp_path / "m")
    assert manifest == {"val_loss": None, "best": 0.25}


def test_save_overwrites_atomically_and_leaves_no_temp(tmp_path):
    path = tmp_path / "model.lstmcast"
    save_model(path, W, {"n": 1})
    save_model(path, sample_arrays(), {"n": 2})
    assert load_model(path)[1] == {"n": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.lstmcast"]


def test_save_into_missing_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        save_model(tmp_path / "nope" / "model.lstmcast", W, {})


@pytest.mark.parametrize(
    ("arrays", "manifest", "match"),
    [
        ({"bad-name": np.zeros(2)}, {}, "must match"),
        ({"": np.zeros(2)}, {}, "must match"),
        ({"obj": np.array([{}], dtype=object)}, {}, "only numeric"),
        ({"txt": np.array(["a"])}, {}, "only numeric"),
        ({"w": np.array([1.0, np.nan])}, {}, "NaN or infinite"),
        ({"w": np.array([np.inf], dtype=np.float32)}, {}, "NaN or infinite"),
        (W, {"arrays": {}}, "reserved"),
        (W, {"magic": "x"}, "reserved"),
    ],
)
def test_save_refuses_programmer_mistakes_before_writing(tmp_path, arrays, manifest, match):
    with pytest.raises(ValueError, match=match):
        save_model(tmp_path / "m", arrays, manifest)
    assert list(tmp_path.iterdir()) == []


def test_json_safe():
    value = {
        "nan": float("nan"),
        "inf": -np.inf,
        "f32": np.float32(0.5),
        "i64": np.int64(7),
        "flag": np.bool_(True),
        "nested": ({"x": [np.float64("nan"), 1]},),
        "arr": np.array([[1.0, np.nan]]),
        "s": np.str_("close"),
    }
    out = json_safe(value)
    assert out == {
        "nan": None,
        "inf": None,
        "f32": 0.5,
        "i64": 7,
        "flag": True,
        "nested": [{"x": [None, 1]}],
        "arr": [[1.0, None]],
        "s": "close",
    }
    assert type(out["i64"]) is int and type(out["flag"]) is bool and type(out["f32"]) is float
    json.dumps(out, allow_nan=False)
    with pytest.raises(TypeError):
        json_safe({"when": object()})
    with pytest.raises(TypeError):
        json_safe({1: "int key"})


# ---------------------------------------------------------------------------- bad files


def test_missing_file(tmp_path):
    refused(tmp_path / "model.lstmcast", "no such model file", "lstmcast train")


def test_directory(tmp_path):
    refused(tmp_path, "is a directory")


def test_empty_file(tmp_path):
    (tmp_path / "m").write_bytes(b"")
    refused(tmp_path / "m", "empty")


@pytest.mark.parametrize("keep", [0.99, 0.5, 0.1, 10, 3])
def test_truncated_file(tmp_path, keep):
    save_model(tmp_path / "m", sample_arrays(), SAMPLE_MANIFEST)
    data = (tmp_path / "m").read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    (tmp_path / "m").write_bytes(data[:cut])
    refused(tmp_path / "m")


def test_flipped_byte_anywhere_is_caught_or_harmless(tmp_path):
    """Every single-byte flip either raises ModelFileError or loads the very same model.

    Flips in zip metadata nobody reads (timestamps, "made by" version, file attributes) are
    harmless; everything that carries meaning is covered by zip CRC-32 and the sha256 checksums.
    """
    good = tmp_path / "good"
    save_model(good, W, {"lookback": 3})
    data = good.read_bytes()
    bad = tmp_path / "bad"
    caught = 0
    for i in range(len(data)):
        flipped = bytearray(data)
        flipped[i] ^= 0xFF
        bad.write_bytes(bytes(flipped))
        try:
            arrays, manifest = load_model(bad)
        except ModelFileError as err:
            assert str(err).startswith(f"{bad}: ")
            caught += 1
        else:
            assert_same_arrays(arrays, W)
            assert manifest == {"lookback": 3}, i
    assert caught > 0.8 * len(data)


def test_flipped_byte_in_weights_is_caught(tmp_path):
    save_model(tmp_path / "m", W, {})
    data = bytearray((tmp_path / "m").read_bytes())
    at = bytes(data).index(W["w"].tobytes())
    data[at + 5] ^= 0x01
    (tmp_path / "m").write_bytes(bytes(data))
    refused(tmp_path / "m", "damaged")


@pytest.mark.parametrize(
    "content",
    [
        b"date,close\n2024-01-02,101.5\n2024-01-03,102.25\n",
        pickle.dumps({"weights": [1.0, 2.0]}),
        b"\x00" * 100,
        bytes(range(256)) * 3,
        b"PK",
    ],
    ids=["csv", "pickle", "zeros", "noise", "PK-only"],
)
def test_not_a_zip(tmp_path, content):
    path = tmp_path / "model.lstmcast"
    path.write_bytes(content)
    refused(path)


def test_csv_passed_by_mistake_says_so(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("date,close\n2024-01-02,101.5\n")
    refused(path, "not an lstmcast model file", "not a zip")


def test_zip_without_manifest(tmp_path):
    path = write_zip(tmp_path / "model.lstmcast", {"arrays/w.npy": npy_bytes(W["w"])})
    message = refused(path, "not an lstmcast model file (no manifest)", "lstmcast train DATA")
    assert message == (
        f"{path}: not an lstmcast model file (no manifest); "
        "train a new one with 'lstmcast train DATA'"
    )


@pytest.mark.parametrize(
    ("manifest", "words"),
    [
        (b"{not json", ["not valid JSON"]),
        (b"\xff\xfe{}", ["not valid JSON"]),
        (b'{"magic": NaN}', ["not valid JSON"]),
        (b"[1, 2, 3]", ["not a JSON object"]),
        (b'"lstmcast-model"', ["not a JSON object"]),
        (b"[" * 100_000, ["not valid JSON"]),
        (b"{}", ["wrong magic"]),
        (b'{"magic": "numpy", "format_version": 1, "arrays": {}}', ["wrong magic"]),
    ],
)
def test_bad_manifest(tmp_path, manifest, words):
    path = write_zip(tmp_path / "m", {"manifest.json": manifest})
    refused(path, *words)


@pytest.mark.parametrize("version", [2, 18])  # an older model file, and a newer one
def test_other_format_version_says_which(tmp_path, version):
    path = model_zip(tmp_path / "m", W, format_version=version)
    message = refused(path, f"format version {version}", "reads format versions 3 to 17",
                      "retrain")
    assert "retrain with this version" in message
    assert ("upgrade lstmcast to read it" in message) == (version > 17)


@pytest.mark.parametrize("version", [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
def test_an_older_file_is_read(tmp_path, version):
    """Versions 4 to 9 only added base kinds, a series' memory, the calibration's marker
    of an error not measured and a daily series' day effects: a file of a version before
    reads as it did (a model of the seasons' means before 15: ``bundle.PROFILED_BASES``)."""
    arrays, _, read = load_model(model_zip(tmp_path / "m", W, format_version=version),
                                 with_version=True)
    assert set(arrays) == set(W) and read == version


@pytest.mark.parametrize("version", ["1", 1.0, True, None, [1]])
def test_malformed_format_version(tmp_path, version):
    refused(model_zip(tmp_path / "m", W, format_version=version), "no valid format version")


@pytest.mark.parametrize(
    "entry",
    [
        {"dtype": "object", "shape": [3], "sha256": "0" * 64},
        {"dtype": "float128", "shape": [3], "sha256": "0" * 64},
        {"dtype": "float32", "shape": [-3], "sha256": "0" * 64},
        {"dtype": "float32", "shape": [3.0], "sha256": "0" * 64},
        {"dtype": "float32", "shape": "3", "sha256": "0" * 64},
        {"dtype": "float32", "shape": [3], "sha256": "xyz"},
        {"dtype": "float32", "shape": [3]},
        ["float32", [3]],
    ],
)
def test_malformed_array_entry(tmp_path, entry):
    refused(model_zip(tmp_path / "m", W, arrays={"w": entry}), "malformed")


def test_arrays_table_missing(tmp_path):
    path = write_zip(
        tmp_path / "m",
        {"manifest.json": json.dumps({"magic": MAGIC, "format_version": FORMAT_VERSION}).encode()},
    )
    refused(path, "'arrays'")


def test_array_listed_but_missing(tmp_path):
    members = {"manifest.json": manifest_bytes({**W, "b": np.zeros(2)})}
    members["arrays/w.npy"] = npy_bytes(W["w"])
    refused(write_zip(tmp_path / "m", members), "'b' is listed in the manifest but missing")


def test_extra_unlisted_array(tmp_path):
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(W["w"])
    members["arrays/extra.npy"] = npy_bytes(np.zeros(2))
    refused(write_zip(tmp_path / "m", members), "'extra' is not listed")


@pytest.mark.parametrize(
    "name", ["evil.py", "arrays/", "arrays/w.txt", "../w.npy", "arrays/a-b.npy"]
)
def test_unexpected_entry(tmp_path, name):
    members = {"manifest.json": manifest_bytes(W), "arrays/w.npy": npy_bytes(W["w"]), name: b"x"}
    refused(write_zip(tmp_path / "m", members), "unexpected entry")


def test_duplicate_entry(tmp_path):
    members = {"manifest.json": manifest_bytes(W), "arrays/w.npy": npy_bytes(W["w"])}
    path = write_zip(tmp_path / "m", members)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "a") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        zf.writestr("arrays/w.npy", npy_bytes(np.zeros(3, dtype=np.float32)))
    refused(path, "duplicate")


def test_dtype_differs_from_manifest(tmp_path):
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(W["w"].astype(np.float64))
    refused(write_zip(tmp_path / "m", members), "stored as float64", "manifest says float32")


def test_big_endian_npy_is_refused(tmp_path):
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(W["w"].astype(">f4"))
    refused(write_zip(tmp_path / "m", members), "stored as >f4")


def test_shape_differs_from_manifest(tmp_path):
    arr = np.arange(6, dtype=np.float32)
    members = {"manifest.json": manifest_bytes({"w": arr})}
    members["arrays/w.npy"] = npy_bytes(arr.reshape(2, 3))
    refused(write_zip(tmp_path / "m", members), "shape [2, 3]", "manifest says [6]")


def test_checksum_differs_from_manifest(tmp_path):
    # A consistent zip (valid CRC) whose array was edited after the manifest was written.
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(W["w"] * 2)
    refused(write_zip(tmp_path / "m", members), "does not match its checksum")


def test_trailing_bytes_after_npy_data(tmp_path):
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(W["w"]) + b"\x00" * 4
    refused(write_zip(tmp_path / "m", members), "wrong number of data bytes")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.complex64])
def test_non_finite_weights(tmp_path, bad, dtype):
    arr = np.array([1.0, bad, 3.0]).astype(dtype)
    refused(model_zip(tmp_path / "m", {"w": arr}), "NaN or infinite")


class SideEffect:
    """Unpickling this creates a file: proof of code execution if it ever happens."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def pickled_object_npy(marker: Path) -> bytes:
    return npy_bytes(np.array([SideEffect(marker), 1], dtype=object), allow_pickle=True)


def test_payload_really_has_a_side_effect_when_unpickled(tmp_path):
    """Guard for the next test: the payload does run code when numpy is allowed to unpickle."""
    marker = tmp_path / "executed"
    np.load(io.BytesIO(pickled_object_npy(marker)), allow_pickle=True)
    assert marker.exists()


@pytest.mark.parametrize("claimed", ["object", "float32", "int64"])
def test_pickled_object_array_is_refused_without_running_it(tmp_path, claimed):
    marker = tmp_path / "executed"
    entry = {"dtype": claimed, "shape": [2], "sha256": "0" * 64}
    members = {
        "manifest.json": manifest_bytes({}, arrays={"w": entry}),
        "arrays/w.npy": pickled_object_npy(marker),
    }
    refused(write_zip(tmp_path / "m", members))
    assert not marker.exists()


def test_pickle_is_refused_even_past_the_header_checks(tmp_path, monkeypatch):
    """Second line of defence: numpy's allow_pickle=False, should the dtype check ever be lost."""
    marker = tmp_path / "executed"
    payload = pickled_object_npy(marker)
    buffer = io.BytesIO(payload)
    np.lib.format.read_magic(buffer)
    np.lib.format.read_array_header_1_0(buffer)
    header_end = buffer.tell()
    size = len(payload) - header_end  # the pickle, posing as that many uint8 values

    def lying_header(fp, *args):
        fp.seek(header_end)
        return (size,), False, np.dtype("u1")

    monkeypatch.setattr(np.lib.format, "read_array_header_1_0", lying_header)
    entry = {"dtype": "uint8", "shape": [size], "sha256": "0" * 64}
    members = {"manifest.json": manifest_bytes({}, arrays={"w": entry}), "arrays/w.npy": payload}
    refused(write_zip(tmp_path / "m", members), "Object arrays cannot be loaded")
    assert not marker.exists()


def test_manifest_size_is_limited(tmp_path, monkeypatch):
    path = model_zip(tmp_path / "m", W, padding="x" * 2000)
    monkeypatch.setattr(persist, "MAX_MANIFEST_BYTES", 1000)
    refused(path, "manifest.json", "absurd size")


def test_a_manifest_too_large_to_read_back_is_never_written(tmp_path, monkeypatch):
    monkeypatch.setattr(persist, "MAX_MANIFEST_BYTES", 1000)
    with pytest.raises(InputError, match="would be"):
        save_model(tmp_path / "m", W, {"padding": "x" * 2000})
    assert not (tmp_path / "m").exists()


def test_absurd_declared_array_size(tmp_path):
    entry = {"dtype": "float64", "shape": [10**6, 10**6, 10**6], "sha256": "0" * 64}
    members = {"manifest.json": manifest_bytes({}, arrays={"w": entry})}
    members["arrays/w.npy"] = npy_bytes(np.zeros(1))
    refused(write_zip(tmp_path / "m", members), "absurd size")


def test_zip_bomb_member_is_not_inflated(tmp_path):
    # 8 MB of zeros deflate to ~8 kB; the manifest says the array is 12 bytes.
    members = {"manifest.json": manifest_bytes(W)}
    members["arrays/w.npy"] = npy_bytes(np.zeros(1024 * 1024))
    refused(write_zip(tmp_path / "m", members, zipfile.ZIP_DEFLATED), "wrong size")


def test_deflated_model_is_still_accepted(tmp_path):
    members = {"manifest.json": manifest_bytes(W), "arrays/w.npy": npy_bytes(W["w"])}
    arrays, manifest = load_model(write_zip(tmp_path / "m", members, zipfile.ZIP_DEFLATED))
    assert_same_arrays(arrays, W)
    assert manifest == {}


# ---------------------------------------------------------------------------- property


DTYPES = [np.float16, np.float32, np.float64, np.int8, np.int32, np.int64, np.uint16, np.bool_]


@st.composite
def named_arrays(draw):
    names = draw(
        st.lists(st.from_regex(r"[A-Za-z0-9_]{1,12}", fullmatch=True), max_size=4, unique=True)
    )
    arrays = {}
    for name in names:
        dtype = draw(st.sampled_from(DTYPES))
        elements = None
        if np.dtype(dtype).kind == "f":
            elements = hnp.from_dtype(np.dtype(dtype), allow_nan=False, allow_infinity=False)
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
        arrays[name] = draw(hnp.arrays(dtype, shape, elements=elements))
    return arrays


@settings(max_examples=50, deadline=None, derandomize=True)
@given(arrays=named_arrays(), lookback=st.integers(1, 500), note=st.text(max_size=20))
def test_round_trip_property(tmp_path_factory, arrays, lookback, note):
    path = tmp_path_factory.mktemp("prop") / "model.lstmcast"
    manifest = {"lookback": lookback, "note": note}
    save_model(path, arrays, manifest)
    got, got_manifest = load_model(path)
    assert_same_arrays(got, arrays)
    assert got_manifest == manifest


def test_hostile_entry_name_keeps_the_message_short_and_on_one_line(tmp_path):
    members = {"manifest.json": manifest_bytes(W), "arrays/w.npy": npy_bytes(W["w"])}
    members["evil\n" + "x" * 5000] = b"x"
    message = refused(write_zip(tmp_path / "m", members), "unexpected entry")
    assert len(message) < 300


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    refused(tmp_path / "pipe", "not a regular file")


def test_the_readme_names_the_format_this_version_writes_and_reads():
    """The README said format 11 after 12 was written (a user round)."""
    from lstmcast.persist import READABLE_VERSIONS

    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert (f"This version writes format {FORMAT_VERSION} and reads {READABLE_VERSIONS[0]} to "
            f"{READABLE_VERSIONS[-1]}") in readme
    assert f"{FORMAT_VERSION} the " in readme  # and says what it added
