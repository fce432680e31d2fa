"""The build configuration: folders and command-line overrides, as one frozen object."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen.template_folders import TemplateFolders, builtin_theme


@dataclass(frozen=True, slots=True)
class BuildConfig:
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")  # the project's own, searched before the theme
    output_dir: Path = Path("output")
    base_url: str | None = None  # overrides site.yaml's base_url
    include_drafts: bool = False  # only the preview shows drafts
    cache_dir: Path | None = Path(".sitegen-cache")  # converted Markdown; None: no cache
    workers: int | None = None  # processes for converting Markdown; None: one per core
    # True when the templates folder was named (--templates): then it must exist; the default
    # templates/ is optional, a project without one uses the built-in theme alone.
    templates_required: bool = False
    theme_dir: Path = field(default_factory=builtin_theme)
    strict: bool = False  # `build --strict`: the warnings of `sitegen check` stop the build too

    def template_folders(self) -> TemplateFolders:
        """Where templates are looked for, now (a project may create templates/ any time)."""
        return TemplateFolders.of(self.templates_dir, self.theme_dir)

    @property
    def protected_dirs(self) -> tuple[Path, ...]:
        """Folders sitegen reads from and must never write into or delete."""
        return (self.content_dir, self.templates_dir, self.theme_dir)
