"""A file's state as the kernel reports it, for knowing a file unchanged without reading it,
as git's index does: what a build keeps of a file it read (its checked entries, its digest)
holds while the file's state is the same.

The state is the device, inode, size, modification and change times. Every write sets the
change time, which no program can set back (`cp -p` and `rsync -t` put back only the
modification time), and a file replaced by another is another inode. A file changed less than
TRUST_AFTER_NS before it was read keeps no state: a second change within the same tick of a
coarse clock could leave its state as it was. (On Windows, where Python's change time is the
file's creation, an edit that keeps the size and puts the modification time back goes
unseen.)
"""

from __future__ import annotations

import os
import time

# How long a file must have stood unchanged when read for its state to count: longer than
# the coarsest clock of a file system that sitegen may meet (FAT's 2 s).
TRUST_AFTER_NS = 2_000_000_000

FileState = tuple[int, int, int, int, int]  # device, inode, size, modified, changed (ns)


def state_of(status: os.stat_result) -> FileState:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def settled_before() -> int:
    """The time (ns) before which a file's last change must lie for its state to count, for
    files read from now on."""
    return time.time_ns() - TRUST_AFTER_NS


def settled_state(status: os.stat_result, before: int) -> FileState | None:
    """The state `status` gives, taken before the file's bytes were read, if the file had
    stood unchanged since `before` (settled_before); None else."""
    if status.st_ctime_ns < before and status.st_mtime_ns < before:
        return state_of(status)
    return None
