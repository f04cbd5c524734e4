"""Make the README's before/after pictures of the effects with zoomclone itself.

The frames are the first two seconds of ``thoughtful-720p.mp4`` from the evaluation data (see
../shared/data/README.md); each effect runs through ``zoomclone video`` and the last frame is shown
beside the same input frame. Usage:

    python docs/make_effect_images.py [PATH/TO/thoughtful-720p.mp4]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_CLIP = HERE.parents[1] / "shared" / "data" / "videos" / "thoughtful-720p.mp4"
FRAMES = 60
TILE = (384, 216)
TAG = "Ada Lovelace — Analyst"


def write_clip(source: Path, target: Path, brightness: float) -> np.ndarray:
    """The first FRAMES frames of ``source`` (scaled in brightness) as an image sequence; returns
    the last one."""
    capture = cv2.VideoCapture(str(source))
    target.mkdir(parents=True)
    frame = None
    for i in range(FRAMES):
        ok, frame = capture.read()
        if not ok:
            break
        frame = cv2.convertScaleAbs(frame, alpha=brightness)
        cv2.imwrite(str(target / f"{i:05d}.png"), frame)
    capture.release()
    assert frame is not None, f"cannot read {source}"
    return frame


def run_video(clip: Path, out: Path, options: list[str]) -> np.ndarray:
    out.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "zoomclone",
            "video",
            str(clip / "%05d.png"),
            "-o",
            str(out / "%05d.png"),
            "--background",
            "none",
            *options,
        ],
        check=True,
    )
    return cv2.imread(str(sorted(out.glob("*.png"))[-1]))


def logo(path: Path) -> Path:
    """A made-up logo: a translucent rounded square with a ring."""
    image = np.zeros((200, 200, 4), np.uint8)
    cv2.rectangle(image, (10, 10), (190, 190), (200, 120, 30, 200), -1)
    cv2.circle(image, (100, 100), 60, (255, 255, 255, 255), 14, cv2.LINE_AA)
    cv2.imwrite(str(path), image)
    return path


def label(image: np.ndarray, text: str) -> np.ndarray:
    tile = cv2.resize(image, TILE, interpolation=cv2.INTER_AREA)
    cv2.putText(tile, text, (8, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (0, 0, 0), 3, cv2.LINE_AA)
    cv2.putText(
        tile, text, (8, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (255, 255, 255), 1, cv2.LINE_AA
    )
    return tile


def main(source: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = write_clip(source, work / "plain", 1.0)
        dark = write_clip(source, work / "dark", 0.25)
        framed = run_video(work / "plain", work / "framed", ["--frame", "auto"])
        tagged = run_video(
            work / "plain",
            work / "tagged",
            [
                "--name-tag",
                TAG,
                "--overlay",
                str(logo(work / "logo.png")),
                "--overlay-scale",
                "0.08",
            ],
        )
        lifted = run_video(work / "dark", work / "lifted", ["--light", "auto"])
    rows = [
        (label(plain, "camera"), label(framed, "--frame auto")),
        (label(plain, "camera"), label(tagged, "--name-tag, --overlay")),
        (label(dark, "dark camera"), label(lifted, "--light auto")),
    ]
    grid = np.vstack([np.hstack(row) for row in rows])
    cv2.imwrite(str(HERE / "images" / "effects.jpg"), grid, [cv2.IMWRITE_JPEG_QUALITY, 85])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CLIP)
