"""The Segmenter protocol."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from zoomclone.frames import Frame as Frame
from zoomclone.frames import Mask as Mask


class Segmenter(Protocol):
    """Turns one frame into a person-confidence mask.

    ``segment(frame)`` takes a BGR uint8 frame of shape (H, W, 3), any size, and returns a float32
    array of shape (input_height, input_width) with values in [0, 1] (1 = person) for the frame
    stretched to the model's input size; the caller scales it back. It does not keep the frame.
    It raises ``SegmenterError`` when inference fails. ``close()`` releases the model and is safe
    to call twice; ``segment`` after ``close`` raises ``SegmenterError``. Use as a context manager.
    One segmenter is used from one thread at a time.
    """

    name: str
    input_width: int
    input_height: int

    def segment(self, frame: Frame) -> Mask: ...

    def close(self) -> None: ...

    def __enter__(self) -> Segmenter: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
