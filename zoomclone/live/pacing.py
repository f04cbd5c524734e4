"""A frame schedule on an injectable clock that treats a stall as a stall, not as work to catch up.

A process stopped by SIGSTOP or a laptop suspend wakes with its clock seconds past the next due
frame. Catching up would read every missed frame of a file as fast as it decodes (144 of them after
a 5 s stop at 30 fps), and the output would count them as skipped: the governor then lowers the
quality for tens of seconds. A gap of ``STALL_FRAMES`` frame periods (at least ``MIN_STALL_S``)
restarts the schedule from now instead.
"""

from __future__ import annotations

import threading

from zoomclone.clock import Clock

STALL_FRAMES = 10
MIN_STALL_S = 0.5


def stall_threshold_s(fps: float) -> float:
    """The gap that counts as a stall rather than load at ``fps``."""
    return max(MIN_STALL_S, STALL_FRAMES / max(fps, 1e-3))


class Pacer:
    """Frame ``n`` is due ``n`` periods after the start; ``wait()`` sleeps until the next one.

    ``stalls`` counts the restarts after a stall. Used from one thread.
    """

    def __init__(self, fps: float, clock: Clock) -> None:
        self.period_s = 1.0 / fps
        self.stall_s = stall_threshold_s(fps)
        self.stalls = 0
        self._clock = clock
        self._due = clock.now()

    def restart(self) -> None:
        """The next frame is due now."""
        self._due = self._clock.now()

    def until_due(self) -> float:
        """Seconds until the next frame is due (negative when late); restarts after a stall."""
        late = self._clock.now() - self._due
        if late > self.stall_s:
            self.stalls += 1
            self.restart()
            return 0.0
        return -late

    def wait(self, wake: threading.Event | None = None, *, lead_s: float = 0.0) -> None:
        """Sleep until ``lead_s`` before the next frame is due (``wake`` cuts it short)."""
        self._clock.sleep(self.until_due() - lead_s, wake)

    def tick(self) -> None:
        """The due frame went out: the next is one period later."""
        self._due += self.period_s
