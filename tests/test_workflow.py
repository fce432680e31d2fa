"""The publishing workflow users copy (.github/workflows/pages.yml) stays safe to copy:
zizmor (offline, its strictest persona) and actionlint find nothing in it, every action is
pinned to a full commit with its version beside it, and sitegen's cache is kept between runs
under a key that a new sitegen or a changed template changes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent  # zizmor and actionlint come with the test extra


def linter(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `bash .ci/test`, which installs the test extra")
    return path


def zizmor(workflow: Path) -> list[str]:
    """The audits zizmor reports, offline (no token, no network)."""
    result = subprocess.run(
        [linter("zizmor"), "--offline", "--persona=auditor", "--format=json", workflow],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": str(BIN), "NO_COLOR": "1"},
    )
    return sorted(finding["ident"] for finding in json.loads(result.stdout))


def test_zizmor_finds_nothing():
    assert zizmor(WORKFLOW) == []


def test_zizmor_still_catches_what_the_workflow_used_to_do():
    """The workflow before it was made safe: actions by tag, Pages permissions for every job,
    the checkout's token left in the artifact's workspace, a step output in a shell line."""
    assert set(zizmor(FIXTURES / "workflows" / "unsafe-pages.yml")) >= {
        "unpinned-uses",
        "excessive-permissions",
        "artipacked",
        "template-injection",
    }


def test_actionlint_finds_nothing():
    result = subprocess.run(
        [linter("actionlint"), "-format", "{{json .}}", WORKFLOW], capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def steps() -> list[dict]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return [step for job in jobs.values() for step in job["steps"]]


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it():
    lines = [line.strip() for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == len([step for step in steps() if "uses" in step]) == 6
    for line in lines:
        assert re.fullmatch(r"(- )?uses: [\w-]+/[\w-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), line


def test_sitegen_cache_is_kept_and_starts_afresh_for_a_new_sitegen_or_template():
    [cache] = [step for step in steps() if step.get("uses", "").startswith("actions/cache@")]
    key, fallback = cache["with"]["key"], cache["with"]["restore-keys"]
    assert cache["with"]["path"] == ".sitegen-cache"
    sitegen = "hashFiles('pyproject.toml', 'sitegen/**', 'templates/**')"
    assert sitegen in fallback and key.startswith(fallback)  # same sitegen: the last cache
    assert "content/**" in key and "content" not in fallback
