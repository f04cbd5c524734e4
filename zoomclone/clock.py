"""The clock the pipeline reads and sleeps on, injectable so timing logic is tested without waiting."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """``now()`` in seconds (monotonic); ``sleep(s)`` returns early when ``wake`` is set."""

    def now(self) -> float: ...

    def sleep(self, seconds: float, wake: threading.Event | None = None) -> None: ...


class SystemClock:
    """The real monotonic clock."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float, wake: threading.Event | None = None) -> None:
        if seconds <= 0:
            return
        if wake is None:
            time.sleep(seconds)
        else:
            wake.wait(seconds)


class FakeClock:
    """A clock that only moves when slept on or advanced: sleeping returns at once."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float, wake: threading.Event | None = None) -> None:
        if seconds > 0:
            self.advance(seconds)
