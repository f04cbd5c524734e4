"""What every kind of background is: the contract the compositor and the live pipeline rely on."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

import numpy as np

from zoomclone.frames import Frame, Size


class Background(ABC):
    """One background. ``backdrop`` returns the BGR uint8 picture to put behind the person.

    What the output is made of, read by the compositor, the live renderer and the commands (never
    ask for the kind of background, ask these):

    - ``shows_camera``: the output is the camera picture itself: no matte, no backdrop ("none").
    - ``has_backdrop``: a picture goes behind the person, so ``backdrop`` is worth making ahead.
    - ``output_has_alpha``: the output is BGRA, the matte its fourth channel ("transparent"); a
      file written from it must keep alpha (PNG, not JPEG or video).
    """

    name: str
    path: Path | None = None  # the file it plays, if any
    shows_camera: ClassVar[bool] = False
    has_backdrop: ClassVar[bool] = True
    output_has_alpha: ClassVar[bool] = False

    @abstractmethod
    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        """The (H, W, 3) BGR backdrop for ``frame`` at time ``t_s`` (seconds since start)."""

    def backdrop_into(self, frame: Frame, alpha: Frame, t_s: float, out: Frame) -> None:
        """Write the backdrop into ``out`` (H, W, 3): the live pipeline's output buffer, which
        the blend then completes with the person."""
        np.copyto(out, self.backdrop(frame, alpha, t_s))

    def close(self) -> None:  # noqa: B027 - most backgrounds hold nothing to release
        """Release files or decoders; safe to call twice."""

    def prepare(self, size: Size) -> None:  # noqa: B027 - most backgrounds decode nothing
        """Decode ahead what ``backdrop`` will need at ``size`` (width, height); any thread."""

    def release(self) -> None:  # noqa: B027 - most backgrounds keep no decoded picture
        """Drop decoded pictures that can be decoded again (the background is out of reach)."""
