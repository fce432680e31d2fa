"""Work done in a forked process while the build goes on (the search index, feed, sitemap and
data of a large site, sitegen/workers.py `made_aside`): the same result and the same errors as
without the fork, and no process left behind however the block is left."""

from __future__ import annotations

import os
import time

import pytest
from helpers import children

from sitegen.errors import ContentError, Location, Problem
from sitegen.workers import made_aside


@pytest.fixture(autouse=True)
def no_process_left():
    before = set(children(os.getpid()))
    yield
    assert set(children(os.getpid())) == before


def test_the_result_is_made_in_another_process_and_handed_back():
    with made_aside(lambda: {"pid": os.getpid(), "data": b"x" * 5_000_000}) as result:
        made = result()
    assert made["pid"] != os.getpid()  # while this process went on
    assert made["data"] == b"x" * 5_000_000  # larger than a pipe holds at once


def test_an_error_in_the_other_process_is_raised_here_as_it_would_be_without_it():
    problem = Problem(
        Location("templates/static/style.css"),
        "refusing a symlink that points outside the templates folder",
        "symlink-outside",
    )

    def make() -> dict[str, bytes]:
        raise ContentError([problem])

    with made_aside(make) as result, pytest.raises(ContentError) as raised:
        result()
    assert list(raised.value.problems) == [problem]


def test_leaving_the_block_without_the_result_ends_the_other_process():
    def slow() -> int:
        time.sleep(30)
        return 1

    started = time.monotonic()
    with pytest.raises(RuntimeError), made_aside(slow):
        raise RuntimeError("rendering failed")
    assert time.monotonic() - started < 5


def test_not_worth_it_it_runs_here_when_asked():
    with made_aside(os.getpid, worth_it=False) as result:
        assert result() == os.getpid()
