"""Chaos soak: a paced ``zoomclone live`` run while its inputs and controls misbehave.

    python benchmarks/chaos.py [--seconds 120]

A generated clip is the input; during the run it vanishes and comes back at another size, the
control socket gets a flood of commands and a garbage client, the process is stopped and
continued, and background files are deleted and corrupted. Each check prints pass or FAIL, then a
figure table (frames, set vs measured rate, RSS, threads). Exit 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.background_memory import make_clip, make_pictures, wait_for_socket
from benchmarks.soak import proc_status
from zoomclone.control.client import send_command
from zoomclone.errors import ControlError

FPS = 30.0
RATE_SHARE = 0.8  # measured fps at least this share of the set rate once recovered
RSS_GROWTH_MB = 60.0
CLIP_SIZE = (640, 360)
MAX_LINES_SHOWN = 12
FLOOD = 50  # status commands per round
OTHER_SIZE = (960, 540)  # the input comes back at this size every other round


def status() -> dict[str, object]:
    reply = send_command(["status"])
    return dict(reply.get("status") or {})


def answers(count: int = FLOOD) -> list[bool]:
    """Send ``status`` ``count`` times; which ones were answered."""
    replies = []
    for _ in range(count):
        try:
            replies.append(bool(status()))
        except ControlError:
            replies.append(False)
    return replies


def garbage_client(runtime: Path) -> None:
    for path in runtime.rglob("*"):
        if path.is_socket():
            with socket.socket(socket.AF_UNIX) as client:
                client.settimeout(2.0)
                client.connect(str(path))
                client.sendall(b"[" * 1023 + b"\n\xff\xfe garbage\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    checks: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="zcchaos") as tmp:
        root = Path(tmp)
        runtime, folder = root / "run", root / "bgs"
        runtime.mkdir(mode=0o700)
        folder.mkdir()
        make_pictures(folder, 6, (1600, 1200))
        clip, other = root / "in.avi", root / "other.avi"
        make_clip(clip, CLIP_SIZE)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        command = [sys.executable, "-m", "zoomclone", "live", "--input", str(clip)]
        command += ["--background", str(folder), "--output", "null"]
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        wait_for_socket(process)
        assert process.stderr is not None
        lines: list[str] = []
        drain = threading.Thread(target=lambda: lines.extend(process.stderr or []))
        drain.start()  # a full pipe would stop the child
        time.sleep(2.0)
        start = proc_status(process.pid)
        before = status()
        frames0 = int(str(before.get("frames", 0)))
        t0 = time.monotonic()
        round_no, flood_ok, control_alive = 0, 0, True
        while time.monotonic() - t0 < args.seconds:
            round_no += 1
            clip.rename(other)  # the input vanishes...
            time.sleep(1.0)
            if round_no % 2:  # ...and comes back at another size, or as it was
                make_clip(clip, OTHER_SIZE)
            else:
                other.rename(clip)
            flood_ok += sum(answers())
            with contextlib.suppress(OSError):
                garbage_client(runtime)
            control_alive = control_alive and any(answers(3))
            process.send_signal(signal.SIGSTOP)
            time.sleep(2.0)
            process.send_signal(signal.SIGCONT)
            pictures = sorted(folder.iterdir())
            if len(pictures) > 2:
                pictures[0].unlink()
                pictures[1].write_bytes(b"not a picture")
            for _ in range(8):
                with contextlib.suppress(ControlError):
                    send_command(["next"])
            time.sleep(3.0)  # recovery time before the rate is judged
        try:
            recent = status()
        except ControlError:
            recent = {}
        frames1 = int(str(recent.get("frames", 0)))
        end = proc_status(process.pid)
        elapsed = time.monotonic() - t0
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=10.0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        drain.join(10.0)
    measured = float(str(recent.get("fps", 0)))
    checks["frames at the set rate"] = measured >= RATE_SHARE * FPS
    checks["control socket answers after a garbage client"] = control_alive
    checks["command flood answered"] = flood_ok == FLOOD * round_no
    checks["no traceback"] = not any("Traceback" in line for line in lines)
    checks["every line prefixed"] = all(line.startswith("zoomclone: ") for line in lines)
    checks["RSS flat"] = (end.get("VmRSS", 0) - start.get("VmRSS", 0)) / 1024 < RSS_GROWTH_MB
    checks["no thread dead"] = end.get("Threads", 0) >= start.get("Threads", 0)
    checks["exit 0 on SIGTERM"] = process.returncode == 0
    for name, ok in checks.items():
        print(f"{'pass' if ok else 'FAIL'}  {name}")
    print(f"rounds                  {round_no} in {elapsed:.0f} s")
    print(f"commands answered       {flood_ok} of {FLOOD * round_no}")
    print(f"frames sent             {frames1 - frames0} ({(frames1 - frames0) / elapsed:.1f}/s)")
    print(f"fps set / before / end  {FPS:g} / {before.get('fps')} / {measured:g}")
    rss0, rss1 = start.get("VmRSS", 0) / 1024, end.get("VmRSS", 0) / 1024
    print(f"RSS start / end (MB)    {rss0:.0f} / {rss1:.0f}")
    print(f"threads start / end     {start.get('Threads')} / {end.get('Threads')}")
    print(f"lines on stderr         {len(lines)}, the distinct ones:")
    print(f"exit code on SIGTERM    {process.returncode}")
    for line in sorted(set(lines))[:MAX_LINES_SHOWN]:
        print(f"  {line.rstrip()}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
