"""The real segmenter: a bundled MediaPipe selfie model run by LiteRT (the TensorFlow Lite runtime).

MediaPipe's own ImageSegmenter runs these models on the same runtime, behind a calculator graph
that hands each frame between several threads; called once a frame, as a live call does, that
graph cost more than the model itself (docs/design.md). This module feeds the model directly, with
the preprocessing MediaPipe applies to these models (RGB scaled to [0, 1]): the masks are the same
to within 1e-5 (tests/segmentation/test_segmentation.py compares them when mediapipe is installed).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from zoomclone.closing import ClosesOnExit
from zoomclone.errors import ModelError, ModelRuntimeError, SegmenterError
from zoomclone.frames import Frame, Mask, model_rgb
from zoomclone.models import load_model_bytes, model_info
from zoomclone.native_log import native_stderr_silenced

# Two inference threads: on a 2-core machine the model's latency drops (p50 3.7 -> 2.8 ms, p95
# 9.7 -> 4.4 ms once a frame, docs/performance.md) and more threads do not help a model this small.
MAX_THREADS = 2
PIXEL_SCALE = np.float32(1.0 / 255.0)


def default_threads() -> int:
    """The inference threads to use: two, or one on a single-core machine."""
    return max(1, min(MAX_THREADS, os.cpu_count() or 1))


RUNTIME_FIX = "pip install 'ai-edge-litert>=1.0' (or reinstall zoomclone)"


def _create_interpreter(model_bytes: bytes, threads: int) -> Any:
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as err:
        raise ModelRuntimeError(
            f"the model runtime LiteRT cannot be imported ({err}): {RUNTIME_FIX}"
        ) from err

    interpreter = Interpreter(model_content=model_bytes, num_threads=threads)
    interpreter.allocate_tensors()
    return interpreter


class LiteRTSegmenter(ClosesOnExit):
    """Segments BGR frames with a bundled selfie model; see ``Segmenter`` for the contract."""

    def __init__(self, model: str = "landscape", *, threads: int | None = None) -> None:
        info = model_info(model)
        model_bytes = load_model_bytes(model)
        self.name = info.name
        self.input_width = info.input_width
        self.input_height = info.input_height
        self._lock = threading.Lock()
        self._warmed_up = False
        try:
            with native_stderr_silenced():
                self._interpreter: Any = _create_interpreter(
                    model_bytes, threads or default_threads()
                )
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"cannot load model {info.filename}: {err}") from err
        inputs = self._interpreter.get_input_details()
        outputs = self._interpreter.get_output_details()
        expected = (1, info.input_height, info.input_width, 3)
        if len(inputs) != 1 or tuple(inputs[0]["shape"]) != expected or len(outputs) != 1:
            raise ModelError(
                f"model {info.filename} does not take one {expected} input: reinstall zoomclone"
            )
        self._input_index = int(inputs[0]["index"])
        self._output_index = int(outputs[0]["index"])
        self._input = np.empty(expected, np.float32)

    def segment(self, frame: Frame) -> Mask:
        rgb = model_rgb(frame, (self.input_width, self.input_height))
        with self._lock:
            if self._interpreter is None:
                raise SegmenterError("segmenter used after close()")
            np.multiply(rgb, PIXEL_SCALE, out=self._input[0])
            if self._warmed_up:
                return self._run()
            with native_stderr_silenced():
                mask = self._run()
            self._warmed_up = True
            return mask

    def _run(self) -> Mask:
        try:
            self._interpreter.set_tensor(self._input_index, self._input)
            self._interpreter.invoke()
            output = self._interpreter.get_tensor(self._output_index)
        except (RuntimeError, ValueError) as err:
            raise SegmenterError(f"segmentation failed: {err}") from err
        mask: Mask = output.reshape(self.input_height, self.input_width).astype(
            np.float32, copy=False
        )
        return mask

    def close(self) -> None:
        with self._lock:
            self._interpreter = None
