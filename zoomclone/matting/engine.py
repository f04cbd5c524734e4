"""The matte engine: frame -> confidence (segmenter side) -> alpha (compositor side).

The two halves run on different threads in the live pipeline, so they are separate calls:
``confidence(frame)`` does everything that needs the frame the mask comes from (the model with its
framing passes, small-blob removal, the guided filter, the temporal stabiliser) at the working
resolution; ``alpha(frame, confidence)`` is the soft ramp and one uint8 resize to the frame.
``prepare(frame)``, the part of the refinement that needs no mask (the guide, its statistics, the
stabiliser's motion weights), can run on another thread while the model runs and be handed to
``confidence``. The split balances the two threads (docs/performance.md) and keeps a late mask's
edges on its own picture.
One engine serves one stream of frames in order (photos: ``reset()`` before each), so stateful steps
can use what came before; that state (crop tracker, stabiliser) is behind one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cv2

from zoomclone.frames import Frame, Mask, as_bgr
from zoomclone.matting.blobs import BlobConfig, remove_small_blobs
from zoomclone.matting.framing import CropTracker, FramingConfig, segment_framed
from zoomclone.matting.head_pass import HeadPassConfig, with_head_pass
from zoomclone.matting.matte import Alpha, GuideStats, Matte, MatteConfig
from zoomclone.matting.stabiliser import Motion, Stabiliser, StabiliserConfig
from zoomclone.segmentation.base import Segmenter

# A photo has no frame budget and no previous frame: the mirror-image pass and the colour guide
# are affordable, and nothing flickers, so the cut sits lower (more hair and thin limbs kept;
# measured on portraits, see docs/quality.md).
STILL_FRAMING = replace(FramingConfig(), flip_average=True)
STILL_MATTE = replace(MatteConfig(), ramp_low=0.15, ramp_high=0.55, guided_colour=True)
# ... and a closer model pass on the head and shoulders (zoomclone/matting/head_pass.py).
STILL_HEAD_PASS = HeadPassConfig(enabled=True)
# Small false patches are looked for at the confidence where the stills' alpha crosses one half: at
# 0.5, a patch of the room at 0.35..0.5 was not seen and stayed in the cutout (docs/quality.md).
STILL_BLOBS = replace(
    BlobConfig(), person_threshold=(STILL_MATTE.ramp_low + STILL_MATTE.ramp_high) / 2
)
# A live call has a frame budget (docs/performance.md): the guided filter's box statistics are
# computed at half the working resolution (the fast guided filter), which halves its cost.
LIVE_MATTE = replace(MatteConfig(), guided_subsample=2)


@dataclass(frozen=True)
class Prepared:
    """What the refinement needs of a frame before its mask exists: the frame at the working size,
    its grey levels, the grey guided filter's statistics (None when the filter will not use
    them) and the stabiliser's motion weights against the previous frame (None for the first)."""

    guide: Frame
    grey: Frame
    stats: GuideStats | None
    motion: Motion | None


@dataclass
class MatteEngine:
    """Segmentation plus matting for one stream of frames."""

    segmenter: Segmenter
    matte_config: MatteConfig = field(default_factory=MatteConfig)
    framing: FramingConfig = field(default_factory=FramingConfig)
    blobs: BlobConfig = field(default_factory=BlobConfig)
    stabiliser: StabiliserConfig = field(default_factory=StabiliserConfig)
    head_pass: HeadPassConfig = field(default_factory=HeadPassConfig)

    def __post_init__(self) -> None:
        self.matte = Matte(self.matte_config)
        self._tracker = CropTracker(self.framing)
        self._stabiliser = Stabiliser(self.stabiliser)
        self._confidence_lock = threading.Lock()

    @classmethod
    def for_live(cls, segmenter: Segmenter) -> MatteEngine:
        """The engine ``zoomclone live`` uses: see ``LIVE_MATTE``."""
        return cls(segmenter, matte_config=LIVE_MATTE)

    @classmethod
    def for_stills(cls, segmenter: Segmenter) -> MatteEngine:
        """The engine ``zoomclone image`` uses: see ``STILL_FRAMING``, ``STILL_MATTE``,
        ``STILL_HEAD_PASS`` and ``STILL_BLOBS``."""
        return cls(
            segmenter,
            matte_config=STILL_MATTE,
            framing=STILL_FRAMING,
            blobs=STILL_BLOBS,
            head_pass=STILL_HEAD_PASS,
        )

    def prepare(self, frame: Frame) -> Prepared:
        """The mask-independent part of ``confidence`` for ``frame``; safe on any thread."""
        bgr = as_bgr(frame)
        matte = self.matte
        guide = matte.guide(bgr)
        grey = cv2.cvtColor(guide, cv2.COLOR_BGR2GRAY)
        config = matte.config
        stats = matte.guide_stats(grey) if config.refine and not config.guided_colour else None
        return Prepared(guide, grey, stats, self._stabiliser.motion(grey))

    def confidence(self, frame: Frame, prepared: Callable[[], Prepared] | None = None) -> Mask:
        """Refined, stabilised person confidence for the whole frame, at the matte's working size.

        Everything that needs the frame the mask came from runs here (the model, the crop, blob
        removal, the guided filter, the stabiliser), so a mask used for a later frame still has
        edges that follow its own picture. ``prepared``: gives ``prepare(frame)``, perhaps made on
        another thread while the model ran; asked for after the model. Grey and BGRA frames are
        converted to BGR (``as_bgr``); other shapes raise InputError."""
        bgr = as_bgr(frame)
        with self._confidence_lock:
            matte = self.matte  # one setting for the whole frame (the governor may swap it)
            work = matte.work_size(bgr)
            if self.framing.track_crop:
                mask = self._tracker.confidence(self.segmenter, bgr, work)
            else:
                mask = segment_framed(self.segmenter, bgr, self.framing, work)
            mask = with_head_pass(
                self.segmenter, bgr, mask, self.head_pass, flip=self.framing.flip_average
            )
            mask = remove_small_blobs(mask, self.blobs)
            ready = prepared() if prepared is not None else self.prepare(bgr)
            guide = ready.guide if matte.config.guided_colour else ready.grey
            refined = matte.refine(bgr, mask, guide, ready.stats)
            return self._stabiliser.update(ready.grey, refined, ready.motion)

    def alpha(self, frame: Frame, confidence: Mask, out: Alpha | None = None) -> Alpha:
        """The uint8 alpha (H, W) of ``frame`` from its (or a recent frame's) confidence: the soft
        ramp and one uint8 resize to full resolution."""
        return self.matte.to_frame(as_bgr(frame), confidence, out)

    def set_cheap_refinement(self, cheap: bool) -> None:
        """Skip the edge-aware refinement (the governor's first step when frames are late)."""
        config = self.matte_config if not cheap else replace(self.matte_config, refine=False)
        with self._confidence_lock:  # never in the middle of a frame's confidence
            self.matte = Matte(config)

    def reset(self) -> None:
        """Forget the stream: the next frame is unrelated to the previous one."""
        with self._confidence_lock:
            self._tracker.reset()
            self._stabiliser.reset()
