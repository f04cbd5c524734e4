from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import person_frame
from zoomclone.errors import SegmenterError
from zoomclone.segmentation import FakeSegmenter, open_segmenter


@pytest.mark.parametrize(("model", "size"), [("landscape", (144, 256)), ("general", (256, 256))])
def test_mediapipe_mask_has_model_size_and_unit_range(model: str, size: tuple[int, int]) -> None:
    with open_segmenter(model) as segmenter:
        mask = segmenter.segment(person_frame(640, 480))
    assert mask.shape == size
    assert mask.dtype == np.float32
    assert 0.0 <= float(mask.min()) <= float(mask.max()) <= 1.0


def test_mediapipe_is_silent_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
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
