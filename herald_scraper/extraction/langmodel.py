"""py3langid's model memory-mapped read-only from an uncompressed on-disk cache.

The stock loader decompresses ``model.npz.xz`` into anonymous memory: ~73 MB (the DFA's
deduplicated rows, 39 MB; ``nb_ptc``, 28 MB; two Python lists of ~104k ints). The extraction
workers share it copy-on-write from their fork server, yet the 557 dev pages read only ~60-65 %
of the rows' and ``nb_ptc``'s pages, and every read of the int lists changes refcounts, so
each worker copies the pages holding them. Mapped from ``.npy`` files instead, pages nobody
reads are never resident, the rest are page cache shared by every process without copies, and
no per-element Python object exists. Fork server plus two workers classifying the dev texts
(``benchmarks/langid_memory.py``): the model costs +46 MB of summed PSS mapped against +91 MB
stock, each further worker ~2 MB against ~7 MB, and classification is no slower (memoryview
indexing returns plain ints as fast as a list does).

The cache is built once per py3langid model (~1 s) under ``$HERALD_CACHE_DIR``, else
``$XDG_CACHE_HOME/herald-scraper``, else ``~/.cache/herald-scraper``; when that fails the
model is loaded into memory as before.
"""

from __future__ import annotations

import hashlib
import logging
import lzma
import mmap
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.lib import format as npy
from py3langid import __version__ as _PY3LANGID_VERSION
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

logger = logging.getLogger(__name__)

#: Bump when the files or their layout change: old caches are then left alone and rebuilt.
FORMAT_VERSION = 1

# name -> dtype kinds accepted ("u" unsigned, "i" signed, "f" float, "U" str) per array
_KINDS = {
    "nextmove": "u",  # distinct 256-entry DFA rows, flattened (the model's own dtype)
    "row": "u",  # state -> row index
    "rowbase": "u",  # row << 8, uint32: the walk's offset into nextmove
    "out_feat": "i",  # state -> feature (-1: none), int32
    "ptc": "f",  # feature x class log-probabilities, float16
    "pc": "f",  # class priors, float32
    "classes": "U",
}

# memoryview formats: indexing one returns a plain int, indexing an ndarray a numpy scalar (slow)
_FORMATS: dict[tuple[str, int], Literal["H", "I", "i"]] = {
    ("u", 2): "H",
    ("u", 4): "I",
    ("i", 4): "i",
}


def cache_root() -> Path:
    """Where herald-scraper caches derived files."""
    if env := os.environ.get("HERALD_CACHE_DIR"):
        return Path(env)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "herald-scraper"
    return Path.home() / ".cache" / "herald-scraper"


def model_file() -> Path:
    """The model py3langid ships (and its stock loader reads)."""
    return Path(MODEL_DIR) / MODEL_FILE


def cache_dir(model: Path | None = None) -> Path:
    """The cache directory of ``model``: a py3langid upgrade or another model gets its own, the
    same model installed in several venvs shares one (keyed by content, hashed in ~5 ms)."""
    with open(model or model_file(), "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()[:16]
    return cache_root() / f"langid-{_PY3LANGID_VERSION}-{digest}-f{FORMAT_VERSION}"


def load_identifier(norm_probs: bool = True) -> Any:
    """A ``py3langid.langid.LanguageIdentifier`` over the mapped cache (built if missing or
    corrupt); over the in-memory model when the cache can't be used, with one WARNING."""
    try:
        arrays = _cached_arrays(model_file())
    except Exception as exc:  # noqa: BLE001 — a broken cache must not cost the crawl its language
        logger.warning("language model cache unavailable (%s); loading the model into memory", exc)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=norm_probs)
    return _identifier_over(arrays, norm_probs)


def _identifier_over(arrays: dict[str, np.ndarray], norm_probs: bool) -> Any:
    ident = LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _ints(arrays["nextmove"]),
        _ints(arrays["out_feat"]),
        norm_probs=norm_probs,
        tk_row=(),  # __init__ would build a 104k-int list from it; set both just below
    )
    ident.tk_row = _ints(arrays["row"])
    ident._rowbase = _ints(arrays["rowbase"])
    return ident


def _ints(arr: np.ndarray) -> memoryview:
    return arr.data.cast("B").cast(_FORMATS[arr.dtype.kind, arr.dtype.itemsize])


