"""Worker processes: a pool of forked processes over data the parent already holds, whose
workers never outlive the parent.

Converting Markdown and rendering pages both start their pool here, so shutdown, signals and
the parent's death are handled once. A worker inherits by fork whatever the caller set up
before asking for the pool (the site, the templates), instead of receiving it pickled.

A worker of concurrent.futures waits on a queue whose writing end it holds itself, so when the
parent dies outright (SIGKILL, the out-of-memory killer) nothing ever wakes it: it sleeps on,
adopted by init. Here each worker watches its parent and ends within a fraction of a second of
its death. Ctrl-C reaches every process of the terminal's group: workers ignore it, and the
parent, which handles it, stops them.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from sitegen.errors import UsageError

if TYPE_CHECKING:  # imported by worker_pool: a build that forks no pool does without its import
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# How often a worker looks whether its parent is still there; a worker ends at most this long
# after the parent's death.
PARENT_CHECK_SECONDS = 0.2
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def can_fork() -> bool:
    return hasattr(os, "fork")  # where multiprocessing has its "fork" start method


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` forked processes, for a `with` block.

    Leaving the block normally waits for the work handed out; leaving it with an error or an
    interrupt kills the workers at once instead of letting them finish what they were given.
    A worker killed from outside (out of memory) is reported as a UsageError, not a traceback.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(os.getpid(),),
        mp_context=multiprocessing.get_context("fork"),
    )
    try:
        # Until a worker has replaced the handlers it inherits (the parent's would unwind a
        # copy of the parent's build), Ctrl-C and SIGTERM wait: deferred while the workers are
        # forked, which a first task makes happen now, and let through by each worker once
        # it is ready.
        with stops_deferred():
            pool.submit(int).result()
        yield pool
        pool.shutdown(wait=True)
    except BrokenProcessPool:
        _stop(pool)
        raise UsageError("a worker process ended unexpectedly (killed, or out of memory)") from None
    except BaseException:
        _stop(pool)
        raise


@contextmanager
def made_aside(make: Callable[[], T], worth_it: bool = True) -> Iterator[Callable[[], T]]:
    """`make()` run in one forked process while this one goes on, for a `with` block: the
    block gets a function that waits for its result. Not `worth_it` (a small site, where
    forking costs more than it saves), `make` runs here when asked for.

    The result comes back pickled through a pipe. Should the process fail in any way (an
    error in `make`, a result that does not pickle, a kill), the function makes it here
    instead, so errors are reported as they would be without the fork. Leaving the block
    without asking for the result kills the process. Away from the main thread (the preview's
    rebuilds, beside its server's threads), `make` runs here when asked for.
    """
    if not worth_it or not can_fork() or threading.current_thread() is not threading.main_thread():
        yield make
        return
    reading, writing = os.pipe()
    parent = os.getpid()
    with stops_deferred():  # the child replaces the parent's handlers before it takes signals
        child = os.fork()
        if child == 0:
            os.close(reading)
            _make_in_child(make, writing, parent)
    os.close(writing)
    stream = os.fdopen(reading, "rb")  # closed once, however the block ends
    waited = False

    def result() -> T:
        nonlocal waited
        with stream:
            data = stream.read()
        os.waitpid(child, 0)
        waited = True
        try:
            return pickle.loads(data)
        except Exception:  # empty or cut short: the child failed
            return make()

    try:
        yield result
    finally:
        if not waited:
            stream.close()
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def _make_in_child(make: Callable[[], T], writing: int, parent: int) -> None:
    try:
        _start_worker(parent)
        try:
            data = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent makes it again, and reports what went wrong
            data = b""
        with os.fdopen(writing, "wb") as stream:
            stream.write(data)
    finally:
        os._exit(0)  # never the parent's exit: no buffers flushed twice, no handlers run


@contextmanager
def stops_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done: for a few system calls that must not
    be cut in two (a folder made and marked, a lock taken and noted). A signal that came
    meanwhile takes effect as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signals to defer
        yield
        return
    # Blocked for this thread only: in another thread than the main one (the preview's
    # rebuilds), it is about the workers that thread forks, which inherit its mask.
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _stop(pool: ProcessPoolExecutor) -> None:
    # concurrent.futures offers no way to stop work already handed out but to end the
    # processes; they hold nothing that must be saved. (What is needed of the pool's insides
    # is taken before shutdown() lets go of it.)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        _stopped_managers.add(manager)
        if threading.excepthook is not _quiet_stopped_pools:
            _reported_by_python[0] = threading.excepthook
            threading.excepthook = _quiet_stopped_pools
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join()
    # A worker killed while it wrote a result leaves half a message in the pipe, and the
    # pool's manager thread would wait for the rest forever (and Python's exit for that
    # thread). With the workers gone, this process holds the last writing end: closing it
    # turns that wait into end-of-file, which the thread handles as a broken pool.
    if results is not None:
        results._writer.close()
    # Wait for that thread to wind the pool up: Python's exit would otherwise race it for the
    # pool's wake-up pipe and print an "Exception ignored" traceback.
    if manager is not None:
        manager.join(timeout=10)


def _quiet_stopped_pools(args: threading.ExceptHookArgs) -> None:
    """Python 3.11's pool, once broken, marks every task it was given as failed, the ones
    Executor.map cancelled when the parent was interrupted included, and its thread dies of
    the InvalidStateError with a traceback (3.12 ignores those tasks). For a pool stopped on
    purpose that is expected, and not worth a word."""
    from concurrent.futures import InvalidStateError  # a pool was made: already imported

    if isinstance(args.exc_value, InvalidStateError) and args.thread in _stopped_managers:
        return
    _reported_by_python[0](args)


_stopped_managers: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_reported_by_python = [threading.excepthook]  # the hook in place before ours


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if os.getppid() != parent:  # the parent died before this worker got here
        os._exit(1)
    threading.Thread(
        target=_end_with_parent, args=(parent,), daemon=True, name="sitegen-parent-watch"
    ).start()


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:  # a dead parent's children are adopted by another process
        threading.Event().wait(PARENT_CHECK_SECONDS)
    os._exit(1)
