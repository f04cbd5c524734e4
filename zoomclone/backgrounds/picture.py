"""A still picture as the background: checked from its header, decoded no larger than needed."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2

from zoomclone.backgrounds.base import Background
from zoomclone.errors import BackgroundError
from zoomclone.frames import Frame, Size, fit_image
from zoomclone.offline.images import decoded_pixels, header_size, read_reduced
from zoomclone.paths import is_regular, is_utf8

MAX_IMAGE_SIDE_PX = 3840
MAX_DECODE_PIXELS = 50_000_000  # 150 MB once decoded: a PNG or WebP is always decoded in full


class ImageBackground(Background):
    """A picture, cover-fitted to the frame (scaled and centre-cropped, never stretched).

    ``fit="contain"`` shows all of it instead, letterboxed. Checked when made, decoded when first
    shown, no larger than the frame needs; only the fitted picture is kept, until ``release()``.
    """

    def __init__(self, path: Path, fit: str = "cover") -> None:
        self.path = path
        self._file = path
        self.name = path.name
        self.fit = fit
        check_background_image(path)
        self._cache: Frame | None = None
        self._lock = threading.Lock()  # the output thread and the preloader

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        height, width = frame.shape[:2]
        return self._fitted((width, height))

    def prepare(self, size: Size) -> None:
        self._fitted(size)

    def _fitted(self, size: Size) -> Frame:
        with self._lock:
            if self._cache is None or self._cache.shape[1::-1] != size:
                image = read_background_image(self._file, size)
                self._cache = fit_image(image, size, self.fit)
            return self._cache

    def release(self) -> None:
        with self._lock:
            self._cache = None


def check_background_image(path: Path) -> None:
    """Raise BackgroundError unless ``path`` is an image OpenCV can read and small enough to
    decode, looking at its header only."""
    if not path.exists():
        raise BackgroundError(f"background {path} does not exist: check the path")
    if not is_regular(path):
        raise BackgroundError(f"background {path} is not a regular file: give a picture file")
    # OpenCV cannot be handed a name that is not UTF-8: such a file is checked when decoded
    if is_utf8(path) and not cv2.haveImageReader(str(path)):
        raise BackgroundError(
            f"cannot read background {path}: it is not an image OpenCV can decode "
            "(use a .jpg, .png or .webp file)"
        )
    size = header_size(path)
    if size is not None and decoded_pixels(path, size) > MAX_DECODE_PIXELS:
        width, height = size
        raise BackgroundError(
            f"background {path} is {width}x{height} ({width * height / 1e6:.0f} MP), more than "
            f"zoomclone decodes for a background ({MAX_DECODE_PIXELS // 1_000_000} MP, or "
            f"{MAX_DECODE_PIXELS * 64 // 1_000_000} MP for JPEG): scale it down to the output size"
        )


def read_background_image(path: Path, size: Size | None = None) -> Frame:
    """Read an image as BGR uint8, no larger than needed to cover ``size`` (width, height) and at
    most MAX_IMAGE_SIDE_PX long (a huge JPEG is decoded at a reduced scale, never in full)."""
    check_background_image(path)
    longest = MAX_IMAGE_SIDE_PX
    found = header_size(path)
    if size is not None and found is not None:
        cover = max(size[0] / found[0], size[1] / found[1])
        longest = min(longest, max(1, int(max(found) * cover)))
    image = read_reduced(path, longest)
    if image is None:
        raise BackgroundError(
            f"cannot read background {path}: it is not an image OpenCV can decode "
            "(use a .jpg, .png or .webp file)"
        )
    if max(image.shape[:2]) > MAX_IMAGE_SIDE_PX:
        scale = MAX_IMAGE_SIDE_PX / max(image.shape[:2])
        wanted = (round(image.shape[1] * scale), round(image.shape[0] * scale))
        image = cv2.resize(image, wanted, interpolation=cv2.INTER_AREA)
    return image
