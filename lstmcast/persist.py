"""The model file: a zip of plain data (a JSON manifest and ``.npy`` arrays), never a pickle.

Layout of ``model.lstmcast`` (ZIP_STORED, fixed timestamps, so equal input gives equal bytes)::

    manifest.json          caller's manifest + magic, format_version and one entry per array:
                           {"dtype": "float32", "shape": [..], "sha256": "<hex of C-order bytes>"}
    arrays/<name>.npy      one array, little-endian, written with allow_pickle=False

Loading trusts nothing in the file: sizes are bounded before anything is read or allocated, every
array is checked against its manifest entry and checksum, pickles are refused, and every problem
becomes one ``ModelFileError`` line that names the file and says what to do.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np

from lstmcast import __version__
from lstmcast.errors import InputError, ModelFileError
from lstmcast.fsio import atomic_open, write_error

__all__ = ["FORMAT_VERSION", "MAGIC", "holds_a_model", "json_safe", "load_model", "save_model"]

FORMAT_VERSION = 17  # 2: settings grouped, per-series state under "series"; 3: the "seasonal_mean"
# base reads up to 10 seasons of the series, not 3 of the window; 4: a "seasonal_trend" base;
# 5: a series' "shape_memory" (its seasons' weights), which an older reader would ignore;
# 6: a "seasonal_last" base; 7: the "weekly" bases; 8: -1 in the calibration for an error not
# measured (a step whose actual was filled in), which an older reader would take for an error;
# 9: a daily series' "day_effects", which an older reader would ignore; 10: a "theta" base;
# 11: "median"; 12: "seasonal_blend"; 13: "theta_mean"; 14: ``theta.CHOSEN``; 15: the seasons'
# local trends (``bundle.PROFILED_BASES``); 16: exchanges' calendars; 17: shops' closed dates
READABLE_VERSIONS = tuple(range(3, FORMAT_VERSION + 1))
MAGIC = "lstmcast-model"

MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # A few kB, or ~3 kB a series with one model per series.
MAX_ARRAY_BYTES = 1 << 30  # One array; an LSTM for a price series is far smaller.
MAX_TOTAL_BYTES = 2 << 30  # All arrays together.
MAX_ENTRIES = 10_000  # Zip members; guards against absurd central directories.
MAX_NPY_HEADER = 64 * 1024  # Bytes before the data in an .npy file (numpy's own cap is 10 kB).

_MANIFEST = "manifest.json"
_ARRAY_DIR = "arrays/"
_RESERVED = ("magic", "format_version", "arrays")
_NAME = re.compile(r"[A-Za-z0-9_]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
    + ["float16", "float32", "float64", "complex64", "complex128"]
)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # The earliest date zip can store: fixed for byte-equal files.
_RETRAIN = "train a new one with 'lstmcast train DATA'"


# --------------------------------------------------------------------------------------------
# save


def save_model(
    path: str | os.PathLike[str], arrays: Mapping[str, np.ndarray], manifest: dict
) -> None:
    """Write ``arrays`` and ``manifest`` to the model file ``path`` atomically.

    ``manifest`` must not use the reserved keys ``magic``, ``format_version`` or ``arrays``; NaN
    and infinite floats in it are stored as ``null`` (see ``json_safe``). Programmer mistakes
    (bad array name, object or non-numeric dtype, non-finite weights, reserved key) raise
    ``ValueError`` before anything is written; an unwritable destination raises ``InputError``.
    """
    prepared = {name: _prepare_array(name, arr) for name, arr in sorted(arrays.items())}
    if sum(arr.nbytes for arr in prepared.values()) > MAX_TOTAL_BYTES:
        raise ValueError(f"model arrays exceed {MAX_TOTAL_BYTES} bytes in total")
    if not isinstance(manifest, Mapping):
        raise ValueError(f"manifest must be a dict, not {type(manifest).__name__}")
    clash = sorted(set(_RESERVED) & set(manifest))
    if clash:
        raise ValueError(f"manifest keys {clash} are reserved for the model file format")

    full = dict(json_safe(dict(manifest)))
    full["magic"] = MAGIC
    full["format_version"] = FORMAT_VERSION
    full["arrays"] = {
        name: {
            "dtype": arr.dtype.name,
            "shape": list(arr.shape),
            "sha256": hashlib.sha256(arr.tobytes(order="C")).hexdigest(),
        }
        for name, arr in prepared.items()
    }
    manifest_bytes = json.dumps(full, sort_keys=True, allow_nan=False, indent=1).encode("utf-8")
    if len(manifest_bytes) > MAX_MANIFEST_BYTES:  # it could never be read back
        raise InputError(f"{os.fspath(path)}: the model's description would be "
                         f"{len(manifest_bytes) >> 20} MB, above the {MAX_MANIFEST_BYTES >> 20} "
                         "MB a model file may hold; train fewer series per model file",
                         fallback="split the series over several files")

    with atomic_open(path, "wb") as f:
        try:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as zf:
                zf.writestr(_zip_entry(_MANIFEST), manifest_bytes)
                for name, arr in prepared.items():
                    buffer = io.BytesIO()
                    np.lib.format.write_array(buffer, arr, version=(1, 0), allow_pickle=False)
                    zf.writestr(_zip_entry(f"{_ARRAY_DIR}{name}.npy"), buffer.getvalue())
        except OSError as err:
            raise write_error(path, err) from err


def json_safe(obj: Any) -> Any:
    """Return ``obj`` as plain JSON data: NaN/inf become ``None``, numpy values Python values.

    Dicts (string keys only), lists and tuples are converted recursively; numpy arrays become
    nested lists. Anything JSON cannot hold raises ``TypeError``.
    """
    if isinstance(obj, np.ndarray):
        return json_safe(obj.tolist())
    if isinstance(obj, np.generic):
        return json_safe(obj.item())
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        out = {}
        for key, value in obj.items():
            if not isinstance(key, str):
                raise TypeError(f"manifest keys must be strings, not {key!r}")
            out[str(key)] = json_safe(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [json_safe(item) for item in obj]
    raise TypeError(f"cannot store a {type(obj).__name__} in a model manifest: {obj!r}")


def _prepare_array(name: str, arr: np.ndarray) -> np.ndarray:
    """Validate one array and return it C-contiguous and little-endian, as it will be stored."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"array name {_quote(name)} must match [A-Za-z0-9_]+")
    arr = np.asarray(arr)
    if arr.dtype.name not in _DTYPES or arr.dtype.fields is not None:
        raise ValueError(
            f"array {_quote(name)} has dtype {arr.dtype}; only numeric and bool arrays"
        )
    arr = arr.astype(arr.dtype.newbyteorder("<"), order="C", copy=False)  # keeps 0-d arrays 0-d
    if arr.nbytes > MAX_ARRAY_BYTES:
        raise ValueError(f"array {_quote(name)} has {arr.nbytes} bytes; the limit is "
                         f"{MAX_ARRAY_BYTES}")
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        raise ValueError(f"array {_quote(name)} contains NaN or infinite values; refusing to "
                         "save it")
    return arr


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3  # Unix, whatever platform saves the file.
    info.external_attr = 0o644 << 16
    return info


