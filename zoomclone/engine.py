"""The matte engine: frame -> confidence (segmenter side) -> alpha (compositor side).

The two halves run on different threads in the live pipeline, so they are separate calls:
``confidence(frame)`` runs the model (the framing passes, then small-blob removal), ``alpha(frame,
confidence)`` refines it to a full-resolution uint8 alpha (guided upsampling, the temporal
stabiliser, the soft ramp). One engine serves one stream of frames in order (photos: one engine per
photo, or ``reset()`` between them), so stateful steps can use what came before. Each half keeps its
own state behind its own lock: the crop tracker in ``confidence``, the stabiliser in ``alpha``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from zoomclone.blobs import BlobConfig, remove_small_blobs
from zoomclone.frames import as_bgr
from zoomclone.framing import CropTracker, FramingConfig, segment_framed
from zoomclone.matte import Alpha, Matte, MatteConfig
from zoomclone.segmentation.base import Frame, Mask, Segmenter
from zoomclone.stabiliser import Stabiliser, StabiliserConfig

# A photo has no frame budget and no previous frame: the mirror-image pass and the colour guide
# are affordable, and nothing flickers, so the cut sits lower (more hair and thin limbs kept;
# measured on portraits, see docs/quality.md).
STILL_FRAMING = replace(FramingConfig(), flip_average=True)
STILL_MATTE = replace(MatteConfig(), ramp_low=0.15, ramp_high=0.55, guided_colour=True)
# A live call has a frame budget (docs/performance.md): the guided filter's box statistics are
# computed at half the working resolution (the fast guided filter), which halves its cost.
LIVE_MATTE = replace(MatteConfig(), guided_subsample=2)


@dataclass
class MatteEngine:
    """Segmentation plus matting for one stream of frames."""

    segmenter: Segmenter
    matte_config: MatteConfig = field(default_factory=MatteConfig)
    framing: FramingConfig = field(default_factory=FramingConfig)
    blobs: BlobConfig = field(default_factory=BlobConfig)
    stabiliser: StabiliserConfig = field(default_factory=StabiliserConfig)

    def __post_init__(self) -> None:
        self.matte = Matte(self.matte_config)
        self._tracker = CropTracker(self.framing)
        self._stabiliser = Stabiliser(self.stabiliser)
        self._confidence_lock = threading.Lock()
        self._alpha_lock = threading.Lock()

    @classmethod
    def for_live(cls, segmenter: Segmenter) -> MatteEngine:
        """The engine ``zoomclone live`` uses: see ``LIVE_MATTE``."""
        return cls(segmenter, matte_config=LIVE_MATTE)

    @classmethod
    def for_stills(cls, segmenter: Segmenter) -> MatteEngine:
        """The engine ``zoomclone image`` uses: see ``STILL_FRAMING`` and ``STILL_MATTE``."""
        return cls(segmenter, matte_config=STILL_MATTE, framing=STILL_FRAMING)

    def confidence(self, frame: Frame) -> Mask:
        """Person confidence for the whole frame, at the matte's working size.

        Grey and BGRA frames are converted to BGR (``as_bgr``); other shapes raise InputError."""
        bgr = as_bgr(frame)
        work = self.matte.work_size(bgr)
        with self._confidence_lock:
            if self.framing.track_crop:
                mask = self._tracker.confidence(self.segmenter, bgr, work)
            else:
                mask = segment_framed(self.segmenter, bgr, self.framing, work)
        return remove_small_blobs(mask, self.blobs)

    def alpha(self, frame: Frame, confidence: Mask, out: Alpha | None = None) -> Alpha:
        """The uint8 alpha (H, W) of ``frame`` from its (or a recent frame's) confidence."""
        bgr = as_bgr(frame)
        matte = self.matte
        guide = matte.guide(bgr)
        refined = matte.refine(bgr, confidence, guide)
        with self._alpha_lock:
            steady = self._stabiliser.update(guide, refined)
        return matte.to_frame(bgr, steady, out)

    def set_cheap_refinement(self, cheap: bool) -> None:
        """Skip the edge-aware refinement (the governor's first step when frames are late)."""
        config = self.matte_config if not cheap else replace(self.matte_config, refine=False)
        self.matte = Matte(config)

    def reset(self) -> None:
        """Forget the stream: the next frame is unrelated to the previous one."""
        with self._confidence_lock:
            self._tracker.reset()
        with self._alpha_lock:
            self._stabiliser.reset()
