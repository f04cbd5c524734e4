"""Matte quality of zoomclone against the seed method, on the evaluation data in ../shared/data.

Runs the app's own matte (``MatteEngine`` with the defaults the commands use) over the portraits
(one photo at a time, as ``zoomclone image`` does), the DAVIS sequences and ``thoughtful.mp4``
(frames in order through one engine, as ``zoomclone video`` does), and the seed method beside it:
the same model on the whole frame, its mask resized to the frame and cut at 0.9. The metrics are
exactly those of ``../shared/data/README.md`` (see ``benchmarks/metrics.py``).

    python -m benchmarks.quality                       # everything, a table
    python -m benchmarks.quality --json                # the same, for machines
    python -m benchmarks.quality --datasets davis --video-model general --max-frames 30
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np

from benchmarks.metrics import (
    Alpha,
    Truth,
    as_unit,
    boundary_f,
    flicker,
    iou,
    load_truth,
    mad,
    temporal_error,
)
from zoomclone.engine import MatteEngine
from zoomclone.segmentation import open_segmenter
from zoomclone.segmentation.base import Frame, Segmenter

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED_THRESHOLD = 0.9
BIG_PERSON_FRACTION = 0.25
SEQUENCES = ("lucia", "dance-twirl", "tennis")
FLICKER_VIDEO = "videos/thoughtful.mp4"
DATASETS = ("portraits", "davis", "thoughtful")

Method = Callable[[Frame], Alpha]


@dataclass
class Scores:
    """Metric means over a dataset for one method (None where a metric does not apply)."""

    iou: float | None = None
    bf: float | None = None
    mad: float | None = None
    dt_err: float | None = None
    flicker: float | None = None
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


PROFILES: dict[str, Callable[[Segmenter], MatteEngine]] = {
    "video": MatteEngine,
    "live": MatteEngine.for_live,
}
PROFILE_MODELS = {"video": "general", "live": "landscape"}


def seed_alpha(segmenter: Segmenter, frame: Frame) -> Alpha:
    """The seed method: the whole frame's mask resized to the frame, hard cut at 0.9."""
    height, width = frame.shape[:2]
    mask = cv2.resize(segmenter.segment(frame), (width, height), interpolation=cv2.INTER_LINEAR)
    return (mask >= SEED_THRESHOLD).astype(np.float32)


def still_method(engine: MatteEngine) -> Method:
    """zoomclone on a photo: a fresh stream per photo."""

    def run(frame: Frame) -> Alpha:
        engine.reset()
        return as_unit(engine.alpha(frame, engine.confidence(frame)))

    return run


def video_method(engine: MatteEngine) -> Method:
    """zoomclone on a video: frames in order through one engine."""
    return lambda frame: as_unit(engine.alpha(frame, engine.confidence(frame)))


def mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def still_scores(pairs: Sequence[tuple[Alpha, Truth]]) -> Scores:
    """IoU, BF and MAD averaged over images."""
    return Scores(
        iou=mean([iou(a, g) for a, g in pairs]),
        bf=mean([boundary_f(a, g) for a, g in pairs]),
        mad=mean([mad(a, g) for a, g in pairs]),
        count=len(pairs),
    )


def portrait_files(data: Path, limit: int | None) -> list[tuple[Path, Path]]:
    """(image, mask) pairs of the portraits, sorted by name."""
    images = sorted((data / "portraits" / "images").glob("*.jpg"))[:limit]
    return [(p, data / "portraits" / "masks" / f"{p.stem}.png") for p in images]


def run_portraits(data: Path, model: str, limit: int | None) -> list[Row]:
    """All portraits and those where the person covers more than a quarter of the photo."""
    start = time.perf_counter()
    with open_segmenter(model) as segmenter:
        ours_method = still_method(MatteEngine.for_stills(segmenter))
        ours: list[tuple[Alpha, Truth]] = []
        seed: list[tuple[Alpha, Truth]] = []
        for image_path, mask_path in portrait_files(data, limit):
            image = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
            truth = load_truth(str(mask_path), image.shape[:2])
            ours.append((ours_method(image), truth))
            seed.append((seed_alpha(segmenter, image), truth))
    seconds = time.perf_counter() - start
    big = [i for i, (_, g) in enumerate(ours) if g.mean() > BIG_PERSON_FRACTION]
    return [
        Row("portraits (all)", model, still_scores(ours), still_scores(seed), seconds),
        Row(
            "portraits (person > 25%)",
            model,
            still_scores([ours[i] for i in big]),
            still_scores([seed[i] for i in big]),
        ),
    ]


def sequence_frames(folder: Path, limit: int | None) -> Iterator[tuple[Frame, Truth]]:
    """Frames of a DAVIS sequence with their ground truth, in order."""
    for frame_path in sorted((folder / "frames").glob("*.jpg"))[:limit]:
        frame = cv2.imread(str(frame_path), cv2.IMREAD_COLOR)
        truth = load_truth(str(folder / "masks" / f"{frame_path.stem}.png"), frame.shape[:2])
        yield frame, truth


def sequence_scores(alphas: list[Alpha], truths: list[Truth]) -> Scores:
    scores = still_scores(list(zip(alphas, truths, strict=True)))
    scores.dt_err = temporal_error(alphas, truths)
    return scores


