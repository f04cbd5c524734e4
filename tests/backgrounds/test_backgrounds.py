from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from zoomclone.backgrounds import (
    BackgroundCycle,
    BlurBackground,
    ColorBackground,
    ImageBackground,
    NoBackground,
    TransparentBackground,
    VideoBackground,
    load_backgrounds,
    parse_background,
    parse_color,
)
from zoomclone.errors import BackgroundError, UsageError
from zoomclone.frames import fit_cover


def test_named_specs() -> None:
    assert isinstance(parse_background("none")[0], NoBackground)
    assert isinstance(parse_background("transparent")[0], TransparentBackground)
    assert isinstance(parse_background("blur")[0], BlurBackground)
    assert parse_background("blur:3")[0].name == "blur:3"
    white = parse_background("white")[0]
    assert isinstance(white, ColorBackground)
    assert white.bgr == (255, 255, 255)


def test_color_spec_is_rgb_hex_stored_as_bgr() -> None:
    assert parse_color("#ff8000") == (0, 128, 255)
    background = parse_background("color:#00B140")[0]
    assert isinstance(background, ColorBackground)
    assert background.bgr == (0x40, 0xB1, 0x00)


@pytest.mark.parametrize("spec", ["color:red", "color:#12345", "blur:9", "blur:x", "nosuchthing"])
def test_bad_specs_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError):
        parse_background(spec)


def test_fit_cover_keeps_aspect_and_fills(tmp_path: Path) -> None:
    image = np.zeros((100, 400, 3), np.uint8)
    image[:, 190:210] = 255  # a centred vertical stripe, 20 of 400 px wide
    fitted = fit_cover(image, (200, 200))
    assert fitted.shape == (200, 200, 3)
    stripe = np.nonzero(fitted[100, :, 0] > 127)[0]
    assert 35 <= len(stripe) <= 45  # scaled x2, not squeezed
    assert abs(stripe.mean() - 100) < 2


def test_image_background_loads_and_fits(tmp_path: Path) -> None:
    path = tmp_path / "bg.png"
    cv2.imwrite(str(path), np.full((50, 80, 3), 7, np.uint8))
    frame = np.zeros((90, 160, 3), np.uint8)
    backdrop = ImageBackground(path).backdrop(frame, frame[..., 0], 0.0)
    assert backdrop.shape == frame.shape
    assert int(backdrop.max()) == 7


def test_unreadable_image_is_a_background_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"not a jpeg")
    with pytest.raises(BackgroundError, match="cannot read background"):
        parse_background(str(path))


def test_folder_gives_its_images_in_name_order(tmp_path: Path) -> None:
    for name in ("b.png", "a.jpg", "notes.txt"):
        cv2.imwrite(
            str(tmp_path / name), np.zeros((4, 4, 3), np.uint8)
        ) if name != "notes.txt" else (tmp_path / name).write_text("x")
    names = [b.name for b in load_backgrounds([str(tmp_path), "white"])]
    assert names == ["a.jpg", "b.png", "white"]


def test_empty_folder_is_a_background_error(tmp_path: Path) -> None:
    with pytest.raises(BackgroundError, match="no images or videos"):
        parse_background(str(tmp_path))


def test_video_background_loops_at_its_own_fps(tmp_path: Path) -> None:
    path = tmp_path / "bg.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (32, 24))
    for value in (0, 100, 200):
        writer.write(np.full((24, 32, 3), value, np.uint8))
    writer.release()
    background = VideoBackground(path)
    frame = np.zeros((24, 32, 3), np.uint8)
    levels = [
        int(background.backdrop(frame, frame[..., 0], t).mean()) for t in (0.0, 0.1, 0.2, 0.3)
    ]
    background.close()
    assert abs(levels[0] - 0) < 10 and abs(levels[1] - 100) < 10 and abs(levels[2] - 200) < 10
    assert abs(levels[3] - 0) < 10  # looped


def test_cycle_wraps_and_selects_by_name() -> None:
    cycle = BackgroundCycle(load_backgrounds(["white", "black", "blur"]))
    assert cycle.step(-1).name == "blur:2"
    assert cycle.step(1).name == "white"
    assert cycle.select("black").name == "black"
    with pytest.raises(UsageError, match="white, black, blur:2"):
        cycle.select("green")


@pytest.mark.parametrize("spec", ["blur:2", "white", "color:#00b140"])
def test_backdrop_into_a_buffer_is_the_backdrop(spec: str) -> None:
    rng = np.random.default_rng(2)
    frame = rng.integers(0, 256, (72, 128, 3), dtype=np.uint8)
    alpha = np.zeros((72, 128), np.uint8)
    alpha[20:60, 40:90] = 255
    (background,) = parse_background(spec)
    buffer = np.full_like(frame, 123)  # the previous output: must be overwritten everywhere
    background.backdrop_into(frame, alpha, 0.0, buffer)
    np.testing.assert_array_equal(buffer, background.backdrop(frame, alpha, 0.0))
