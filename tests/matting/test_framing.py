from __future__ import annotations

import cv2
import numpy as np
import pytest

from zoomclone.errors import UsageError
from zoomclone.matting.engine import MatteEngine
from zoomclone.matting.framing import Box, CropTracker, FramingConfig, segment_framed
from zoomclone.segmentation import FakeSegmenter

WORK = (512, 288)


def far_person_frame(x: int = 1000, width: int = 1280, height: int = 720) -> np.ndarray:
    """A small bright figure (head and body) far from the camera, on a dark room."""
    frame = np.full((height, width, 3), 40, np.uint8)
    cv2.circle(frame, (x, 420), 7, (230, 230, 230), -1)
    cv2.rectangle(frame, (x - 8, 428), (x + 8, 490), (230, 230, 230), -1)
    cv2.rectangle(frame, (x - 13, 430), (x - 11, 470), (230, 230, 230), -1)  # a thin arm
    return frame


def truth_at_work(frame: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(cv2.resize(frame, WORK, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    return grey > 127


def iou(confidence: np.ndarray, truth: np.ndarray) -> float:
    pred = confidence >= 0.5
    return np.count_nonzero(pred & truth) / np.count_nonzero(pred | truth)


def test_a_small_far_person_gets_the_crop_pass_and_a_better_mask() -> None:
    frame = far_person_frame()
    cropped_segmenter, whole_segmenter = FakeSegmenter(), FakeSegmenter()
    cropped = segment_framed(cropped_segmenter, frame, FramingConfig(), WORK)
    whole = segment_framed(whole_segmenter, frame, FramingConfig(crop_pass=False), WORK)
    assert cropped_segmenter.calls == 2 and whole_segmenter.calls == 1
    truth = truth_at_work(frame)
    assert iou(cropped, truth) > iou(whole, truth) + 0.1


def test_a_person_filling_the_frame_gets_one_pass() -> None:
    frame = np.full((720, 1280, 3), 230, np.uint8)
    segmenter = FakeSegmenter()
    segment_framed(segmenter, frame, FramingConfig(), WORK)
    assert segmenter.calls == 1


def test_flip_average_runs_the_mirror_image_too() -> None:
    segmenter = FakeSegmenter()
    segment_framed(segmenter, far_person_frame(), FramingConfig(flip_average=True), WORK)
    assert segmenter.calls == 4


def test_a_stream_segments_only_the_tracked_crop_after_the_first_frame() -> None:
    segmenter = FakeSegmenter()
    tracker = CropTracker(FramingConfig(full_pass_interval_frames=10))
    tracker.confidence(segmenter, far_person_frame(1000), WORK)
    assert segmenter.calls == 2
    for step in range(1, 9):
        tracker.confidence(segmenter, far_person_frame(1000 - 4 * step), WORK)
    assert segmenter.calls == 2 + 8


def test_the_tracked_crop_follows_a_walking_person() -> None:
    segmenter = FakeSegmenter()
    tracker = CropTracker(FramingConfig(full_pass_interval_frames=1000))
    truth_ious = []
    for x in range(1000, 300, -12):
        frame = far_person_frame(x)
        truth_ious.append(iou(tracker.confidence(segmenter, frame, WORK), truth_at_work(frame)))
    assert min(truth_ious) > 0.7


def test_a_lost_person_brings_back_the_whole_frame_pass() -> None:
    segmenter = FakeSegmenter()
    tracker = CropTracker(FramingConfig())
    tracker.confidence(segmenter, far_person_frame(), WORK)
    tracker.confidence(segmenter, np.full((720, 1280, 3), 40, np.uint8), WORK)  # left the room
    assert tracker.box is None
    calls = segmenter.calls
    tracker.confidence(segmenter, far_person_frame(), WORK)
    assert segmenter.calls == calls + 2


def test_the_crop_stays_put_while_the_person_fits_in_it() -> None:
    segmenter = FakeSegmenter()
    tracker = CropTracker(FramingConfig())
    tracker.confidence(segmenter, far_person_frame(1000), WORK)
    first = tracker.box
    tracker.confidence(segmenter, far_person_frame(1002), WORK)
    assert tracker.box == first


def test_stills_are_not_affected_by_an_earlier_photo() -> None:
    segmenter = FakeSegmenter()
    engine = MatteEngine.for_stills(segmenter)
    photo = far_person_frame(400)
    for other in (far_person_frame(1000), far_person_frame(200)):
        engine.reset()
        engine.alpha(other, engine.confidence(other))
    engine.reset()
    after = engine.alpha(photo, engine.confidence(photo))
    fresh = MatteEngine.for_stills(FakeSegmenter())
    assert np.array_equal(after, fresh.alpha(photo, fresh.confidence(photo)))


def test_box_scaling_covers_the_scaled_area() -> None:
    assert Box(1, 2, 3, 4).scaled(2.5, 2.5) == Box(2, 5, 8, 10)


def test_bad_margin_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="crop_margin"):
        FramingConfig(crop_margin=-1)
