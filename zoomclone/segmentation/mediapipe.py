"""The real segmenter: MediaPipe Tasks ImageSegmenter running a bundled selfie model."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import ModelError, SegmenterError
from zoomclone.models import load_model_bytes, model_info
from zoomclone.segmentation.base import Frame, Mask


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null: mediapipe's native log lines ignore every log level."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _create_segmenter(model_bytes: bytes) -> Any:
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.ImageSegmenterOptions(
        base_options=BaseOptions(model_asset_buffer=model_bytes),
        running_mode=vision.RunningMode.IMAGE,
        output_confidence_masks=True,
        output_category_mask=False,
    )
    return vision.ImageSegmenter.create_from_options(options)


class MediaPipeSegmenter(ClosesOnExit):
    """Segments BGR frames with a bundled selfie model; see ``Segmenter`` for the contract."""

    def __init__(self, model: str = "landscape") -> None:
        info = model_info(model)
        model_bytes = load_model_bytes(model)
        self.name = info.name
        self.input_width = info.input_width
        self.input_height = info.input_height
        self._warmed_up = False
        try:
            with native_stderr_silenced():
                self._segmenter: Any = _create_segmenter(model_bytes)
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"cannot load model {info.filename}: {err}") from err

    def segment(self, frame: Frame) -> Mask:
        if self._segmenter is None:
            raise SegmenterError("segmenter used after close()")
        size = (self.input_width, self.input_height)
        small = frame if frame.shape[1::-1] == size else cv2.resize(frame, size)
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        if self._warmed_up:
            return self._run(rgb)
        with native_stderr_silenced():
            mask = self._run(rgb)
        self._warmed_up = True
        return mask

    def _run(self, rgb: Frame) -> Mask:
        import mediapipe as mp

        try:
            result = self._segmenter.segment(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        except (RuntimeError, ValueError) as err:
            raise SegmenterError(f"segmentation failed: {err}") from err
        view = result.confidence_masks[0].numpy_view()
        mask: Mask = np.array(view, dtype=np.float32).reshape(self.input_height, self.input_width)
        return mask

    def close(self) -> None:
        segmenter, self._segmenter = self._segmenter, None
        if segmenter is not None:
            segmenter.close()
