"""The panel's live preview: a reduced copy of what the virtual camera sends, made only while a
page watches.

``PreviewTap`` is one more sink of the pipeline. While nobody watches, ``send`` returns at once (one
attribute read per frame). While a page watches, it keeps at most ``fps`` frames a second: a copy
(0.15 ms at 720p, where scaling it would take 0.6 ms) posted to a one-slot mailbox. The web
server's threads wait on that mailbox and scale the frame to ``width_px`` and JPEG-encode it there.
A slow or stuck client therefore never holds up the output: the mailbox keeps only the newest
frame.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.frames import Frame
from zoomclone.live.mailbox import Letter, Mailbox


@dataclass(frozen=True)
class PreviewConfig:
    """``width_px``: the preview's width; ``fps``: at most this many preview frames a second;
    ``max_watchers``: streams served at once (more are refused); ``jpeg_quality``: 0-100."""

    width_px: int = 640
    fps: float = 12.0
    max_watchers: int = 4
    jpeg_quality: int = 75


class TooManyWatchers(Exception):
    """Every preview slot is taken."""


class PreviewTap(ClosesOnExit):
    """A sink that feeds the panel's preview. ``send`` runs on the pipeline's output thread;
    ``watching()``, ``wait_newer()`` and ``jpeg()`` on the server's threads. The hand-off between
    them is the one-slot ``Mailbox``; the watcher count is guarded by a lock."""

    name = "panel preview"

    def __init__(
        self, config: PreviewConfig | None = None, get_time: Callable[[], float] = time.monotonic
    ) -> None:
        self.config = config or PreviewConfig()
        self._now = get_time
        self._frames: Mailbox[Frame] = Mailbox()
        self._lock = threading.Lock()
        self._watchers = 0
        self._next_due = 0.0
        self._first_pending = True
        self.first_frame = threading.Event()  # set when the pipeline sends its first frame

    @property
    def watchers(self) -> int:
        return self._watchers

    def send(self, frame: Frame) -> None:
        if self._first_pending:
            self._first_pending = False
            self.first_frame.set()
        if not self._watchers:
            return
        now = self._now()
        if now < self._next_due:
            return
        self._next_due = now + 1.0 / self.config.fps
        self._frames.post(frame.copy())  # the pipeline reuses its buffer after send() returns

    def reduce(self, frame: Frame) -> Frame:
        """The frame scaled to ``width_px`` wide (never up), BGR."""
        height, width = frame.shape[:2]
        target_w = min(self.config.width_px, width)
        target_h = max(2, round(height * target_w / width))
        small = cv2.resize(frame, (target_w, target_h), interpolation=cv2.INTER_AREA)
        if small.ndim == 3 and small.shape[2] == 4:
            small = cv2.cvtColor(small, cv2.COLOR_BGRA2BGR)
        return small

    @contextmanager
    def watching(self) -> Iterator[None]:
        """For as long as a page watches: ``TooManyWatchers`` when every slot is taken."""
        with self._lock:
            if self._watchers >= self.config.max_watchers:
                raise TooManyWatchers(f"at most {self.config.max_watchers} previews at once")
            self._watchers += 1
        try:
            yield
        finally:
            with self._lock:
                self._watchers -= 1

    def wait_newer(self, seen: int, timeout_s: float) -> Letter[Frame] | None:
        """The newest preview frame after ``seen``, or None after ``timeout_s`` or once closed."""
        return self._frames.wait_newer(seen, timeout_s)

    def jpeg(self, frame: Frame) -> bytes:
        """One preview frame, scaled down, as JPEG bytes."""
        small = self.reduce(frame)
        ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, self.config.jpeg_quality])
        if not ok:  # pragma: no cover - a BGR uint8 frame always encodes
            raise ValueError("cannot encode the preview frame")
        return bytes(data)

    @property
    def closed(self) -> bool:
        return self._frames.closed

    def close(self) -> None:
        """Wake every waiting stream so it ends (safe twice)."""
        self._frames.close()