def _cached_arrays(model: Path) -> dict[str, np.ndarray]:
    final = cache_dir(model)
    if final.exists():
        try:
            return _open(final)
        except (OSError, ValueError) as exc:
            logger.warning("language model cache %s is corrupt (%s); rebuilding it", final, exc)
            _discard(final)
    _build(model, final)
    return _open(final)


def _open(directory: Path) -> dict[str, np.ndarray]:
    """The cached arrays mapped read-only; ValueError/OSError when files are missing, short or
    inconsistent."""
    arrays = {name: _map(directory / f"{name}.npy") for name in _KINDS}
    for name, kind in _KINDS.items():
        dtype = arrays[name].dtype
        if dtype.kind != kind or (kind in "ui" and (kind, dtype.itemsize) not in _FORMATS):
            raise ValueError(f"{name}.npy: unexpected dtype {dtype}")
    ptc, pc, classes = arrays["ptc"], arrays["pc"], arrays["classes"]
    states = arrays["out_feat"].shape
    if (
        ptc.ndim != 2
        or pc.shape != (ptc.shape[1],)
        or classes.shape != pc.shape
        or arrays["nextmove"].ndim != 1
        or arrays["nextmove"].size % 256
        or len(states) != 1
        or not states[0]
        or arrays["row"].shape != states
        or arrays["rowbase"].shape != states
        or arrays["rowbase"].dtype != np.uint32
        # reads one page of each: catches a cache written by a buggy or foreign builder
        or int(arrays["rowbase"][-1]) != int(arrays["row"][-1]) << 8
    ):
        raise ValueError("inconsistent shapes")
    return arrays


def _map(path: Path) -> np.ndarray:
    """A read-only array over the data of a ``.npy`` file, mapped with ``MADV_RANDOM``: a
    classification reads scattered rows, and read-ahead (or fault-around on the large folios
    read-ahead builds) would make resident most of the pages nobody reads."""
    with open(path, "rb") as f:
        version = npy.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = npy.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = npy.read_array_header_2_0(f)
        else:
            raise ValueError(f"{path.name}: unsupported .npy version {version}")
        offset = f.tell()
        count = int(np.prod(shape))
        size = os.fstat(f.fileno()).st_size
        if fortran or dtype.hasobject or size < offset + count * dtype.itemsize:
            raise ValueError(f"{path.name}: truncated or unexpected layout")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mmap, "MADV_RANDOM"):
        mapped.madvise(mmap.MADV_RANDOM)
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)


def _read_model(model: Path, scratch: Path) -> dict[str, np.ndarray]:
    """The shipped model's arrays, as py3langid's ``modelio.load_model`` reads them."""
    npz = scratch / "model.npz"
    with lzma.open(model) as src, open(npz, "wb") as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)
    with np.load(npz, allow_pickle=False) as data:
        missing = {"ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat"}.difference(
            data.files
        )
        if missing:
            raise ValueError(f"{model}: unsupported model layout, missing {sorted(missing)}")
        arrays = {
            "nextmove": data["nextmove"].ravel(),
            "row": data["nextmove_row"].ravel(),
            "out_feat": data["out_feat"].astype(np.int32),
            "ptc": data["ptc"],
            "pc": data["pc"],
            "classes": data["classes"],
        }
    npz.unlink()
    arrays["rowbase"] = arrays["row"].astype(np.uint32) << 8
    return arrays


def _build(model: Path, final: Path) -> None:
    """Write the cache into a temporary sibling directory and rename it into place, so no
    process ever sees a partial cache; a process that loses the race uses the winner's."""
    final.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        for name, arr in _read_model(model, scratch).items():
            with open(scratch / f"{name}.npy", "wb") as f:
                np.save(f, np.ascontiguousarray(arr), allow_pickle=False)
                f.flush()
                os.fsync(f.fileno())  # a crash after the rename must not leave holes
                if hasattr(os, "posix_fadvise"):
                    # Dropped from the page cache: the writes left all of it there in large
                    # folios, and a fault maps a whole folio; faults then read back only the
                    # pages classification needs.
                    os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        scratch.chmod(0o755)  # mkdtemp's 0700 would hide a shared cache from other users
        try:
            os.rename(scratch, final)
        except OSError:
            if not final.is_dir():
                raise
            logger.debug("language model cache %s built by another process", final)
        else:
            logger.info("language model cache built in %s", final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _discard(directory: Path) -> None:
    # renamed aside first: another process must never open a half-deleted cache
    trash = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
    try:
        os.rename(directory, trash / "cache")
    except FileNotFoundError:  # another process got there first
        pass
    shutil.rmtree(trash, ignore_errors=True)
