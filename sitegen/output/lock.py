"""One sitegen at a time per output folder: a lock beside the folder, held while a build or a
preview writes there.

The lock is an flock(2) on `.<output>.lock` beside the output folder. The kernel releases it
when its holder dies, however it dies, so a lock left by a killed build is free at once for
the next one; whoever next holds it removes the file when done. The file names its holder, so
that another command can say whom it waits for, or refuses.

A build waits for another build (builds end, and the second then usually finds the output up
to date); anything refuses a preview, which holds its folder until it is stopped.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import UsageError, display_path
from sitegen.workers import stops_deferred

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not kept apart there
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.1


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


@contextmanager
def holding_output(output: Path, command: str, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock for the block. Waits while another build holds it
    (`waiting` receives one line saying so); raises UsageError when a preview holds it."""
    if fcntl is None:
        yield
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(output)
    told, handle = False, None
    try:
        while True:
            with stops_deferred():  # an interrupt must not come between taking and noting
                try:
                    handle = _try_lock(path)
                    if handle is not None:
                        os.ftruncate(handle, 0)
                        os.write(handle, json.dumps({"command": command, "pid": os.getpid()}).encode())
                except OSError as error:  # a full disk: the first write of a build is this
                    raise UsageError(
                        f"could not write the lock file '{display_path(path)}': "
                        f"{error.strerror or error}; '{display_path(output)}' is "
                        "unchanged"
                    ) from None
            if handle is not None:
                break
            holder, pid = _holder(path)
            if holder == "serve":
                raise UsageError(
                    f"'{display_path(output)}' is in use by sitegen serve (process "
                    f"{pid}); stop it, or choose another --output"
                )
            if not told:
                who = f"another sitegen {holder or 'build'}" + (f" (process {pid})" if pid else "")
                waiting(f"sitegen: waiting for {who} to finish writing '{display_path(output)}'")
                told = True
            time.sleep(POLL_SECONDS)
        yield
    finally:
        if handle is not None:
            try:
                path.unlink()  # still holding the lock: nobody is between open and flock on it
            except OSError:
                pass
            os.close(handle)


def _try_lock(path: Path) -> int | None:
    """The open, locked lock file; None while another process holds it."""
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return None
        except BaseException:
            os.close(handle)
            raise
        # The holder before us may have removed the file between our open and our flock: a
        # lock on a removed file keeps nobody out, so take the one now at the path instead.
        try:
            if os.stat(path).st_ino == os.fstat(handle).st_ino:
                return handle
        except FileNotFoundError:
            pass
        os.close(handle)


def _holder(path: Path) -> tuple[str | None, int | None]:
    """The command and process id the lock file names (None, None while it is being written)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["command"]), int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
