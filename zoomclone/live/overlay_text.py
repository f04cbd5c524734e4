"""Text drawn over frames: the preview's stats and help, and the 'camera disconnected' picture."""

from __future__ import annotations

import cv2
import numpy as np

from zoomclone.frames import Frame

FONT = cv2.FONT_HERSHEY_SIMPLEX
LINE_PX = 22
MARGIN_PX = 12
DIM_FACTOR = 0.35
TEXT_WIDTH_SHARE = 0.9
THIN_BELOW_SCALE = 0.5  # a 2 px stroke fills the letters in below this


def _text_width(text: str, scale: float) -> int:
    return int(cv2.getTextSize(text, FONT, scale, 1)[0][0])


def line_layout(lines: list[str], scale: float = 0.55) -> list[list[tuple[str, int]]]:
    """Each line's pieces and their x: a ``key\tmeaning`` line is two columns, the keys
    right-aligned and the meanings left-aligned at one x (the font is proportional: padding
    with spaces does not line them up)."""
    keys = [line.split("\t", 1)[0] for line in lines if "\t" in line]
    key_right = MARGIN_PX + max((_text_width(k, scale) for k in keys), default=0)
    laid: list[list[tuple[str, int]]] = []
    for line in lines:
        key, tab, meaning = line.partition("\t")
        if not tab:
            laid.append([(line, MARGIN_PX)])
        else:
            gap = _text_width("  ", scale)
            laid.append([(key, key_right - _text_width(key, scale)), (meaning, key_right + gap)])
    return laid


def draw_lines(frame: Frame, lines: list[str], *, scale: float = 0.55) -> Frame:
    """Draw lines of text, top-left, white on a dark band, into ``frame`` (modified and returned)."""
    if not lines:
        return frame
    laid = line_layout(lines, scale)
    height = MARGIN_PX + LINE_PX * len(lines)
    right = max(x + _text_width(text, scale) for pieces in laid for text, x in pieces)
    band = frame[:height, : min(frame.shape[1], right + MARGIN_PX)]
    band[:] = (band * 0.4).astype(np.uint8)
    for i, pieces in enumerate(laid):
        for text, x in pieces:
            origin = (x, MARGIN_PX + LINE_PX * i + 12)
            cv2.putText(frame, text, origin, FONT, scale, (255, 255, 255), 1, cv2.LINE_AA)
    return frame


def banner_text(frame: Frame, text: str, *, top_px: int, scale: float = 0.8) -> Frame:
    """One line, centred left-right, its top at ``top_px``, on a dark band (modified, returned):
    the background's name at the top, where it does not cover the person."""
    (w, h), base = cv2.getTextSize(text, FONT, scale, 2)
    x = max(0, (frame.shape[1] - w) // 2)
    band = frame[top_px : top_px + h + base + MARGIN_PX, max(0, x - MARGIN_PX) : x + w + MARGIN_PX]
    band[:] = (band * 0.4).astype(np.uint8)
    origin = (x, top_px + h + MARGIN_PX // 2)
    cv2.putText(frame, text, origin, FONT, scale, (255, 255, 255), 2, cv2.LINE_AA)
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
