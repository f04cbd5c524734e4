"""A preview window (OpenCV highgui) showing the output, with overlays and keys.

OpenCV windows must live on the main thread (macOS requires it), so the pipeline's output loop,
which runs on the main thread, drives this sink.
"""

from __future__ import annotations

import os
import sys

import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.controls import Action, Command, command_for_key
from zoomclone.display_probe import display_name, display_problem
from zoomclone.errors import SinkError
from zoomclone.overlay import centred_text, draw_lines
from zoomclone.segmentation.base import Frame

WINDOW_TITLE = "zoomclone"
MAX_WINDOW_WIDTH_PX = 960


def display_available() -> bool:
    """True when a window can be shown: always on Windows/macOS, with DISPLAY/WAYLAND on Linux."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


class PreviewSink(ClosesOnExit):
    """Shows each frame; collects key presses as commands; draws the overlay it is given."""

    name = "preview"

    def __init__(self) -> None:
        if not display_available():
            raise SinkError("no display for the preview window: use --output virtual or null")
        problem = display_problem()
        if problem is not None:
            raise SinkError(
                f"{display_name()} cannot show the preview window ({problem}): use --output "
                "virtual or null"
            )
        try:
            cv2.namedWindow(WINDOW_TITLE, cv2.WINDOW_NORMAL)
        except cv2.error as err:
            raise SinkError(f"cannot open the preview window: {err}") from err
        self._lines: list[str] = []
        self._toast: str | None = None
        self._pending: list[Command] = []
        self._open = True
        self._sized = False

    def set_overlay(self, lines: list[str], toast: str | None) -> None:
        self._lines, self._toast = lines, toast

    def send(self, frame: Frame) -> None:
        if not self._open:
            return
        shown = frame if not (self._lines or self._toast) else frame[..., :3].copy()
        draw_lines(shown, self._lines)
        if self._toast:
            centred_text(shown, self._toast)
        if not self._sized:  # a resizable window opens small: start it at the picture's size
            scale = min(1.0, MAX_WINDOW_WIDTH_PX / shown.shape[1])
            cv2.resizeWindow(
                WINDOW_TITLE, round(shown.shape[1] * scale), round(shown.shape[0] * scale)
            )
            self._sized = True
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
