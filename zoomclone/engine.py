"""The matte engine: frame -> confidence (segmenter side) -> alpha (compositor side).

The two halves run on different threads in the live pipeline, so they are separate calls:
``confidence(frame)`` runs the model (with the framing passes), ``alpha(frame, confidence)`` refines
it to a full-resolution uint8 alpha. One engine serves one stream of frames in order (photos: one
engine per photo, or ``reset()`` between them), so stateful steps can use what came before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from zoomclone.frames import as_bgr
from zoomclone.framing import FramingConfig, segment_framed
from zoomclone.matte import Alpha, Matte, MatteConfig
from zoomclone.segmentation.base import Frame, Mask, Segmenter


@dataclass
class MatteEngine:
    """Segmentation plus matting for one stream of frames."""

    segmenter: Segmenter
    matte_config: MatteConfig = field(default_factory=MatteConfig)
    framing: FramingConfig = field(default_factory=FramingConfig)

    def __post_init__(self) -> None:
        self.matte = Matte(self.matte_config)

    def confidence(self, frame: Frame) -> Mask:
        """Person confidence for the whole frame, at the matte's working size.

        Grey and BGRA frames are converted to BGR (``as_bgr``); other shapes raise InputError."""
        bgr = as_bgr(frame)
        return segment_framed(self.segmenter, bgr, self.framing, self.matte.work_size(bgr))

    def alpha(self, frame: Frame, confidence: Mask, out: Alpha | None = None) -> Alpha:
        """The uint8 alpha (H, W) of ``frame`` from its (or a recent frame's) confidence."""
        return self.matte.alpha(as_bgr(frame), confidence, out)

    def set_cheap_refinement(self, cheap: bool) -> None:
        """Skip the edge-aware refinement (the governor's first step when frames are late)."""
        config = self.matte_config if not cheap else replace(self.matte_config, refine=False)
        self.matte = Matte(config)

    def reset(self) -> None:
        """Forget the stream: the next frame is unrelated to the previous one."""
