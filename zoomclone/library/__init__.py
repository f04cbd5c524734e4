"""The background library: the pictures bundled with zoomclone, then the user's own folder.

The bundled ones are drawn by ``backgrounds/make_backgrounds.py`` (no photos). The user's folder is
``backgrounds`` in the platform's data folder (e.g. ~/.local/share/zoomclone/backgrounds on
Linux). The order is stable: bundled by name, then the user's by name.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "zoomclone"
BUNDLED_DIR = Path(__file__).resolve().parent
BACKGROUND_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
    | {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"}
)


def user_dir() -> Path:
    """Where a user puts their own backgrounds (it may not exist)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backgrounds"


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in BACKGROUND_SUFFIXES),
        key=lambda p: p.name,
    )


def bundled_paths() -> list[Path]:
    """The bundled pictures, by name."""
    return _files(BUNDLED_DIR)


def library_paths(user_folder: Path | None = None) -> list[Path]:
    """The bundled pictures by name, then the user's by name."""
    return bundled_paths() + _files(user_folder if user_folder is not None else user_dir())
