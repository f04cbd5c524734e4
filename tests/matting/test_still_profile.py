"""The stills profile (``MatteEngine.for_stills``): what it removes, and how it scores on a photo."""

from __future__ import annotations

import cv2
import numpy as np

from benchmarks.metrics import as_unit, boundary_f, iou, load_truth
from tests.conftest import shared_data
from zoomclone.frames import Frame, Mask
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import open_segmenter
from zoomclone.segmentation.fake import FakeSegmenter

PERSON_GREY, PATCH_GREY = 220, 150
WEAK_CONFIDENCE = 0.45  # below 0.5 but above the stills' half-alpha cut (0.35)


def grey_levels_mask(frame: Frame, width: int, height: int) -> Mask:
    """Person = bright pixels (confidence 1); mid-grey pixels are a weak false patch."""
    small = cv2.resize(frame, (width, height), interpolation=cv2.INTER_NEAREST)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    mask = np.where(grey > 200, 1.0, 0.0).astype(np.float32)
    mask[(grey > 120) & (grey < 180)] = WEAK_CONFIDENCE
    return mask


def test_a_weak_false_patch_is_removed_from_a_photo() -> None:
    frame = np.full((480, 640, 3), 40, np.uint8)
    cv2.ellipse(frame, (320, 230), (310, 250), 0, 0, 360, (PERSON_GREY,) * 3, -1)
    frame[430:470, 10:50] = PATCH_GREY  # a corner, away from the person
    engine = MatteEngine.for_stills(FakeSegmenter(grey_levels_mask, input_width=256))
    alpha = engine.alpha(frame, engine.confidence(frame))
    assert alpha[440:460, 20:40].max() < 128
    assert alpha[200:260, 290:350].min() == 255


def test_the_stills_profile_scores_on_a_real_portrait() -> None:
    photo = shared_data("portraits", "images", "hsd-95.jpg")
    image = cv2.imread(str(photo), cv2.IMREAD_COLOR)
    truth = load_truth(str(shared_data("portraits", "masks", "hsd-95.png")), image.shape[:2])
    with open_segmenter("general") as segmenter:
        engine = MatteEngine.for_stills(segmenter)
        alpha = as_unit(engine.alpha(image, engine.confidence(image)))
    # measured: IoU 0.96, BF 0.865 (0.728 when patches were looked for at 0.5)
    assert iou(alpha, truth) >= 0.93
    assert boundary_f(alpha, truth) >= 0.80
