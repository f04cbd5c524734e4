"""Keys typed in the terminal, read on a thread, so no window is needed to control zoomclone."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from zoomclone.controls import Command, command_for_text
from zoomclone.worker import Worker

POLL_S = 0.1


class TerminalKeys:
    """``with TerminalKeys(submit):`` reads keys while stdin is a terminal; restores it on exit."""

    def __init__(self, submit: Callable[[Command], object], stream: Any = None) -> None:
        self._submit = submit
        self._stream = stream if stream is not None else sys.stdin
        self._worker = Worker("zoomclone-keys", self._loop)
        self._saved: Any = None

    @property
    def active(self) -> bool:
        return self._worker.running

    def __enter__(self) -> TerminalKeys:
        if not _is_tty(self._stream):
            return self
        if os.name == "posix":
            import termios
            import tty

            fd = self._stream.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        self._worker.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._worker.stop()
        if self._saved is not None:
            import termios

            termios.tcsetattr(self._stream.fileno(), termios.TCSADRAIN, self._saved)
            self._saved = None

    def _loop(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            text = _read_key(self._stream, POLL_S)
            if text:
                command = command_for_text(text)
                if command is not None:
                    self._submit(command)


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _read_key(stream: Any, timeout_s: float) -> str:
    """One key (or an arrow's escape sequence), or '' after timeout_s."""
    if os.name == "nt":
        import msvcrt
        import time

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if msvcrt.kbhit():  # type: ignore[attr-defined]
                return str(msvcrt.getwch())  # type: ignore[attr-defined]
            time.sleep(0.01)
        return ""
    import select

    fd = stream.fileno()
    ready, _, _ = select.select([fd], [], [], timeout_s)
    if not ready:
        return ""
    text = os.read(fd, 8).decode(errors="ignore")
    return text
