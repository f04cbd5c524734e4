"""Decode the neighbours of the current background ahead, on their own thread.

Backgrounds are decoded only when needed (``ImageBackground``), and a 4000x3000 PNG takes ~0.7 s
to decode and fit on the 2-core machine: on the output thread that froze the call for 20 frames
at every switch. The preloader keeps the previous and next backgrounds ready at the output size,
so ``next``/``prev`` find them decoded; the cycle releases the ones further away.
"""

from __future__ import annotations

import logging
import threading

from zoomclone.backgrounds import BackgroundCycle
from zoomclone.closing import StartsOnEnter
from zoomclone.errors import BackgroundError
from zoomclone.worker import Worker

log = logging.getLogger(__name__)

Size = tuple[int, int]


class Preloader(StartsOnEnter):
    """``with Preloader(cycle, (width, height)):`` prepares the current background's neighbours
    after every switch (the cycle calls ``wake``). The hand-off is the background's own lock:
    whichever of the output thread and this one decodes a picture first, the other reuses it."""

    def __init__(self, cycle: BackgroundCycle, size: Size) -> None:
        self._cycle = cycle
        self._size = size
        self._wanted = threading.Event()
        self._worker = Worker("zoomclone-preload", self._loop)

    def wake(self) -> None:
        """The current background changed: prepare its neighbours (any thread)."""
        self._wanted.set()

    def start(self) -> None:
        self._cycle.on_change = self.wake
        self._worker.start()
        self.wake()

    def close(self) -> None:
        self._cycle.on_change = None
        self._worker.stopping.set()
        self._wanted.set()
        self._worker.stop()

    def _loop(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            self._wanted.wait()
            self._wanted.clear()
            for background in self._cycle.neighbours():
                if stopping.is_set() or self._wanted.is_set():
                    break  # switched again: start from the new current background
                try:
                    background.prepare(self._size)
                except BackgroundError as err:
                    log.debug("not preloaded: %s", err)  # shown when it is chosen
