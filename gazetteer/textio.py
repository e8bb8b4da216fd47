"""Reading article text that may be anything: missing, binary, not UTF-8, empty, huge.

This module is the one place that decides what a readable document is; the command
lines, the batch runner and the app all read text through it. Every failure becomes
a :class:`~gazetteer.errors.DocumentError` with a one-line message naming the file
and what to do; nothing here prints or exits.

What is read:

- UTF-8, with or without a byte-order mark; UTF-16 and UTF-32 *with* a byte-order
  mark (as Windows editors save "Unicode" text). The mark itself is dropped.
- Control characters other than tab, line feed and carriage return (NUL, escape,
  the C1 controls...) are each replaced by one space before analysis. The text keeps
  its length, so every offset indexes both the text the app shows and the file's
  characters as an editor counts them.
- A file whose text is more than 10 % control characters, or that has NUL bytes and
  is no valid text, is binary and refused.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from gazetteer.errors import DocumentError

#: Larger inputs are refused: a news article is a few kB; 5 MB is a book.
MAX_BYTES = 5_000_000

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
#: C0 controls but tab, LF, CR; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_BINARY_SHARE = 0.1
_SAMPLE = 65536


def decode_text(
    data: bytes, *, name: str = "<text>", max_bytes: int = MAX_BYTES
) -> str:
    """Decode uploaded or read bytes as article text, or explain why not.

    >>> decode_text("Sirte".encode())
    'Sirte'
    >>> decode_text("\\ufeffSirte".encode("utf-16-le"))
    'Sirte'
    >>> decode_text(b"Sirte\\x00and Tripoli")
    'Sirte and Tripoli'
    >>> decode_text(b"\\x00\\x01binary")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DocumentError: <text>: looks like a binary file, not text; \
pass a plain-text (.txt) article
    """
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    text = _decode(data, name)
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample):
        raise _binary(name)
    text = clean_text(text)
    if not text.strip():
        raise DocumentError(f"{name}: empty, nothing to read; pass a file with text")
    # Offsets index this exact text, so line endings stay as they were.
    return text


def clean_text(text: str) -> str:
    """Text with each control character (NUL, ESC...; not tab, LF, CR) replaced by a
    space: same length, so offsets into it index the original too.

    >>> clean_text("Sirte\\x00Tripoli\\x1b[0m\\n")
    'Sirte Tripoli [0m\\n'
    """
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Read an article from disk, with the checks of :func:`decode_text`.

    Directories, symbolic-link loops, devices and pipes are refused with a message,
    and never more than ``max_bytes + 1`` bytes are read.
    """
    p = Path(path)
    name = str(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(
                f"{name}: is a directory, not a file; pass the files in it "
                f"(e.g. {name}/*.txt)"
            )
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(
                f"{name}: not a regular file (a device, pipe or socket); "
                "pass a plain-text file"
            )
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as err:
        if p.is_symlink():
            raise DocumentError(
                f"{name}: a broken symbolic link; fix or remove the link"
            ) from err
        raise DocumentError(f"{name}: no such file; check the path") from err
    except PermissionError as err:
        raise DocumentError(
            f"{name}: permission denied; make the file readable (chmod +r)"
        ) from err
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise DocumentError(
                f"{name}: a symbolic link loop; fix or remove the link"
            ) from err
        raise DocumentError(f"{name}: cannot be read ({err.strerror or err})") from err
    return decode_text(data, name=name, max_bytes=max_bytes)


def _decode(data: bytes, name: str) -> str:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as err:
                raise DocumentError(
                    f"{name}: starts as {label} text but is not valid {label} "
                    f"(invalid bytes at position {err.start + len(bom)}); "
                    "save it as UTF-8 and try again"
                ) from err
    head = data[:_SAMPLE]
    nuls = head.count(0)
    if nuls > _BINARY_SHARE * len(head):
        raise _binary(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if nuls:
            raise _binary(name) from err
        raise DocumentError(
            f"{name}: not UTF-8 text (invalid byte at position {err.start}); "
            "save it as UTF-8 and try again"
        ) from err


def _binary(name: str) -> DocumentError:
    return DocumentError(
        f"{name}: looks like a binary file, not text; pass a plain-text (.txt) article"
    )


def _too_large(name: str, size: int, limit: int) -> DocumentError:
    return DocumentError(
        f"{name}: too large ({size:,} bytes; the limit is {limit:,}); "
        "split it into smaller files"
    )
