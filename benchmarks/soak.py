"""Soak: a long paced ``zoomclone live`` run with the real model, its memory and threads sampled.

    python benchmarks/soak.py [--minutes 10] [--clip VIDEO] [--every 30]

Runs ``python -m zoomclone live --input CLIP --output null --frames N --stats-json ...`` for the given
time at the clip's fps and prints the process's resident memory and thread count every ``--every``
seconds (Linux ``/proc``), then the run's statistics. A leak shows as RSS that keeps climbing after
the statistics windows have filled (10,000 samples: about 5.5 minutes at 30 fps).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = ROOT.parent / "shared" / "data" / "videos" / "thoughtful-720p.mp4"
CLIP_FPS = 30


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS (kB) and Threads of a running process."""
    values: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "Threads"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    args = parser.parse_args(argv)
    if not args.clip.exists():
        print(f"clip not found: {args.clip} (pass --clip VIDEO)", file=sys.stderr)
        return 2
    frames = int(args.minutes * 60 * CLIP_FPS)
    with tempfile.TemporaryDirectory() as tmp:
        stats_path = Path(tmp) / "stats.json"
        command = [
            sys.executable, "-m", "zoomclone", "live", "--input", str(args.clip), "--output", "null",
            "--frames", str(frames), "--stats-json", str(stats_path), "--no-control-socket",
        ]  # fmt: skip
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while process.poll() is None:
            sample = proc_status(process.pid)
            if sample:
                print(f"{time.monotonic() - started:6.0f} s  rss {sample.get('VmRSS', 0) / 1024:7.1f} MB  "
                      f"threads {sample.get('Threads', 0)}", flush=True)  # fmt: skip
            time.sleep(args.every)
        if process.returncode != 0:
            print(f"zoomclone live exited with {process.returncode}", file=sys.stderr)
            return 1
        print(json.dumps(json.loads(stats_path.read_text()), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
