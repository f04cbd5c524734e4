"""Offline commands before and after, in one run: ``zoomclone image`` and ``zoomclone video``.

    python -m benchmarks.offline [--repeats 3] [--before-ref main] [--jobs N]

- image: the portraits folder with ``--jobs 1`` (before) and ``--jobs N`` (after, default: the
  cores), back to back, ``--repeats`` times.
- video: thoughtful-720p.mp4 with a 440 Hz AAC tone muxed in (the clip has no sound of its own)
  through the code at ``--before-ref`` (a temporary git worktree of that commit, run with this
  interpreter) and through this checkout (by default, H.264, and with ``--codec mpeg4``, the codec
  the OpenCV path wrote), back to back, ``--repeats`` times; the "after" output must hold the
  tone's packets unchanged.

Each run is its own process; wall time, CPU time (user + system of the whole process tree) and peak
resident memory (the sum over the tree, polled from /proc every 50 ms) are measured from outside.
On a shared machine read the ratios of back-to-back pairs and their spread, not absolute numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PORTRAITS = DATA / "portraits" / "images"
CLIP = DATA / "videos" / "thoughtful-720p.mp4"
POLL_S = 0.05
TONE_HZ = 440.0
AUDIO_RATE = 48000


@dataclass(frozen=True)
class Measure:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    load: float  # the machine's 1-minute load average when the run ended


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in kB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(
                    (int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0
                )
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run ``command``; SystemExit when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(POLL_S)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    _, err = process.communicate()
    wall = time.monotonic() - start
    done.set()
    poller.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measure(wall, cpu, peak / 1024, os.getloadavg()[0])


def with_tone(clip: Path, out: Path) -> int:
    """``clip``'s video packets copied into ``out`` with a 440 Hz AAC track; its frame count."""
    with av.open(str(clip)) as source, av.open(str(out), "w") as target:
        video_in = source.streams.video[0]
        video_out = target.add_stream_from_template(video_in)
        seconds = float(video_in.duration * video_in.time_base) if video_in.duration else 12.0
        audio = target.add_stream("aac", rate=AUDIO_RATE)
        audio.layout = "mono"
        frames = 0
        for packet in source.demux(video_in):
            if packet.size:
                packet.stream = video_out
                target.mux(packet)
                frames += 1
        samples = np.sin(2 * np.pi * TONE_HZ * np.arange(int(AUDIO_RATE * seconds)) / AUDIO_RATE)
        pcm = (samples * 12000).astype(np.int16)
        for start in range(0, len(pcm), 1024):
            chunk = av.AudioFrame.from_ndarray(pcm[None, start : start + 1024], "s16", "mono")
            chunk.sample_rate = AUDIO_RATE
            chunk.time_base = Fraction(1, AUDIO_RATE)
            target.mux(audio.encode(chunk))
        target.mux(audio.encode())
    return frames


def audio_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as media:
        if not media.streams.audio:
            return []
        return [bytes(p) for p in media.demux(media.streams.audio[0]) if p.size]


def _summary(label: str, ratios: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(ratios):.2f}x "
        f"(runs {', '.join(f'{r:.2f}' for r in ratios)}; spread {min(ratios):.2f}-{max(ratios):.2f})"
    )


def bench_image(repeats: int, jobs: int, tmp: Path) -> list[float]:
    ratios = []
    for repeat in range(repeats):
        runs = {}
        for n in (1, jobs):
            command = [sys.executable, "-m", "zoomclone", "image", str(PORTRAITS),
                       "--output-dir", str(tmp / f"image-{n}"), "--jobs", str(n)]  # fmt: skip
            runs[n] = measure(command, ROOT)
            m = runs[n]
            print(f"image --jobs {n} run {repeat + 1}: {m.wall_s:.1f} s wall, {m.cpu_s:.1f} s CPU, "
                  f"peak {m.peak_rss_mb:.0f} MB, load {m.load:.1f}", flush=True)  # fmt: skip
        ratios.append(runs[1].wall_s / runs[jobs].wall_s)
    return ratios


def bench_video(repeats: int, before_ref: str, tmp: Path) -> dict[str, list[float]]:
    """fps of this checkout (H.264 by default, and with --codec mpeg4, the codec the OpenCV path
    wrote) over the fps at ``before_ref``, per back-to-back repeat."""
    clip = tmp / "talk.mp4"
    frames = with_tone(CLIP, clip)
    old = tmp / "before"
    subprocess.run(["git", "worktree", "add", "--detach", str(old), before_ref], cwd=ROOT,
                   check=True, capture_output=True)  # fmt: skip
    ratios: dict[str, list[float]] = {"after": [], "after-mpeg4": []}
    variants: tuple[tuple[str, Path, list[str]], ...] = (
        ("before", old, []),
        ("after", ROOT, []),
        ("after-mpeg4", ROOT, ["--codec", "mpeg4"]),
    )
    try:
        for repeat in range(repeats):
            fps = {}
            for label, checkout, extra in variants:
                out = tmp / f"video-{label}.mp4"
                env = {**os.environ, "PYTHONPATH": str(checkout)}
                command = [sys.executable, "-m", "zoomclone", "video", str(clip), "-o", str(out)]
                m = measure([*command, *extra], checkout, env)
                fps[label] = frames / m.wall_s
                kept = audio_packets(out) == audio_packets(clip)
                print(f"video {label} run {repeat + 1}: {m.wall_s:.1f} s wall, "
                      f"{fps[label]:.1f} fps, {m.cpu_s:.1f} s CPU, peak {m.peak_rss_mb:.0f} MB, "
                      f"load {m.load:.1f}, audio kept: {kept}", flush=True)  # fmt: skip
            for label in ratios:
                ratios[label].append(fps[label] / fps["before"])
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT,
                       check=False, capture_output=True)  # fmt: skip
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--before-ref", default="main", help="the commit whose video is 'before'")
    parser.add_argument("--only", choices=("image", "video"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        lines = []
        if args.only != "video":
            image = bench_image(args.repeats, args.jobs, tmp)
            lines.append(_summary(f"image --jobs {args.jobs} vs --jobs 1 (wall time)", image))
        if args.only != "image":
            video = bench_video(args.repeats, args.before_ref, tmp)
            lines.append(_summary(f"video fps, this checkout vs {args.before_ref}", video["after"]))
            lines.append(_summary("video fps with --codec mpeg4 vs before", video["after-mpeg4"]))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
