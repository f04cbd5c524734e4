"""The skin touch-up on synthetic frames: the face's skin is smoothed, nothing else changes."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from tests.conftest import shared_data
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.effects.touch_up import SkinTouchUp, check_strength, head_box, strength_value
from zoomclone.errors import UsageError

SKIN = (120, 150, 200)  # BGR: Cr 155, Cb 105, well inside the skin range
WALL = (130, 160, 205)
HEAD_CENTRE, HEAD_AXES = (640, 260), (90, 120)  # 720p pixels
EYE = (600, 230)
NOISE = 6.0


def face_scene(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the noisy frame, the clean frame, the confidence at 256x144): a 1280x720 room of skin
    colour, as noisy as the person, whose head is a skin ellipse with a dark eye above a jumper."""
    clean = np.empty((720, 1280, 3), np.uint8)
    clean[:] = WALL  # the room is skin-coloured too: it must stay as it is all the same
    person = np.zeros((720, 1280), np.uint8)
    cv2.rectangle(person, (420, 400), (860, 719), 255, -1)
    clean[person > 0] = (60, 60, 60)  # the jumper
    cv2.ellipse(person, HEAD_CENTRE, HEAD_AXES, 0, 0, 360, 255, -1)
    cv2.ellipse(clean, HEAD_CENTRE, HEAD_AXES, 0, 0, 360, SKIN, -1)
    cv2.circle(clean, EYE, 12, (30, 30, 40), -1)
    rng = np.random.default_rng(seed)
    noisy = np.clip(clean + rng.normal(0, NOISE, clean.shape), 0, 255).astype(np.uint8)
    confidence = cv2.resize(person, (256, 144), interpolation=cv2.INTER_AREA)
    return noisy, clean, confidence.astype(np.float32) / 255


def cheek() -> tuple[slice, slice]:
    return slice(260, 300), slice(650, 690)


def error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.float32) - b.astype(np.float32)).mean())


def test_the_skin_of_the_face_is_smoothed() -> None:
    noisy, clean, confidence = face_scene()
    touch = SkinTouchUp(1.0)
    out = touch.apply(noisy, confidence, np.empty_like(noisy))
    before, after = error(noisy[cheek()], clean[cheek()]), error(out[cheek()], clean[cheek()])
    assert after < 0.6 * before  # the noise on the cheek is reduced
    gentle = SkinTouchUp(0.3).apply(noisy, confidence, np.empty_like(noisy))
    assert after < error(gentle[cheek()], clean[cheek()]) < before  # strength sets how much


def test_nothing_outside_the_head_box_changes_nor_the_room_inside_it() -> None:
    noisy, _, confidence = face_scene()
    touch = SkinTouchUp(1.0)
    out = touch.apply(noisy, confidence, np.empty_like(noisy))
    box = touch.box
    assert box is not None
    outside = np.ones(noisy.shape[:2], bool)
    outside[box.y0 : box.y1, box.x0 : box.x1] = False
    assert np.array_equal(out[outside], noisy[outside])
    assert box.x0 < HEAD_CENTRE[0] - HEAD_AXES[0] and box.x1 > HEAD_CENTRE[0] + HEAD_AXES[0]
    assert box.x1 - box.x0 < 4 * HEAD_AXES[0]  # the head, not the shoulders
    beside = (slice(250, 270), slice(box.x0, HEAD_CENTRE[0] - HEAD_AXES[0] - 12))
    assert np.array_equal(out[beside], noisy[beside])  # the skin-coloured wall in the box


def test_the_eye_keeps_its_edge() -> None:
    noisy, _, confidence = face_scene()
    out = SkinTouchUp(1.0).apply(noisy, confidence, np.empty_like(noisy))
    x, y = EYE
    assert int(out[y, x, 2]) < 60  # the eye stays dark
    contrast = int(out[y, x + 20, 2]) - int(out[y, x, 2])
    assert contrast > 0.9 * (SKIN[2] - 40)


def test_strength_zero_is_the_identity_and_costs_nothing() -> None:
    noisy, _, confidence = face_scene()
    effects = Effects(EffectsConfig(touch_up=0.0))
    assert not effects.active  # the pipeline skips every hook
    out, seen = effects.prepare(noisy, confidence, 0.0)
    assert out is noisy and seen is confidence
    assert SkinTouchUp(0.0).apply(noisy, confidence, np.empty_like(noisy)) is noisy


