"""A video file or a printf-style image sequence (frames/%05d.png) through cv2.VideoCapture."""

from __future__ import annotations

from pathlib import Path

import cv2

from zoomclone.errors import SourceError, UsageError
from zoomclone.segmentation.base import Frame
from zoomclone.sources._capture import CaptureSource
from zoomclone.sources.base import SourceInfo

SEQUENCE_FPS = 30.0  # image sequences carry no frame rate
DECODER_THREADS = 1


def is_sequence_pattern(path: str) -> bool:
    """True for printf-style patterns such as frames/%05d.png."""
    return "%" in Path(path).name


def _first_sequence_index(pattern: str, search_limit: int = 1000) -> int | None:
    for index in range(search_limit + 1):
        if Path(pattern % index).is_file():
            return index
    return None


class VideoFileSource(CaptureSource):
    """Frames of a file or sequence; ``loop`` starts again at the end; ``size`` rescales frames."""

    def __init__(
        self, path: str, *, loop: bool = False, size: tuple[int, int] | None = None
    ) -> None:
        self.path = path
        self.loop = loop
        self.size = size
        self._capture: cv2.VideoCapture | None = None
        self.info = self._open()

    def _open(self) -> SourceInfo:
        capture = self._capture_for(self.path)
        ok, first = capture.read()
        if not ok or first is None:
            capture.release()
            raise SourceError(
                f"{self.path} has no readable frame: is it a video OpenCV can decode?"
            )
        capture.release()
        self._capture = self._capture_for(self.path)
        fps = float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)
        fps = fps if fps > 0 and not is_sequence_pattern(self.path) else SEQUENCE_FPS
        count = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0) or None
        height, width = first.shape[:2]
        if self.size is not None:
            width, height = self.size
        kind = "image sequence" if is_sequence_pattern(self.path) else "video"
        description = f"{kind} {self.path}: {width}x{height} at {fps:g} fps"
        return SourceInfo(
            width, height, fps, description, live=False, frame_count=None if self.loop else count
        )

    def _capture_for(self, path: str) -> cv2.VideoCapture:
        if is_sequence_pattern(path):
            try:
                path % 0
            except (TypeError, ValueError) as err:
                raise UsageError(
                    f"bad image sequence pattern {path!r}: write it like frames/%05d.png"
                ) from err
            start = _first_sequence_index(path)
            if start is None:
                raise SourceError(f"no file matches the image sequence {path}")
            capture = cv2.VideoCapture(path, cv2.CAP_IMAGES)
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
        else:
            if not Path(path).is_file():
                raise SourceError(f"input video {path} does not exist: check the path")
            # one decoder thread: the pipeline's own threads already use the cores
            capture = cv2.VideoCapture(path, cv2.CAP_ANY, [cv2.CAP_PROP_N_THREADS, DECODER_THREADS])
        if not capture.isOpened():
            raise SourceError(
                f"cannot open {path}: not a video OpenCV can decode (.mp4, .avi, .mov)"
            )
        return capture

    def read(self) -> Frame | None:
        if self._capture is None:
            raise SourceError(f"{self.path} is closed")
        ok, frame = self._capture.read()
        if not ok and self.loop:
            self._capture.release()
            self._capture = self._capture_for(self.path)
            ok, frame = self._capture.read()
            if not ok or frame is None:  # emptied or replaced by something unreadable
                raise SourceError(f"input {self.path} has no readable frame now: retrying")
        if not ok or frame is None:
            return None
        if self.size is not None and frame.shape[1::-1] != self.size:
            frame = cv2.resize(frame, self.size, interpolation=cv2.INTER_LINEAR)
        return frame
