"""Linux: another process holds the webcam, named from the ``/proc/<pid>/fd`` links."""

from __future__ import annotations

from pathlib import Path

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.doctor.video_devices import video_devices
from zoomclone.live.on_demand import device_readers

NAME = "camera in use"


def process_name(machine: Machine, pid: int) -> str:
    """'zoomclone' for a zoomclone process, else the kernel's short name of the command."""
    proc = machine.proc_root / str(pid)
    try:
        command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        command = ""
    if "zoomclone" in command:
        return "zoomclone"
    try:
        return (proc / "comm").read_text(errors="replace").strip() or f"pid {pid}"
    except OSError:
        return f"pid {pid}"


def holders(machine: Machine, device: Path) -> list[tuple[int, str]]:
    """(pid, name) of every other process that has ``device`` open and lets us see it."""
    pids = device_readers(device, machine.proc_root, machine.own_pid)
    return [(pid, process_name(machine, pid)) for pid in sorted(pids)]


def check_busy_camera(machine: Machine) -> CheckResult:
    cameras = [d for d in video_devices(machine) if not d.loopback and d.primary]
    if not cameras:
        return CheckResult(NAME, Status.SKIP, "no webcam to look at")
    busy = {camera.path: holders(machine, camera.path) for camera in cameras}
    busy = {path: found for path, found in busy.items() if found}
    if not busy:
        listed = ", ".join(str(c.path) for c in cameras)
        return CheckResult(NAME, Status.OK, f"no other process has {listed} open")
    items = tuple(
        f"{path}: {name} (pid {pid})" for path, found in busy.items() for pid, name in found
    )
    names = sorted({name for found in busy.values() for _, name in found})
    pids = " ".join(str(pid) for found in busy.values() for pid, _ in found)
    fix = [f"close the camera in {', '.join(names)}, or end it: kill {pids}"]
    if "zoomclone" in names:
        fix.append("zoomclone itself is running (the login service?): zoomclone service status")
    return CheckResult(
        NAME,
        Status.WARN,
        f"the webcam is open in {', '.join(names)}: zoomclone may not get its picture",
        fix=tuple(fix),
        items=items,
    )
