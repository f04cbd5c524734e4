"""Background specs (what the user types after ``--background``) -> the backgrounds they name."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from zoomclone.backgrounds.animated import AnimatedBackground, is_animated
from zoomclone.backgrounds.base import Background
from zoomclone.backgrounds.blurred import parse_blur
from zoomclone.backgrounds.picture import ImageBackground
from zoomclone.backgrounds.plain import (
    NAMED_COLORS,
    ColorBackground,
    NoBackground,
    TransparentBackground,
    color_name,
    parse_color,
)
from zoomclone.backgrounds.video import VideoBackground
from zoomclone.errors import BackgroundError, UsageError
from zoomclone.frames import FITS
from zoomclone.paths import (
    BACKGROUND_SUFFIXES,
    VIDEO_SUFFIXES,
    expand,
    is_regular,
)

log = logging.getLogger(__name__)


def parse_background(spec: str) -> list[Background]:
    """One spec -> its backgrounds (a folder gives several). Raises UsageError/BackgroundError."""
    lowered = spec.strip().lower()
    if lowered == "none":
        return [NoBackground()]
    if lowered == "transparent":
        return [TransparentBackground()]
    if lowered in NAMED_COLORS:
        return [ColorBackground(NAMED_COLORS[lowered], lowered)]
    if lowered == "blur" or lowered.startswith("blur:"):
        return [parse_blur(lowered)]
    if lowered.startswith(("color:", "colour:")):
        bgr = parse_color(spec.split(":", 1)[1])
        return [ColorBackground(bgr, color_name(bgr))]
    if lowered == "library":
        return library_backgrounds()
    fit, sep, rest = spec.partition(":")
    if sep and fit.lower() in FITS and rest:
        return _parse_path(expand(rest), fit.lower())
    return _parse_path(expand(spec))


def _parse_path(path: Path, fit: str = "cover") -> list[Background]:
    try:
        return _backgrounds_at(path, fit)
    except OSError as err:
        raise BackgroundError(
            f"cannot open background {path}: {err.strerror or err}: check the path"
        ) from err


def _backgrounds_at(path: Path, fit: str = "cover") -> list[Background]:
    if path.is_dir():
        return _folder_backgrounds(path, fit)
    if path.exists() and not is_regular(path):  # a pipe named .gif or .mp4 must not be opened
        raise BackgroundError(f"background {path} is not a regular file: give a picture file")
    if path.suffix.lower() in VIDEO_SUFFIXES:
        if not path.is_file():
            raise BackgroundError(f"background video {path} does not exist: check the path")
        return [VideoBackground(path, fit)]
    if is_animated(path):
        return [AnimatedBackground(path, fit)]
    if not path.exists():
        from zoomclone.library import find_picture

        return _backgrounds_at(find_picture(str(path)), fit)
    return [ImageBackground(path, fit)]


def _folder_backgrounds(folder: Path, fit: str = "cover") -> list[Background]:
    suffixes = BACKGROUND_SUFFIXES
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)
    if not files:
        raise BackgroundError(
            f"background folder {folder} has no images or videos ({', '.join(sorted(suffixes))})"
        )
    return [b for p in files for b in _backgrounds_at(p, fit)]


def background_files(backgrounds: Iterable[Background]) -> list[str]:
    """The files these backgrounds read (an output must not replace them)."""
    return [str(b.path) for b in backgrounds if b.path is not None]


def load_backgrounds(specs: Iterable[str]) -> list[Background]:
    """All specs, in order, as one cycle list."""
    return [b for spec in specs for b in parse_background(spec)]


def library_backgrounds() -> list[Background]:
    """The bundled pictures, then the user's; a file that cannot be read is skipped."""
    from zoomclone.library import library_paths

    found: list[Background] = []
    for path in library_paths():
        try:
            found.extend(parse_background(str(path)))
        except (BackgroundError, UsageError) as err:
            log.warning("skipping a library background: %s", err)
    return found
