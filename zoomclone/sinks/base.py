"""The FrameSink protocol."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from zoomclone.frames import Frame


class FrameSink(Protocol):
    """Takes output frames: BGR uint8 (H, W, 3), or BGRA (H, W, 4) from the transparent background.

    The size is fixed when the sink is opened. ``send(frame)`` must not keep the array after it
    returns (the pipeline reuses its buffers). ``send`` raises ``SinkError`` when the output is
    gone. ``close()`` releases the output and is safe to call twice. Used from one thread.
    """

    name: str

    def send(self, frame: Frame) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> FrameSink: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
