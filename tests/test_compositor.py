from __future__ import annotations

import numpy as np
import pytest

from zoomclone.backgrounds import (
    BlurBackground,
    ColorBackground,
    NoBackground,
    TransparentBackground,
)
from zoomclone.blur import halo_free_blur
from zoomclone.compositor import Compositor, CompositorConfig
from zoomclone.errors import UsageError


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


def test_halo_free_blur_keeps_a_soft_edge_out_of_the_background() -> None:
    frame = np.zeros((120, 160, 3), np.uint8)
    frame[:, 76:] = 250  # a bright person whose edge is soft (hair)
    alpha = np.zeros((120, 160), np.uint8)
    alpha[:, 80:] = 255
    alpha[:, 72:80] = 96
    blurred = halo_free_blur(frame, alpha, 2)
    assert int(blurred[60, 60].max()) < 40


def test_light_wrap_tints_only_the_person_edge() -> None:
    frame = np.full((120, 160, 3), 100, np.uint8)
    alpha = np.zeros((120, 160), np.uint8)
    alpha[:, 80:] = 255
    red = ColorBackground((0, 0, 255), "red")
    plain = Compositor().composite(frame, alpha, red, 0.0)
    wrapped = Compositor(CompositorConfig(light_wrap=0.6)).composite(frame, alpha, red, 0.0)
    assert int(wrapped[60, 81, 2]) > int(plain[60, 81, 2]) + 20  # the edge takes the red light
    assert np.array_equal(wrapped[:, 120:], plain[:, 120:])  # the inside does not
    assert np.array_equal(wrapped[:, :80], plain[:, :80])  # the background is untouched


def test_light_wrap_out_of_range_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="light_wrap"):
        CompositorConfig(light_wrap=2.0)


def test_blend_inside_the_person_box_matches_a_full_frame_blend() -> None:
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    backdrop = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    alpha = np.zeros((90, 160), np.uint8)
    alpha[20:60, 50:90] = rng.integers(1, 256, (40, 40), dtype=np.uint8)
    compositor = Compositor()
    compositor.blend(
        np.zeros((200, 300, 3), np.uint8),
        np.full((200, 300), 9, np.uint8),
        np.zeros((200, 300, 3), np.uint8),
    )
    out = compositor.blend(frame, alpha, backdrop)
    a = alpha[..., None].astype(float) / 255
    expected = frame * a + backdrop * (1 - a)
    assert np.abs(out.astype(float) - expected).max() <= 1.0
    assert (out[alpha == 0] == backdrop[alpha == 0]).all()


def test_an_alpha_of_another_size_is_an_input_error() -> None:
    import pytest

    from zoomclone.errors import InputError

    with pytest.raises(InputError, match="does not fit"):
        Compositor().composite(
            np.zeros((9, 16, 3), np.uint8), _alpha(), ColorBackground((0, 0, 0), "black"), 0.0
        )


def test_a_buffer_that_already_holds_the_backdrop_gives_the_same_picture() -> None:
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    backdrop = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    alpha = np.zeros((90, 160), np.uint8)
    alpha[20:70, 50:110] = rng.integers(0, 256, (50, 60), dtype=np.uint8)
    compositor = Compositor()
    expected = compositor.blend(frame, alpha, backdrop).copy()
    held = backdrop.copy()  # the backdrop made in the output buffer itself
    result = compositor.blend(frame, alpha, held, held)
    np.testing.assert_array_equal(result, expected)
    empty = np.zeros_like(alpha)
    held = backdrop.copy()
    np.testing.assert_array_equal(compositor.blend(frame, empty, held, held), backdrop)
