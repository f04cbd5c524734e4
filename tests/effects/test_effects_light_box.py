"""The low-light lift on the person's box only when the room is not shown, denoised there."""

from __future__ import annotations

import numpy as np

from zoomclone.backgrounds import BlurBackground, ColorBackground, NoBackground
from zoomclone.effects.chain import Effects, EffectsConfig, shows_room
from zoomclone.effects.low_light import BOX_MARGIN


def dark_scene() -> tuple[np.ndarray, np.ndarray]:
    """A dark 1280x720 room (level 12) with a dark person (level 30) and one hot pixel on them."""
    frame = np.full((720, 1280, 3), 12, np.uint8)
    frame[200:700, 500:780] = 30
    frame[400, 640] = 200  # sensor noise on the person
    confidence = np.zeros((144, 256), np.float32)
    confidence[40:140, 100:156] = 1.0  # the person at the working size
    return frame, confidence


def lifted(room_shown: bool) -> tuple[np.ndarray, np.ndarray]:
    effects = Effects(EffectsConfig(light=True))
    effects.room_shown = room_shown
    frame, confidence = dark_scene()
    effects.prepare(frame, confidence, 0.0)  # the first frame: the curve and the box are read
    out, _ = effects.prepare(frame.copy(), confidence, 1 / 30)
    return frame, out


def test_a_hidden_room_is_left_dark_and_the_person_is_lifted_and_denoised() -> None:
    frame, out = lifted(room_shown=False)
    assert int(out[450, 640, 0]) > 60  # the person is brightened
    assert np.array_equal(out[:, :300], frame[:, :300])  # the room outside the box: untouched
    margin = int(BOX_MARGIN * 1280)
    assert int(out[450, 500 - margin // 2, 0]) > int(frame[450, 0, 0])  # the margin is lifted
    assert int(out[400, 640, 0]) == int(out[402, 640, 0])  # the hot pixel is gone


def test_a_shown_room_is_lifted_whole() -> None:
    frame, out = lifted(room_shown=True)
    assert int(out[450, 640, 0]) > 60
    assert int(out[10, 10, 0]) > int(frame[10, 10, 0])  # the room is lifted too
    assert int(out[400, 640, 0]) > int(out[402, 640, 0])  # not denoised (the budget)


def test_the_room_is_shown_with_no_background_and_blur_only() -> None:
    assert shows_room(NoBackground())
    assert shows_room(BlurBackground(2))
    assert not shows_room(ColorBackground((0, 177, 64), "green"))
