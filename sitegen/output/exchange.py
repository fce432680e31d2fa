"""Swapping two folders in one atomic step, where the operating system can.

Linux (3.15 and later, on most file systems) exchanges two paths with renameat2's
RENAME_EXCHANGE: there is no moment at which the output folder is missing, even for a build
killed in the middle of its swap. Elsewhere `exchange_folders` says it cannot, and the caller
falls back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers when the kernel or the file system lacks the exchange.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _load_renameat2():  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange_folders(first: Path, second: Path) -> bool:
    """Swap the two paths atomically; False, with nothing changed, where that is not possible.
    Raises OSError for any other failure (a missing path, a permission)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))
