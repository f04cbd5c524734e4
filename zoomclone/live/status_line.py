"""One line in the terminal that says what zoomclone is doing, rewritten in place.

``with StatusLine(pipeline.status):`` shows the background, the effect, the fps and the camera
about twice a second while stderr is a terminal (nothing otherwise: a log file gets no ``\\r``).
A warning logged meanwhile clears the line first, so it is not glued to the status. On exit the
line is cleared; ``summary_line`` is the line printed after every run.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from zoomclone.closing import StartsOnEnter
from zoomclone.worker import Worker

REFRESH_S = 0.5
CLEAR_TO_END = "\x1b[K"


def status_text(status: dict[str, Any]) -> str:
    """``zoomclone: bokeh-blue.jpg | effect on | 29.8 fps | camera ok``."""
    effect = "on" if status.get("effect") else "off"
    return (
        f"zoomclone: {status.get('background', '?')} | effect {effect} | "
        f"{float(status.get('fps', 0.0)):.1f} fps | camera {status.get('camera', '?')}"
    )


def summary_line(summary: dict[str, Any]) -> str:
    """The line after a run: frames, seconds, fps and the input frames skipped (behind the output)."""
    skipped = summary["dropped_frames"]
    return (
        f"zoomclone: sent {summary['frames']} frames in {summary['duration_s']:.1f} s "
        f"({summary['fps']:.1f} fps), {skipped} input frame{'' if skipped == 1 else 's'} skipped"
    )


class _ClearFirst(logging.StreamHandler):  # type: ignore[type-arg]
    """Prints a warning on its own line: clears the status line, then writes the message."""

    def __init__(self, stream: TextIO, lock: threading.Lock) -> None:
        super().__init__(stream)
        self._line_lock = lock

    def emit(self, record: logging.LogRecord) -> None:
        with self._line_lock:
            self.stream.write("\r" + CLEAR_TO_END)
            super().emit(record)


class StatusLine(StartsOnEnter):
    """The status line for as long as the ``with`` lasts; safe when stderr is not a terminal."""

    def __init__(self, status: Callable[[], dict[str, Any]], stream: TextIO | None = None) -> None:
        self._status = status
        self._stream = stream if stream is not None else sys.stderr
        self._lock = threading.Lock()
        self._worker = Worker("zoomclone-status", self._loop)
        self._handler: logging.Handler | None = None
        self._set_aside: list[logging.Handler] = []

    @property
    def active(self) -> bool:
        return self._worker.running

    def start(self) -> None:
        if not self._worker.running and _is_tty(self._stream):
            logger = logging.getLogger("zoomclone")
            # the terminal's own handler steps aside while the line is shown, so a warning is
            # printed once, on a cleared line, in the same format
            self._set_aside = [h for h in logger.handlers if _writes_to(h, self._stream)]
            self._handler = _ClearFirst(self._stream, self._lock)
            self._handler.setLevel(logging.WARNING)
            if self._set_aside and self._set_aside[0].formatter is not None:
                self._handler.setFormatter(self._set_aside[0].formatter)
            for handler in self._set_aside:
                logger.removeHandler(handler)
            logger.addHandler(self._handler)
            self._worker.start()

    def close(self) -> None:
        if not self._worker.running:
            return
        self._worker.stop()
        logger = logging.getLogger("zoomclone")
        if self._handler is not None:
            logger.removeHandler(self._handler)
            self._handler = None
        for handler in self._set_aside:
            logger.addHandler(handler)
        self._set_aside = []
        self._write("\r" + CLEAR_TO_END)

    def _loop(self, stopping: threading.Event) -> None:
        while not stopping.wait(REFRESH_S):
            width = shutil.get_terminal_size().columns - 1  # a wrapped line is not rewritten
            self._write("\r" + status_text(self._status())[:width] + CLEAR_TO_END)

    def _write(self, text: str) -> None:
        with self._lock, contextlib.suppress(OSError, ValueError):  # a closed terminal: SIGHUP
            self._stream.write(text)
            self._stream.flush()


def _writes_to(handler: logging.Handler, stream: TextIO) -> bool:
    return isinstance(handler, logging.StreamHandler) and handler.stream is stream


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
