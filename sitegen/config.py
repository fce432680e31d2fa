"""The build configuration: folders and command-line overrides, as one frozen object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class BuildConfig:
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    output_dir: Path = Path("output")
    base_url: str | None = None  # overrides site.yaml's base_url
    include_drafts: bool = False  # only the preview shows drafts
    cache_dir: Path | None = Path(".sitegen-cache")  # converted Markdown; None: no cache
    workers: int | None = None  # processes for converting Markdown; None: one per core

    @property
    def static_dir(self) -> Path:
        return self.templates_dir / "static"

    @property
    def protected_dirs(self) -> tuple[Path, ...]:
        """Folders sitegen reads from and must never write into or delete."""
        return (self.content_dir, self.templates_dir)
