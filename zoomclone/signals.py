"""SIGTERM and SIGHUP (a closed terminal) stop a command the way Ctrl-C does.

Inside ``stop_like_ctrl_c()`` those signals raise ``Stopped`` (a ``KeyboardInterrupt``) in the
main thread, so the same ``with`` blocks unwind: files are closed and unfinished outputs
discarded. ``exit_code`` is the shell's convention, 128 + the signal number (130 for Ctrl-C).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
SIGNAL_EXIT_BASE = 128


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    signum = interrupt.signum if isinstance(interrupt, Stopped) else int(signal.SIGINT)
    return SIGNAL_EXIT_BASE + signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextmanager
def stop_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stopped`` while the block runs (main thread only)."""
    previous: dict[int, Any] = {}
    for signum in STOP_SIGNALS:
        previous[signum] = signal.signal(signum, _raise_stopped)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
