"""The second runtime: the bundled selfie models run by MediaPipe's own Tasks ``ImageSegmenter``.

LiteRT (``litert.py``) is the default: the same masks at about half the cost per frame
(docs/design.md). This runtime is there for whoever wants MediaPipe itself to run the models
(``--runtime mediapipe``, or ``runtime = "mediapipe"`` in the config file); it needs the optional
``mediapipe`` extra. The legacy selfie models carry no Tasks metadata, so they are given as a
buffer and asked for their confidence masks (``output_confidence_masks``); the frame is resized to
the model's input first, as ``litert.py`` does, so the mask comes back at the model's size.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

import numpy as np

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import ModelError, ModelRuntimeError, SegmenterError
from zoomclone.frames import Frame, Mask, model_rgb
from zoomclone.models import load_model_bytes, model_info
from zoomclone.native_log import native_stderr_silenced

DISTRIBUTION = "mediapipe"
INSTALL_HINT = (
    "python -m pip install '.[mediapipe]' in the zoomclone checkout, or use --runtime litert"
)
NOT_INSTALLED = f"the mediapipe runtime is not installed: {INSTALL_HINT}"


def require_mediapipe() -> None:
    """ModelRuntimeError with the install line when mediapipe is absent (cheap: nothing is
    imported), so a command can refuse before it opens any input or output."""
    try:
        found = importlib.util.find_spec(DISTRIBUTION) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ModelRuntimeError(NOT_INSTALLED)


def _import_tasks() -> tuple[Any, Any, Any]:
    """``mediapipe``, its ``BaseOptions`` and ``vision``, or ModelRuntimeError."""
    try:
        with native_stderr_silenced():
            import mediapipe
            from mediapipe.tasks.python import BaseOptions, vision
    except ImportError as err:
        raise ModelRuntimeError(f"{NOT_INSTALLED} ({err})") from err
    return mediapipe, BaseOptions, vision


class MediaPipeSegmenter(ClosesOnExit):
    """Segments BGR frames with a bundled selfie model through MediaPipe Tasks; see ``Segmenter``
    for the contract. MediaPipe chooses its own inference threads: ``threads`` is accepted for
    the port's sake and not used."""

    def __init__(self, model: str = "landscape", *, threads: int | None = None) -> None:
        info = model_info(model)
        model_bytes = load_model_bytes(model)
        self.name = info.name
        self.input_width = info.input_width
        self.input_height = info.input_height
        self._lock = threading.Lock()
        self._warmed_up = False
        self._mp, base_options, vision = _import_tasks()
        options = vision.ImageSegmenterOptions(
            base_options=base_options(model_asset_buffer=model_bytes),
            running_mode=vision.RunningMode.IMAGE,
            output_confidence_masks=True,
            output_category_mask=False,
        )
        try:
            with native_stderr_silenced():
                self._segmenter: Any = vision.ImageSegmenter.create_from_options(options)
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"cannot load model {info.filename} in mediapipe: {err}") from err

    def segment(self, frame: Frame) -> Mask:
        rgb = model_rgb(frame, (self.input_width, self.input_height))
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
        with self._lock:
            if self._segmenter is None:
                raise SegmenterError("segmenter used after close()")
            if self._warmed_up:
                return self._run(image)
            with native_stderr_silenced():
                mask = self._run(image)
            self._warmed_up = True
            return mask

    def _run(self, image: Any) -> Mask:
        try:
            result = self._segmenter.segment(image)
            view = result.confidence_masks[0].numpy_view()
        except (RuntimeError, ValueError, IndexError) as err:
            raise SegmenterError(f"segmentation failed: {err}") from err
        mask: Mask = np.array(view, np.float32).reshape(self.input_height, self.input_width)
        return mask

    def close(self) -> None:
        with self._lock:
            segmenter, self._segmenter = self._segmenter, None
        if segmenter is not None:
            segmenter.close()
