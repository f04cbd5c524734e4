"""Make the README's before/after picture with zoomclone itself.

The photo is NASA's portrait of astronaut Eileen Collins (public domain), as shipped in
scikit-image's data folder (``skimage/data/astronaut.png``). Usage:

    python docs/make_readme_images.py PATH/TO/astronaut.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
TILE_PX = 320


def render(source: Path, background: str, workdir: Path) -> np.ndarray:
    target = workdir / f"{background.replace(':', '_').replace('#', '')}.png"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "zoomclone",
            "image",
            str(source),
            "-o",
            str(target),
            "--background",
            background,
        ],
        check=True,
    )
    image = cv2.imread(str(target), cv2.IMREAD_UNCHANGED)
    if image.shape[2] == 4:  # show transparency on a checkerboard
        rows, cols = np.indices(image.shape[:2]) // 16
        board = (rows + cols) % 2
        checker = np.where(board[..., None] == 1, 200, 255).astype(np.uint8)
        alpha = image[..., 3:4].astype(np.float32) / 255
        image = (image[..., :3] * alpha + checker * (1 - alpha)).astype(np.uint8)
    return cv2.resize(image, (TILE_PX, TILE_PX), interpolation=cv2.INTER_AREA)


def main(source: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        original = cv2.resize(
            cv2.imread(str(source)), (TILE_PX, TILE_PX), interpolation=cv2.INTER_AREA
        )
        tiles = [original] + [
            render(source, spec, Path(tmp)) for spec in ("transparent", "white", "blur:3")
        ]
    cv2.imwrite(
        str(HERE / "images" / "before-after.jpg"), np.hstack(tiles), [cv2.IMWRITE_JPEG_QUALITY, 88]
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
