"""The /dev/videoN nodes as sysfs describes them, and the modes a webcam offers."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zoomclone.doctor.machine import Machine

VIDEO_NODE_RE = re.compile(r"^video(\d+)$")
LOOPBACK_DRIVER = "v4l2loopback"
LOOPBACK_ATTRIBUTE = "max_openers"  # a sysfs attribute only v4l2loopback devices have
MAX_SIZES_SHOWN = 4


@dataclass(frozen=True)
class VideoDevice:
    """One /dev/videoN node as sysfs describes it."""

    number: int
    path: Path
    name: str
    driver: str
    loopback: bool
    primary: bool  # False for the extra metadata node a UVC webcam adds beside its capture node


def read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()
    except OSError:
        return ""


def _link_name(path: Path) -> str:
    try:
        return Path(os.readlink(path)).name
    except OSError:
        return ""


def _describe_node(machine: Machine, path: Path, number: int) -> VideoDevice:
    node = machine.sys_root / "class" / "video4linux" / path.name
    name = read_text(node / "name") or "unknown"
    driver = _link_name(node / "device" / "driver")
    loopback = (
        (node / LOOPBACK_ATTRIBUTE).exists()
        or LOOPBACK_DRIVER in driver
        or LOOPBACK_DRIVER in _link_name(node / "device")
    )
    index = read_text(node / "index")
    return VideoDevice(
        number=number,
        path=path,
        name=name,
        driver=LOOPBACK_DRIVER if loopback and not driver else driver or "unknown driver",
        loopback=loopback,
        primary=index in ("", "0"),
    )


def video_devices(machine: Machine) -> list[VideoDevice]:
    """Every /dev/videoN, in number order, described from /sys/class/video4linux."""
    found: list[tuple[int, Path]] = []
    for path in machine.dev_root.glob("video*"):
        match = VIDEO_NODE_RE.match(path.name)
        if match is not None:
            found.append((int(match.group(1)), path))
    return [_describe_node(machine, path, number) for number, path in sorted(found)]


def summarise_modes(listing: str) -> str:
    """``v4l2-ctl --list-formats-ext`` output -> 'MJPG 1280x720 640x480; YUYV 640x480'."""
    formats: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in listing.splitlines():
        fmt = re.search(r"\[\d+\]:\s*'(\w+)'", line)
        size = re.search(r"Size:\s*\w+\s*(\d+x\d+)", line)
        if fmt is not None:
            current = formats.setdefault(fmt.group(1), [])
        elif size is not None and current is not None and size.group(1) not in current:
            current.append(size.group(1))
    parts = []
    for name, sizes in formats.items():
        shown = " ".join(sizes[:MAX_SIZES_SHOWN])
        more = f" (+{len(sizes) - MAX_SIZES_SHOWN})" if len(sizes) > MAX_SIZES_SHOWN else ""
        parts.append(f"{name} {shown}{more}".strip())
    return "; ".join(parts)


def device_line(machine: Machine, device: VideoDevice) -> str:
    line = f"{device.path} {device.name!r} ({device.driver})"
    if not device.primary:
        return f"{line}: metadata node, not a picture"
    listing = machine.run(["v4l2-ctl", "--list-formats-ext", "-d", str(device.path)])
    modes = summarise_modes(listing) if listing else ""
    return f"{line}: {modes}" if modes else line


def loopback_nodes(devices: Sequence[VideoDevice]) -> list[VideoDevice]:
    return [d for d in devices if d.loopback]
