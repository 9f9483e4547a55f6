"""What the tests compare against, read from the corpus text itself rather than the index."""

from __future__ import annotations

import re

from tests.conftest import corpus_file

_RUBY = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")  # the site's pinyin after each character
_TASK = re.compile(r"(\d+)\.([^。]{2,30})。.*?[((]牽頭單位[::]([^,,))]+)(?:[,,]配合單位[::]([^))]+))?[))]")


def units(cell: str | None) -> list[str]:
    """A 、-separated unit list as written; a trailing 等 ("and others") is not a unit."""
    return [u for u in (cell or "").removesuffix("等").split("、") if u]


def expected_tasks() -> dict[int, tuple[str, list[str], list[str]]]:
    """Task number -> (name, lead units, support units), parsed straight from the 000 plan's text."""
    text = _RUBY.sub("", corpus_file("000").read_text(encoding="utf-8"))
    return {int(m[1]): (m[2], units(m[3]), units(m[4])) for m in _TASK.finditer(text)}
