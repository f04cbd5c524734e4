"""The panel's gallery: one entry and one small JPEG thumbnail per background in the cycle.

A thumbnail is made from the background's own file at a reduced scale (a video gives its first
frame), or drawn (a colour, a blur level, no effect), once per background: they are cached by name
and file, so the page asks for them as often as it likes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from zoomclone.backgrounds import Background
from zoomclone.frames import Frame, fit_cover
from zoomclone.offline.images import read_reduced
from zoomclone.paths import VIDEO_SUFFIXES

THUMB_SIZE = (256, 144)  # (width, height): 16:9 like the output
THUMB_JPEG_QUALITY = 80
MAX_CACHED = 512
CHECKER_PX = 16


@dataclass(frozen=True)
class Entry:
    """What the page shows for one background."""

    name: str
    kind: str  # picture, video, blur, colour, transparent, none
    deletable: bool

    def as_json(self, current: str) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "deletable": self.deletable,
            "current": self.name == current,
        }


def entry(background: Background, user_folder: Path) -> Entry:
    """The gallery entry of one background; deletable when its file is in the user's folder."""
    path: Path | None = getattr(background, "path", None)
    if path is not None:
        kind = "video" if path.suffix.lower() in VIDEO_SUFFIXES else "picture"
        return Entry(background.name, kind, _inside(path, user_folder))
    if getattr(background, "strength", None) is not None:
        return Entry(background.name, "blur", False)
    if getattr(background, "bgr", None) is not None:
        return Entry(background.name, "colour", False)
    return Entry(background.name, background.name, False)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().parent == folder.resolve()
    except OSError:
        return False


def _scene() -> Frame:
    """A made-up room (for the blur and 'no effect' thumbnails)."""
    width, height = THUMB_SIZE
    ramp = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    base = np.array([150, 120, 90], np.float32) * (0.6 + 0.4 * ramp)
    scene = np.broadcast_to(base, (height, width, 3)).astype(np.uint8).copy()
    cv2.rectangle(scene, (20, 30), (90, 110), (60, 140, 200), -1)
    cv2.rectangle(scene, (170, 20), (240, 70), (220, 220, 235), -1)
    cv2.circle(scene, (200, 115), 18, (70, 170, 90), -1)
    return scene


def draw(background: Background) -> Frame:
    """A thumbnail picture for a background without a file."""
    width, height = THUMB_SIZE
    strength = getattr(background, "strength", None)
    if strength is not None:
        sigma = 2.0 + 3.0 * int(strength)
        return cv2.GaussianBlur(_scene(), (0, 0), sigma)
    bgr = getattr(background, "bgr", None)
    if bgr is not None:
        out = np.empty((height, width, 3), np.uint8)
        out[:] = bgr
        return out
    if background.name == "transparent":
        yy, xx = np.mgrid[0:height, 0:width]
        light = ((yy // CHECKER_PX + xx // CHECKER_PX) % 2).astype(np.uint8)
        return np.repeat((150 + 60 * light)[..., None], 3, axis=2)
    return _scene()


def _first_video_frame(path: Path) -> Frame | None:
    capture = cv2.VideoCapture(str(path))
    try:
        ok, frame = capture.read()
    finally:
        capture.release()
    return frame if ok else None


def picture(background: Background) -> Frame:
    """The thumbnail picture: from the file when there is one, else drawn."""
    path: Path | None = getattr(background, "path", None)
    image: Frame | None = None
    if path is not None:
        if path.suffix.lower() in VIDEO_SUFFIXES:
            image = _first_video_frame(path)
        else:
            image = read_reduced(path, THUMB_SIZE[0] * 2)
    if image is None:
        image = draw(background)
    return fit_cover(image[..., :3], THUMB_SIZE)


class Thumbnails:
    """JPEG thumbnails by background, made once and cached (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], bytes] = {}

    def jpeg(self, background: Background) -> bytes:
        key = (background.name, str(getattr(background, "path", "")))
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        ok, data = cv2.imencode(
            ".jpg", picture(background), [cv2.IMWRITE_JPEG_QUALITY, THUMB_JPEG_QUALITY]
        )
        jpeg = bytes(data) if ok else b""
        with self._lock:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            self._cache[key] = jpeg
        return jpeg
