"""Reading files as users have them: byte-order marks, symbolic links, files too large."""

from __future__ import annotations

import os

import pytest

from ingest.load import LoadError, check_size, collect_files, decode, load_text
from tests.conftest import corpus_file

TEXT = "认证认可合作方案\n一、总体要求\n加强认证认可国际合作,推动检验检测结果互认。\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert load_text(path) == TEXT


def test_utf16_without_text_and_a_bare_bom_are_refused_clearly():
    with pytest.raises(LoadError, match="empty"):
        decode(b"\xff\xfe", "bom.txt")
    with pytest.raises(LoadError, match="binary"):
        decode(b"\x00\x01\x02\x03" * 50, "scan.txt")


def test_a_symlink_loop_inside_a_folder_is_named_in_a_warning(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    files, errors, warnings = collect_files([folder])
    assert files == [folder / "a.txt"] and errors == []
    assert len(warnings) == 2
    (loop,) = [w for w in warnings if "loop.txt" in w]
    assert "symbolic link loop" in loop and "skipped" in loop
    assert any("dangling.txt" in w and "broken symbolic link" in w for w in warnings)


def test_a_symlink_loop_named_directly_says_what_it_is(tmp_path):
    os.symlink("self.txt", tmp_path / "self.txt")
    files, errors, _ = collect_files([tmp_path / "self.txt", tmp_path / "missing.txt"])
    assert files == []
    assert errors[0] == f"{tmp_path / 'self.txt'}: symbolic link loop ({tmp_path / 'self.txt'} -> self.txt never reaches a file)"
    assert errors[1] == f"{tmp_path / 'missing.txt'}: no such file or folder"
    with pytest.raises(LoadError, match="symbolic link loop"):
        load_text(tmp_path / "self.txt")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    with pytest.raises(LoadError, match=r"6\.0 MB is over the 5 MB limit.*max_file_mb"):
        load_text(path)
    check_size(corpus_file("000").stat().st_size, "000.txt")  # the bundled files are far under it
