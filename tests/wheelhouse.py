"""Wheels of the distributions installed in this environment, so that a fresh virtual environment
can `pip install` sitegen's wheel with its dependencies offline (tests/test_package.py).

A wheel is a zip of the files an installation holds, with its .dist-info; pip regenerates what
it writes at install time (RECORD, INSTALLER, the scripts of entry_points.txt).
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from importlib.metadata import Distribution, distribution
from pathlib import Path

from packaging.requirements import Requirement

INSTALL_TIME = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def dependency_closure(name: str) -> list[Distribution]:
    """The installed distributions `name` needs to run (its extras left out), recursively."""
    found: dict[str, Distribution] = {}
    pending = [name]
    while pending:
        for text in distribution(pending.pop()).requires or ():
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            key = re.sub(r"[-_.]+", "-", requirement.name).lower()
            if key not in found:
                found[key] = distribution(requirement.name)
                pending.append(requirement.name)
    return list(found.values())


def compressed_tag(tags: list[str]) -> str:
    """The tags of a WHEEL file as its file name has them: `py2-none-any` and `py3-none-any`
    are `py2.py3-none-any` (named after the first alone, pip on Python 3 would not take it)."""
    parts = [tag.split("-") for tag in tags] or [["py3", "none", "any"]]
    return "-".join(".".join(dict.fromkeys(part[i] for part in parts)) for i in range(3))


def repack(dist: Distribution, folder: Path) -> Path:
    """The installed distribution as a wheel in `folder`."""
    files = [f for f in dist.files or () if f.parts[0] != ".." and "__pycache__" not in f.parts]
    dist_info = next(f.parts[0] for f in files if f.parts[0].endswith(".dist-info"))
    tags = [
        line.split(":", 1)[1].strip()
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag:")
    ]
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    wheel = folder / f"{name}-{dist.version}-{compressed_tag(tags)}.whl"
    records = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            if file.parts[0] == dist_info and file.name in INSTALL_TIME:
                continue
            data = Path(file.locate()).read_bytes()
            archive.writestr(file.as_posix(), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{file.as_posix()},sha256={digest.decode()},{len(data)}")
        records.append(f"{dist_info}/RECORD,,")
        archive.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
    return wheel
