"""A video file as the background, looped at its own fps."""

from __future__ import annotations

from pathlib import Path

import cv2

from zoomclone.backgrounds.base import Background
from zoomclone.errors import BackgroundError
from zoomclone.frames import Frame, fit_image
from zoomclone.paths import cv2_name

MAX_CATCH_UP_FRAMES = 5  # a video background further behind skips ahead instead


class VideoBackground(Background):
    """A video, looped at its own fps, each frame cover-fitted (or contain-fitted)."""

    def __init__(self, path: Path, fit: str = "cover") -> None:
        self.path = path
        self._file = path
        self.name = path.name
        self.fit = fit
        self._capture: cv2.VideoCapture | None = _open_video(path)
        self.fps = self._capture.get(cv2.CAP_PROP_FPS) or 30.0
        self._index = -1
        self._current: Frame | None = None
        self._fitted: Frame | None = None
        self._stale = True

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        wanted = int(t_s * self.fps)
        if wanted - self._index > MAX_CATCH_UP_FRAMES:  # first shown late, or after a stall:
            self._index = wanted - 1  # go on from here rather than decode every frame missed
        while self._index < wanted or self._current is None:
            self._advance()
        height, width = frame.shape[:2]
        if self._fitted is None or self._fitted.shape[:2] != (height, width) or self._stale:
            assert self._current is not None
            self._fitted = fit_image(self._current, (width, height), self.fit)
            self._stale = False
        return self._fitted

    def _advance(self) -> None:
        if self._capture is None:
            self._capture = _open_video(self._file)
        ok, image = self._capture.read()
        if not ok:
            self._capture.release()
            self._capture = _open_video(self._file)
            ok, image = self._capture.read()
            if not ok:
                raise BackgroundError(f"background video {self.path} has no readable frame")
        self._current = image
        self._index += 1
        self._stale = True

    def release(self) -> None:
        """Close the decoder and drop the pictures; showing it again reopens the file."""
        self.close()
        self._current = self._fitted = None

    def close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()


def _open_video(path: Path) -> cv2.VideoCapture:
    capture = cv2.VideoCapture(cv2_name(path, "background video"))
    if not capture.isOpened():
        raise BackgroundError(
            f"cannot open background video {path}: use an .mp4/.mov/.webm file OpenCV can decode"
        )
    return capture
