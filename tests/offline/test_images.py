from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from zoomclone.backgrounds import MAX_IMAGE_SIDE_PX, read_background_image
from zoomclone.offline.images import image_size, read_reduced


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_image_size_reads_the_header(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    cv2.imwrite(str(path), np.zeros((37, 91, 3), np.uint8))
    assert image_size(path) == (91, 37)


def test_image_size_of_other_files_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "x.bmp"
    cv2.imwrite(str(path), np.zeros((4, 4, 3), np.uint8))
    (tmp_path / "junk.png").write_bytes(b"\x89PNG garbage")
    assert image_size(path) is None
    assert image_size(tmp_path / "junk.png") is None
    assert image_size(tmp_path / "missing.png") is None


def test_read_reduced_decodes_a_large_jpeg_at_a_fraction(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    cv2.imwrite(str(path), np.full((1600, 2400, 3), 90, np.uint8))
    image = read_reduced(path, 500)
    assert image is not None and image.shape == (400, 600, 3)  # 1/4: still >= 500 on the long side
    assert read_reduced(path, 5000).shape == (1600, 2400, 3)  # type: ignore[union-attr]


def test_a_huge_background_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    cv2.imwrite(str(path), np.zeros((6000, 8000, 3), np.uint8))  # 144 MB decoded in full
    assert read_reduced(path, MAX_IMAGE_SIDE_PX).shape == (3000, 4000, 3)  # type: ignore[union-attr]
    assert read_background_image(path).shape == (2880, MAX_IMAGE_SIDE_PX, 3)
