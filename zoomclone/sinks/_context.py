"""A mixin giving sinks the context-manager half of the protocol."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

S = TypeVar("S", bound="SinkContext")


class SinkContext:
    """``with sink:`` closes the sink on the way out."""

    def close(self) -> None:
        """Release the output; safe to call twice."""

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
