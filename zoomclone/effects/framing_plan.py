"""Auto-framing for a recording: each frame's crop from the person boxes before *and after* it.

Live framing must decide a frame's crop before the next frame exists, so it trades following for
steadiness (a dead zone and a spring: see ``autoframe``); a person drifting steadily (walking
towards the camera) is followed a dead zone late. A recorded video can wait: ``FramingPlan``
holds frames for ``reach`` seconds (3 sigma) and gives frame N the Gaussian-weighted mean
(sigma ``sigma_s``, by timestamp, so a variable frame rate is weighed right) of the wanted crops
of the frames within ``reach`` before and after it. That follows a steady drift without lag
and averages the box's frame-to-frame noise away from both sides.

The wanted crop of a frame with nobody in it: the last person's crop for ``lost_after_s``, then
the full frame, approached with the live framer's slow return time constant; before anybody is
seen, the full frame. Crops are clamped to the picture and the zoom limit, as live.

The frames wait ``reach`` seconds (about 14 at 30 fps with the default sigma of 0.15 s), never more
than ``MAX_HELD`` frames, plus the pipeline's queues: memory grows by that many frames while framing
is on, nothing else (the frames already given out are remembered by their wanted crops only, and
as far back: ``reach`` seconds, at most ``MAX_HELD``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer, Crop

BoxT = tuple[float, float, float, float]
T = TypeVar("T")

SIGMA_S = 0.15  # seconds: measured in docs/quality.md (error vs smoothness on four clips)
MAX_HELD = 60  # frames held at most, whatever the timestamps say (all equal, or a 120 fps clip)


@dataclass
class _Past:
    t_s: float
    wanted: np.ndarray


@dataclass
class _Entry(_Past, Generic[T]):
    payload: T


class FramingPlan:
    """Crops for a stream of (payload, person box or None, time) with look-ahead."""

    def __init__(
        self,
        source: tuple[int, int],
        config: AutoFrameConfig | None = None,
        sigma_s: float = SIGMA_S,
    ) -> None:
        self.config = config or AutoFrameConfig()
        self._framer = AutoFramer(self.config, source, source)
        self.sigma_s = sigma_s
        self.reach_s = 3.0 * sigma_s
        self._last: np.ndarray = self._framer.full_frame().as_array()
        self._last_t: float | None = None
        self._last_seen: float | None = None

    @property
    def source(self) -> tuple[int, int]:
        return self._framer.source

    def crops(self, items: Iterable[tuple[T, BoxT | None, float]]) -> Iterator[tuple[T, Crop]]:
        """Each payload with its crop, in order, ``reach_s`` of items behind the input."""
        pending: deque[_Entry[T]] = deque()  # waiting for their future to arrive
        history: deque[_Past] = deque()  # already given out, still within reach: no payload
        for payload, box, t_s in items:
            pending.append(_Entry(t_s, self._wanted(box, t_s), payload))
            while pending and (t_s - pending[0].t_s >= self.reach_s or len(pending) > MAX_HELD):
                yield self._give(pending, history)
        while pending:
            yield self._give(pending, history)

    def _give(self, pending: deque[_Entry[T]], history: deque[_Past]) -> tuple[T, Crop]:
        entry = pending.popleft()
        while history and (entry.t_s - history[0].t_s > self.reach_s or len(history) >= MAX_HELD):
            history.popleft()
        crop = self._mean(entry.t_s, [*history, entry, *pending])
        history.append(_Past(entry.t_s, entry.wanted))
        return entry.payload, crop

    def _mean(self, t_s: float, entries: list[_Past]) -> Crop:
        times = np.array([e.t_s for e in entries])
        near = np.abs(times - t_s) <= self.reach_s
        weights = np.exp(-((times[near] - t_s) ** 2) / (2.0 * self.sigma_s**2))
        wanted = np.array([e.wanted for e, n in zip(entries, near, strict=True) if n])
        cx, cy, h = self._framer.clamped(weights @ wanted / weights.sum())
        return Crop(cx, cy, h)

    def _wanted(self, box: BoxT | None, t_s: float) -> np.ndarray:
        dt = 0.0 if self._last_t is None else max(0.0, t_s - self._last_t)
        self._last_t = t_s
        if box is not None:
            self._last_seen = t_s
            self._last = self._framer.wanted(box)
        elif self._last_seen is None or t_s - self._last_seen >= self.config.lost_after_s:
            full = self._framer.full_frame().as_array()
            keep = math.exp(-dt / self.config.return_response_s)
            self._last = full + (self._last - full) * keep
        return self._last
