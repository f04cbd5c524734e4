"""Keys typed in the terminal, read on a thread, so no window is needed to control zoomclone.

The terminal is touched only while zoomclone is its foreground job: a job started with ``&`` (or
sent to the background after Ctrl-Z) that changed the terminal's mode or read from it would be
stopped by the kernel (SIGTTOU / SIGTTIN). The state is polled, so after Ctrl-Z and ``fg`` (when
the shell has put its own mode back) the keys are set up again.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from zoomclone.closing import StartsOnEnter
from zoomclone.control.commands import Command, command_for_text
from zoomclone.worker import Worker

POLL_S = 0.1


class TerminalKeys(StartsOnEnter):
    """``with TerminalKeys(submit):`` reads keys while stdin is a terminal; restores it on exit."""

    def __init__(self, submit: Callable[[Command], object], stream: Any = None) -> None:
        self._submit = submit
        self._stream = stream if stream is not None else sys.stdin
        self._worker = Worker("zoomclone-keys", self._loop)
        self._saved: Any = None

    @property
    def active(self) -> bool:
        return self._worker.running

    def start(self) -> None:
        if not self._worker.running and _is_tty(self._stream):
            fd = self._stream.fileno()
            if _in_foreground(fd):
                self._key_mode(fd)  # now, so keys typed from the start are read
            self._worker.start()

    def close(self) -> None:
        self._worker.stop()
        saved, self._saved = self._saved, None
        fd = self._stream.fileno() if saved is not None else -1
        if saved is not None and _in_foreground(fd):
            import termios

            with contextlib.suppress(termios.error, OSError):  # the terminal may be gone
                termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def _loop(self, stopping: threading.Event) -> None:
        fd = self._stream.fileno()
        while not stopping.is_set():
            if not _in_foreground(fd):
                stopping.wait(POLL_S)
                continue
            try:
                self._key_mode(fd)
                text = _read_key(self._stream, POLL_S)
            except OSError:
                return  # the terminal was closed (EIO): SIGHUP stops the run
            command = command_for_text(text) if text else None
            if command is not None:
                self._submit(command)

    def _key_mode(self, fd: int) -> None:
        """One key at a time, not echoed; set again when the shell put its own mode back."""
        if os.name != "posix":
            return
        import termios
        import tty

        attributes = termios.tcgetattr(fd)
        if attributes[3] & (termios.ICANON | termios.ECHO):
            if self._saved is None:
                self._saved = attributes
            tty.setcbreak(fd, termios.TCSANOW)  # keep keys typed just before


def _in_foreground(fd: int) -> bool:
    """True when this process's group owns the terminal, or it is not our controlling terminal
    (then there is no job control on it, and nothing stops us for touching it)."""
    if os.name != "posix":
        return True
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return True


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
    data = os.read(fd, 8)
    if not data:
        raise OSError("the terminal was closed")
    return data.decode(errors="ignore")
