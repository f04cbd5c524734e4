"""The background library: the pictures bundled with zoomclone, then the user's own folder.

The bundled ones are drawn by ``backgrounds/make_backgrounds.py`` (no photos). The user's folder is
``backgrounds`` in the platform's data folder (e.g. ~/.local/share/zoomclone/backgrounds on
Linux). The order is stable: bundled by name, then the user's by name.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from zoomclone.paths import APP_NAME, BACKGROUND_SUFFIXES

BUNDLED_DIR = Path(__file__).resolve().parent


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


def find_picture(name: str, user_folder: Path | None = None) -> Path:
    """The library picture ``name`` means (by name or stem, any case; the user's file shadows a
    bundled one of the same name); UsageError with the nearest names when there is none."""
    from zoomclone.errors import UsageError
    from zoomclone.names import find_name, nearest

    if "/" in name or "\\" in name:
        raise UsageError(f"background {name} does not exist: check the path")
    paths = library_paths(user_folder)
    names = [p.name for p in paths]
    found = find_name(name, names)
    if found is not None:
        return paths[found]
    close = nearest(name, names)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise UsageError(
        f"unknown background {name!r}: {hint}give an image, video or folder path, a library "
        "picture's name, or one of none, transparent, white, black, blur, blur:N, "
        "color:#RRGGBB, library"
    )
