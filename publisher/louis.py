"""liblouis in this process, through ctypes: the library that ``lou_translate`` fronts.

A table list is compiled once per process and kept by liblouis, so the second translation
costs microseconds instead of a process start and a table compile (about 7 ms each time).
Translations are those of ``lou_translate`` (same library, same call, mode 0): the braille
tests check the two agree. :func:`library` is None where liblouis cannot be loaded.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

LOG_OFF = 60000  #: ``LOU_LOG_OFF``: liblouis would print table errors on stderr; we raise instead


class TranslationError(Exception):
    """liblouis refused: a table in the list cannot be found or compiled."""


SONAME = "liblouis.so.20"  #: liblouis 3's ABI; elsewhere ctypes looks the library up (which runs ldconfig)


def _load() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(SONAME)
    except OSError:
        name = ctypes.util.find_library("louis")
        try:
            return ctypes.CDLL(name) if name else None
        except OSError:
            return None


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL | None:
    lib = _load()
    if lib is None:
        return None
    try:
        lib.lou_charSize.restype = ctypes.c_int
        for function in (lib.lou_translateString, lib.lou_backTranslateString):
            function.restype = ctypes.c_int
        lib.lou_setLogLevel(LOG_OFF)
    except (OSError, AttributeError):
        return None
    return lib


@lru_cache(maxsize=1)
def _char_type(lib: ctypes.CDLL):
    size = lib.lou_charSize()
    return (ctypes.c_uint16, "utf-16-le") if size == 2 else (ctypes.c_uint32, "utf-32-le")


def translate(text: str, tables: str, backward: bool = False) -> str:
    """``text`` translated (or back-translated) with the comma-separated ``tables`` list."""
    lib = library()
    if lib is None:
        raise TranslationError("liblouis is not installed")
    char, encoding = _char_type(lib)
    size = ctypes.sizeof(char)
    data = text.encode(encoding)
    length = len(data) // size
    inbuf = (char * max(length, 1)).from_buffer_copy(data.ljust(max(length, 1) * size, b"\0"))
    capacity = 4 * length + 64
    while True:
        outbuf = (char * capacity)()
        inlen, outlen = ctypes.c_int(length), ctypes.c_int(capacity)
        call = lib.lou_backTranslateString if backward else lib.lou_translateString
        if not call(tables.encode(), inbuf, ctypes.byref(inlen), outbuf, ctypes.byref(outlen), None, None, 0):
            raise TranslationError(f"liblouis cannot use the tables {tables}")
        if inlen.value >= length or capacity > 64 * (length + 64):
            return ctypes.string_at(outbuf, outlen.value * size).decode(encoding)
        capacity *= 4  # the output filled the buffer before the input was used up
