"""The capture side of the live pipeline: read, pace, fit and number the frames; reopen a camera
that went away.

A camera delivers at its own rate. A file is paced to ``pace_fps`` when asked (decoded just before
each frame is due, as a camera delivers a frame when it is ready), or else run in lockstep with
the output (the next frame is read once the output has taken the last one), so a file is never
skipped through faster than it is composited.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

from zoomclone.clock import Clock
from zoomclone.errors import SourceError
from zoomclone.frames import Frame, Size, fit_to
from zoomclone.live.config import PipelineConfig
from zoomclone.live.frame_job import FrameJob
from zoomclone.live.mailbox import Mailbox
from zoomclone.live.pacing import Pacer
from zoomclone.live.stats import Stats
from zoomclone.matting.engine import MatteEngine
from zoomclone.sources.base import FrameSource

log = logging.getLogger(__name__)

DECODE_SMOOTHING = 0.1


class Capture:
    """Reads ``source`` into ``FrameJob``s; ``loop`` is the capture thread, ``read_one`` a single
    synchronous read. ``down`` is set while the source is away, ``ended`` once a file ended,
    ``taken`` by the output each time it takes a frame (the lockstep's signal)."""

    def __init__(
        self,
        source: FrameSource,
        engine: MatteEngine,
        size: Size,
        config: PipelineConfig,
        clock: Clock,
        stats: Stats,
    ) -> None:
        self.source = source
        self.down = threading.Event()
        self.ended = threading.Event()
        self.taken = threading.Event()
        self._engine = engine
        self._size = size
        self._config = config
        self._clock = clock
        self._stats = stats

    def read_one(self) -> FrameJob | None:
        """One frame now (SourceError when the source fails), None at the end of a file."""
        frame = self._read()
        return self._job(frame) if frame is not None else None

    def loop(self, frames: Mailbox[FrameJob], stopping: threading.Event) -> None:
        """Post frames until ``stopping`` or the end of a file (which closes ``frames``)."""
        pace = None if self.source.info.live else self._config.pace_fps
        lockstep = not self.source.info.live and pace is None
        pacer = Pacer(pace, self._clock) if pace is not None else None
        decode_s = 0.0  # recent decode time: the lead a paced file is read with
        while not stopping.is_set():
            if pacer is not None:
                pacer.wait(stopping, lead_s=decode_s)
            started = self._clock.now()
            try:
                frame = self._read()
            except SourceError as err:
                self._recover(err, stopping)
                continue
            if frame is None:
                self.ended.set()
                frames.close()
                return
            decode_s += DECODE_SMOOTHING * (self._clock.now() - started - decode_s)
            if pacer is not None:
                pacer.wait(stopping)
            if lockstep:
                self.taken.wait()
                self.taken.clear()
            frames.post(self._job(frame))
            if pacer is not None:
                pacer.tick()

    def _read(self) -> Frame | None:
        """The source's next frame, its read time counted as the capture stage."""
        started = self._clock.now()
        frame = self.source.read()
        if frame is not None:
            self._stats.add_stage("capture", self._clock.now() - started)
        return frame

    def _job(self, frame: Frame) -> FrameJob:
        """The frame at the source's size (the effects bring it to the output's), stamped now: its capture time for latency and effects."""
        return FrameJob.of(fit_to(frame, self._size), self._clock.now(), self._engine)

    def _recover(self, err: SourceError, stopping: threading.Event) -> None:
        if not self.down.is_set():
            log.warning("%s", err)
            self.down.set()
        for delay in self._backoff():
            self._clock.sleep(delay, stopping)
            if stopping.is_set():
                return
            try:
                self.source.reopen()
            except SourceError:
                continue
            log.warning("camera is back" if self.source.info.live else "input is back")
            self.down.clear()
            return

    def _backoff(self) -> Iterator[float]:
        delays = self._config.reconnect_backoff_s
        yield from delays
        while True:
            yield delays[-1]