def run_sequence(
    data: Path, name: str, model: str, limit: int | None, profile: str = "video"
) -> Row:
    """One DAVIS sequence through one engine, frames in order."""
    start = time.perf_counter()
    ours: list[Alpha] = []
    seed: list[Alpha] = []
    truths: list[Truth] = []
    with open_segmenter(model) as segmenter:
        method = video_method(PROFILES[profile](segmenter))
        for frame, truth in sequence_frames(data / "sequences" / name, limit):
            ours.append(method(frame))
            seed.append(seed_alpha(segmenter, frame))
            truths.append(truth)
    seconds = time.perf_counter() - start
    return Row(name, model, sequence_scores(ours, truths), sequence_scores(seed, truths), seconds)


def video_frames(path: Path, limit: int | None) -> Iterator[Frame]:
    """Frames decoded straight from a video file."""
    capture = cv2.VideoCapture(str(path))
    try:
        count = 0
        while limit is None or count < limit:
            ok, frame = capture.read()
            if not ok:
                return
            count += 1
            yield frame
    finally:
        capture.release()


def run_flicker(data: Path, model: str, limit: int | None, profile: str = "video") -> Row:
    """Flicker of the matte on a video without ground truth."""
    start = time.perf_counter()
    ours: list[Alpha] = []
    seed: list[Alpha] = []
    with open_segmenter(model) as segmenter:
        method = video_method(PROFILES[profile](segmenter))
        for frame in video_frames(data / FLICKER_VIDEO, limit):
            ours.append(method(frame))
            seed.append(seed_alpha(segmenter, frame))
    seconds = time.perf_counter() - start
    return Row(
        "thoughtful.mp4",
        model,
        Scores(flicker=flicker(ours), count=len(ours)),
        Scores(flicker=flicker(seed), count=len(seed)),
        seconds,
    )


def davis_mean(rows: Sequence[Row]) -> Row:
    """The mean of the DAVIS rows (each sequence weighs the same)."""

    def avg(scores: list[Scores]) -> Scores:
        return Scores(
            iou=mean([s.iou for s in scores if s.iou is not None]),
            bf=mean([s.bf for s in scores if s.bf is not None]),
            mad=mean([s.mad for s in scores if s.mad is not None]),
            dt_err=mean([s.dt_err for s in scores if s.dt_err is not None]),
            count=sum(s.count for s in scores),
        )

    return Row(
        "DAVIS mean",
        rows[0].model,
        avg([r.ours for r in rows]),
        avg([r.seed for r in rows]),
        sum(r.seconds for r in rows),
    )


def run(
    data: Path,
    datasets: Sequence[str],
    still_model: str,
    video_model: str,
    max_images: int | None,
    max_frames: int | None,
    profile: str = "video",
) -> list[Row]:
    rows: list[Row] = []
    if "portraits" in datasets:
        rows += run_portraits(data, still_model, max_images)
    if "davis" in datasets:
        davis = [run_sequence(data, name, video_model, max_frames, profile) for name in SEQUENCES]
        rows += [*davis, davis_mean(davis)]
    if "thoughtful" in datasets:
        rows.append(run_flicker(data, video_model, max_frames, profile))
    return rows


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table: our value / the seed's value for each metric."""
    header = f"{'dataset':<26}{'model':<11}{'n':>4}  {'IoU':>16}{'BF':>16}{'MAD':>16}"
    header += f"{'dtErr':>16}{'flicker':>16}"
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = [
            f"{_cell(getattr(row.ours, m), d)} / {_cell(getattr(row.seed, m), d)}"
            for m, d in (("iou", 3), ("bf", 3), ("mad", 3), ("dt_err", 1), ("flicker", 2))
        ]
        lines.append(
            f"{row.dataset:<26}{row.model:<11}{row.ours.count:>4}  "
            + "".join(f"{c:>16}" for c in cells)
        )
    lines.append("each cell: zoomclone / seed (same model, whole frame, hard cut at 0.9)")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the evaluation data")
    parser.add_argument(
        "--datasets",
        default=",".join(DATASETS),
        help=f"comma-separated subset of {','.join(DATASETS)}",
    )
    parser.add_argument("--still-model", default="general", help="model for the portraits")
    parser.add_argument(
        "--video-model",
        default=None,
        help="model for the videos (default: general for --profile video, as `zoomclone video` "
        "uses; landscape for --profile live, as `zoomclone live` uses)",
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="video",
        help="the engine settings for sequences: those of `zoomclone video` or of `zoomclone live`",
    )
    parser.add_argument("--max-images", type=int, default=None, help="use the first N portraits")
    parser.add_argument("--max-frames", type=int, default=None, help="use the first N frames")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    unknown = set(args.datasets.split(",")) - set(DATASETS)
    if unknown:
        parser.error(f"unknown dataset(s) {sorted(unknown)}: choose from {', '.join(DATASETS)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"evaluation data not found at {args.data}: pass --data DIR", file=sys.stderr)
        return 2
    rows = run(
        args.data,
        args.datasets.split(","),
        args.still_model,
        args.video_model or PROFILE_MODELS[args.profile],
        args.max_images,
        args.max_frames,
        args.profile,
    )
    print(json.dumps([asdict(r) for r in rows], indent=2) if args.json else format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
