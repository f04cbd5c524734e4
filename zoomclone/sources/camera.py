"""A webcam through cv2.VideoCapture: asks for MJPG at the wanted size and fps, reports what it got."""

from __future__ import annotations

import sys

import cv2

from zoomclone.errors import SourceError, UsageError
from zoomclone.frames import Frame
from zoomclone.sources._capture import CaptureSource
from zoomclone.sources.base import SourceInfo

DOCTOR_HINT = "run `zoomclone doctor` to list cameras"


def _backend() -> int:
    if sys.platform.startswith("linux"):
        return int(cv2.CAP_V4L2)
    if sys.platform == "win32":
        return int(cv2.CAP_DSHOW)
    return int(cv2.CAP_ANY)


def _fourcc_text(value: float) -> str:
    code = int(value)
    text = "".join(chr((code >> 8 * i) & 0xFF) for i in range(4))
    return text if text.isprintable() and text.strip() else "?"


MAX_CAMERA_INDEX = 9999  # OpenCV takes a C int; no machine has more cameras


def parse_camera(spec: str) -> int | str:
    """'0' -> 0 (an index); anything else is a device path such as /dev/video2."""
    if not (spec.isascii() and spec.isdigit()):
        if spec.strip().isdigit() or not spec.strip():
            raise UsageError(f"bad --camera {spec!r}: give an index such as 0 or a device path")
        return spec
    if len(spec) > len(str(MAX_CAMERA_INDEX)) or int(spec) > MAX_CAMERA_INDEX:
        raise UsageError(
            f"bad --camera {spec[:20]!r}: an index goes from 0 to {MAX_CAMERA_INDEX}; "
            "run `zoomclone doctor` to list cameras"
        )
    return int(spec)


class CameraSource(CaptureSource):
    """A webcam. ``reopen()`` releases and opens it again (after an unplug)."""

    def __init__(self, camera: int | str, width: int, height: int, fps: float) -> None:
        self.camera = camera
        self._wanted = (width, height, fps)
        self._capture: cv2.VideoCapture | None = None
        self.info = self._open()

    def _open(self) -> SourceInfo:
        capture = cv2.VideoCapture(self.camera, _backend())
        if not capture.isOpened():
            capture.release()
            raise SourceError(
                f"camera {self.camera} cannot be opened (not found or busy): {DOCTOR_HINT}"
            )
        width, height, fps = self._wanted
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        capture.set(cv2.CAP_PROP_FPS, fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        ok, frame = capture.read()
        if not ok or frame is None:
            capture.release()
            raise SourceError(
                f"camera {self.camera} opened but gives no picture (busy in another app?): {DOCTOR_HINT}"
            )
        self._capture = capture
        got_fps = capture.get(cv2.CAP_PROP_FPS) or fps
        fourcc = _fourcc_text(capture.get(cv2.CAP_PROP_FOURCC))
        real_h, real_w = frame.shape[:2]
        description = f"camera {self.camera}: {fourcc} {real_w}x{real_h} at {got_fps:g} fps"
        if (real_w, real_h) != (width, height):
            description += f" (asked for {width}x{height})"
        return SourceInfo(real_w, real_h, float(got_fps), description, live=True)

    def read(self) -> Frame | None:
        if self._capture is None:
            raise SourceError(f"camera {self.camera} is closed")
        ok, frame = self._capture.read()
        if not ok or frame is None:
            raise SourceError(f"camera {self.camera} stopped giving frames (unplugged?)")
        return frame
