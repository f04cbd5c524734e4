"""Temporal stabiliser: calm still regions without lagging moving ones.

The model's confidence wobbles from frame to frame even where nothing moves, which shows as a
shimmering edge. A fixed running average calms it but drags a moving arm's matte behind the arm.
Here the average is motion-adaptive, pixel by pixel: where the picture changed since the last frame
the new confidence is taken as it is; where it did not, only ``still_weight`` of it is taken.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask


@dataclass(frozen=True)
class StabiliserConfig:
    """``stabilise``: on/off. ``still_weight``: the share of the new confidence taken where the
    picture did not change (1 = no smoothing). ``motion_full_grey``: the local mean change of 8-bit
    grey level at which the new confidence is taken fully. ``motion_window_px``: the box over which
    the change is averaged (working resolution), so sensor noise does not count as motion."""

    stabilise: bool = True
    still_weight: float = 0.15
    motion_full_grey: float = 24.0
    motion_window_px: int = 7

    def __post_init__(self) -> None:
        if not 0.0 < self.still_weight <= 1.0:
            raise UsageError(f"stabiliser still_weight must be in (0, 1], got {self.still_weight}")
        if self.motion_full_grey <= 0 or self.motion_window_px < 1:
            raise UsageError("stabiliser motion_full_grey must be > 0 and motion_window_px >= 1")


@dataclass(frozen=True)
class Motion:
    """The per-pixel weights of a frame against the stabiliser's last frame, numbered by that
    frame (``update`` uses them only while it is still the last one)."""

    measured_after: int
    weight: Mask


class Stabiliser:
    """Motion-adaptive running average of confidence masks of one stream (updated from one
    thread, in order; ``motion`` may be asked from another between updates)."""

    def __init__(self, config: StabiliserConfig | None = None) -> None:
        self.config = config or StabiliserConfig()
        self._grey: Frame | None = None
        self._state: Mask | None = None
        self._seen = 0  # frames taken since the start: what a Motion was measured after
        self._lock = threading.Lock()  # the last frame and its number change together
        gain = (1.0 - self.config.still_weight) / self.config.motion_full_grey
        levels = np.arange(256, dtype=np.float32)
        self._table = np.minimum(
            levels * np.float32(gain) + np.float32(self.config.still_weight), 1.0
        )

    def reset(self) -> None:
        """Forget the stream: the next mask is taken as it is."""
        with self._lock:
            self._grey = None
            self._seen += 1
        self._state = None

    def weight(self, grey: Frame, previous: Frame) -> Mask:
        """Per pixel, the share of the new confidence to take (still_weight .. 1): the local mean
        grey-level change (8-bit, rounded) looked up in a table."""
        window = (self.config.motion_window_px, self.config.motion_window_px)
        motion = cv2.blur(cv2.absdiff(grey, previous), window)
        weight: Mask = cv2.LUT(motion, self._table)
        return weight

    def motion(self, grey: Frame) -> Motion | None:
        """The weights the next ``update`` with ``grey`` will use, measured now (while the model
        runs, in the live pipeline); None when there is nothing to measure against."""
        with self._lock:
            previous, seen = self._grey, self._seen
        if not self.config.stabilise or previous is None or previous.shape != grey.shape:
            return None
        return Motion(seen, self.weight(grey, previous))

    def update(self, guide: Frame, confidence: Mask, motion: Motion | None = None) -> Mask:
        """The stabilised confidence for this frame; ``guide`` is the frame at the mask's size
        (BGR, or already grey); ``motion``: its weights from ``motion()``, used if they were
        measured against the frame this stabiliser saw last (otherwise measured again)."""
        if not self.config.stabilise:
            return confidence
        grey = guide if guide.ndim == 2 else cv2.cvtColor(guide, cv2.COLOR_BGR2GRAY)
        state = self._state
        with self._lock:
            previous, seen = self._grey, self._seen
            self._grey, self._seen = grey, seen + 1
        if state is None or previous is None or state.shape != confidence.shape:
            self._state = confidence.copy()
            return confidence
        if motion is not None and motion.measured_after == seen:
            weight = motion.weight
        else:
            weight = self.weight(grey, previous)
        # state += weight * (confidence - state), in place
        delta = cv2.subtract(confidence, state)
        cv2.multiply(delta, weight, dst=delta)
        cv2.add(state, delta, dst=state)
        return state.copy()
