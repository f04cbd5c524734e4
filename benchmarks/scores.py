"""What the quality benchmark reports: metric means per dataset and method, and the seed method
those are compared with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from benchmarks.metrics import Alpha, Truth, boundary_f, iou, mad
from zoomclone.frames import Frame
from zoomclone.segmentation.base import Segmenter

SEED_THRESHOLD = 0.9


@dataclass
class Scores:
    """Metric means over a dataset for one method (None where a metric does not apply)."""

    iou: float | None = None
    bf: float | None = None
    mad: float | None = None
    dt_err: float | None = None
    flicker: float | None = None
    fringe: float | None = None
    count: int = 0


@dataclass
class Row:
    """One line of the table: a dataset, zoomclone's scores and the seed's."""

    dataset: str
    model: str
    ours: Scores
    seed: Scores
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def seed_alpha(segmenter: Segmenter, frame: Frame) -> Alpha:
    """The seed method: the whole frame's mask resized to the frame, hard cut at 0.9."""
    height, width = frame.shape[:2]
    mask = cv2.resize(segmenter.segment(frame), (width, height), interpolation=cv2.INTER_LINEAR)
    return (mask >= SEED_THRESHOLD).astype(np.float32)


def mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def still_scores(
    pairs: Sequence[tuple[Alpha, Truth]], fringes: Sequence[float | None] = ()
) -> Scores:
    """IoU, BF and MAD averaged over images (and the fringe, over those that have one)."""
    return Scores(
        iou=mean([iou(a, g) for a, g in pairs]),
        bf=mean([boundary_f(a, g) for a, g in pairs]),
        mad=mean([mad(a, g) for a, g in pairs]),
        fringe=mean([f for f in fringes if f is not None]),
        count=len(pairs),
    )
