"""A sink that drops every frame: for benchmarks and headless runs."""

from __future__ import annotations

from zoomclone.closing import ClosesOnExit
from zoomclone.frames import Frame


class NullSink(ClosesOnExit):
    """Counts frames and discards them."""

    name = "null"

    def __init__(self) -> None:
        self.frames = 0

    def send(self, frame: Frame) -> None:
        self.frames += 1
