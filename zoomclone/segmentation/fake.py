"""A fake segmenter for tests: a fixed or computed mask, no model."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SegmenterError
from zoomclone.frames import Frame, Mask


def ellipse_mask(frame: Frame, width: int, height: int) -> Mask:
    """A centred ellipse covering half of each dimension: a stand-in for a person."""
    mask = np.zeros((height, width), np.float32)
    cv2.ellipse(mask, (width // 2, height // 2), (width // 4, height // 3), 0, 0, 360, 1.0, -1)
    return mask


def bright_pixels_mask(frame: Frame, width: int, height: int) -> Mask:
    """Person = pixels brighter than mid-grey: lets tests paint the 'person' into the frame."""
    small = cv2.resize(frame, (width, height), interpolation=cv2.INTER_LINEAR)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    return (grey > 127).astype(np.float32)


class FakeSegmenter(ClosesOnExit):
    """Computes a mask with a plain function; counts calls; can be told to fail."""

    def __init__(
        self,
        mask_fn: Callable[[Frame, int, int], Mask] = bright_pixels_mask,
        *,
        input_width: int = 256,
        input_height: int = 144,
        fail_on: Callable[[int], bool] | None = None,
    ) -> None:
        self.name = "fake"
        self.input_width = input_width
        self.input_height = input_height
        self.calls = 0
        self.closed = 0
        self._mask_fn = mask_fn
        self._fail_on = fail_on

    def segment(self, frame: Frame) -> Mask:
        if self.closed:
            raise SegmenterError("segmenter used after close()")
        self.calls += 1
        if self._fail_on is not None and self._fail_on(self.calls):
            raise SegmenterError(f"fake failure on call {self.calls}")
        return self._mask_fn(frame, self.input_width, self.input_height)

    def close(self) -> None:
        self.closed += 1