# --------------------------------------------------------------------------------------------
# load


def holds_a_model(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a zip holding our manifest: a model file, readable or not."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _MANIFEST in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def load_model(path: str | os.PathLike[str], with_version: bool = False) -> tuple:
    """Read a model file; return ``(arrays, manifest)``, and the file's format version after
    them ``with_version`` (a base whose definition changed: ``bundle.PROFILED_BASES``).

    ``manifest`` is the caller's part as given to ``save_model`` (without ``magic``,
    ``format_version`` and ``arrays``), after the JSON round trip. Arrays are native-endian,
    writable copies. Any problem with the file raises ``ModelFileError``; nothing in the file is
    ever executed."""
    shown = os.fspath(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ModelFileError(f"{shown}: is a directory, not a model file; {_RETRAIN}")
        if not stat.S_ISREG(mode):  # a pipe or device would block or never end
            raise ModelFileError(f"{shown}: not a regular file, so not a model file; {_RETRAIN}")
        with open(path, "rb") as handle:
            return _load(handle, shown)[: 2 + with_version]
    except (FileNotFoundError, NotADirectoryError):
        raise ModelFileError(f"{shown}: no such model file; check the path or {_RETRAIN}") from None
    except OSError as err:
        reason = err.strerror or _detail(err)
        raise ModelFileError(f"{shown}: cannot read the model file ({reason})") from None


def _load(handle: io.BufferedReader, shown: str) -> tuple[dict[str, np.ndarray], dict, int]:
    def fail(problem: str, advice: str = _RETRAIN) -> ModelFileError:
        return ModelFileError(f"{shown}: {problem}; {advice}")

    if os.fstat(handle.fileno()).st_size == 0:
        raise fail("the model file is empty (an interrupted copy?)")
    head = handle.read(4)
    handle.seek(0)
    try:
        zf = zipfile.ZipFile(handle)
    except Exception as err:  # noqa: BLE001 - anything the zip parser trips over is damage.
        if head.startswith(b"PK"):
            raise fail(f"the model file is truncated or damaged ({_detail(err)})") from None
        raise fail(
            "not an lstmcast model file (not a zip archive; was a CSV or pickle passed?)",
            f"pass the model written by 'lstmcast train', or {_RETRAIN}",
        ) from None

    with zf:
        infos = zf.infolist()
        names = [info.filename for info in infos]
        if len(infos) > MAX_ENTRIES:
            raise fail(f"the model file has {len(infos)} entries, an absurd number")
        if len(set(names)) != len(names):
            raise fail("the model file has duplicate entries (damaged or tampered with)")
        by_name = {info.filename: info for info in infos}
        if _MANIFEST not in by_name:
            raise fail("not an lstmcast model file (no manifest)")
        stored = _read_manifest(zf, by_name[_MANIFEST], fail)

        listed = stored["arrays"]
        present = {}
        for name in names:
            if name == _MANIFEST:
                continue
            stem = name[len(_ARRAY_DIR) : -len(".npy")]
            if not (
                name.startswith(_ARRAY_DIR) and name.endswith(".npy") and _NAME.fullmatch(stem)
            ):
                raise fail(f"unexpected entry {_quote(name)} in the model file (tampered with?)")
            if stem not in listed:
                raise fail(f"array {_quote(stem)} is not listed in the manifest (tampered with?)")
            present[stem] = by_name[name]
        missing = sorted(set(listed) - set(present))
        if missing:
            raise fail(
                f"array {_quote(missing[0])} is listed in the manifest but missing (damaged)"
            )

        total = sum(_nbytes(entry) for entry in listed.values())
        if total > MAX_TOTAL_BYTES:
            raise fail(f"the manifest declares {total} bytes of arrays, an absurd size")
        arrays = {
            name: _read_array(zf, present[name], name, listed[name], fail)
            for name in sorted(listed)
        }
    manifest = {key: value for key, value in stored.items() if key not in _RESERVED}
    return arrays, manifest, stored["format_version"]


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, fail) -> bytes:
    """Read one zip member, refusing declared sizes above ``limit`` before reading anything."""
    if info.file_size > limit or info.compress_size > limit:
        raise fail(f"entry {_quote(info.filename)} declares {info.file_size} bytes, an absurd size")
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except Exception as err:  # noqa: BLE001 - bad CRC, bad header, unknown compression ...
        raise fail(f"entry {_quote(info.filename)} is damaged ({_detail(err)})") from None
    if len(data) != info.file_size:
        raise fail(f"entry {_quote(info.filename)} is damaged (wrong size)")
    return data


def _read_manifest(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail) -> dict:
    raw = _read_member(zf, info, MAX_MANIFEST_BYTES, fail)
    try:
        stored = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise fail("the manifest is not valid JSON (damaged)") from None
    if not isinstance(stored, dict):
        raise fail("the manifest is not a JSON object (damaged)")
    if stored.get("magic") != MAGIC:
        raise fail("not an lstmcast model file (wrong magic in the manifest)")
    version = stored.get("format_version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        has = "no valid format version" if type(version) is not int else f"format version {version}"
        newer = type(version) is int and version > FORMAT_VERSION
        wrote = stored.get("lstmcast_version")
        raise fail(
            f"the model file has {has}"
            + (f", written by lstmcast {wrote}" if newer and isinstance(wrote, str) else "")
            + f", but this lstmcast ({__version__}) reads format versions "
            f"{READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]}",
            "upgrade lstmcast to read it, or retrain with this version ('lstmcast train DATA')"
            if newer else "retrain with this version ('lstmcast train DATA')",
        )
    listed = stored.get("arrays")
    if not isinstance(listed, dict):
        raise fail("the manifest has no valid 'arrays' table (damaged)")
    for name, entry in listed.items():
        if not _valid_entry(name, entry):
            raise fail(f"the manifest entry for array {_quote(name)} is malformed (damaged)")
    return stored


def _valid_entry(name: str, entry: Any) -> bool:
    if not _NAME.fullmatch(name) or not isinstance(entry, dict):
        return False
    if set(entry) != {"dtype", "shape", "sha256"}:
        return False
    dtype, shape, digest = entry["dtype"], entry["shape"], entry["sha256"]
    return (
        isinstance(dtype, str)
        and dtype in _DTYPES
        and isinstance(shape, list)
        and len(shape) <= 32  # numpy's own limit on dimensions
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)
        and isinstance(digest, str)
        and _SHA256.fullmatch(digest) is not None
    )


def _nbytes(entry: dict) -> int:
    return math.prod(entry["shape"]) * np.dtype(entry["dtype"]).itemsize


def _read_array(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, entry: dict, fail):
    """Read one ``.npy`` member and check it against its manifest entry; never unpickle."""
    nbytes = _nbytes(entry)
    if nbytes > MAX_ARRAY_BYTES:
        raise fail(
            f"the manifest declares array {_quote(name)} with {nbytes} bytes, an absurd size"
        )
    if not nbytes <= info.file_size <= nbytes + MAX_NPY_HEADER:
        raise fail(f"array {_quote(name)} has the wrong size for its manifest entry (damaged)")
    data = _read_member(zf, info, nbytes + MAX_NPY_HEADER, fail)

    expected = np.dtype(entry["dtype"]).newbyteorder("<")
    buffer = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(buffer)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(buffer, MAX_NPY_HEADER)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(buffer, MAX_NPY_HEADER)
        else:
            raise ValueError(f"unsupported .npy version {version}")
    except Exception as err:  # noqa: BLE001 - a garbled header is damage, whatever numpy says.
        raise fail(f"array {_quote(name)} is damaged ({_detail(err)})") from None
    if dtype != expected:
        raise fail(
            f"array {_quote(name)} is stored as {dtype}, but the manifest says {entry['dtype']}"
        )
    if list(shape) != entry["shape"]:
        raise fail(
            f"array {_quote(name)} has shape {list(shape)}, but the manifest says {entry['shape']}"
        )
    if len(data) - buffer.tell() != nbytes:
        raise fail(f"array {_quote(name)} has the wrong number of data bytes (damaged)")
    buffer.seek(0)
    try:
        arr = np.lib.format.read_array(buffer, allow_pickle=False, max_header_size=MAX_NPY_HEADER)
    except Exception as err:  # noqa: BLE001 - includes numpy's refusal of pickled objects.
        raise fail(f"array {_quote(name)} is damaged ({_detail(err)})") from None

    digest = hashlib.sha256(arr.tobytes(order="C")).hexdigest()
    if digest != entry["sha256"]:
        raise fail(f"array {_quote(name)} does not match its checksum (damaged or edited)")
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        raise fail(
            f"array {_quote(name)} contains NaN or infinite values, never a valid model",
            "the training diverged or the file was edited; " + _RETRAIN,
        )
    return arr.astype(arr.dtype.newbyteorder("="), order="C", copy=False)


def _quote(name: str) -> str:
    """``repr`` of a name read from the file, shortened: it may be anything an attacker chose."""
    text = repr(name)
    return text if len(text) <= 60 else text[:57] + "..."


def _detail(err: Exception) -> str:
    """A short, single-line description of a parser's complaint, for the error message."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _refuse_constant(token: str) -> None:
    raise ValueError(f"{token} is not valid in a model manifest")
