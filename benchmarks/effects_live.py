"""What each effect costs inside a whole ``zoomclone live`` run: CPU per frame, effect on against off.

    python -m benchmarks.effects_live [--repeat 3] [--frames 300] [--effects light,framing]

The clip (thoughtful-720p.mp4 from ../shared/data) is darkened to a quarter of its brightness into a
temporary file (so the low-light lift has work to do). Each case is one ``zoomclone live --input
DARK --size 1280x720 --output null --frames N --no-panel`` process, paced at the clip's 30 fps, with
its ``cpu_cores`` from ``--stats-json``; the cases run in turn (off, then each effect), ``--repeat``
rounds, for a picture background (``white``: the room hidden) and ``blur`` (the room shown). The
cost of an effect is (its cpu_cores - the same round's "off") x 1000 / fps, in ms of CPU per frame:
the same-round difference cancels most of a shared machine's drift.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from benchmarks.quality import DEFAULT_DATA

EFFECTS = {
    "off": [],
    "light": ["--light", "auto"],
    "framing": ["--frame", "auto"],
    "edge": ["--edge-offset", "2"],
    "overlay": ["--name-tag", "Ada Lovelace — Analyst"],
}
BACKGROUNDS = ("white", "blur")


def darken(clip: Path, target: Path, share: float = 0.25) -> float:
    """``clip`` at ``share`` of its brightness into ``target`` (MJPG); returns its fps."""
    capture = cv2.VideoCapture(str(clip))
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        writer.write(cv2.convertScaleAbs(frame, alpha=share))
    writer.release()
    capture.release()
    return float(fps)


def cpu_cores(clip: Path, frames: int, background: str, flags: list[str], tmp: Path) -> float:
    stats = tmp / "stats.json"
    command = [
        sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--size", "1280x720",
        "--output", "null", "--frames", str(frames), "--no-panel", "--background", background,
        "--stats-json", str(stats), *flags,
    ]  # fmt: skip
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp)}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"zoomclone live failed ({done.returncode}): {done.stderr.strip()}")
    return float(json.loads(stats.read_text())["cpu_cores"])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--effects", default="light,framing", help="of: " + ", ".join(EFFECTS))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    clip = args.data / "videos" / "thoughtful-720p.mp4"
    if not clip.exists():
        print(f"skipped: {clip} is not there")
        return 0
    names = ["off", *[n for n in args.effects.split(",") if n and n != "off"]]
    unknown = [n for n in names if n not in EFFECTS]
    if unknown:
        raise SystemExit(f"unknown effect {unknown[0]!r}: choose from {', '.join(EFFECTS)}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        fps = darken(clip, tmp / "dark.avi")
        cores: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.repeat):
            for background in BACKGROUNDS:
                for name in names:
                    value = cpu_cores(tmp / "dark.avi", args.frames, background, EFFECTS[name], tmp)
                    cores.setdefault((background, name), []).append(value)
    print(
        f"| background | effect | cpu_cores per run | ms of CPU per frame vs off, per round ({fps:.0f} fps) | mean |"
    )
    print("| --- | --- | --- | --- | --- |")
    for background in BACKGROUNDS:
        off = np.array(cores[(background, "off")])
        for name in names:
            runs = np.array(cores[(background, name)])
            costs = (runs - off) * 1000 / fps
            per_run = ", ".join(f"{v:.3f}" for v in runs)
            per_round = ", ".join(f"{c:+.2f}" for c in costs) if name != "off" else "-"
            mean = f"{costs.mean():+.2f}" if name != "off" else "-"
            print(f"| {background} | {name} | {per_run} | {per_round} | {mean} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
