"""Animated GIF and WebP backgrounds, looped at their own frame delays.

The file is opened (and checked) when the background is loaded; its frames are decoded with Pillow
once, at the output size, the first time the background is shown (or the output size changes).
Memory is bounded like a video's decoder buffers are: at most ``MAX_ANIMATION_BYTES`` of fitted
frames are kept; a longer animation keeps every k-th frame, each shown for the k frames' total time.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import numpy as np

from zoomclone.backgrounds.base import Background
from zoomclone.errors import BackgroundError
from zoomclone.frames import Frame, fit_image
from zoomclone.paths import ANIMATED_SUFFIXES as ANIMATED_SUFFIXES

MAX_ANIMATION_BYTES = 192 * 1024 * 1024
DEFAULT_DELAY_MS = 100  # what browsers show for a missing or too short delay
MIN_DELAY_MS = 20


def is_animated(path: Path) -> bool:
    """True for a GIF (any, cv2 reads none) or a WebP with more than one frame."""
    suffix = path.suffix.lower()
    if suffix == ".gif":
        return True
    if suffix != ".webp" or not path.is_file():
        return False
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return bool(getattr(image, "n_frames", 1) > 1)
    except (OSError, UnidentifiedImageError):
        return False


def frame_delays(path: Path) -> list[int]:
    """Each frame's delay in milliseconds (short or missing ones as browsers show them)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if not path.is_file():
        raise BackgroundError(f"background {path} does not exist: check the path")
    try:
        with Image.open(path) as image:
            return [_delay(frame.info.get("duration")) for frame in ImageSequence.Iterator(image)]
    except (OSError, UnidentifiedImageError, EOFError) as err:
        raise BackgroundError(
            f"cannot read animated background {path}: {err} (use a GIF or an animated WebP)"
        ) from err


def _delay(duration: object) -> int:
    if not isinstance(duration, (int, float)) or duration < MIN_DELAY_MS:
        return DEFAULT_DELAY_MS
    return round(duration)


def keep_every(frames: int, frame_bytes: int, budget: int = MAX_ANIMATION_BYTES) -> int:
    """The stride k so that the kept frames (every k-th) fit in ``budget``."""
    return max(1, -(-frames * frame_bytes // max(1, budget)))


class AnimatedBackground(Background):
    """A GIF or animated WebP, cover-fitted (or contain-fitted), looped at its frame delays."""

    def __init__(self, path: Path, fit: str = "cover") -> None:
        self.path = path
        self._file = path
        self.name = path.name
        self.fit = fit
        self.delays_ms = frame_delays(path)
        self._size: tuple[int, int] = (0, 0)
        self._frames: list[Frame] = []
        self._ends_ms: list[int] = []  # cumulative end time of each kept frame

    @property
    def duration_ms(self) -> int:
        return sum(self.delays_ms)

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        size = (frame.shape[1], frame.shape[0])
        if size != self._size:
            self._decode(size)
        return self._frames[self.frame_index(t_s)]

    def frame_index(self, t_s: float) -> int:
        """Which kept frame shows at ``t_s`` (after the first ``backdrop``)."""
        t_ms = round(t_s * 1000) % max(1, self._ends_ms[-1])
        return bisect.bisect_right(self._ends_ms, t_ms)

    def _decode(self, size: tuple[int, int]) -> None:
        from PIL import Image, ImageSequence, UnidentifiedImageError

        stride = keep_every(len(self.delays_ms), size[0] * size[1] * 3)
        frames: list[Frame] = []
        ends: list[int] = []
        elapsed = 0
        try:
            with Image.open(self._file) as image:
                for index, picture in enumerate(ImageSequence.Iterator(image)):
                    elapsed += self.delays_ms[index] if index < len(self.delays_ms) else 0
                    if index % stride == 0:
                        rgb = np.asarray(picture.convert("RGB"), dtype=np.uint8)
                        frames.append(
                            fit_image(np.ascontiguousarray(rgb[..., ::-1]), size, self.fit)
                        )
                        ends.append(elapsed)
                    else:
                        ends[-1] = elapsed
        except (OSError, UnidentifiedImageError, EOFError) as err:
            raise BackgroundError(f"cannot decode animated background {self.path}: {err}") from err
        if not frames:
            raise BackgroundError(f"animated background {self.path} has no frames")
        self._size, self._frames, self._ends_ms = size, frames, ends

    def close(self) -> None:
        self._frames, self._size = [], (0, 0)
