"""Pipeline benchmark: zoomclone live on a file source vs the seed method, on the same frames.

    python benchmarks/pipeline.py [--clip VIDEO] [--frames 300] [--sizes 640x480,1280x720,1920x1080]
    python benchmarks/pipeline.py --panel [--sizes 1280x720] [--repeat 3]

Each zoomclone run is a separate process (``python -m zoomclone live --input CLIP --size WxH
--output null --frames N --stats-json ...``), unpaced and paced at the clip's fps, with the default
quality settings; its peak RSS and the time from launch to the first output frame are measured
from outside. The seed method (the tutorial this app grew from: MediaPipe's ImageSegmenter, hard
0.9 mask, ``np.dstack``, ``np.where``, single-threaded; mediapipe comes with the ``test`` extra)
runs in this process on the same decoded frames. On a shared
machine compare ratios from one run, not absolute numbers across runs.

``--panel`` measures the control panel's cost instead: its own work per frame in this process; a
30 fps pipeline on a fake source with the panel, in alternating windows without and with a page's
preview stream; then whole ``zoomclone live`` runs, paced: ``--no-panel``, the panel served with no
page open, and one page watching the preview (a client here reading the MJPEG stream as fast as it
comes; the browser's own decoding is not zoomclone's cost).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = ROOT.parent / "shared" / "data" / "videos" / "thoughtful-720p.mp4"
DEFAULT_SIZES = "640x480,1280x720,1920x1080"
SEED_THRESHOLD = 0.9
PANEL_SETTINGS = ("off", "idle", "watched")
PANEL_START_S = 30.0


@dataclass(frozen=True)
class Run:
    size: str
    paced: bool
    stats: dict[str, Any]
    peak_rss_mb: float
    first_frame_s: float | None


def run_zoomclone(
    clip: Path, size: str, frames: int, paced: bool, background: str | None, panel: str = "idle"
) -> Run:
    """One ``zoomclone live`` process; its stats, peak RSS and launch-to-first-frame time.
    ``panel``: off (``--no-panel``), idle (served, no page) or watched (a client streams the
    preview for the whole run)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_path = Path(tmp) / "stats.json"
        command = [
            sys.executable, "-m", "zoomclone", "live", "--input", str(clip), "--size", size,
            "--output", "null", "--frames", str(frames), "--stats-json", str(stats_path),
        ]  # fmt: skip
        if background:
            command += ["--background", background]
        if not paced:
            command.append("--unpaced")
        if panel == "off":
            command.append("--no-panel")
        env = {**os.environ, "XDG_RUNTIME_DIR": tmp}  # its own panel.json and control socket
        launched = time.monotonic()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
        watcher = _watch_preview(Path(tmp) / "zoomclone" / "panel.json", process)
        if panel == "watched":
            watcher.start()
        _, err = process.communicate()
        if watcher.is_alive():
            watcher.join()
        if process.returncode != 0:
            raise SystemExit(f"zoomclone live failed ({process.returncode}): {err.strip()}")
        stats = json.loads(stats_path.read_text())
    first = stats.get("first_output_monotonic_s")
    return Run(
        size, paced, stats, stats["peak_rss_mb"], None if first is None else first - launched
    )


def _watch_preview(info: Path, process: subprocess.Popen[str]) -> threading.Thread:
    """A thread that reads the panel's preview stream until the run ends (like an open page)."""

    def read() -> None:
        deadline = time.monotonic() + PANEL_START_S
        while not info.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                return
            time.sleep(0.02)
        port, token = (json.loads(info.read_text())[k] for k in ("port", "token"))
        url = f"http://127.0.0.1:{port}/api/preview?token={token}"
        try:
            with urllib.request.urlopen(url, timeout=5.0) as stream:
                while stream.read(65536):
                    pass
        except OSError:
            return  # the run ended

    return threading.Thread(target=read, name="preview-watcher")


