"""A mixin for resources whose ``close()`` is their whole release: ``with resource:`` closes it."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

C = TypeVar("C", bound="ClosesOnExit")


class ClosesOnExit:
    """Gives a class with ``close()`` the context-manager protocol (sources, segmenters, sinks)."""

    def close(self) -> None:
        """Release the resource; safe to call twice."""

    def __enter__(self: C) -> C:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class CommitsOnExit(ClosesOnExit):
    """For an output written to a temporary file: ``with`` ends in ``close()`` (finish and put it in
    place) when the block succeeded, in ``discard()`` (delete the unfinished file) when it raised."""

    def discard(self) -> None:
        """Stop writing and delete the unfinished file; safe to call twice."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


S = TypeVar("S", bound="StartsOnEnter")


class StartsOnEnter(ClosesOnExit):
    """For a resource that starts when its ``with`` begins, not when it is made (a thread, a
    listener, signal handlers): ``with`` calls ``start()`` and then ``close()``, which stops it.
    Both are safe to call twice; made and never started, it holds nothing."""

    def start(self) -> None:
        """Begin (start the thread, install the handlers)."""

    def __enter__(self: S) -> S:
        self.start()
        return self
