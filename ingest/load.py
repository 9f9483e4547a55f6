"""Read a policy text from disk: UTF-8 or GB18030, reject what is not text."""

from __future__ import annotations

import re
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md")


class LoadError(ValueError):
    """A file that cannot be ingested; the message names the file and the reason."""


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode UTF-8 (with or without BOM) or GB18030; refuse binary and undecodable bytes."""
    if not data.strip():
        raise LoadError(f"{name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise LoadError(f"{name}: binary file (contains NUL bytes), not a text document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(3, len(text) // 200):
            raise LoadError(f"{name}: binary file (control bytes), not a text document")
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
            raise LoadError(f"{name}: no readable text in the file")
        return text
    raise LoadError(f"{name}: cannot decode as UTF-8 or GB18030")


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


def load_text(path: Path) -> str:
    """Read one `.txt`/`.md` file as text; raise `LoadError` with a clear reason otherwise."""
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'}; use .txt or .md")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror})") from err
    return to_text(data, str(path))


def collect_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into supported files; return (files, errors for missing paths)."""
    files: list[Path] = []
    errors: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return files, errors
