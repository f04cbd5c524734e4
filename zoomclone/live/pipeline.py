"""The live pipeline: threads and mailboxes.

    source ──capture thread──▶ frames (one-slot mailbox) ──▶ segmenter thread ──▶ masks (one-slot)
                                      │                                              │
                                      └──────────▶ output loop: render ◀─────────────┘ ──▶ sinks

Each frame is composited with the mask computed from that same frame when the segmenter delivers it
within ``mask_deadline_ms``; otherwise with the newest older mask (its age in frames is recorded).
Nothing queues: a slow stage makes the others skip to the newest item, never fall behind.
``step()`` runs the same per-frame functions on the caller's thread, one frame at a time, for
tests and offline work.

Who owns what: ``Capture`` (live/capture.py) reads and paces; ``Session`` (live/session.py) holds
what the user controls; ``Renderer`` (live/renderer.py) makes the picture; the ``Governor`` decides
the quality, read once per frame as an immutable ``Quality``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import partial
from typing import Any

import cv2

from zoomclone.backgrounds import BackgroundCycle
from zoomclone.clock import Clock, SystemClock
from zoomclone.control.commands import Command
from zoomclone.effects.chain import Effects
from zoomclone.errors import SinkError, UsageError
from zoomclone.live.capture import Capture
from zoomclone.live.config import PipelineConfig, PipelineState
from zoomclone.live.fanout import Fanout
from zoomclone.live.frame_job import FrameJob, help_prepare
from zoomclone.live.governor import Governor, level_message
from zoomclone.live.mailbox import Mailbox
from zoomclone.live.pacing import Pacer
from zoomclone.live.renderer import Renderer
from zoomclone.live.segmenting import SegmentStage
from zoomclone.live.session import Session
from zoomclone.live.skips import Skips
from zoomclone.live.stats import Stats
from zoomclone.matting.engine import MatteEngine
from zoomclone.sinks.base import FrameSink
from zoomclone.sources.base import FrameSource
from zoomclone.worker import Worker

log = logging.getLogger(__name__)

DISCONNECTED_TEXT = "camera disconnected - reconnecting"
UNAVAILABLE_TEXT = "input unavailable - retrying"


class LivePipeline:
    """``LivePipeline(source=..., engine=..., sinks=[...], backgrounds=...)``; ``run()`` or ``step()``."""

    def __init__(
        self,
        *,
        source: FrameSource,
        engine: MatteEngine,
        sinks: Sequence[FrameSink],
        backgrounds: BackgroundCycle,
        config: PipelineConfig | None = None,
        clock: Clock | None = None,
        stats: Stats | None = None,
        effects: Effects | None = None,
    ) -> None:
        self.source = source
        self.engine = engine
        self.config = config or PipelineConfig()
        source_size = (source.info.width, source.info.height)  # frames are fitted to it
        self.size = self.config.output_size or source_size  # the sinks' size, fixed at start
        self.clock = clock or SystemClock()
        self.stats = stats or Stats(get_time=self.clock.now)
        self.state = PipelineState.NEW
        self.governor = Governor(self.config.governor)
        self.session = Session(
            backgrounds,
            effects or Effects(),
            self.clock,
            self.stats,
            mirror=self.config.mirror,
            on_quit=self.stop,
        )
        self.session.effects.set_sizes(source_size, self.size)
        self.renderer = Renderer(engine, self.session, self.session.effects, self.clock, self.stats)
        self.capture = Capture(source, engine, source_size, self.config, self.clock, self.stats)
        self._stopping = threading.Event()
        self._frames: Mailbox[FrameJob] = Mailbox()
        self.segmenter = SegmentStage(engine, self.clock, self.stats)
        self.fanout = Fanout(sinks, self.session, self.clock, self.stats)
        self._quality = self.governor.quality
        self._workers = [
            Worker(
                "zoomclone-capture",
                partial(self.capture.loop, self._frames),
                stopping=self._stopping,
            ),
            Worker("zoomclone-segment", self._segment_loop, stopping=self._stopping),
        ]
        self._start_t = self.clock.now()

    @property
    def backgrounds(self) -> BackgroundCycle:
        return self.session.backgrounds

    @property
    def effects(self) -> Effects:
        return self.session.effects

    # ---- control, from any thread ---------------------------------------------------------

    def submit(self, command: Command) -> threading.Event | None:
        """Queue a command: an Event set once it is applied, or None when too many wait."""
        return self.session.submit(command)

    def apply(self, command: Command) -> None:
        """Apply one command now (on the output thread, or before ``run``)."""
        self.session.apply(command)

    def status(self) -> dict[str, Any]:
        """A snapshot for ``zoomclone ctl status``; safe from any thread."""
        return self.session.status(
            state=self.state.value,
            frames=self.fanout.sent,
            camera="disconnected" if self.capture.down.is_set() else "ok",
        )

    # ---- one frame: the same functions for ``step`` and the threads -----------------------

    def step(self) -> bool:
        """Read, segment, matte, composite and send one frame on this thread; False at the end."""
        self.session.apply_pending()
        job = self.capture.read_one()
        if job is None:
            return False
        seq = self._frames.post(job)
        if self._segments(seq):
            self.segmenter.segment_one(seq, job)
        self._output_one(seq, job, dropped=0)
        return True

    def _output_one(self, seq: int, job: FrameJob, dropped: int) -> None:
        """Render frame ``seq`` with its mask (or the newest within the deadline) and send it."""
        t_s = job.t_capture - self._start_t
        segments = self._segments(seq)
        if segments:  # first: the segmenter needs it right after the model
            help_prepare(job, seq, self.segmenter.activity)
        early = self.renderer.early_backdrop(job.frame, t_s)
        deadline_s = self.config.mask_deadline_ms / 1000.0 if segments else 0.0
        letter = self.segmenter.masks.wait_until(lambda m: m.frame_seq >= seq, deadline_s)
        mask = letter.item if letter is not None else None
        confidence = mask.confidence if mask is not None else None
        age = max(0, seq - mask.mask_seq) if mask is not None and mask.mask_seq else 0
        out = self.renderer.render(job.frame, confidence, t_s, early)
        try:
            self.fanout.send(out)
        except SinkError:
            self.stop()
            raise
        self.stats.add_output(self.clock.now() - job.t_capture, age, dropped)
        self._govern(dropped)

    def _segments(self, seq: int) -> bool:
        """Whether frame ``seq`` gets its own mask (all of them unless the governor says less)."""
        return seq % self._quality.segment_stride == 0

    def _govern(self, dropped: int) -> None:
        before = self.governor.level
        if self.governor.observe(dropped):
            self._quality = quality = self.governor.quality
            self.engine.set_cheap_refinement(quality.cheap_refinement)
            self.stats.degraded = self.governor.active()
            log.warning("%s", level_message(before, self.governor.level))

    # ---- the threads ----------------------------------------------------------------------

    def run(self) -> None:
        """Run until ``stop()``, a quit command, ``max_frames`` or the end of a file source."""
        if self.state is not PipelineState.NEW:
            raise UsageError("a pipeline runs once: create a new one")
        self.state = PipelineState.RUNNING
        self._start_t = self.clock.now()
        self.stats.restart()
        opencv_threads = cv2.getNumThreads()
        if self.config.opencv_threads is not None:
            cv2.setNumThreads(self.config.opencv_threads)
        for worker in self._workers:
            worker.start()
        try:
            self._output_loop()
        finally:
            self.stop()
            self.join()
            self.stats.finish()
            cv2.setNumThreads(opencv_threads)

    def stop(self) -> None:
        """Ask every loop to finish (idempotent, any thread, signal handlers included)."""
        self._stopping.set()
        self._frames.close()
        self.segmenter.masks.close()
        self.capture.taken.set()

    def join(self) -> None:
        """Wait for the worker threads; they notice ``stop()`` within one frame."""
        for worker in self._workers:
            if not worker.stop(self.config.join_timeout_s):
                log.warning("thread %s did not stop in time", worker.name)
        self.state = PipelineState.STOPPED

    def _segment_loop(self, stopping: threading.Event) -> None:
        self.segmenter.loop(self._frames, stopping, self._frame_interval(), self._segments)

    def _frame_interval(self) -> float:
        return 1.0 / max(self.source.info.fps, 1.0)

    def _output_loop(self) -> None:
        capture = self.capture
        capture.taken.set()
        skips = Skips(self.source.info.fps)
        placeholders = Pacer(self.config.output_fps, self.clock)
        while not self._stopping.is_set() and not self._enough():
            self.session.apply_pending()
            down = capture.down.is_set()
            timeout_s = 0.0 if down else self._frame_interval() * 2
            letter = self._frames.wait_newer(skips.seen, timeout_s)
            if letter is None:
                if capture.ended.is_set() or self._stopping.is_set():
                    return
                if down:
                    self._send_placeholder(placeholders)
                continue
            shown = self.session.background_name()
            dropped, stalled = skips.take(letter.seq, letter.item.t_capture, shown)
            if stalled:  # what came before a stall says nothing about the load now
                self.governor.forget()
            capture.taken.set()
            self._output_one(letter.seq, letter.item, dropped)

    def _enough(self) -> bool:
        """``max_frames`` went out (placeholders count: they are what the call saw)."""
        limit = self.config.max_frames
        return limit is not None and self.fanout.sent >= limit

    def _send_placeholder(self, pacer: Pacer) -> None:
        """One placeholder frame when it is due, at the set output rate."""
        pacer.wait(self._stopping)
        if not self._stopping.is_set():
            text = DISCONNECTED_TEXT if self.source.info.live else UNAVAILABLE_TEXT
            self.fanout.send_placeholder(self.size, text)
            pacer.tick()
