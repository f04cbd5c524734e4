"""On demand (Linux): the webcam is on only while some app reads the virtual camera.

A watcher thread looks every ``poll_s`` for other processes holding the v4l2loopback device open
(``/proc/<pid>/fd/*`` links). While there are none, ``OnDemandSource`` closes the webcam (its light
goes off) and hands out a still frame at ``idle_fps``, and ``OnDemandSegmenter`` skips inference;
when a reader appears the camera is opened again. ``linger_s`` keeps the camera on a little after
the last reader left, because call apps open and close the device while they list cameras.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zoomclone.clock import Clock, SystemClock
from zoomclone.closing import ClosesOnExit, StartsOnEnter
from zoomclone.frames import Frame, Mask
from zoomclone.segmentation.base import Segmenter
from zoomclone.sources.base import FrameSource, SourceInfo
from zoomclone.worker import Worker

log = logging.getLogger("zoomclone")

IDLE_GREY = 16


@dataclass(frozen=True)
class OnDemandConfig:
    poll_s: float = 1.0
    linger_s: float = 5.0
    idle_fps: float = 5.0


def device_readers(
    device: Path, proc_root: Path = Path("/proc"), own_pid: int | None = None
) -> set[int]:
    """The pids (other than ours) with ``device`` open, from ``proc_root/<pid>/fd/*`` links."""
    own = os.getpid() if own_pid is None else own_pid
    target = os.path.realpath(device)
    readers: set[int] = set()
    for entry in _pid_dirs(proc_root):
        pid = int(entry.name)
        if pid != own and _holds(entry / "fd", target):
            readers.add(pid)
    return readers


def _pid_dirs(proc_root: Path) -> list[Path]:
    try:
        return [p for p in proc_root.iterdir() if p.name.isdigit()]
    except OSError:
        return []


def _holds(fd_dir: Path, target: str) -> bool:
    try:
        links = list(fd_dir.iterdir())
    except OSError:  # another user's process, or it just ended
        return False
    for link in links:
        try:
            if os.readlink(link) == target:
                return True
        except OSError:
            continue
    return False


class Demand(StartsOnEnter):
    """Whether the camera is wanted; a watcher thread updates it from ``has_reader()``."""

    def __init__(
        self,
        has_reader: Callable[[], bool],
        config: OnDemandConfig | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config or OnDemandConfig()
        self.clock = clock or SystemClock()
        self.wanted = threading.Event()
        self.wanted.set()  # start on: a reader may be waiting already
        self._has_reader = has_reader
        self._last_seen = self.clock.now()
        self._worker = Worker("zoomclone-on-demand", self._watch)

    def poll(self) -> bool:
        """Look once and update ``wanted``; True while the camera is wanted."""
        now = self.clock.now()
        if self._has_reader():
            self._last_seen = now
            self.wanted.set()
        elif now - self._last_seen >= self.config.linger_s:
            self.wanted.clear()
        return self.wanted.is_set()

    def start(self) -> None:
        self._worker.start()

    def _watch(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                self.poll()
            except Exception as err:  # a dead watcher would leave the camera off for good
                log.warning(
                    "zoomclone: cannot tell whether an app reads the virtual camera (%r): "
                    "the camera stays on",
                    err,
                )
                self.wanted.set()
                return
            stopping.wait(self.config.poll_s)

    def close(self) -> None:
        self._worker.stop()


class OnDemandSource(ClosesOnExit):
    """Wraps a camera: closed while not wanted (a still frame instead), reopened when wanted."""

    def __init__(self, inner: FrameSource, demand: Demand) -> None:
        self.inner = inner
        self.demand = demand
        self.paused = False
        self._idle: Frame | None = None

    @property
    def info(self) -> SourceInfo:
        return self.inner.info

    @info.setter
    def info(self, value: SourceInfo) -> None:
        self.inner.info = value

    def read(self) -> Frame | None:
        if self.demand.wanted.is_set():
            if self.paused:
                self.inner.reopen()
                self.paused = False
            return self.inner.read()
        if not self.paused:
            self.inner.close()
            self.paused = True
        self.demand.clock.sleep(1.0 / self.demand.config.idle_fps, self.demand.wanted)
        return self._idle_frame()

    def _idle_frame(self) -> Frame:
        info = self.inner.info
        if self._idle is None or self._idle.shape[:2] != (info.height, info.width):
            self._idle = np.full((info.height, info.width, 3), IDLE_GREY, np.uint8)
        return self._idle.copy()

    def reopen(self) -> None:
        self.inner.reopen()
        self.paused = False

    def close(self) -> None:
        self.inner.close()


class OnDemandSegmenter(ClosesOnExit):
    """Wraps a segmenter: while the camera is not wanted it returns 'no person' without inference."""

    def __init__(self, inner: Segmenter, demand: Demand) -> None:
        self.inner = inner
        self.demand = demand
        self.name = inner.name
        self.input_width = inner.input_width
        self.input_height = inner.input_height
        self.skipped = 0

    def segment(self, frame: Frame) -> Mask:
        if self.demand.wanted.is_set():
            return self.inner.segment(frame)
        self.skipped += 1
        return np.zeros((self.input_height, self.input_width), np.float32)

    def close(self) -> None:
        self.inner.close()
