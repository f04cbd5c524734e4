"""Properties that hold for any input: background specs, matte settings and frame shapes.

Whatever comes in, zoomclone either works (right shapes out) or raises one of its own errors:
never a cv2.error, IndexError or ZeroDivisionError.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoomclone.backgrounds import (
    BLUR_STRENGTHS,
    Background,
    BlurBackground,
    ColorBackground,
    parse_background,
)
from zoomclone.compositor import Compositor
from zoomclone.errors import InputError, UsageError, ZoomcloneError
from zoomclone.frames import as_bgr
from zoomclone.matting.engine import MatteEngine
from zoomclone.matting.matte import Matte, MatteConfig
from zoomclone.offline.stills import StillEngine
from zoomclone.segmentation import FakeSegmenter
from zoomclone.segmentation.fake import bright_pixels_mask, ellipse_mask

EXAMPLES = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MAX_SIDE_PX = 48
SKINNY_SIDE_PX = 1500
SPEC_PREFIXES = ("", "blur:", "color:", "colour:", "color:#", "Blur:", "COLOR:#", "#")
FRAME_SPECS = ("white", "black", "blur", "blur:1", "blur:3", "color:#00b140", "transparent", "none")


@pytest.fixture(scope="module")
def empty_cwd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Random specs that look like relative paths resolve in an empty folder."""
    folder = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        yield folder


def _close(backgrounds: list[Background]) -> None:
    for background in backgrounds:
        background.close()


# --- background specs ------------------------------------------------------------------------


@EXAMPLES
@given(prefix=st.sampled_from(SPEC_PREFIXES), text=st.text(max_size=40))
def test_any_spec_parses_or_raises_a_zoomclone_error(
    empty_cwd: Path, prefix: str, text: str
) -> None:
    try:
        backgrounds = parse_background(prefix + text)
    except ZoomcloneError:
        return
    assert backgrounds
    _close(backgrounds)


@EXAMPLES
@given(length=st.integers(min_value=256, max_value=6000))
def test_overlong_paths_are_a_zoomclone_error(empty_cwd: Path, length: int) -> None:
    with pytest.raises(ZoomcloneError):
        parse_background("b" * length + ".jpg")


@EXAMPLES
@given(
    rgb=st.tuples(*[st.integers(0, 255)] * 3),
    prefix=st.sampled_from(("color:", "colour:", "Color:", "COLOUR:")),
    hash_sign=st.booleans(),
    upper=st.booleans(),
    padding=st.sampled_from(("", " ", "  ")),
)
def test_colour_specs_round_trip(
    rgb: tuple[int, int, int], prefix: str, hash_sign: bool, upper: bool, padding: str
) -> None:
    hex_value = "{:02x}{:02x}{:02x}".format(*rgb)
    value = hex_value.upper() if upper else hex_value
    spec = f"{prefix}{padding}{'#' if hash_sign else ''}{value}{padding}"
    [background] = parse_background(spec)
    assert isinstance(background, ColorBackground)
    assert background.bgr == rgb[::-1]
    assert background.name == f"color:#{hex_value}"
    [again] = parse_background(background.name)
    assert isinstance(again, ColorBackground) and again.bgr == background.bgr


@pytest.mark.parametrize("strength", BLUR_STRENGTHS)
def test_blur_specs_round_trip(strength: int) -> None:
    [background] = parse_background(f"blur:{strength}")
    assert isinstance(background, BlurBackground) and background.strength == strength
    [again] = parse_background(background.name)
    assert isinstance(again, BlurBackground) and again.strength == strength


@EXAMPLES
@given(strength=st.text(max_size=30).filter(lambda s: s.strip() not in {"", "1", "2", "3"}))
def test_other_blur_strengths_are_usage_errors(strength: str) -> None:
    with pytest.raises(UsageError):
        parse_background(f"blur:{strength}")


