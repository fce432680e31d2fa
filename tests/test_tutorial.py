"""docs/tutorial.md, run as a reader would: every command in it, in order, must print what the
page says it prints (`...` in a line stands for any text: timings, counts that vary), and every
file it shows is written as shown. A change to sitegen that makes the tutorial wrong fails here."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from helpers import FIXTURES, REPO, parse, words_of

TUTORIAL = REPO / "docs" / "tutorial.md"
BLOCK = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _steps(text: str) -> list[tuple[str, str, str | None]]:
    """("run", command, expected output) and ("write", path, text), in the page's order."""
    steps: list[tuple[str, str, str | None]] = []
    for match in BLOCK.finditer(text):
        language, path, body = match.groups()
        if path:
            steps.append(("write", path, body))
        elif language == "sh":
            for command in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
                line, _, output = command.partition("\n")
                steps.append(("run", line, output))
    return steps


def _matches(expected: str, printed: str) -> bool:
    pattern = "".join(".*?" if part == "..." else re.escape(part) for part in re.split(r"(\.\.\.)", expected))
    return re.fullmatch(pattern, printed, re.DOTALL) is not None


def test_the_tutorial_runs_as_written(tmp_path: Path, run_sitegen, monkeypatch):
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    shutil.copy(FIXTURES / "source_pages" / "harbour-article.html", home / "Downloads")
    monkeypatch.setenv("HOME", str(home))
    here = tmp_path / "work"
    here.mkdir()
    steps = _steps(TUTORIAL.read_text(encoding="utf-8"))
    assert sum(kind == "run" for kind, _, _ in steps) >= 10  # the parser found the commands
    for kind, what, text in steps:
        if kind == "write":
            (here / what).write_text(text or "", encoding="utf-8")
            continue
        words = [str(Path(word).expanduser()) if word.startswith("~") else word for word in shlex.split(what)]
        if words[0] == "cd":
            here = here / words[1]
            continue
        assert words[0] == "sitegen", f"the tutorial runs only sitegen and cd, not: {what}"
        result = run_sitegen(here, *words[1:])
        printed = result.out + result.err
        assert _matches(text or "", printed), f"$ {what}\nprinted:\n{printed}\nthe tutorial says:\n{text}"
    # and what it built is the briefing it wrote
    page = parse(here / "output/briefings/harbour-bridge/index.html")
    assert words_of(page.h1) == "Harbour bridge to close for six weeks of repairs"
    glance = [words_of(value) for value in page.select(".key-facts a.value")]
    assert glance == ["About 14,000", "3.2 million euros"]
