"""Signals that end a run: Ctrl-C, ``kill`` (SIGTERM) and a closed terminal (SIGHUP) all stop it
the same way, so recordings are finalized, unfinished outputs discarded and the control socket
removed whichever comes. ``exit_code`` is the shell's convention, 128 + the signal number."""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from zoomclone.closing import StartsOnEnter

# SIGHUP does not exist on Windows
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
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


class StopSignals(StartsOnEnter):
    """``with StopSignals() as signals:`` handles the stop signals for the whole run.

    By default a stop signal raises ``Stopped`` (a KeyboardInterrupt, as Ctrl-C does) in the main
    thread, so whatever is already open is closed by the ``with`` blocks that opened it. Once
    ``signals.stop_with(stop)`` names the running thing's stop, a signal calls it instead (it must
    only set flags: it runs in the main thread between two bytecodes), and keeps doing so while
    everything is released, so a second signal cannot cut a recording short. A signal that was
    ignored when the run started (``nohup``) stays ignored. The previous handlers come back on exit.
    """

    def __init__(self) -> None:
        self.received: int | None = None  # the last stop signal, for a loop that checks it
        self._stop: Callable[[], None] | None = None
        self._previous: dict[int, Any] = {}
        self._started = False

    def stop_with(self, stop: Callable[[], None]) -> None:
        self._stop = stop

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if self._stop is None:
            raise Stopped(signum)
        self._stop()

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        for signum in STOP_SIGNALS:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # `nohup zoomclone ... &` asked to outlive the terminal: leave it so
            self._previous[signum] = signal.signal(signum, self._handle)

    def defer(self) -> None:
        """From now on a signal is only noted: the loop acts on it with ``raise_if_received``."""
        self.stop_with(_note_only)

    def raise_if_received(self) -> None:
        """Raise ``Stopped`` for a signal that arrived since ``stop_with``: a loop calls this at
        the points where stopping leaves nothing half done (between two frames)."""
        if self.received is not None:
            raise Stopped(self.received)

    def close(self) -> None:
        for signum, old in self._previous.items():
            signal.signal(signum, old)
        self._previous = {}
        self._started = False


def _note_only() -> None:
    """The stop of a run that checks ``StopSignals.received`` itself: nothing to do here."""
