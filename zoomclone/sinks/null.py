"""A sink that drops every frame: for benchmarks and headless runs."""

from __future__ import annotations

from zoomclone.segmentation.base import Frame
from zoomclone.sinks._context import SinkContext


class NullSink(SinkContext):
    """Counts frames and discards them."""

    name = "null"

    def __init__(self) -> None:
        self.frames = 0

    def send(self, frame: Frame) -> None:
        self.frames += 1
