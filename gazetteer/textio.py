"""Reading article text that may be anything: missing, binary, not UTF-8, empty, huge.

Every failure becomes a :class:`~gazetteer.errors.DocumentError` with a message a
user can act on; nothing here prints or exits.
"""

from __future__ import annotations

import os
from pathlib import Path

from gazetteer.errors import DocumentError

#: Larger inputs are refused: a news article is a few kB; 5 MB is a book.
MAX_BYTES = 5_000_000


def decode_text(
    data: bytes, *, name: str = "<text>", max_bytes: int = MAX_BYTES
) -> str:
    """Decode uploaded or read bytes as UTF-8 article text, or explain why not.

    >>> decode_text("Sirte".encode())
    'Sirte'
    >>> decode_text(b"\\x00\\x01binary")
    Traceback (most recent call last):
    ...
    gazetteer.errors.DocumentError: <text>: looks like a binary file, not text
    """
    if len(data) > max_bytes:
        raise DocumentError(
            f"{name}: too large ({len(data):,} bytes; the limit is {max_bytes:,})"
        )
    if b"\x00" in data[:65536]:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"{name}: not UTF-8 text (invalid byte at position {err.start}); "
            "save it as UTF-8 and try again"
        ) from err
    if not text.strip():
        raise DocumentError(f"{name}: empty, nothing to read")
    # Offsets index this exact text, so line endings stay as they were.
    return text


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 article from disk, with the checks of :func:`decode_text`."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise DocumentError(f"{name}: is a directory, not a file")
        size = p.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"{name}: too large ({size:,} bytes; the limit is {max_bytes:,})"
            )
        data = p.read_bytes()
    except FileNotFoundError as err:
        raise DocumentError(f"{name}: no such file") from err
    except PermissionError as err:
        raise DocumentError(f"{name}: permission denied") from err
    except OSError as err:
        raise DocumentError(f"{name}: cannot be read ({err.strerror or err})") from err
    return decode_text(data, name=name, max_bytes=max_bytes)
