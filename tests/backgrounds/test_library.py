"""The background library: bundled pictures, the user's folder after them, and the fits."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from zoomclone.backgrounds import ImageBackground, parse_background
from zoomclone.frames import fit_contain, fit_cover
from zoomclone.library import bundled_paths, library_paths, user_dir

MAX_BUNDLED_BYTES = 200_000
LIBRARY_SIZE = (1920, 1080)


def test_the_bundled_library_is_a_handful_of_full_hd_jpegs() -> None:
    paths = bundled_paths()
    assert len(paths) >= 6
    assert [p.name for p in paths] == sorted(p.name for p in paths)
    for path in paths:
        assert path.suffix == ".jpg" and path.stat().st_size < MAX_BUNDLED_BYTES
        image = cv2.imread(str(path))
        assert image is not None and image.shape[1::-1] == LIBRARY_SIZE


def test_the_users_folder_follows_the_bundled_ones_by_name() -> None:
    folder = user_dir()
    folder.mkdir(parents=True)
    for name in ("zz.png", "aa.jpg", "notes.txt"):
        (folder / name).write_bytes(b"")
    names = [p.name for p in library_paths()]
    assert names == [p.name for p in bundled_paths()] + ["aa.jpg", "zz.png"]


def test_library_spec_loads_every_library_background() -> None:
    backgrounds = parse_background("library")
    assert [b.name for b in backgrounds] == [p.name for p in bundled_paths()]


def test_contain_fits_the_whole_picture_with_bars(tmp_path: Path) -> None:
    square = np.full((100, 100, 3), 200, np.uint8)
    out = fit_contain(square, (320, 180))
    assert out.shape == (180, 320, 3)
    assert (out[:, :70] == 0).all() and (out[:, 250:] == 0).all()  # the bars
    assert (out[:, 71:249] == 200).all()  # all of the picture, not cropped
    assert (fit_cover(square, (320, 180)) == 200).all()  # cover crops instead


def test_contain_prefix_on_a_spec(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    cv2.imwrite(str(path), np.full((50, 50, 3), 255, np.uint8))
    (background,) = parse_background(f"contain:{path}")
    assert isinstance(background, ImageBackground) and background.fit == "contain"
    frame = np.zeros((90, 160, 3), np.uint8)
    backdrop = background.backdrop(frame, frame[..., 0], 0.0)
    assert (backdrop[:, 0] == 0).all() and (backdrop[45, 80] == 255).all()
    (plain,) = parse_background(str(path))
    assert isinstance(plain, ImageBackground) and plain.fit == "cover"


def test_an_animated_gif_in_the_users_folder_is_in_the_library(tmp_path: Path) -> None:
    from PIL import Image

    frames = [Image.new("RGB", (32, 18), colour) for colour in ("red", "blue")]
    frames[0].save(tmp_path / "waves.gif", save_all=True, append_images=frames[1:], duration=100)
    (tmp_path / "notes.txt").write_text("not a background")
    assert [p.name for p in library_paths(tmp_path)][-1] == "waves.gif"
    assert "notes.txt" not in [p.name for p in library_paths(tmp_path)]
