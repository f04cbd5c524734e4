"""Matte quality of zoomclone against the seed method, on the evaluation data in ../shared/data.

Runs the app's own matte (``MatteEngine`` with the defaults the commands use) over the portraits
(one photo at a time, as ``zoomclone image`` does), the DAVIS sequences and ``thoughtful.mp4``
(frames in order through one engine, as ``zoomclone video`` does), and the seed method beside it:
the same model on the whole frame, its mask resized to the frame and cut at 0.9. The metrics are
exactly those of ``../shared/data/README.md`` (see ``benchmarks/metrics.py``).

    python -m benchmarks.quality                       # everything, a table
    python -m benchmarks.quality --json                # the same, for machines
    python -m benchmarks.quality --datasets davis --video-model general --max-frames 30
    python -m benchmarks.quality --datasets portraits --sheet out/sheet.jpg   # the contact sheet

Portraits are scored twice: with the edge matting ``zoomclone image`` applies
(``zoomclone.matting.alpha_matting``) and without it (the engine's alpha and the photo's own colours), and
each gets the colour fringe of ``benchmarks/matting_view.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

import cv2

from benchmarks.metrics import (
    Alpha,
    Truth,
    as_unit,
    flicker,
    load_truth,
    temporal_error,
)
from benchmarks.portraits import run_portraits
from benchmarks.scores import Row, Scores, mean, seed_alpha, still_scores
from zoomclone.frames import Frame
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import open_segmenter
from zoomclone.segmentation.base import Segmenter

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEQUENCES = ("lucia", "dance-twirl", "tennis")
FLICKER_VIDEO = "videos/thoughtful.mp4"
DATASETS = ("portraits", "davis", "thoughtful")
DEFAULT_SHEET = Path("out") / "quality" / "contact-sheet.jpg"

Method = Callable[[Frame], Alpha]


PROFILES: dict[str, Callable[[Segmenter], MatteEngine]] = {
    "video": MatteEngine,
    "live": MatteEngine.for_live,
}
PROFILE_MODELS = {"video": "general", "live": "landscape"}


def video_method(engine: MatteEngine) -> Method:
    """zoomclone on a video: frames in order through one engine."""
    return lambda frame: as_unit(engine.alpha(frame, engine.confidence(frame)))


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
    sheet: Path | None = None,
) -> list[Row]:
    rows: list[Row] = []
    if "portraits" in datasets:
        rows += run_portraits(data, still_model, max_images, sheet)
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
    header += f"{'dtErr':>16}{'flicker':>16}{'fringe':>16}"
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = [
            f"{_cell(getattr(row.ours, m), d)} / {_cell(getattr(row.seed, m), d)}"
            for m, d in (
                ("iou", 3),
                ("bf", 3),
                ("mad", 3),
                ("dt_err", 1),
                ("flicker", 2),
                ("fringe", 1),
            )
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
    parser.add_argument(
        "--sheet",
        type=Path,
        default=DEFAULT_SHEET,
        help=f"contact sheet of the portraits over a flat colour (default: {DEFAULT_SHEET})",
    )
    parser.add_argument("--no-sheet", action="store_true", help="do not write the contact sheet")
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
        None if args.no_sheet else args.sheet,
    )
    print(json.dumps([asdict(r) for r in rows], indent=2) if args.json else format_table(rows))
    if "portraits" in args.datasets.split(",") and not args.no_sheet:
        print(f"contact sheet: {args.sheet}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
