from __future__ import annotations

import numpy as np

from zoomclone.backgrounds import (
    BlurBackground,
    ColorBackground,
    NoBackground,
    TransparentBackground,
)
from zoomclone.compositor import Compositor, halo_free_blur


def _alpha(height: int = 90, width: int = 160) -> np.ndarray:
    alpha = np.zeros((height, width), np.uint8)
    alpha[:, width // 2 :] = 255
    alpha[:, width // 2 - 10 : width // 2] = 128
    return alpha


def test_white_is_exact_where_alpha_is_zero_and_person_exact_where_full() -> None:
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    alpha = _alpha()
    out = Compositor().composite(frame, alpha, ColorBackground((255, 255, 255), "white"), 0.0)
    assert (out[alpha == 0] == 255).all()
    assert (out[alpha == 255] == frame[alpha == 255]).all()
    half = out[alpha == 128].astype(int)
    expected = (frame[alpha == 128].astype(int) * 128 + 255 * 127) / 255
    assert np.abs(half - expected).max() <= 1


def test_transparent_gives_bgra_with_alpha_channel() -> None:
    frame = np.full((90, 160, 3), 9, np.uint8)
    out = Compositor().composite(frame, _alpha(), TransparentBackground(), 0.0)
    assert out.shape == (90, 160, 4)
    assert (out[..., 3] == _alpha()).all()


def test_none_passes_the_frame_through() -> None:
    frame = np.full((90, 160, 3), 9, np.uint8)
    assert Compositor().composite(frame, _alpha(), NoBackground(), 0.0) is frame


def test_halo_free_blur_keeps_the_person_colour_out_of_the_background() -> None:
    frame = np.zeros((120, 160, 3), np.uint8)
    frame[:, 80:] = 250  # a bright person on the right half of a black room
    alpha = np.zeros((120, 160), np.uint8)
    alpha[:, 80:] = 255
    blurred = halo_free_blur(frame, alpha, 3)
    assert int(blurred[60, 70].max()) < 20  # just left of the person: still the dark room
    out = Compositor().composite(frame, alpha, BlurBackground(3), 0.0)
    assert int(out[60, 70].max()) < 20
