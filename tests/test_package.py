"""sitegen as a user installs it: the wheel, with the built-in theme packed in, installed into a
fresh virtual environment outside the repository, then `sitegen init site && cd site &&
sitegen build && sitegen check --strict` run from there. Offline: the wheel is built with this
environment's setuptools and its dependencies are this environment's, repacked as wheels."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import REPO, html_pages, ids_of, internal_links, linked_relatively, parse, resolve_link, snapshot
from wheelhouse import dependency_closure, repack

# What the wheel is built from: the files pyproject.toml names, as a clone has them.
SOURCES = ("pyproject.toml", "README.md", "sitegen", "templates")


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment, outside the repository, with sitegen's wheel installed;
    and the environment variables to run it with."""
    root = tmp_path_factory.mktemp("package")
    assert not root.resolve().is_relative_to(REPO)
    source, dist, wheelhouse = root / "source", root / "dist", root / "wheelhouse"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    wheelhouse.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))
    }
    run(
        sys.executable,
        "-m",
        "pip",
        "--isolated",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--wheel-dir",
        dist,
        source,
        cwd=root,
        env=env,
    )
    for dependency in dependency_closure("sitegen"):
        repack(dependency, wheelhouse)
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    (wheel,) = dist.glob("sitegen-*.whl")
    run(
        python,
        "-m",
        "pip",
        "--isolated",
        "install",
        "--no-index",
        "--find-links",
        wheelhouse,
        wheel,
        cwd=root,
        env=env,
    )
    env["PATH"] = f"{root / 'venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return root, env


def test_the_installed_package_is_the_wheels_own(installed):
    root, env = installed
    result = run("python", "-c", "import sitegen; print(sitegen.__file__)", cwd=root, env=env)
    assert Path(result.stdout.strip()).is_relative_to(root / "venv")
    assert run("sitegen", "--version", cwd=root, env=env).stdout.startswith("sitegen ")


def test_the_built_in_theme_is_the_repositorys_templates(installed):
    root, env = installed
    result = run(
        "python",
        "-c",
        "from sitegen.template_folders import builtin_theme; print(builtin_theme())",
        cwd=root,
        env=env,
    )
    theme = Path(result.stdout.strip())
    assert theme.is_relative_to(root / "venv")
    assert snapshot(theme) == {
        name: data for name, data in snapshot(REPO / "templates").items() if "__pycache__" not in name
    }


def test_init_build_and_check_from_outside_the_repository(installed):
    root, env = installed
    run("sitegen", "init", "site", cwd=root, env=env)
    site = root / "site"
    # the editor's schemas, made by the installed package's own code (no files to ship)
    settings = json.loads((site / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert len(settings["yaml.schemas"]) == 9
    for schema in settings["yaml.schemas"]:
        assert json.loads((site / schema).read_text(encoding="utf-8"))["$schema"].startswith(
            "http://json-schema"
        )
    built = run("sitegen", "build", cwd=site, env=env)
    assert built.stdout.startswith("built 13 pages into output/")
    checked = run("sitegen", "check", "--strict", cwd=site, env=env)
    assert checked.stdout == "no problems found\n"
    output = site / "output"
    assert (output / "assets/style.css").read_bytes() == (REPO / "templates/static/style.css").read_bytes()
    cache: dict = {}
    for page in linked_relatively(output):
        for _element, href in internal_links(page):
            target, fragment = resolve_link(page, href, output)
            assert target.is_file(), f"{page.relative_to(output)}: broken link {href}"
            assert not fragment or fragment in ids_of(target, cache), (
                f"{page.relative_to(output)}: no element #{fragment} in {href}"
            )
    assert len(html_pages(output)) == 13


def test_new_pieces_and_an_override_in_the_installed_package(installed):
    root, env = installed
    run("sitegen", "init", "--quiet", "other", cwd=root, env=env)
    project = root / "other"
    run(
        "sitegen",
        "new",
        "section",
        "example-briefing/background",
        "--title",
        "Background",
        cwd=project,
        env=env,
    )
    (project / "templates").mkdir()
    (project / "templates/_footer.html").write_text(
        '<footer class="site-footer"><p>Our desk</p></footer>\n', encoding="utf-8"
    )
    run("sitegen", "build", "--quiet", cwd=project, env=env)
    page = parse(project / "output/briefings/example-briefing/sections/background.html")
    assert page.select_one("footer.site-footer").get_text(strip=True) == "Our desk"
    assert page.find("h1").get_text(strip=True) == "Background"
