"""Read a policy text from disk: UTF-8, UTF-16 (with BOM) or GB18030, reject what is not text."""

from __future__ import annotations

import codecs
import errno
import os
import re
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md")
DEFAULT_MAX_FILE_MB = 5.0
# A byte-order mark says the encoding outright; UTF-32 first, its BOM starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class LoadError(ValueError):
    """A file that cannot be ingested; the message names the file and the reason."""


def _check_text(text: str, name: str) -> str:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 200):
        raise LoadError(f"{name}: binary file (control bytes), not a text document")
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
        raise LoadError(f"{name}: no readable text in the file")
    return text


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode by BOM (UTF-8/16/32), else UTF-8 or GB18030; refuse binary and undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise LoadError(f"{name}: starts with a {encoding.upper()} byte-order mark but cannot be decoded as it") from err
            if not text.strip():
                raise LoadError(f"{name}: the file is empty")
            return _check_text(text, name)
    if not data.strip():
        raise LoadError(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise LoadError(f"{name}: binary file (contains NUL bytes), not a text document")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _check_text(text, name)
    raise LoadError(f"{name}: cannot decode as UTF-8, UTF-16 or GB18030")


def _strip_markdown(text: str) -> str:
    """Markdown markup out, structure kept: `# 一、总体思路` -> `一、总体思路`."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text


def to_text(data: bytes, name: str) -> str:
    """Decoded text of a file's bytes, Markdown markup removed for `.md` files."""
    text = decode(data, name)
    return _strip_markdown(text) if name.lower().endswith(".md") else text


def check_size(size: int, name: str, max_mb: float = DEFAULT_MAX_FILE_MB) -> None:
    """Refuse a file over the size limit before reading it (setting `[ingest] max_file_mb`)."""
    if max_mb and size > max_mb * 1024 * 1024:
        raise LoadError(
            f"{name}: {size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB limit for one file "
            "(setting [ingest] max_file_mb); split it into smaller files"
        )


def read_file(path: Path, max_mb: float = DEFAULT_MAX_FILE_MB) -> bytes:
    """A file's bytes after the size check; `LoadError` with a clear reason otherwise."""
    try:
        check_size(path.stat().st_size, str(path), max_mb)
        return path.read_bytes()
    except OSError as err:
        raise LoadError(f"{path}: {_why_unreadable(path, err)}") from err


def load_text(path: Path, max_mb: float = DEFAULT_MAX_FILE_MB) -> str:
    """Read one `.txt`/`.md` file as text; raise `LoadError` with a clear reason otherwise."""
    if problem := _path_problem(path):
        raise LoadError(f"{path}: {problem}")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'}; use .txt or .md")
    return to_text(read_file(path, max_mb), str(path))


def _why_unreadable(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return f"symbolic link loop ({path} -> {os.readlink(path)} never reaches a file)" if path.is_symlink() else "symbolic link loop"
    return f"cannot read ({err.strerror})"


def _path_problem(path: Path) -> str | None:
    """Why a path named by the user cannot be ingested, or None when it exists."""
    try:
        path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            return _why_unreadable(path, err)
        if path.is_symlink():
            return f"broken symbolic link (points to {os.readlink(path)}, which does not exist)"
        if err.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot read ({err.strerror})"
    return None


def collect_files(paths: list[Path]) -> tuple[list[Path], list[str], list[str]]:
    """Expand files and folders into supported files.

    Returns (files, errors for paths that cannot be used, warnings for links inside folders
    that lead nowhere, which are skipped)."""
    files: list[Path] = []
    errors: list[str] = []
    warnings: list[str] = []
    for path in paths:
        if problem := _path_problem(path):
            errors.append(f"{path}: {problem}")
        elif path.is_dir():
            for entry in sorted(path.rglob("*")):
                if entry.is_symlink() and (problem := _path_problem(entry)):
                    warnings.append(f"{entry}: {problem}; skipped")
                elif entry.is_file() and entry.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(entry)
        else:
            files.append(path)
    return files, errors, warnings
