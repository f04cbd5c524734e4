"""What the camera and the video-file sources share: a cv2.VideoCapture that can be reopened."""

from __future__ import annotations

import cv2

from zoomclone.closing import ClosesOnExit
from zoomclone.sources.base import SourceInfo


class CaptureSource(ClosesOnExit):
    """Holds ``_capture``; subclasses open it in ``_open()``, which returns what it delivers."""

    _capture: cv2.VideoCapture | None = None
    info: SourceInfo

    def _open(self) -> SourceInfo:
        raise NotImplementedError

    def reopen(self) -> None:
        """Release the capture and open it again (after an unplug, or to start a file over)."""
        self.close()
        self.info = self._open()

    def close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()
