"""A one-slot mailbox: keeps only the newest item, numbered, so readers never queue up latency."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Letter(Generic[T]):
    """An item and its sequence number (1, 2, 3, ... in the order they were posted)."""

    seq: int
    item: T


class Mailbox(Generic[T]):
    """Writers replace the item; readers wait for one newer than what they saw. Thread-safe.

    Several readers may read the same letter (the segmenter and the compositor both read each
    frame). ``close()`` wakes every waiting reader; reads after it return None.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._letter: Letter[T] | None = None
        self._seq = 0
        self._closed = False

    def post(self, item: T) -> int:
        """Replace the item; return its sequence number."""
        with self._cond:
            self._seq += 1
            self._letter = Letter(self._seq, item)
            self._cond.notify_all()
            return self._seq

    def newest(self) -> Letter[T] | None:
        """The current letter, without waiting."""
        with self._cond:
            return self._letter

    def wait_newer(self, seen: int, timeout_s: float) -> Letter[T] | None:
        """The newest letter with seq > seen, waiting up to timeout_s; None on timeout, or when
        closed with nothing newer (a letter posted before close is still delivered)."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._closed or (self._letter is not None and self._letter.seq > seen),
                timeout_s,
            )
            if self._letter is None or self._letter.seq <= seen:
                return None
            return self._letter

    def wait_until(self, accept: Callable[[T], bool], timeout_s: float) -> Letter[T] | None:
        """The newest letter once ``accept(item)`` holds, waiting up to timeout_s; else the newest."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._closed or (self._letter is not None and accept(self._letter.item)),
                timeout_s,
            )
            return self._letter

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed
