"""A value computed at most once, by whichever thread asks for it first."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")
_UNSET = object()


class Once(Generic[T]):
    """``Once(compute).get()``: the first caller computes the value, a caller that arrives meanwhile
    waits for it, later callers get it at once. If ``compute`` raises, the next caller tries again.

    The live pipeline uses it to let the output thread, idle while the model runs, do the part of a
    frame's refinement that needs no mask; the segmenter thread takes it when it gets there, or
    computes it itself if nobody started."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute: Callable[[], T] | None = compute
        self._lock = threading.Lock()
        self._value: object = _UNSET

    def get(self) -> T:
        with self._lock:
            if self._compute is not None:
                self._value = self._compute()
                self._compute = None  # the frame it holds can go
            return cast(T, self._value)

    @property
    def done(self) -> bool:
        """Whether the value has been computed."""
        return self._compute is None
