"""The effects measured: auto-framing against a naive per-frame crop, the low-light lift on a
darkened clip, and each effect's cost per 720p frame.

    python -m benchmarks.effects [--frames N] [--model landscape]

Data from ``../shared/data`` (videos/thoughtful*.mp4, sequences/*): see its README.

Auto-framing: the person box comes from the live matte engine's confidence (what the app sees).
Our live framer (causal: dead zone and spring), ``zoomclone video``'s look-ahead framer
(``FramingPlan``: a Gaussian over the wanted crops of the frames around each one) and a naive one
(the wanted crop of every frame's box, same zoom limit and clamps, no dead zone and no smoothing)
follow it. Centring error: the distance between where the person is in
the crop (their box centre x, their head's y) and where the framer wants them (0.5, head room), as a
share of the crop, averaged over frames; the person's box is the ground truth's on the DAVIS
sequences and the model's on thoughtful.mp4 (no ground truth; there the naive crop is exact by
construction, so only its smoothness compares). Smoothness: the mean absolute second difference of
the crop (centre x, centre y, height), pixels/frame^2.

Low-light: thoughtful-720p.mp4 at a quarter of its brightness through the lift (as the app runs it:
the curve from the previous frames, the person's histogram from the model's mask of the dark
frame). The person region (the model's mask of the original frame) has its mean luminance compared
to the original, and its pumping (mean |change| of that mean from frame to frame) to the original's.

Costs: the median of single timed calls; the low-light hook and the skin touch-up are timed
against a 720p frame copy called in turn with them (min and median, and their ratios: the machine
may be loaded); the touch-up also on the clip zoomed 2x about the head (a close-up face).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

import cv2
import numpy as np

from benchmarks.interleaved import interleaved, touch_up_costs
from benchmarks.quality import DEFAULT_DATA, sequence_frames, video_frames
from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer, box_of, warp
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.effects.edge_offset import offset_alpha
from zoomclone.effects.framing_plan import FramingPlan
from zoomclone.frames import Frame, Mask
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import open_segmenter

FPS = 30.0
CLIPS = ("videos/thoughtful.mp4", "sequences/lucia", "sequences/dance-twirl", "sequences/tennis")
BoxT = tuple[float, float, float, float]


def truth_box(truth: np.ndarray) -> BoxT | None:
    ys, xs = np.nonzero(truth)
    if len(xs) == 0:
        return None
    return (float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))


def clip_boxes(
    engine: MatteEngine, data: Path, clip: str, limit: int | None
) -> tuple[tuple[int, int], list[BoxT | None], list[BoxT | None], list[Mask]]:
    """(size, model boxes, truth boxes, confidences) for every frame of a clip."""
    seen: list[BoxT | None] = []
    truths: list[BoxT | None] = []
    confidences: list[Mask] = []
    size = (0, 0)
    pairs: Iterator[tuple[Frame, np.ndarray | None]]
    if clip.startswith("sequences/"):
        pairs = ((f, t) for f, t in sequence_frames(data / clip, limit))
    else:
        pairs = ((f, None) for f in video_frames(data / clip, limit))
    for frame, truth in pairs:
        size = (frame.shape[1], frame.shape[0])
        confidence = engine.confidence(frame)
        confidences.append(confidence)
        box = box_of(confidence, size, 0.5)
        seen.append(box)
        truths.append(truth_box(truth) if truth is not None else box)
    return size, seen, truths, confidences


def centring_error(crops: np.ndarray, truths: list[BoxT | None], size: tuple[int, int]) -> float:
    """Mean distance of (box centre x, head y) in the crop from (0.5, head room), share of crop."""
    config = AutoFrameConfig()
    errors = []
    for (cx, cy, h), box in zip(crops, truths, strict=True):
        if box is None:
            continue
        w = h * size[0] / size[1]
        u = ((box[0] + box[2]) / 2 - (cx - w / 2)) / w
        v = (box[1] - (cy - h / 2)) / h
        errors.append(np.hypot(u - 0.5, v - config.head_room))
    return float(np.mean(errors))


def roughness(crops: np.ndarray) -> float:
    """Mean absolute acceleration of the crop (all three coordinates), pixels/frame^2."""
    return float(np.abs(np.diff(crops, n=2, axis=0)).mean())


def follow(size: tuple[int, int], boxes: list[BoxT | None], smooth: bool) -> np.ndarray:
    framer = AutoFramer(AutoFrameConfig(), size, size)
    crops = []
    last = framer.full_frame().as_array()
    first = next((b for b in boxes if b is not None), None)
    if first is not None:  # both start framed on the first person box
        framer.start_at(first)
        last = framer.wanted(first)
    for i, box in enumerate(boxes):
        if smooth:
            crop = framer.update(box, i / FPS)
            crops.append([crop.cx, crop.cy, crop.h])
        else:
            last = framer.wanted(box) if box is not None else last
            crops.append(list(last))
    return np.array(crops)


def follow_plan(size: tuple[int, int], boxes: list[BoxT | None]) -> np.ndarray:
    """``zoomclone video``'s look-ahead framing of the same boxes."""
    plan = FramingPlan(size)
    crops = plan.crops((i, box, i / FPS) for i, box in enumerate(boxes))
    return np.array([[c.cx, c.cy, c.h] for _, c in crops])


