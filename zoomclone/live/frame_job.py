"""One frame's work shared by the threads: its mask-independent preparation and who does it.

The capture thread makes a ``FrameJob`` per frame. The model runs on the segmenter thread; the
output thread, idle meanwhile, does the part of the refinement that needs no mask
(``MatteEngine.prepare``) unless the segmenter is busy with an older frame (it may never take this
one). Whichever thread asks first computes it; the other takes the result.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

from zoomclone.errors import InputError
from zoomclone.frames import Frame, Mask
from zoomclone.live.once import Once
from zoomclone.matting.engine import MatteEngine, Prepared


@dataclass(frozen=True)
class FrameJob:
    """A frame as captured, numbered ``seq`` once posted; ``prepared``: its preparation, made once."""

    frame: Frame
    t_capture: float
    prepared: Once[Prepared]

    @classmethod
    def of(cls, frame: Frame, t_capture: float, engine: MatteEngine) -> FrameJob:
        return cls(frame, t_capture, Once(functools.partial(engine.prepare, frame)))


@dataclass(frozen=True)
class ComputedMask:
    """The answer for frame ``frame_seq``: its own mask, or after a failure the newest older one
    (computed from frame ``mask_seq``), or None when there was never one."""

    frame_seq: int
    mask_seq: int
    confidence: Mask | None


class SegmenterActivity:
    """Which frame the segmenter thread works on (None: idle); read by the output thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy_with: int | None = None

    def begin(self, seq: int) -> None:
        with self._lock:
            self._busy_with = seq

    def end(self) -> None:
        with self._lock:
            self._busy_with = None

    def may_help(self, seq: int) -> bool:
        """Whether preparing frame ``seq`` now serves the segmenter (idle, or on that frame)."""
        with self._lock:
            return self._busy_with is None or self._busy_with == seq


def help_prepare(job: FrameJob, seq: int, activity: SegmenterActivity) -> None:
    """Prepare frame ``seq`` on this thread when that serves the segmenter; an unreadable frame is
    left for the segmenter, which meets it again and reports it."""
    if activity.may_help(seq):
        try:
            job.prepared.get()
        except InputError:
            return
