"""A fake source for tests: synthetic frames, optionally failing on chosen reads."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SourceError
from zoomclone.frames import Frame
from zoomclone.sources.base import SourceInfo


def moving_person(index: int, width: int, height: int) -> Frame:
    """A dark room with a bright ellipse that drifts sideways: the fake segmenter's 'person'."""
    frame = np.full((height, width, 3), 30, np.uint8)
    cx = width // 2 + int(width * 0.1 * np.sin(index / 10))
    cv2.ellipse(frame, (cx, height // 2), (width // 6, height // 3), 0, 0, 360, (210, 190, 170), -1)
    return frame


class FakeSource(ClosesOnExit):
    """Frames from ``make(index, width, height)``; ``frames`` = None for endless.

    ``fail_on(read_number)`` True makes that read raise SourceError (a camera unplugged), until
    ``reopen()`` succeeds; ``reopen_fails(attempt)`` True makes reopening fail too.
    """

    def __init__(
        self,
        width: int = 320,
        height: int = 180,
        *,
        fps: float = 30.0,
        frames: int | None = None,
        live: bool = False,
        make: Callable[[int, int, int], Frame] = moving_person,
        fail_on: Callable[[int], bool] | None = None,
        reopen_fails: Callable[[int], bool] | None = None,
    ) -> None:
        self.info = SourceInfo(width, height, fps, "fake source", live, frames)
        self.reads = 0
        self.index = 0
        self.reopens = 0
        self.closed = 0
        self.broken = False
        self._open = True
        self._make = make
        self._fail_on = fail_on
        self._reopen_fails = reopen_fails

    def read(self) -> Frame | None:
        if not self._open:
            raise SourceError("fake source read after close() without reopen()")
        self.reads += 1
        if self.broken or (self._fail_on is not None and self._fail_on(self.reads)):
            self.broken = True
            raise SourceError("fake source failed")
        if self.info.frame_count is not None and self.index >= self.info.frame_count:
            return None
        frame = self._make(self.index, self.info.width, self.info.height)
        self.index += 1
        return frame

    def reopen(self) -> None:
        self.reopens += 1
        if self._reopen_fails is not None and self._reopen_fails(self.reopens):
            raise SourceError("fake source cannot reopen")
        self.broken = False
        self._open = True

    def close(self) -> None:
        self.closed += 1
        self._open = False
