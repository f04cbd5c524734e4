"""Before ``zoomclone live`` opens anything: a machine with neither a webcam nor a virtual camera
gets the two-line fix instead of the first of several failures."""

from __future__ import annotations

from collections.abc import Sequence

from zoomclone.doctor import (
    INSTALL_LOOPBACK,
    LOAD_LOOPBACK,
    LOOPBACK_DRIVER,
    Machine,
    video_devices,
)
from zoomclone.errors import SourceError

NOTHING_THERE = (
    "no webcam and no virtual camera on this machine (no /dev/video*, v4l2loopback not loaded)\n"
    f"zoomclone: fix: plug in a webcam, then run: {INSTALL_LOOPBACK} && {LOAD_LOOPBACK}   "
    "(details: zoomclone doctor)"
)


def check_live_setup(outputs: Sequence[str], machine: Machine | None = None) -> None:
    """Linux, camera in and virtual camera out: SourceError when no video device exists at all."""
    machine = machine or Machine()
    if not machine.is_linux or "virtual" not in outputs:
        return
    if video_devices(machine) or (machine.sys_root / "module" / LOOPBACK_DRIVER).is_dir():
        return
    raise SourceError(NOTHING_THERE)