@pytest.mark.parametrize("strength", ["²", "٣", "9" * 5000, "0", "4", "-1", "1.5"])
def test_odd_blur_strengths_are_usage_errors(strength: str) -> None:
    """Regression: '²' passed str.isdigit() and then crashed int(); 5000 digits exceed int()."""
    with pytest.raises(UsageError, match="blur:1, blur:2 or blur:3"):
        parse_background(f"blur:{strength}")


# --- matte settings --------------------------------------------------------------------------

unit = st.floats(min_value=0.0, max_value=1.0)
any_float = st.floats(allow_nan=True, allow_infinity=True)


@st.composite
def valid_configs(draw: st.DrawFn) -> MatteConfig:
    low = draw(st.floats(min_value=0.0, max_value=0.99))
    high = draw(st.floats(min_value=low + 0.01, max_value=1.0))
    return MatteConfig(
        ramp_low=low,
        ramp_high=high,
        refine=draw(st.booleans()),
        guide_long_side_px=draw(st.integers(16, 1024)),
        guided_radius_px=draw(st.integers(1, 32)),
        guided_eps=draw(st.floats(min_value=1e-3, max_value=1e4)),
    )


@EXAMPLES
@given(
    config=valid_configs(), height=st.integers(1, MAX_SIDE_PX), width=st.integers(1, MAX_SIDE_PX)
)
def test_valid_matte_configs_are_accepted_and_work(
    config: MatteConfig, height: int, width: int
) -> None:
    frame = np.full((height, width, 3), 128, np.uint8)
    confidence = np.linspace(0, 1, 16 * 9, dtype=np.float32).reshape(9, 16)
    alpha = Matte(config).alpha(frame, confidence)
    assert alpha.shape == (height, width) and alpha.dtype == np.uint8


def _config_is_valid(low: float, high: float, side: int, radius: int, eps: float) -> bool:
    return (
        0.0 <= low < high <= 1.0 and side >= 16 and radius >= 1 and math.isfinite(eps) and eps > 0
    )


