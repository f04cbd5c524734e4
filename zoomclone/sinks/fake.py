"""A sink for tests that keeps copies of what it was sent."""

from __future__ import annotations

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import SinkError
from zoomclone.frames import Frame


class RecordingSink(ClosesOnExit):
    """Keeps a copy of every frame (or only the last ``keep`` of them)."""

    name = "recording"

    def __init__(self, keep: int | None = None, fail_after: int | None = None) -> None:
        self.frames: list[Frame] = []
        self.sent = 0
        self.closed = 0
        self._keep = keep
        self._fail_after = fail_after

    def send(self, frame: Frame) -> None:
        if self._fail_after is not None and self.sent >= self._fail_after:
            raise SinkError("recording sink is full")
        self.sent += 1
        self.frames.append(frame.copy())
        if self._keep is not None and len(self.frames) > self._keep:
            del self.frames[0]

    def close(self) -> None:
        self.closed += 1