def plan_ms(size: tuple[int, int], boxes: list[BoxT | None]) -> float:
    start = time.perf_counter()
    follow_plan(size, boxes)
    return (time.perf_counter() - start) * 1000 / max(1, len(boxes))


def controller_ms(size: tuple[int, int], confidences: list[Mask]) -> float:
    framer = AutoFramer(AutoFrameConfig(), size, size)
    start = time.perf_counter()
    for i, confidence in enumerate(confidences):
        framer.update(box_of(confidence, size, 0.5), i / FPS)
    return (time.perf_counter() - start) * 1000 / max(1, len(confidences))


def run_framing(data: Path, model: str, limit: int | None) -> list[str]:
    lines = [
        "| clip | frames | centring error: live / video / naive | roughness (px/frame²): live / video / naive | error vs naive: live / video | smoother: live / video | ms/frame: live / video |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    with open_segmenter(model) as segmenter:
        for clip in CLIPS:
            if not (data / clip).exists():
                continue
            engine = MatteEngine.for_live(segmenter)
            size, seen, truths, confidences = clip_boxes(engine, data, clip, limit)
            paths = (follow(size, seen, True), follow_plan(size, seen), follow(size, seen, False))
            live, video, naive = (centring_error(p, truths, size) for p in paths)
            r_live, r_video, r_naive = (roughness(p) for p in paths)
            lines.append(
                f"| {clip} | {len(seen)} | {live:.3f} / {video:.3f} / {naive:.3f} | "
                f"{r_live:.3f} / {r_video:.3f} / {r_naive:.2f} | "
                f"{live / naive:.2f}x / {video / naive:.2f}x | "
                f"{r_naive / max(r_live, 1e-9):.0f}x / {r_naive / max(r_video, 1e-9):.0f}x | "
                f"{controller_ms(size, confidences):.3f} / {plan_ms(size, seen):.3f} |"
            )
    return lines


def person_means(frames: list[Frame], masks: list[np.ndarray]) -> np.ndarray:
    return np.array(
        [
            cv2.mean(cv2.cvtColor(f, cv2.COLOR_BGR2GRAY), m)[0]
            for f, m in zip(frames, masks, strict=True)
        ]
    )


def run_light(data: Path, model: str, limit: int | None) -> list[str]:
    path = data / "videos/thoughtful-720p.mp4"
    if not path.exists():
        return ["(thoughtful-720p.mp4 not found)"]
    originals = list(video_frames(path, limit))
    lifted: list[Frame] = []
    masks: list[np.ndarray] = []
    effects = Effects(EffectsConfig(light=True))
    with open_segmenter(model) as segmenter:
        truth_engine, dark_engine = MatteEngine.for_live(segmenter), MatteEngine.for_live(segmenter)
        for i, frame in enumerate(originals):
            masks.append(
                (truth_engine.alpha(frame, truth_engine.confidence(frame)) > 127).view(np.uint8)
            )
            dark = cv2.convertScaleAbs(frame, alpha=0.25)
            out, _ = effects.prepare(dark, dark_engine.confidence(dark), i / FPS)
            lifted.append(out.copy())
    darks = [cv2.convertScaleAbs(f, alpha=0.25) for f in originals]
    base, low, up = (person_means(x, masks) for x in (originals, darks, lifted))
    # the first change is the switch-on (frame 0 is shown before any curve exists): not pumping
    pump = [float(np.abs(np.diff(x)[1:]).mean()) for x in (base, low, up)]
    return [
        "| clip | person mean luminance | pumping (mean abs change per frame) |",
        "| --- | --- | --- |",
        f"| original | {base.mean():.1f} | {pump[0]:.3f} |",
        f"| a quarter as bright | {low.mean():.1f} ({low.mean() / base.mean() - 1:+.0%}) | {pump[1]:.3f} |",
        f"| lifted | {up.mean():.1f} ({up.mean() / base.mean() - 1:+.0%}) | {pump[2]:.3f} |",
        f"| lifted, after the first second | {up[30:].mean():.1f} ({up[30:].mean() / base[30:].mean() - 1:+.0%}) | {float(np.abs(np.diff(up[30:])).mean()):.3f} (original: {float(np.abs(np.diff(base[30:])).mean()):.3f}) |",
        f"| (the switch-on step, frame 0 to 1) | | {abs(up[1] - up[0]):.1f} |",
    ]


def timed(fn: Callable[[int], object], count: int) -> float:
    """The median of ``count`` single calls, ms (robust to a loaded machine's stalls)."""
    return float(np.median(call_times(fn, count)))


def call_times(fn: Callable[[int], object], count: int) -> np.ndarray:
    """Each of ``count`` calls' time, ms, after three warm-up calls."""
    for i in range(3):
        fn(i)
    times = np.empty(count)
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        times[i] = (time.perf_counter() - start) * 1000
    return times


def run_costs(data: Path, model: str, count: int) -> list[str]:
    path = data / "videos/thoughtful-720p.mp4"
    frames = list(video_frames(path, count)) if path.exists() else []
    if not frames:
        return ["(thoughtful-720p.mp4 not found)"]
    with open_segmenter(model) as segmenter:
        engine = MatteEngine.for_live(segmenter)
        confidences = [engine.confidence(f) for f in frames]
    alphas = [engine.alpha(f, c) for f, c in zip(frames, confidences, strict=True)]
    size = (frames[0].shape[1], frames[0].shape[0])
    n = len(frames)
    rows: list[tuple[str, float]] = []
    copy = np.empty_like(frames[0])
    rows.append(
        (
            "(reference: one 720p frame copy, np.copyto)",
            timed(lambda i: np.copyto(copy, frames[i % n]), n),
        )
    )
    off = Effects()
    rows.append(
        ("all off (the pipeline's `effects.active` check)", timed(lambda i: off.active, 1000))
    )
    framing = Effects(EffectsConfig(framing=True))
    framer = AutoFramer(AutoFrameConfig(), size, size)
    for i in range(30):
        framer.update(box_of(confidences[0], size, 0.5), i / FPS)
    matrix = framer.matrix(size, size)
    buffer = np.empty_like(frames[0])
    rows.append(
        (
            "auto-framing: controller (person box, dead zone, spring)",
            timed(lambda i: framer.update(box_of(confidences[i % n], size, 0.5), i / FPS), n),
        )
    )
    rows.append(
        (
            "auto-framing: the 720p crop (warpAffine, bilinear)",
            timed(lambda i: warp(frames[i % n], matrix, size, buffer), n),
        )
    )
    rows.append(
        (
            "auto-framing: whole hook (crop frame + confidence, controller)",
            timed(lambda i: framing.prepare(frames[i % n], confidences[i % n], i / FPS), n),
        )
    )
    rows += larger_camera_costs(frames, confidences, engine)
    light_rows = light_costs(frames, confidences, max(n, 300))
    touch_rows = touch_up_costs(frames, confidences, max(n, 300))
    for offset in (2, 5, -2, -5):
        rows.append(
            (
                f"edge offset {offset:+d}",
                timed(partial(_offset_once, alphas, offset), n)
                - timed(lambda i: alphas[i % n].copy(), n),
            )
        )
    overlay = Effects(EffectsConfig(name_tag="Ada Lovelace — Analyst", overlay=str(_logo())))
    rows.append(("overlay: logo + name tag", timed(lambda i: overlay.draw_overlay(buffer), n)))
    return (
        ["| effect, 720p | ms/frame (median) |", "| --- | --- |"]
        + [f"| {k} | {v:.3f} |" for k, v in rows]
        + ["", *light_rows]
        + ["", *touch_rows]
    )


def larger_camera_costs(
    frames: list[Frame], confidences: list[Mask], engine: MatteEngine
) -> list[tuple[str, float]]:
    """A 1080p camera for a 720p output (asked for when framing is on at the start): the hook
    scales or crops every frame down, and the engine prepares the larger frame."""
    big = [cv2.resize(f, (1920, 1080), interpolation=cv2.INTER_LINEAR) for f in frames]
    n = len(big)
    source, output = (1920, 1080), (frames[0].shape[1], frames[0].shape[0])
    framed = Effects(EffectsConfig(framing=True))
    framed.set_sizes(source, output)
    for i in range(30):
        framed.prepare(big[0], confidences[0], i / FPS)
    scaled = Effects()
    scaled.set_sizes(source, output)
    return [
        (
            "1080p camera, framing on: whole hook (crop to 720p + confidence, controller)",
            timed(lambda i: framed.prepare(big[i % n], confidences[i % n], (30 + i) / FPS), n),
        ),
        (
            "1080p camera, framing off: the scale to 720p",
            timed(lambda i: scaled.prepare(big[i % n], confidences[i % n], i / FPS), n),
        ),
        (
            "1080p camera: the engine's mask-free preparation, minus 720p's",
            timed(lambda i: engine.prepare(big[i % n]), n)
            - timed(lambda i: engine.prepare(frames[i % n]), n),
        ),
    ]


def light_costs(frames: list[Frame], confidences: list[Mask], count: int) -> list[str]:
    """The low-light hook against a 720p frame copy, interleaved call by call (same load)."""
    n = len(frames)
    darks = [cv2.convertScaleAbs(f, alpha=0.25) for f in frames]
    light = Effects(EffectsConfig(light=True))
    hidden = Effects(EffectsConfig(light=True))
    hidden.room_shown = False  # a picture replaces the room: the person's box only, denoised
    buffer = np.empty_like(frames[0])
    cases: dict[str, Callable[[int], object]] = {
        "(reference: one 720p frame copy, np.copyto)": lambda i: np.copyto(buffer, darks[i % n]),
        "low-light: whole hook (curve + LUT)": lambda i: light.prepare(
            darks[i % n], confidences[i % n], i / FPS
        ),
        "low-light: the LUT alone": lambda i: light.lift.apply(darks[i % n], buffer),
        "low-light, room hidden: whole hook (curve + box median + box LUT + copy)": (
            lambda i: hidden.prepare(darks[i % n], confidences[i % n], i / FPS)
        ),
    }
    return interleaved("low light, 720p", cases, count)


def _offset_once(alphas: list[Frame], offset: int, i: int) -> Frame:
    return offset_alpha(alphas[i % len(alphas)].copy(), offset)


def _logo() -> Path:
    path = Path("/tmp") / "zoomclone-benchmark-logo.png"
    logo = np.zeros((120, 240, 4), np.uint8)
    cv2.rectangle(logo, (0, 0), (239, 119), (40, 120, 240, 220), -1)
    cv2.imwrite(str(path), logo)
    return path


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.effects", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--frames", type=int, default=None, help="frames per clip (default: all)")
    parser.add_argument("--cost-frames", type=int, default=120)
    parser.add_argument("--model", default="landscape")
    parser.add_argument("--only", choices=("framing", "light", "costs"))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cv2.setNumThreads(1)  # as in the live pipeline
    sections: dict[str, Callable[[], list[str]]] = {
        "framing": lambda: run_framing(args.data, args.model, args.frames),
        "light": lambda: run_light(args.data, args.model, args.frames),
        "costs": lambda: run_costs(args.data, args.model, args.cost_frames),
    }
    for name, section in sections.items():
        if args.only in (None, name):
            print(f"\n### {name}\n")
            print("\n".join(section()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