@EXAMPLES
@given(
    low=any_float,
    high=any_float,
    side=st.integers(-10, 100),
    radius=st.integers(-3, 10),
    eps=any_float,
)
def test_matte_config_accepts_exactly_the_valid_values(
    low: float, high: float, side: int, radius: int, eps: float
) -> None:
    values = {
        "ramp_low": low,
        "ramp_high": high,
        "guide_long_side_px": side,
        "guided_radius_px": radius,
        "guided_eps": eps,
    }
    if _config_is_valid(low, high, side, radius, eps):
        assert MatteConfig(**values).guided_eps == eps  # type: ignore[arg-type]
    else:
        with pytest.raises(UsageError):
            MatteConfig(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("eps", [math.nan, math.inf, -math.inf])
def test_non_finite_guided_eps_is_a_usage_error(eps: float) -> None:
    """Regression: NaN passed the ``eps <= 0`` test."""
    with pytest.raises(UsageError):
        MatteConfig(guided_eps=eps)


# --- frame shapes ----------------------------------------------------------------------------


@st.composite
def frames(draw: st.DrawFn) -> np.ndarray:
    """BGR, grey (H, W) or (H, W, 1), or BGRA; small, 1x1, or one pixel across and long."""
    skinny = draw(st.booleans())
    long_side = st.integers(1, SKINNY_SIDE_PX if skinny else MAX_SIDE_PX)
    short_side = st.integers(1, 3 if skinny else MAX_SIDE_PX)
    height, width = draw(long_side), draw(short_side)
    if draw(st.booleans()):
        height, width = width, height
    channels = draw(st.sampled_from((None, 1, 3, 4)))
    shape = (height, width) if channels is None else (height, width, channels)
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def _still_engine(refine: bool, ellipse: bool) -> StillEngine:
    segmenter = FakeSegmenter(ellipse_mask if ellipse else bright_pixels_mask)
    return StillEngine(MatteEngine(segmenter, MatteConfig(refine=refine)), Compositor())


@EXAMPLES
@given(
    frame=frames(),
    spec=st.sampled_from(FRAME_SPECS),
    refine=st.booleans(),
    ellipse=st.booleans(),
)
def test_any_frame_shape_renders_at_its_own_size(
    frame: np.ndarray, spec: str, refine: bool, ellipse: bool
) -> None:
    [background] = parse_background(spec)
    out = _still_engine(refine, ellipse).render(frame, background)
    height, width = frame.shape[:2]
    channels = 4 if spec == "transparent" else 3
    assert out.shape == (height, width, channels) and out.dtype == np.uint8


@EXAMPLES
@given(frame=frames(), refine=st.booleans())
def test_engine_alpha_has_the_frame_size(frame: np.ndarray, refine: bool) -> None:
    engine = MatteEngine(FakeSegmenter(), MatteConfig(refine=refine))
    alpha = engine.alpha(frame, engine.confidence(frame))
    assert alpha.shape == frame.shape[:2] and alpha.dtype == np.uint8


@EXAMPLES
@given(frame=frames(), spec=st.sampled_from(FRAME_SPECS), t_s=st.floats(0, 1e6))
def test_compositor_takes_any_frame_with_a_matching_alpha(
    frame: np.ndarray, spec: str, t_s: float
) -> None:
    alpha = np.random.default_rng(0).integers(0, 256, frame.shape[:2], dtype=np.uint8)
    [background] = parse_background(spec)
    out = Compositor().composite(frame, alpha, background, t_s)
    assert out.shape[:2] == frame.shape[:2]
    assert out.shape[2] == (4 if spec == "transparent" else 3)


@pytest.mark.parametrize(
    "shape", [(1, 1), (1, 1, 1), (1, 1, 4), (2, 3), (2, 3, 4), (1, 1, 3), (3, 1, 3), (1, 999, 4)]
)
@pytest.mark.parametrize("spec", ["white", "blur:3", "transparent"])
def test_grey_and_bgra_frames_regression(shape: tuple[int, ...], spec: str) -> None:
    """Regression: BGRA frames crashed in the guided filter (cv2.error); grey ones came out with one
    channel (two with a transparent background)."""
    frame = np.full(shape, 200, np.uint8)
    [background] = parse_background(spec)
    out = _still_engine(refine=True, ellipse=False).render(frame, background)
    assert out.shape == (shape[0], shape[1], 4 if spec == "transparent" else 3)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (np.zeros((0, 0, 3), np.uint8), "H, W >= 1"),
        (np.zeros((5, 0, 3), np.uint8), "H, W >= 1"),
        (np.zeros((4, 4, 2), np.uint8), "1, 3 or 4 colour channels"),
        (np.zeros((4, 4, 5), np.uint8), "1, 3 or 4 colour channels"),
        (np.zeros((4,), np.uint8), "shape"),
        (np.zeros((2, 2, 3, 1), np.uint8), "shape"),
        (np.zeros((4, 4, 3), np.float32), "uint8"),
        (np.zeros((4, 4, 3), np.uint16), "uint8"),
    ],
)
def test_frames_that_are_not_pictures_are_input_errors(frame: np.ndarray, message: str) -> None:
    """Regression: a 0x0 frame raised ZeroDivisionError in the matte's work size."""
    with pytest.raises(InputError, match=message):
        _still_engine(refine=True, ellipse=False).render(frame, parse_background("white")[0])


def test_bgr_frames_pass_through_untouched() -> None:
    frame = np.zeros((4, 5, 3), np.uint8)
    assert as_bgr(frame) is frame


def test_reversed_views_are_made_contiguous() -> None:
    frame = np.arange(4 * 5 * 3, dtype=np.uint8).reshape(4, 5, 3)[:, ::-1]
    out = _still_engine(refine=True, ellipse=False).render(frame, parse_background("white")[0])
    assert out.shape == (4, 5, 3)
