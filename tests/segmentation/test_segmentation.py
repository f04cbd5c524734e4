from __future__ import annotations

import sys

import cv2
import numpy as np
import pytest

from tests.conftest import SHARED_DATA, person_frame
from zoomclone.errors import ModelRuntimeError, SegmenterError
from zoomclone.frames import Frame, Mask
from zoomclone.models import load_model_bytes, model_info
from zoomclone.native_log import native_stderr_silenced
from zoomclone.segmentation import FakeSegmenter, open_segmenter


@pytest.mark.parametrize(("model", "size"), [("landscape", (144, 256)), ("general", (256, 256))])
def test_mask_has_model_size_and_unit_range(model: str, size: tuple[int, int]) -> None:
    with open_segmenter(model) as segmenter:
        mask = segmenter.segment(person_frame(640, 480))
    assert mask.shape == size
    assert mask.dtype == np.float32
    assert 0.0 <= float(mask.min()) <= float(mask.max()) <= 1.0


def test_segmenter_is_silent_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with open_segmenter("landscape") as segmenter:
        segmenter.segment(person_frame())
        segmenter.segment(person_frame())
    assert capfd.readouterr().err == ""


def test_close_twice_is_safe_and_segment_after_close_raises() -> None:
    segmenter = open_segmenter("landscape")
    segmenter.close()
    segmenter.close()
    with pytest.raises(SegmenterError, match="after close"):
        segmenter.segment(person_frame())


def test_fake_segmenter_counts_calls_and_can_fail() -> None:
    fake = FakeSegmenter(fail_on=lambda call: call == 2)
    fake.segment(person_frame())
    with pytest.raises(SegmenterError):
        fake.segment(person_frame())
    assert fake.calls == 2


def _portraits(count: int) -> list[Frame]:
    """A few real photos from the evaluation data, when it is present."""
    folder = SHARED_DATA / "portraits" / "images"
    paths = sorted(folder.glob("*.jpg"))[:count] if folder.is_dir() else []
    return [frame for frame in (cv2.imread(str(path)) for path in paths) if frame is not None]


def _mediapipe_mask(model: str, frame: Frame) -> Mask:
    """MediaPipe's own ImageSegmenter on the same model: the reference our runtime must match."""
    mp = pytest.importorskip("mediapipe")
    from mediapipe.tasks.python import BaseOptions, vision

    info = model_info(model)
    options = vision.ImageSegmenterOptions(
        base_options=BaseOptions(model_asset_buffer=load_model_bytes(model)),
        output_confidence_masks=True,
        output_category_mask=False,
    )
    small = cv2.resize(frame, (info.input_width, info.input_height))
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    with native_stderr_silenced(), vision.ImageSegmenter.create_from_options(options) as reference:
        result = reference.segment(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        view = result.confidence_masks[0].numpy_view()
        return np.array(view, np.float32).reshape(info.input_height, info.input_width)


@pytest.mark.parametrize("model", ["landscape", "general"])
def test_masks_match_mediapipes_own_segmenter(model: str) -> None:
    """The same model through MediaPipe's ImageSegmenter gives the same confidences."""
    frames = _portraits(3) or [person_frame(640, 480)]
    with open_segmenter(model) as segmenter:
        for frame in frames:
            ours = segmenter.segment(frame)
            reference = _mediapipe_mask(model, frame)
            assert float(np.abs(ours - reference).max()) < 1e-3


def test_a_missing_runtime_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ai_edge_litert.interpreter", None)
    with pytest.raises(ModelRuntimeError, match="pip install 'ai-edge-litert"):
        open_segmenter("landscape")
