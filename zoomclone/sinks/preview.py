"""A preview window (OpenCV highgui) showing the output, with overlays and keys.

OpenCV windows must live on the main thread (macOS requires it), so the pipeline's output loop,
which runs on the main thread, drives this sink.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.control.commands import Action, Command, command_for_key
from zoomclone.display_probe import display_name, display_problem
from zoomclone.errors import SinkError
from zoomclone.frames import Frame
from zoomclone.live.overlay_text import LINE_PX, MARGIN_PX, banner_text, draw_lines

WINDOW_TITLE = "zoomclone"
MAX_WINDOW_WIDTH_PX = 1920  # a bigger picture is shown scaled down, so the window fits a screen
HINT = "press ? for help"
HINT_S = 5.0
# no toolbar (Qt builds), and the window at the picture's size rather than a resizable one that
# letterboxes it; a build without these flags gets a plain resizable window
WINDOW_FLAGS = cv2.WINDOW_AUTOSIZE | getattr(cv2, "WINDOW_GUI_NORMAL", 0)


def decorate(frame: Frame, lines: list[str], toast: str | None, hint: bool) -> Frame:
    """The picture as the preview shows it: stats/help top-left, the background's name at the
    top (below the lines), the help hint at the bottom. ``frame`` is never modified."""
    if not (lines or toast or hint):
        return frame
    shown = frame[..., :3].copy()
    draw_lines(shown, lines)
    top = MARGIN_PX + (LINE_PX * len(lines) + MARGIN_PX if lines else 0)
    if toast:
        banner_text(shown, toast, top_px=top)
    if hint:
        banner_text(shown, HINT, top_px=max(0, shown.shape[0] - 3 * LINE_PX), scale=0.6)
    return shown


def display_available() -> bool:
    """True when a window can be shown: always on Windows/macOS, with DISPLAY/WAYLAND on Linux."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


class PreviewSink(ClosesOnExit):
    """Shows each frame; collects key presses as commands; draws the overlay it is given."""

    name = "preview"

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        if not display_available():
            raise SinkError("no display for the preview window: use --output virtual or null")
        problem = display_problem()
        if problem is not None:
            raise SinkError(
                f"{display_name()} cannot show the preview window ({problem}): use --output "
                "virtual or null"
            )
        try:
            cv2.namedWindow(WINDOW_TITLE, WINDOW_FLAGS)
        except cv2.error:
            try:
                cv2.namedWindow(WINDOW_TITLE, cv2.WINDOW_NORMAL)
            except cv2.error as err:
                raise SinkError(f"cannot open the preview window: {err}") from err
        self._lines: list[str] = []
        self._toast: str | None = None
        self._pending: list[Command] = []
        self._open = True
        self._clock = clock
        self._hint_until: float | None = None

    def set_overlay(self, lines: list[str], toast: str | None) -> None:
        self._lines, self._toast = lines, toast

    def send(self, frame: Frame) -> None:
        if not self._open:
            return
        now = self._clock()
        if self._hint_until is None:
            self._hint_until = now + HINT_S
        shown = decorate(frame, self._lines, self._toast, now < self._hint_until)
        if shown.shape[1] > MAX_WINDOW_WIDTH_PX:
            scale = MAX_WINDOW_WIDTH_PX / shown.shape[1]
            size = (MAX_WINDOW_WIDTH_PX, round(shown.shape[0] * scale))
            shown = cv2.resize(shown, size, interpolation=cv2.INTER_AREA)
        cv2.imshow(WINDOW_TITLE, shown)
        command = command_for_key(cv2.waitKeyEx(1))
        if command is not None:
            self._pending.append(command)
        if cv2.getWindowProperty(WINDOW_TITLE, cv2.WND_PROP_VISIBLE) < 1:
            self._pending.append(Command(Action.QUIT))

    def poll_commands(self) -> list[Command]:
        pending, self._pending = self._pending, []
        return pending

    def close(self) -> None:
        if self._open:
            self._open = False
            cv2.destroyWindow(WINDOW_TITLE)
            cv2.waitKey(1)
