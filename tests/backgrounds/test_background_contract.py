"""What a background's output is made of is said by the Background contract, not by its class:
the compositor and the photo cutout ask ``shows_camera``, ``has_backdrop`` and
``output_has_alpha``, so a new kind of background works without teaching them its name."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import person_frame
from zoomclone.backgrounds import Background, needs_alpha, parse_background
from zoomclone.compositor import Compositor
from zoomclone.frames import Frame
from zoomclone.matting.alpha_matting import composite_cutout


@pytest.mark.parametrize(
    ("spec", "shows_camera", "has_backdrop", "output_has_alpha"),
    [
        ("none", True, False, False),
        ("transparent", False, False, True),
        ("white", False, True, False),
        ("color:#00b140", False, True, False),
        ("blur:2", False, True, False),
    ],
)
def test_each_kind_says_what_its_output_is_made_of(
    spec: str, shows_camera: bool, has_backdrop: bool, output_has_alpha: bool
) -> None:
    background = parse_background(spec)[0]
    assert background.shows_camera is shows_camera
    assert background.has_backdrop is has_backdrop
    assert background.output_has_alpha is output_has_alpha
    assert needs_alpha(background) is output_has_alpha


class Passthrough(Background):
    """A new kind that shows the camera as it is (as "none" does)."""

    name = "passthrough"
    shows_camera = True
    has_backdrop = False

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        raise AssertionError("a background that shows the camera is never asked for a backdrop")


class Cutout(Background):
    """A new kind whose output carries the matte as alpha (as "transparent" does)."""

    name = "cutout"
    has_backdrop = False
    output_has_alpha = True

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        raise AssertionError("a background that outputs alpha is never asked for a backdrop")


def _alpha(frame: Frame) -> Frame:
    alpha = np.zeros(frame.shape[:2], np.uint8)
    alpha[40:140, 100:220] = 255
    return alpha


def test_the_compositor_passes_the_camera_through_for_any_kind_that_shows_it() -> None:
    frame = person_frame()
    assert Compositor().composite(frame, _alpha(frame), Passthrough(), 0.0) is frame


def test_the_photo_cutout_passes_the_camera_through_for_any_kind_that_shows_it() -> None:
    frame = person_frame()
    out = composite_cutout(Compositor(), frame, _alpha(frame), Passthrough())
    assert out is frame


def test_the_compositor_gives_bgra_for_any_kind_that_outputs_alpha() -> None:
    frame = person_frame()
    alpha = _alpha(frame)
    out = Compositor().composite(frame, alpha, Cutout(), 0.0)
    assert out.shape == (*frame.shape[:2], 4)
    np.testing.assert_array_equal(out[..., 3], alpha)
    np.testing.assert_array_equal(out[..., :3], frame)


def test_a_backdrop_made_in_the_output_buffer_is_not_made_again() -> None:
    frame = person_frame()
    alpha = _alpha(frame)
    white = parse_background("white")[0]
    expected = Compositor().composite(frame, alpha, white, 0.0).copy()
    out = np.empty_like(frame)
    white.backdrop_into(frame, alpha, 0.0, out)
    result = Compositor().composite(frame, alpha, Passthrough(), 0.0, out=out, backdrop=out)
    assert result is frame  # shows_camera wins even over a backdrop given
    result = Compositor().composite(frame, alpha, white, 0.0, out=out, backdrop=out)
    assert result is out
    np.testing.assert_array_equal(result, expected)
