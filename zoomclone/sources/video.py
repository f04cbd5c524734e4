"""A video file or a printf-style image sequence (frames/%05d.png) through cv2.VideoCapture."""

from __future__ import annotations

from pathlib import Path

import cv2

from zoomclone.errors import SourceError
from zoomclone.frames import Frame
from zoomclone.paths import cv2_name, regular_file, shown
from zoomclone.sources._capture import CaptureSource
from zoomclone.sources.base import SourceInfo
from zoomclone.sources.sequence import SequenceReader

SEQUENCE_FPS = 30.0  # image sequences carry no frame rate
DECODER_THREADS = 1


def is_sequence_pattern(path: str) -> bool:
    """True for printf-style patterns such as frames/%05d.png."""
    return "%" in Path(path).name


class VideoFileSource(CaptureSource):
    """Frames of a file or sequence; ``loop`` starts again at the end; ``size`` rescales frames:
    ``fit`` "cover" (scale and crop the centre, the default), "contain" (black bars) or
    "stretch" (to exactly ``size``, whatever the aspect)."""

    def __init__(
        self,
        path: str,
        *,
        loop: bool = False,
        size: tuple[int, int] | None = None,
        fit: str = "cover",
    ) -> None:
        self.path = path
        self.loop = loop
        self.size = size
        self.fit = fit
        self._capture: cv2.VideoCapture | None = None
        self._sequence: SequenceReader | None = None
        self.info = self._open()

    def _open(self) -> SourceInfo:
        if is_sequence_pattern(self.path):
            return self._open_sequence()
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
        fps = fps if fps > 0 else SEQUENCE_FPS
        count = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0) or None
        return self._info(first, fps, count, "video")

    def _open_sequence(self) -> SourceInfo:
        sequence = SequenceReader(self.path)
        first = sequence.read()
        if first is None:
            raise SourceError(f"no file matches the image sequence {shown(self.path)}")
        sequence.rewind()
        self._sequence = sequence
        return self._info(first, SEQUENCE_FPS, sequence.frame_count(), "image sequence")

    def _info(self, first: Frame, fps: float, count: int | None, kind: str) -> SourceInfo:
        height, width = first.shape[:2]
        if self.size is not None:
            width, height = self.size
        description = f"{kind} {shown(self.path)}: {width}x{height} at {fps:g} fps"
        return SourceInfo(
            width, height, fps, description, live=False, frame_count=None if self.loop else count
        )

    def _capture_for(self, path: str) -> cv2.VideoCapture:
        name = cv2_name(path, "input video")
        if not Path(path).exists():
            raise SourceError(f"input video {shown(path)} does not exist: check the path")
        regular_file(Path(path), "input video")
        # one decoder thread: the pipeline's own threads already use the cores
        capture = cv2.VideoCapture(name, cv2.CAP_ANY, [cv2.CAP_PROP_N_THREADS, DECODER_THREADS])
        if not capture.isOpened():
            raise SourceError(
                f"cannot open {path}: not a video OpenCV can decode (.mp4, .avi, .mov)"
            )
        return capture

    def _read_next(self) -> Frame | None:
        if self._sequence is not None:
            return self._sequence.read()
        if self._capture is None:
            raise SourceError(f"{self.path} is closed")
        ok, frame = self._capture.read()
        return frame if ok else None

    def _restart(self) -> None:
        if self._sequence is not None:
            self._sequence.rewind()
        elif self._capture is not None:
            self._capture.release()
            self._capture = self._capture_for(self.path)

    def read(self) -> Frame | None:
        if self._capture is None and self._sequence is None:
            raise SourceError(f"{self.path} is closed")
        frame = self._read_next()
        if frame is None and self.loop:
            self._restart()
            frame = self._read_next()
            if frame is None:  # emptied or replaced by something unreadable
                raise SourceError(f"input {shown(self.path)} has no readable frame now: retrying")
        if frame is None:
            return None
        if self.size is not None and frame.shape[1::-1] != self.size:
            if self.fit == "stretch":
                return cv2.resize(frame, self.size, interpolation=cv2.INTER_LINEAR)
            from zoomclone.frames import fit_image

            return fit_image(frame, self.size, self.fit)
        return frame

    def close(self) -> None:
        self._sequence = None
        super().close()
