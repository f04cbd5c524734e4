"""Text drawn over frames: the preview's stats and help, and the 'camera disconnected' picture."""

from __future__ import annotations

import cv2
import numpy as np

from zoomclone.segmentation.base import Frame

FONT = cv2.FONT_HERSHEY_SIMPLEX
LINE_PX = 22
MARGIN_PX = 12
DIM_FACTOR = 0.35
TEXT_WIDTH_SHARE = 0.9
THIN_BELOW_SCALE = 0.5  # a 2 px stroke fills the letters in below this


def draw_lines(frame: Frame, lines: list[str], *, scale: float = 0.55) -> Frame:
    """Draw lines of text, top-left, white on a dark band, into ``frame`` (modified and returned)."""
    if not lines:
        return frame
    height = MARGIN_PX + LINE_PX * len(lines)
    width = min(frame.shape[1], MARGIN_PX * 2 + max(len(line) for line in lines) * 11)
    band = frame[:height, :width]
    band[:] = (band * 0.4).astype(np.uint8)
    for i, line in enumerate(lines):
        origin = (MARGIN_PX, MARGIN_PX + LINE_PX * i + 12)
        cv2.putText(frame, line, origin, FONT, scale, (255, 255, 255), 1, cv2.LINE_AA)
    return frame


def centred_text(frame: Frame, text: str, *, scale: float = 0.8) -> Frame:
    """Draw one line of text in the middle of ``frame`` (modified and returned), shrunk to fit
    inside ``TEXT_WIDTH_SHARE`` of its width on small frames."""
    thickness = 2
    (w, h), _ = cv2.getTextSize(text, FONT, scale, thickness)
    fits = TEXT_WIDTH_SHARE * frame.shape[1] / max(w, 1)
    if fits < 1:
        scale *= fits
        thickness = 1 if scale < THIN_BELOW_SCALE else thickness
        (w, h), _ = cv2.getTextSize(text, FONT, scale, thickness)
    origin = (max(0, (frame.shape[1] - w) // 2), (frame.shape[0] + h) // 2)
    cv2.putText(frame, text, origin, FONT, scale, (255, 255, 255), thickness, cv2.LINE_AA)
    return frame


def disconnected_frame(last: Frame | None, width: int, height: int, text: str) -> Frame:
    """The last good picture dimmed (or black) with ``text``: what the call sees while the camera is away."""
    if last is None or last.shape[:2] != (height, width) or last.ndim != 3 or last.shape[2] != 3:
        frame = np.zeros((height, width, 3), np.uint8)
    else:
        frame = cv2.convertScaleAbs(last, alpha=DIM_FACTOR)
    return centred_text(frame, text)
