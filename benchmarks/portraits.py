"""The portraits part of the quality benchmark: each photo as ``zoomclone image`` makes it (the
stills engine with its second model, then the edge matting), the same without the edge matting, and the seed method;
IoU, BF, MAD and the colour fringe of each, and the contact sheet."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from benchmarks.matting_view import ContactSheet, fringe, over_flat
from benchmarks.metrics import Alpha, Truth, as_unit, load_truth
from benchmarks.scores import Row, Scores, seed_alpha, still_scores
from zoomclone.frames import Frame
from zoomclone.matting.alpha_matting import matte_edges
from zoomclone.offline.stills import open_still_engine

BIG_PERSON_FRACTION = 0.25


def portrait_files(data: Path, limit: int | None) -> list[tuple[Path, Path]]:
    """(image, mask) pairs of the portraits, sorted by name."""
    images = sorted((data / "portraits" / "images").glob("*.jpg"))[:limit]
    return [(p, data / "portraits" / "masks" / f"{p.stem}.png") for p in images]


@dataclass
class PortraitRuns:
    """Per photo: (alpha, truth) and fringe of each method."""

    truths: list[Truth] = field(default_factory=list)
    alphas: dict[str, list[Alpha]] = field(default_factory=dict)
    fringes: dict[str, list[float | None]] = field(default_factory=dict)

    def add(self, method: str, colours: Frame, alpha: npt.NDArray[np.uint8]) -> None:
        self.alphas.setdefault(method, []).append(as_unit(alpha))
        self.fringes.setdefault(method, []).append(fringe(colours, alpha))

    def scores(self, method: str, keep: Sequence[int]) -> Scores:
        pairs = [(self.alphas[method][i], self.truths[i]) for i in keep]
        return still_scores(pairs, [self.fringes[method][i] for i in keep])


def run_portraits(
    data: Path, model: str, limit: int | None, sheet: Path | None = None
) -> list[Row]:
    """All portraits and those where the person covers more than a quarter of the photo; with
    and without the edge matting. ``sheet``: write the contact sheet of both there."""
    start = time.perf_counter()
    runs, contact = PortraitRuns(), ContactSheet()
    with ExitStack() as stack:
        engine = open_still_engine(stack, model)
        segmenter = engine.engine.segmenter
        for image_path, mask_path in portrait_files(data, limit):
            image = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
            runs.truths.append(load_truth(str(mask_path), image.shape[:2]))
            alpha = engine.alpha(image)
            cutout = matte_edges(image, alpha)
            runs.add("ours", cutout.foreground, cutout.alpha)
            runs.add("plain", image, alpha)
            seed = seed_alpha(segmenter, image)
            runs.add("seed", image, (seed * 255).astype(np.uint8))
            if sheet is not None:
                after = over_flat(cutout.foreground, cutout.alpha)
                contact.add(image_path.name, over_flat(image, alpha), after)
    seconds = time.perf_counter() - start
    if sheet is not None:
        contact.write(sheet)
    every = range(len(runs.truths))
    big = [i for i in every if runs.truths[i].mean() > BIG_PERSON_FRACTION]
    return [
        Row(name, model, runs.scores(ours, keep), runs.scores("seed", keep), time_s)
        for name, ours, keep, time_s in (
            ("portraits (all)", "ours", every, seconds),
            ("portraits (person > 25%)", "ours", big, 0.0),
            ("  no edge matting (all)", "plain", every, 0.0),
            ("  no edge matting (> 25%)", "plain", big, 0.0),
        )
    ]
