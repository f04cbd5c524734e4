"""Backgrounds chosen by the name a user types: stem, any case, nearest names, shadowing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from zoomclone.errors import UsageError
from zoomclone.library import find_picture, user_dir
from zoomclone.names import find_name, nearest, unknown_name

NAMES = ["bokeh-blue.jpg", "bokeh-evening.jpg", "blur:2", "waves-ocean.jpg"]


@pytest.mark.parametrize("typed", ["bokeh-blue.jpg", "bokeh-blue", "Bokeh-Blue", "BOKEH-BLUE.JPG"])
def test_a_name_matches_by_stem_and_without_case(typed: str) -> None:
    assert find_name(typed, NAMES) == 0


def test_a_colour_or_blur_spec_is_not_cut_at_its_colon_or_dot() -> None:
    assert find_name("blur:2", NAMES) == 2
    assert find_name("blur", NAMES) is None


def test_the_later_of_two_equal_names_wins() -> None:
    assert find_name("office", ["office.jpg", "x.png", "office.jpg"]) == 2


def test_nothing_matching_suggests_the_nearest_names() -> None:
    assert nearest("bokeh-blu", NAMES)[0] == "bokeh-blue.jpg"
    assert unknown_name("background", "wave-ocean", NAMES) == (
        "no background named 'wave-ocean': did you mean waves-ocean.jpg? "
        "(choose one of bokeh-blue.jpg, bokeh-evening.jpg, blur:2, waves-ocean.jpg)"
    )


def _picture(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((36, 64, 3), 77, np.uint8))
    return path


def test_a_users_picture_shadows_the_bundled_one_of_the_same_name() -> None:
    mine = _picture(user_dir() / "bokeh-blue.jpg")
    assert find_picture("bokeh-blue") == mine
    assert find_picture("waves-ocean").parent != mine.parent


def test_an_unknown_library_name_suggests_the_nearest() -> None:
    with pytest.raises(UsageError, match=r"did you mean bokeh-blue\.jpg"):
        find_picture("bokeh-blu")


def test_live_background_takes_a_library_name(clip: Path) -> None:
    command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--output"]
    done = subprocess.run(
        [*command, "null", "--background", "Bokeh-Blue", "--frames", "2", "--no-control-socket"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    wrong = subprocess.run(
        [*command, "null", "--background", "bokeh-blu", "--frames", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrong.returncode == 2
    assert "unknown background 'bokeh-blu': did you mean bokeh-blue.jpg" in wrong.stderr


def test_a_missing_path_is_named_as_a_path_not_as_an_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        find_picture(str(tmp_path / "Pictures" / "backgrounds"))
    assert str(caught.value) == (
        f"background {tmp_path / 'Pictures' / 'backgrounds'} does not exist: check the path"
    )
