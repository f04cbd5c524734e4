"""Peak memory of ``zoomclone live`` with many large backgrounds, stepped through one by one.

    python benchmarks/background_memory.py [--count 50] [--size 4000x3000] [--seconds-each 0.3]

Makes ``--count`` pictures of ``--size`` (JPEG and PNG, alternating) and a 1280x720 clip in a
temporary folder, runs ``python -m zoomclone live --input CLIP --background FOLDER --output null``
with its own control socket, sends ``next`` until every background has been shown, stops it, and
prints the run's peak RSS (``--stats-json``: VmHWM) beside the sampled VmRSS.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from benchmarks.soak import proc_status

CLIP_SIZE = (1280, 720)
CLIP_FRAMES = 60
START_TIMEOUT_S = 60.0


def make_pictures(folder: Path, count: int, size: tuple[int, int]) -> None:
    """Smooth gradients with a few shapes: large pictures that stay small on disk."""
    width, height = size
    ramp = np.linspace(0, 255, width, dtype=np.float32)
    for i in range(count):
        picture = np.empty((height, width, 3), np.uint8)
        picture[:] = np.stack([ramp, ramp[::-1], np.full(width, 5.0 * i)], axis=1).astype(np.uint8)
        cv2.circle(picture, (width // 3, height // 2), height // 4, (20 * i % 255, 90, 200), -1)
        suffix = "jpg" if i % 2 == 0 else "png"
        cv2.imwrite(str(folder / f"bg{i:03d}.{suffix}"), picture)


def make_clip(path: Path, size: tuple[int, int] = CLIP_SIZE) -> None:
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, size)
    for i in range(CLIP_FRAMES):
        frame = np.full((height, width, 3), 40, np.uint8)
        axes = (width // 6, height * 2 // 5)
        cv2.ellipse(frame, (width // 2 + i, height // 2), axes, 0, 0, 360, (210, 190, 170), -1)
        writer.write(frame)
    writer.release()


def wait_for_socket(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    deadline = time.monotonic() + START_TIMEOUT_S
    for line in process.stderr:
        if "control socket" in line or time.monotonic() > deadline:
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--seconds-each", type=float, default=0.3)
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="zcmem") as tmp:
        folder, runtime = Path(tmp) / "bgs", Path(tmp) / "run"
        folder.mkdir()
        runtime.mkdir(mode=0o700)
        make_pictures(folder, args.count, (width, height))
        clip, stats = Path(tmp) / "clip.avi", Path(tmp) / "stats.json"
        make_clip(clip)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        from zoomclone.control.client import send_command
        from zoomclone.errors import ControlError

        command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip)]
        command += ["--background", str(folder), "--output", "null", "--stats-json", str(stats)]
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        rss_mb: list[float] = []
        try:
            wait_for_socket(process)
            for _ in range(args.count):
                time.sleep(args.seconds_each)
                rss_mb.append(proc_status(process.pid).get("VmRSS", 0) / 1024)
                try:
                    send_command(["next"])
                except ControlError as err:  # a loaded machine: the next one goes through
                    print(f"next: {err}", file=sys.stderr)
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=START_TIMEOUT_S)
        finally:
            process.kill()
        summary = json.loads(stats.read_text())
    print(f"backgrounds            {args.count} x {width}x{height} (JPEG and PNG)")
    print(f"frames                 {summary['frames']} at {summary['fps']} fps")
    print(f"VmRSS sampled (MB)     min {min(rss_mb):.0f}  max {max(rss_mb):.0f}")
    print(f"peak RSS, VmHWM (MB)   {summary['peak_rss_mb']:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
