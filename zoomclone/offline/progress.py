"""A small progress bar for long work, drawn on stderr only when it is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from zoomclone.closing import ClosesOnExit

BAR_WIDTH = 30
MIN_REDRAW_S = 0.1


class Progress(ClosesOnExit):
    """``with Progress(total, "images") as bar: bar.advance()``; silent when not on a terminal."""

    def __init__(
        self,
        total: int | None,
        label: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        get_time: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._get_time = get_time
        self._start = get_time()
        self._last_draw = float("-inf")
        self._closed = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self._get_time()
        if self._enabled and (now - self._last_draw >= MIN_REDRAW_S or self.done == self.total):
            self._last_draw = now
            self._stream.write("\r" + self.render(now) + "\033[K")  # clear what a longer line left
            self._stream.flush()

    def render(self, now: float) -> str:
        """One line: label, bar, count, rate and time left."""
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        if not self.total:
            return f"{self.label}: {self.done} ({rate:.1f}/s)"
        filled = round(BAR_WIDTH * min(self.done, self.total) / self.total)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        return f"{self.label} [{bar}] {self.done}/{self.total} {rate:.1f}/s, {left:.0f}s left"

    def write(self, line: str) -> None:
        """Print a message line without tearing the bar."""
        if self._enabled and self.done:
            self._stream.write("\r\033[K")
        self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        """End the bar's line (safe twice)."""
        if self._closed:
            return
        self._closed = True
        if self._enabled and self.done:
            self._stream.write("\n")
            self._stream.flush()
