"""Untrusted input files give one clear message each."""

from __future__ import annotations

import pytest

from gazetteer import DocumentError
from gazetteer.textio import decode_text, read_text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Sirte é".encode("latin-1"), "not UTF-8"),
        (b"a" * 101, "too large"),
    ],
    ids=["empty", "blank", "binary", "latin1", "huge"],
)
def test_bad_bytes(data, message):
    with pytest.raises(DocumentError, match=message) as info:
        decode_text(data, name="upload.txt", max_bytes=100)
    assert str(info.value).startswith("upload.txt: ")
    assert isinstance(info.value, ValueError)


def test_good_text_keeps_its_offsets():
    text = "Sirte\r\nTripoli"
    assert decode_text(("\ufeff" + text).encode()) == text


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(DocumentError, match="directory"):
        read_text(tmp_path)