def panel_costs(clip: Path, size: tuple[int, int], seconds: float = 3.0) -> str:
    """The panel's own work measured in this process (batch medians, so far less noisy than whole
    runs on a shared machine): the tap per output frame with no page, the output thread's and the
    server's work per preview frame, and the idle server's CPU."""
    from zoomclone.panel.preview import PreviewConfig, PreviewTap
    from zoomclone.panel.runner import PanelServer

    capture = cv2.VideoCapture(str(clip))
    ok, first = capture.read()
    capture.release()
    if not ok:
        raise SystemExit(f"cannot read a frame of {clip}")
    frame = cv2.resize(first, size)
    cv2.setNumThreads(1)  # as during a live run (PipelineConfig.opencv_threads)
    tap = PreviewTap()

    def median_s(job: Any, repeat: int) -> float:
        """The lowest of 5 batch medians: the cost without the other programs' interference."""
        batches = []
        for _ in range(5):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                job()
                times.append(time.perf_counter() - started)
            batches.append(float(np.median(times)))
        return min(batches)

    idle = median_s(lambda: tap.send(frame), 1000)
    eager = PreviewTap(PreviewConfig(fps=1e9))  # every frame is due
    with eager.watching():
        posting = median_s(lambda: eager.send(frame), 100)
    preview = median_s(lambda: tap.jpeg(frame), 60)
    fps = tap.config.fps
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_RUNTIME_DIR"] = tmp
        with PanelServer(object(), tap) as panel:  # type: ignore[arg-type]
            panel.wait_serving(PANEL_START_S)
            cpu, wall = time.process_time(), time.monotonic()
            time.sleep(seconds)
            server_cores = (time.process_time() - cpu) / (time.monotonic() - wall)
    return (
        f"panel's own work: tap with no page {idle * 1e6:.2f} us/frame; per preview frame "
        f"{posting * 1e3:.2f} ms on the output thread + {preview * 1e3:.2f} ms on the server's "
        f"(scale to {tap.config.width_px} px, JPEG), at {fps:g} fps "
        f"{(posting + preview) * fps:.3f} cores; idle server {server_cores:.3f} cores"
    )


STREAM_READER = (
    "import sys, urllib.request\n"
    "with urllib.request.urlopen(sys.argv[1], timeout=5) as s:\n"
    "    while s.read(65536): pass\n"
)