def test_the_chain_touches_up_the_prepared_frame_only() -> None:
    noisy, clean, confidence = face_scene()
    effects = Effects(EffectsConfig(touch_up=1.0))
    assert effects.active
    early = effects.input(noisy)  # the early backdrop's frame: before the touch-up
    out, _ = effects.prepare(noisy, confidence, 0.0)
    assert early is noisy and out is not noisy
    assert error(out[cheek()], clean[cheek()]) < 0.6 * error(noisy[cheek()], clean[cheek()])
    again, _ = effects.prepare(noisy, confidence, 0.0)
    assert np.array_equal(again, out)  # a second call does not smooth twice


def test_no_person_or_no_confidence_changes_nothing() -> None:
    noisy, _, confidence = face_scene()
    touch = SkinTouchUp(1.0)
    assert touch.apply(noisy, None, np.empty_like(noisy)) is noisy
    assert touch.apply(noisy, np.zeros_like(confidence), np.empty_like(noisy)) is noisy


def test_the_head_box_is_found_in_the_confidence_at_any_size() -> None:
    _, _, confidence = face_scene()
    box = head_box(confidence, (1280, 720))
    small = head_box(cv2.resize(confidence, (128, 72)), (1280, 720))
    assert box is not None and small is not None
    for found in (box, small):
        assert found.x0 <= HEAD_CENTRE[0] - HEAD_AXES[0] + 10
        assert found.x1 >= HEAD_CENTRE[0] + HEAD_AXES[0] - 10
        assert found.y0 <= HEAD_CENTRE[1] - HEAD_AXES[1] <= found.y1
    assert head_box(np.zeros((144, 256), np.float32), (1280, 720)) is None


@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan])
def test_a_strength_outside_0_to_1_is_refused(value: float) -> None:
    with pytest.raises(UsageError, match=r"from 0 \(off\) to 1"):
        check_strength(value)
    with pytest.raises(UsageError):
        Effects(EffectsConfig(touch_up=value))


def test_the_command_toggles_to_the_last_strength_and_sets_one() -> None:
    assert strength_value(0.0, 0.5, "") == 0.5
    assert strength_value(0.3, 0.3, "") == 0.0
    assert strength_value(0.0, 0.5, "0.25") == 0.25
    with pytest.raises(UsageError, match=r"0 \(off\) to 1"):
        strength_value(0.0, 0.5, "strong")
    touch = SkinTouchUp()
    assert touch.command("") == "skin touch-up 0.5"  # off at the start: the default strength
    assert touch.command("0.3") == "skin touch-up 0.3"
    assert touch.command("") == "skin touch-up off"
    assert touch.command("") == "skin touch-up 0.3"  # back to the last one used
    assert touch.command("0") == "skin touch-up off"


def test_a_real_portrait_is_smoothed_in_its_head_box_only() -> None:
    image = shared_data("portraits", "images", "hsd-104.jpg")
    mask = shared_data("portraits", "masks", "hsd-104.png")
    if not (image.is_file() and mask.is_file()):
        pytest.skip("the shared portraits are not here")
    photo = cv2.imread(str(image))
    truth = cv2.imread(str(mask), cv2.IMREAD_GRAYSCALE)
    assert photo is not None and truth is not None
    height, width = photo.shape[:2]
    confidence = cv2.resize(truth, (256, round(256 * height / width))).astype(np.float32) / 255
    rng = np.random.default_rng(1)
    noisy = np.clip(photo + rng.normal(0, NOISE, photo.shape), 0, 255).astype(np.uint8)
    touch = SkinTouchUp(1.0)
    out = touch.apply(noisy, confidence, np.empty_like(noisy))
    box = touch.box
    assert box is not None and out is not noisy
    changed = np.any(out != noisy, axis=2)
    rows, columns = np.nonzero(changed)
    assert rows.min() >= box.y0 and rows.max() < box.y1
    assert columns.min() >= box.x0 and columns.max() < box.x1
    assert changed.sum() > 0.1 * box.width * box.height  # the face's skin, a good part of the box
    assert error(out[changed], photo[changed]) < 0.8 * error(noisy[changed], photo[changed])
