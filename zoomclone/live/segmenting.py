"""The segmenter side of the live pipeline: the model and the mask-side refinement per frame.

Every answer is posted at once, even after a failure (then with the newest older mask), so the
output never waits out its deadline for a mask that will not come.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from zoomclone.clock import Clock
from zoomclone.errors import SegmenterError
from zoomclone.frames import Mask
from zoomclone.live.frame_job import ComputedMask, FrameJob, SegmenterActivity
from zoomclone.live.mailbox import Mailbox
from zoomclone.live.stats import Stats
from zoomclone.matting.engine import MatteEngine

log = logging.getLogger(__name__)


class SegmentStage:
    """Frames in, ``ComputedMask``s out (``masks``); ``activity`` tells the output which frame
    the model is on."""

    def __init__(self, engine: MatteEngine, clock: Clock, stats: Stats) -> None:
        self.masks: Mailbox[ComputedMask] = Mailbox()
        self.activity = SegmenterActivity()
        self._engine = engine
        self._clock = clock
        self._stats = stats
        self._failed_once = False

    def segment_one(self, seq: int, job: FrameJob) -> None:
        """Segment frame ``seq`` and post its mask (or, after a failure, the newest older one)."""
        started = self._clock.now()
        self.activity.begin(seq)
        try:
            confidence = self._confidence(job)
        finally:
            self.activity.end()
        self._stats.add_stage("segment", self._clock.now() - started)
        if confidence is not None:
            self.masks.post(ComputedMask(seq, seq, confidence))
            return
        previous = self.masks.newest()
        older = previous.item if previous is not None else None
        self.masks.post(
            ComputedMask(
                seq,
                older.mask_seq if older is not None else 0,
                older.confidence if older is not None else None,
            )
        )

    def loop(
        self,
        frames: Mailbox[FrameJob],
        stopping: threading.Event,
        interval_s: float,
        segments: Callable[[int], bool],
    ) -> None:
        """The segmenter thread: the newest frame each time, those ``segments(seq)`` selects."""
        seen = 0
        while not stopping.is_set():
            letter = frames.wait_newer(seen, interval_s)
            if letter is None:
                if frames.closed:
                    return
                continue
            seen = letter.seq
            if segments(letter.seq):
                self.segment_one(letter.seq, letter.item)

    def _confidence(self, job: FrameJob) -> Mask | None:
        try:
            return self._engine.confidence(job.frame, job.prepared.get)
        except SegmenterError as err:
            if not self._failed_once:
                log.warning("segmentation failed, using the previous mask: %s", err)
                self._failed_once = True
            return None
