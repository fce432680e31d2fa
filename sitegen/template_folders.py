"""Where templates and static files come from: the project's own templates folder first, then
sitegen's built-in theme, file by file (as MkDocs' `custom_dir` over a theme, or Hugo's
`layouts/` over a theme's): a project overrides one template and takes the rest, and later
fixes to the theme, from the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sitegen

STATIC = "static"  # the folder of static files in either templates folder
YOURS = "your template"
THEME = "built-in theme"


def builtin_theme() -> Path:
    """The built-in theme's folder: sitegen/theme/ in an installed package (the wheel packs the
    repository's templates/ there), the repository's templates/ in a source checkout."""
    package = Path(sitegen.__file__).resolve().parent
    installed = package / "theme"
    return installed if installed.is_dir() else package.parent / "templates"


@dataclass(frozen=True, slots=True)
class TemplateFolders:
    """The folders searched for a template or a static file, the project's own first."""

    own: Path | None  # the project's templates folder; None when it has none
    theme: Path

    @classmethod
    def of(cls, templates_dir: Path, theme: Path) -> TemplateFolders:
        """The project's folder when it exists and is not the theme itself (in sitegen's own
        repository, templates/ is the theme)."""
        own = templates_dir if templates_dir.is_dir() else None
        if own is not None and own.resolve() == theme.resolve():
            own = None
        return cls(own, theme)

    @property
    def search_path(self) -> tuple[Path, ...]:
        return (self.theme,) if self.own is None else (self.own, self.theme)

    def owner(self, path: Path) -> str:
        """Whose file this is, as messages say it: "your template" or "built-in theme"."""
        if self.own is not None and path.resolve().is_relative_to(self.own.resolve()):
            return YOURS
        return THEME

    def find(self, name: str) -> Path:
        """The file a template name stands for: the first folder's that has it (the theme's
        place when none has, for messages about a missing template)."""
        for folder in self.search_path:
            if (folder / name).is_file():
                return folder / name
        return self.search_path[0] / name

    def static_files(self) -> dict[str, tuple[Path, Path]]:
        """Every static file by its path under static/: (the file, the templates folder it is
        in); a project's file wins over the theme's of the same name."""
        files: dict[str, tuple[Path, Path]] = {}
        for folder in reversed(self.search_path):
            static = folder / STATIC
            if not static.is_dir():
                continue
            for path in sorted(static.rglob("*")):
                if path.is_file() or path.is_symlink():
                    files[path.relative_to(static).as_posix()] = (path, folder)
        return dict(sorted(files.items()))

    def template_files(self) -> dict[str, Path]:
        """Every template by name (static files aside); a project's wins over the theme's."""
        files: dict[str, Path] = {}
        for folder in reversed(self.search_path):
            static = folder / STATIC
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_relative_to(static):
                    files[path.relative_to(folder).as_posix()] = path
        return dict(sorted(files.items()))

    def rewritten(self) -> frozenset[str]:
        """The project's templates that are not byte for byte the theme's of the same name.

        What the theme's templates show of the site is known (the page list's input keys,
        sitegen/site/pages.py, and the tests that hold them to clean builds); what a
        template a project wrote reads is not, so a page that uses one is never kept from
        an earlier build. A copy of the theme's file reads what the theme's does."""
        if self.own is None:
            return frozenset()
        theme = self.theme
        rewritten = set()
        for name, path in self.template_files().items():
            if not path.is_relative_to(self.own):
                continue
            original = theme / name
            try:
                same = original.is_file() and original.read_bytes() == path.read_bytes()
            except OSError:
                same = False
            if not same:
                rewritten.add(name)
        return frozenset(rewritten)
