"""CPU cost of each matte part per 720p frame, measured side by side in one run.

    python -m benchmarks.matte_cost [--frames 120] [--model landscape]

Frames come from ``../shared/data/videos/thoughtful-720p.mp4`` (a synthetic frame when absent).
Each part is timed on the same frames in the same loop, so the ratios hold even when other work
shares the CPU. Model passes are reported as passes per frame times the time of one pass.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from benchmarks.quality import DEFAULT_DATA, video_frames
from zoomclone.backgrounds import BLUR_STRENGTHS
from zoomclone.blur import halo_free_blur
from zoomclone.compositor import (
    Compositor,
    CompositorConfig,
    light_wrap,
)
from zoomclone.frames import Frame, Mask
from zoomclone.matting.blobs import BlobConfig, remove_small_blobs
from zoomclone.matting.engine import LIVE_MATTE, MatteEngine
from zoomclone.matting.matte import Matte, MatteConfig
from zoomclone.matting.stabiliser import Stabiliser
from zoomclone.segmentation import open_segmenter
from zoomclone.segmentation.base import Segmenter

VIDEO = "videos/thoughtful-720p.mp4"
FRAME_SIZE = (1280, 720)
LIVE_CONFIDENCE = "live confidence() besides the model (crop tracking, blobs, refine, stabiliser)"
LIVE_PREPARE = "live prepare() (guide, grey, guide statistics: done while the model runs)"


def load_frames(count: int) -> list[Frame]:
    """720p frames of a talking head, or a synthetic one repeated."""
    path = DEFAULT_DATA / VIDEO
    if path.exists():
        return list(video_frames(path, count))
    frame = np.full((FRAME_SIZE[1], FRAME_SIZE[0], 3), 60, np.uint8)
    cv2.ellipse(frame, (640, 400), (200, 320), 0, 0, 360, (200, 180, 160), -1)
    return [frame] * count


class Timer:
    """Collects wall-clock durations per part name (single-threaded cv2, so CPU time)."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self._name = ""
        self._start = 0.0

    def __call__(self, name: str) -> Timer:
        self._name = name
        return self

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.times.setdefault(self._name, []).append(time.perf_counter() - self._start)


def counting(segmenter: Segmenter) -> tuple[Segmenter, list[int]]:
    """The segmenter with its calls counted (for model passes per frame)."""
    calls = [0]
    segment = segmenter.segment

    def counted(frame: Frame) -> Mask:
        calls[0] += 1
        return segment(frame)

    segmenter.segment = counted  # type: ignore[method-assign]
    return segmenter, calls


def measure_frame(
    timer: Timer, frame: Frame, segmenter: Segmenter, tracked: MatteEngine, parts: Parts
) -> None:
    """Time every part once on ``frame``."""
    with timer("model pass (one)"):
        conf = segmenter.segment(frame)
    with timer("plain bilinear alpha (baseline)"):
        alpha = parts.plain.alpha(frame, conf)
    with timer("guide resize to 512"):
        guide = parts.matte.guide(frame)
    with timer("guided filter, grey (video)"):
        work = parts.matte.refine(frame, conf, guide)
    with timer("guided filter, grey, fast (live)"):
        parts.live.refine(frame, conf, guide)
    with timer("guided filter, colour (stills)"):
        parts.colour.refine(frame, conf, guide)
    with timer("small-blob removal"):
        remove_small_blobs(work, BlobConfig())
    with timer("stabiliser"):
        steady = parts.stabiliser.update(guide, work)
    with timer("ramp + resize to 720p"):
        parts.matte.to_frame(frame, steady)
    alpha_buffer = parts.buffer("alpha", frame.shape[:2])
    with timer("ramp + resize, person's region only"):
        parts.matte.to_frame(frame, steady, alpha_buffer)
    with timer(LIVE_PREPARE):
        tracked.prepare(frame)
    with timer(LIVE_CONFIDENCE):
        tracked.confidence(frame)
    for strength in BLUR_STRENGTHS:
        with timer(f"halo-free blur:{strength}"):
            halo_free_blur(frame, alpha, strength)
    with timer("light wrap"):
        light_wrap(frame, alpha, frame, parts.wrap)
    with timer("blend"):
        parts.compositor.blend(frame, alpha, frame)
    out = parts.buffer("out", frame.shape)
    with timer("blend into a buffer holding the backdrop"):
        parts.compositor.blend(frame, alpha, out, out)


@dataclass
class Parts:
    plain: Matte = field(default_factory=lambda: Matte(MatteConfig(refine=False)))
    matte: Matte = field(default_factory=Matte)
    colour: Matte = field(default_factory=lambda: Matte(MatteConfig(guided_colour=True)))
    live: Matte = field(default_factory=lambda: Matte(LIVE_MATTE))
    stabiliser: Stabiliser = field(default_factory=Stabiliser)
    wrap: CompositorConfig = field(default_factory=lambda: CompositorConfig(light_wrap=0.3))
    compositor: Compositor = field(default_factory=Compositor)
    buffers: dict[str, Frame] = field(default_factory=dict)

    def buffer(self, name: str, shape: tuple[int, ...]) -> Frame:
        """A uint8 buffer kept between frames, as the live pipeline keeps its own."""
        if name not in self.buffers or self.buffers[name].shape != shape:
            self.buffers[name] = np.zeros(shape, np.uint8)
        return self.buffers[name]


def measure(frames: Sequence[Frame], model: str) -> tuple[dict[str, float], float]:
    """Median ms per frame of each part, and the mean model passes per frame with tracking."""
    timer, parts = Timer(), Parts()
    with open_segmenter(model) as segmenter, open_segmenter(model) as second:
        counted, calls = counting(second)
        tracked = MatteEngine.for_live(counted)
        for frame in frames:
            measure_frame(timer, frame, segmenter, tracked, parts)
    medians = {name: 1000.0 * float(np.median(values)) for name, values in timer.times.items()}
    passes = calls[0] / len(frames)
    medians[LIVE_CONFIDENCE] -= passes * medians["model pass (one)"]
    return medians, passes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matte_cost", description=__doc__)
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--model", default="landscape")
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    medians, passes = measure(load_frames(args.frames), args.model)
    for name, ms in medians.items():
        print(f"{name:<32}{ms:7.2f} ms")
    print(f"{'model passes per frame (tracked)':<32}{passes:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
