"""The dependency files agree: `bash .ci/test` runs the suite at the versions pyproject.toml claims."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def direct_requirements(*extras: str) -> dict[str, Requirement]:
    """The runtime and test dependencies, and those of `extras`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project["optional-dependencies"]
    listed = (
        project["dependencies"] + optional["test"] + [text for extra in extras for text in optional[extra]]
    )
    return {canonicalize_name(req.name): req for req in map(Requirement, listed)}


def pins(name: str) -> dict[str, Version]:
    """The `name==version` lines of a constraints file in .ci/."""
    found = {}
    for line in (ROOT / ".ci" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            package, version = line.split("==")
            found[canonicalize_name(package)] = Version(version)
    return found


def test_every_dependency_has_a_lower_and_an_upper_bound():
    for name, req in direct_requirements("lint").items():
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators and "<" in operators, f"{name}: {req.specifier}"


def test_the_oldest_variant_pins_each_dependency_at_its_lower_bound():
    lower = {
        name: Version(spec.version)
        for name, req in direct_requirements().items()
        for spec in req.specifier
        if spec.operator == ">="
    }
    assert pins("constraints-oldest.txt") == lower


def test_the_lock_file_pins_every_dependency_inside_its_range():
    locked = pins("constraints.txt")
    for name, req in direct_requirements("lint").items():
        assert name in locked, f"{name} is not in .ci/constraints.txt: run bash .ci/lock"
        assert req.specifier.contains(locked[name]), f"{name}=={locked[name]} outside {req.specifier}"
