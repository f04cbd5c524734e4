"""Signals that end a run: Ctrl-C, ``kill`` (SIGTERM) and a closed terminal (SIGHUP) all stop it
the same way, so recordings are finalized and the control socket removed whichever comes."""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

# SIGHUP does not exist on Windows
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class StopSignals:
    """``with StopSignals() as signals:`` handles the stop signals for the whole run.

    While starting up, a stop signal raises KeyboardInterrupt (as Ctrl-C does), so whatever is
    already open is closed by the ``with`` blocks that opened it. Once ``signals.stop_with(stop)``
    names the running thing's stop, a signal calls it instead (it must only set flags: it runs in
    the main thread between two bytecodes), and keeps doing so while everything is released,
    so a second signal cannot cut a recording short. The previous handlers come back on exit.
    """

    def __init__(self) -> None:
        self._stop: Callable[[], None] | None = None
        self._previous: dict[int, Any] = {}

    def stop_with(self, stop: Callable[[], None]) -> None:
        self._stop = stop

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._stop is None:
            raise KeyboardInterrupt
        self._stop()

    def __enter__(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # `nohup zoomclone live &` asked to outlive the terminal: leave it so
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, old in self._previous.items():
            signal.signal(signum, old)
        self._previous = {}