def panel_stream_cost(clip: Path, size: tuple[int, int], windows: int = 4) -> str:
    """A 30 fps pipeline on a fake source (the clip's first frame, fake segmenter) with the panel,
    in this process: CPU and fps over alternating 5 s windows without and with a page's preview
    stream (read by another process, as a browser would). Alternating puts both under the same
    load from the rest of the machine."""
    from zoomclone.backgrounds import BackgroundCycle, load_backgrounds
    from zoomclone.clock import SystemClock
    from zoomclone.live.config import PipelineConfig
    from zoomclone.live.governor import GovernorConfig
    from zoomclone.live.pipeline import LivePipeline
    from zoomclone.matting.engine import MatteEngine
    from zoomclone.matting.framing import FramingConfig
    from zoomclone.matting.matte import MatteConfig
    from zoomclone.panel.preview import PreviewTap
    from zoomclone.panel.runner import PanelServer
    from zoomclone.segmentation import FakeSegmenter
    from zoomclone.sinks import NullSink
    from zoomclone.sources import FakeSource

    capture = cv2.VideoCapture(str(clip))
    _, first = capture.read()
    capture.release()
    still = cv2.resize(first, size)
    tap = PreviewTap()
    pipeline = LivePipeline(
        source=FakeSource(size[0], size[1], fps=30.0, make=lambda i, w, h: still),
        engine=MatteEngine(FakeSegmenter(), MatteConfig(refine=False), FramingConfig()),
        sinks=[NullSink(), tap],
        backgrounds=BackgroundCycle(load_backgrounds(("white",))),
        config=PipelineConfig(pace_fps=30.0, governor=GovernorConfig(enabled=False)),
        clock=SystemClock(),
    )

    def window(seconds: float = 5.0) -> tuple[float, float]:
        cpu, wall, frames = time.process_time(), time.monotonic(), pipeline.status()["frames"]
        time.sleep(seconds)
        elapsed = time.monotonic() - wall
        return (time.process_time() - cpu) / elapsed, (
            pipeline.status()["frames"] - frames
        ) / elapsed

    runner = threading.Thread(target=pipeline.run)
    runner.start()
    found: dict[str, list[tuple[float, float]]] = {"no page": [], "one page": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["XDG_RUNTIME_DIR"] = tmp
            with PanelServer(pipeline, tap) as panel:
                panel.wait_serving(PANEL_START_S)
                url = f"http://127.0.0.1:{panel.port}/api/preview?token={panel.token}"
                for _ in range(windows):
                    found["no page"].append(window())
                    reader = subprocess.Popen([sys.executable, "-c", STREAM_READER, url])
                    time.sleep(0.5)
                    found["one page"].append(window())
                    reader.terminate()
                    reader.wait()
                    time.sleep(0.5)
    finally:
        pipeline.stop()
        runner.join()
    lines = [
        f"panel, {name:>8}: cpu {np.median([c for c, _ in v]):.3f} cores "
        f"({', '.join(f'{c:.3f}' for c, _ in v)}), fps {np.median([f for _, f in v]):.1f}"
        for name, v in found.items()
    ]
    added = [w[0] - n[0] for n, w in zip(found["no page"], found["one page"], strict=True)]
    lines.append(f"panel, one page adds {np.median(added):+.3f} cores (median of paired windows)")
    return "\n".join(lines)


def run_panel(args: argparse.Namespace) -> int:
    """cpu, fps, latency and first frame with the panel off, idle and watched, paced."""
    print(f"clip {args.clip.name}, {args.frames} frames per run, {os.cpu_count()} cores, paced, "
          f"{args.repeat} run(s) per setting; panel: {', '.join(PANEL_SETTINGS)}")  # fmt: skip
    report: dict[str, Any] = {"panel": []}
    for size in args.sizes.split(","):
        dims: tuple[int, int] = tuple(int(v) for v in size.split("x"))  # type: ignore[assignment]
        print(panel_costs(args.clip, dims))
        print(panel_stream_cost(args.clip, dims))
        settings: dict[str, list[Run]] = {s: [] for s in PANEL_SETTINGS}
        for _ in range(args.repeat):  # settings alternate, so each sees the same noise
            for setting in PANEL_SETTINGS:
                settings[setting].append(
                    run_zoomclone(args.clip, size, args.frames, True, args.background, setting)
                )
        for setting, repeats in settings.items():
            print(f"panel {setting}")
            print(format_run(median_run(repeats)))
            if len(repeats) > 1:
                print(format_spread(repeats))
            entry = as_json(size, median_run(repeats))
            entry["panel"] = setting
            entry["repeats"] = [as_json(size, r) for r in repeats]
            report["panel"].append(entry)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def run_seed(clip: Path, size: tuple[int, int], count: int) -> float:
    """Frames per second of the seed method, single-threaded, decoding each frame as it goes (as
    zoomclone's capture thread does): full-frame segment, hard 0.9 mask, np.dstack, np.where."""
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    from zoomclone.models import load_model_bytes
    from zoomclone.native_log import native_stderr_silenced

    background = np.full((size[1], size[0], 3), (0, 177, 64), np.uint8)
    options = vision.ImageSegmenterOptions(
        base_options=BaseOptions(model_asset_buffer=load_model_bytes("landscape")),
        output_confidence_masks=True,
        output_category_mask=False,
    )
    with native_stderr_silenced():
        segmenter = vision.ImageSegmenter.create_from_options(options)
    capture = cv2.VideoCapture(str(clip))
    try:
        started = time.perf_counter()
        for _ in range(count):
            ok, frame = capture.read()
            if not ok:
                capture.release()
                capture = cv2.VideoCapture(str(clip))
                ok, frame = capture.read()
            if frame.shape[1::-1] != size:
                frame = cv2.resize(frame, size)
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            result = segmenter.segment(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
            mask = result.confidence_masks[0].numpy_view().reshape(size[1], size[0])
            condition = np.dstack((mask,) * 3) > SEED_THRESHOLD
            np.where(condition, frame, background)
        elapsed = time.perf_counter() - started
    finally:
        capture.release()
        segmenter.close()
    return count / elapsed


def median_run(runs: list[Run]) -> Run:
    """The run with the median fps (seed and zoomclone runs alternate, so both see the same noise)."""
    return sorted(runs, key=lambda r: r.stats["fps"])[len(runs) // 2]


def format_run(run: Run) -> str:
    s = run.stats
    stage = "  ".join(
        f"{k} {s['stage_ms'][k]:.1f}/{s['stage_p95_ms'][k]:.1f}" for k in s["stage_ms"]
    )
    first = f"{run.first_frame_s:.2f}s" if run.first_frame_s is not None else "-"
    return (
        f"{run.size:>9} {'paced' if run.paced else 'unpaced':>7}  fps {s['fps']:6.1f}  "
        f"cpu {s['cpu_cores']:.2f}  latency p50/p95 {s['latency_ms']['p50']:.1f}/"
        f"{s['latency_ms']['p95']:.1f} ms  mask age p50/max {s['mask_age_frames']['p50']}/"
        f"{s['mask_age_frames']['max']}  dropped {s['dropped_frames']}  rss {run.peak_rss_mb:.0f} MB  "
        f"first frame {first}\n{'':19}stage ms median/p95: {stage}"
        + (f"\n{'':19}degraded: {', '.join(s['degraded'])}" if s.get("degraded") else "")
    )


def format_spread(repeats: list[Run]) -> str:
    """The range of the numbers the targets are about, over all runs of one setting."""

    def spread(values: list[float], digits: int) -> str:
        return f"{min(values):.{digits}f}-{max(values):.{digits}f}"

    stats = [r.stats for r in repeats]
    return (
        f"{'':19}over {len(repeats)} runs: fps {spread([s['fps'] for s in stats], 1)}  cpu "
        f"{spread([s['cpu_cores'] for s in stats], 2)}  latency p50 "
        f"{spread([s['latency_ms']['p50'] for s in stats], 1)} p95 "
        f"{spread([s['latency_ms']['p95'] for s in stats], 1)} ms"
    )


def as_json(size: str, run: Run) -> dict[str, Any]:
    return {
        "size": size,
        "paced": run.paced,
        "stats": run.stats,
        "peak_rss_mb": run.peak_rss_mb,
        "first_frame_s": run.first_frame_s,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument(
        "--background", help="zoomclone's background (default: the app's own default)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per setting; the run with the median fps is shown",
    )
    parser.add_argument("--json", type=Path, help="also write all numbers here")
    parser.add_argument(
        "--panel",
        action="store_true",
        help="measure the control panel instead: off, served with no page, one page watching",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.clip.exists():
        print(f"clip not found: {args.clip} (pass --clip VIDEO)", file=sys.stderr)
        return 2
    if args.panel:
        return run_panel(args)
    print(f"clip {args.clip.name}, {args.frames} frames per run, {os.cpu_count()} cores, "
          f"background {args.background or 'default'}, {args.repeat} run(s) per setting")  # fmt: skip
    report: dict[str, Any] = {"runs": [], "seed_fps": {}}
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        seed_runs: list[float] = []
        settings: list[list[Run]] = []
        for paced in (False, True):
            repeats = []
            for _ in range(args.repeat):
                if not paced:  # seed and zoomclone runs alternate, so both see the same noise
                    seed_runs.append(run_seed(args.clip, (width, height), args.frames))
                repeats.append(run_zoomclone(args.clip, size, args.frames, paced, args.background))
            settings.append(repeats)
        seed_fps = float(np.median(seed_runs))
        runs = [median_run(repeats) for repeats in settings]
        for run, repeats in zip(runs, settings, strict=True):
            print(format_run(run))
            if len(repeats) > 1:
                print(format_spread(repeats))
            entry = as_json(size, run)
            entry["repeats"] = [as_json(size, r) for r in repeats]
            report["runs"].append(entry)
        ratio = runs[0].stats["fps"] / seed_fps
        report["seed_fps"][size] = seed_fps
        print(
            f"{size:>9}    seed  fps {seed_fps:6.1f}  (single-threaded)  ->  zoomclone unpaced / seed = {ratio:.2f}x\n"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
