"""The camera's own background, blurred (``blur``, ``blur:1..3``)."""

from __future__ import annotations

import numpy as np

from zoomclone.backgrounds.base import Background
from zoomclone.blur import halo_free_blur
from zoomclone.errors import UsageError
from zoomclone.frames import Frame

BLUR_STRENGTHS = (1, 2, 3)


class BlurBackground(Background):
    """The camera's own background, blurred; the person's pixels do not bleed into it."""

    def __init__(self, strength: int = 2) -> None:
        if strength not in BLUR_STRENGTHS:
            raise UsageError(f"blur strength must be one of {BLUR_STRENGTHS}, got {strength}")
        self.strength = strength
        self.name = f"blur:{strength}"
        self._buffer: Frame | None = None

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        """The blurred room, in a buffer reused by the next call (one frame is composited at a time)."""
        if self._buffer is None or self._buffer.shape != frame.shape:
            self._buffer = np.empty(frame.shape, np.uint8)
        return halo_free_blur(frame, alpha, self.strength, out=self._buffer)

    def backdrop_into(self, frame: Frame, alpha: Frame, t_s: float, out: Frame) -> None:
        """The blurred room scaled up straight into ``out`` (no copy of a full-size picture)."""
        halo_free_blur(frame, alpha, self.strength, out=out)


def parse_blur(spec: str) -> BlurBackground:
    strength = spec.partition(":")[2].strip()
    if not strength:
        return BlurBackground()
    # compared as text: '²' passes str.isdigit() but not int(), and int() refuses 5000 digits
    if strength not in {str(s) for s in BLUR_STRENGTHS}:
        raise UsageError(f"bad blur strength in {spec!r}: write blur:1, blur:2 or blur:3")
    return BlurBackground(int(strength))
