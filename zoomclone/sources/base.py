"""The FrameSource protocol."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from zoomclone.frames import Frame


@dataclass(frozen=True)
class SourceInfo:
    """What a source actually delivers (a camera may not give what was asked).

    ``live``: frames arrive at their own pace (a camera); otherwise the reader paces them (a file).
    ``frame_count``: the number of frames of a file, or None when unknown or endless.
    """

    width: int
    height: int
    fps: float
    description: str
    live: bool
    frame_count: int | None = None


class FrameSource(Protocol):
    """Delivers BGR uint8 frames of shape (info.height, info.width, 3), one at a time.

    ``read()`` blocks until the next frame and returns a new array the caller may keep; it returns
    None at the end of a finite stream, and raises ``SourceError`` when the device or file fails
    (the caller may ``reopen()`` to try again). ``close()`` releases the device and is safe to
    call twice. Used from one thread at a time.
    """

    info: SourceInfo

    def read(self) -> Frame | None: ...

    def reopen(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> FrameSource: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
