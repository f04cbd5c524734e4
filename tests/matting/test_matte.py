from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import person_frame
from zoomclone.errors import UsageError
from zoomclone.matting.matte import (
    Matte,
    MatteConfig,
    fast_guided_filter,
    filter_region,
    guide_stats,
    guided_filter_on,
    work_size,
)


def test_alpha_is_full_resolution_uint8() -> None:
    frame = person_frame(1280, 720)
    alpha = Matte().alpha(frame, np.ones((144, 256), np.float32))
    assert alpha.shape == (720, 1280)
    assert alpha.dtype == np.uint8


@pytest.mark.parametrize(
    ("confidence", "expected"), [(0.0, 0), (0.2, 0), (0.5, 128), (0.8, 255), (1.0, 255)]
)
def test_soft_ramp_maps_confidence_to_coverage(confidence: float, expected: int) -> None:
    matte = Matte(MatteConfig(refine=False))
    alpha = matte.alpha(person_frame(64, 36), np.full((36, 64), confidence, np.float32))
    assert abs(int(alpha[18, 32]) - expected) <= 1


def test_guided_refinement_snaps_a_blurry_mask_edge_to_the_picture_edge() -> None:
    frame = np.zeros((288, 512, 3), np.uint8)
    frame[:, 256:] = 255  # the picture's edge is between x = 255 and 256
    ramp = np.clip((np.arange(512) - 236) / 40, 0, 1).astype(np.float32)
    confidence = np.tile(ramp, (288, 1))  # a blurry edge, as an upsampled low-res mask has
    plain = Matte(MatteConfig(refine=False)).alpha(frame, confidence).astype(int)
    refined = Matte().alpha(frame, confidence).astype(int)
    assert plain[144, 256] - plain[144, 255] < 20
    assert refined[144, 256] - refined[144, 255] > 80


def test_work_size_never_upscales() -> None:
    assert work_size(100, 50, 512) == (100, 50)
    assert work_size(1280, 720, 512) == (512, 288)


def test_bad_ramp_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="ramp_low < ramp_high"):
        MatteConfig(ramp_low=0.8, ramp_high=0.2)


@pytest.mark.parametrize(
    "size", [(1280, 720), (1920, 1080), (640, 480), (960, 540), (1366, 768), (800, 600)]
)
def test_alpha_into_a_buffer_resizes_only_the_person_yet_matches_a_whole_resize(
    size: tuple[int, int],
) -> None:
    rng = np.random.default_rng(7)
    matte = Matte(MatteConfig())
    frame = np.zeros((size[1], size[0], 3), np.uint8)
    width, height = matte.work_size(frame)
    for _ in range(10):
        confidence = np.zeros((height, width), np.float32)
        x0, y0 = int(rng.integers(0, width - 2)), int(rng.integers(0, height - 2))
        x1, y1 = int(rng.integers(x0 + 1, width + 1)), int(rng.integers(y0 + 1, height + 1))
        confidence[y0:y1, x0:x1] = rng.random((y1 - y0, x1 - x0), dtype=np.float32)
        whole = matte.to_frame(frame, confidence)
        buffer = np.full(frame.shape[:2], 99, np.uint8)  # last frame's alpha: must not show
        np.testing.assert_array_equal(matte.to_frame(frame, confidence, buffer), whole)


@pytest.mark.parametrize("subsample", [1, 2])
def test_guided_filter_on_the_masks_region_matches_the_whole_frame(subsample: int) -> None:
    rng = np.random.default_rng(11)
    guide = rng.integers(0, 256, (288, 512), dtype=np.uint8)
    stats = guide_stats(guide, 6, subsample)
    everywhere = (slice(None), slice(None))
    for _ in range(10):
        mask = np.zeros((288, 512), np.float32)
        x0, y0 = int(rng.integers(0, 400)), int(rng.integers(0, 200))
        mask[y0 : y0 + 80, x0 : x0 + 100] = rng.random(mask[y0 : y0 + 80, x0 : x0 + 100].shape)
        assert filter_region(mask, stats) is not None  # the region path is the one under test
        expected = guided_filter_on(stats, mask, 26.0, everywhere, everywhere)
        np.testing.assert_allclose(fast_guided_filter(stats, mask, 26.0), expected, atol=1e-5)
