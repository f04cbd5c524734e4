"""Is there a webcam zoomclone can read? Linux lists /dev/video*; elsewhere indices are tried."""

from __future__ import annotations

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.doctor.video_devices import device_line, video_devices

CAMERA_PROBE_INDICES = 5  # cv2.VideoCapture indices tried where there is no /dev to list


def check_cameras(machine: Machine) -> CheckResult:
    """A real webcam (not a virtual one) that zoomclone can read."""
    if not machine.is_linux:
        return _check_cameras_by_index(machine)
    devices = video_devices(machine)
    cameras = [d for d in devices if not d.loopback and d.primary]
    items = tuple(device_line(machine, d) for d in devices if not d.loopback)
    if cameras:
        names = ", ".join(f"{d.path} ({d.name})" for d in cameras)
        return CheckResult("camera", Status.OK, f"{len(cameras)} found: {names}", items=items)
    seen = f"only virtual cameras ({len(devices)})" if devices else f"no {machine.dev_root}/video*"
    return CheckResult(
        "camera",
        Status.FAIL,
        f"no webcam found: {seen}",
        fix=(
            "plug in a webcam (or open its privacy shutter / enable it in the firmware settings)",
            "then check it appears: ls /dev/video*",
        ),
        items=items,
    )


def _check_cameras_by_index(machine: Machine) -> CheckResult:
    opened = [i for i in range(CAMERA_PROBE_INDICES) if machine.capture_opens(i)]
    if opened:
        listed = ", ".join(str(i) for i in opened)
        return CheckResult(
            "camera",
            Status.OK,
            f"camera index {listed} opens (a virtual camera may be among them)",
        )
    return CheckResult(
        "camera",
        Status.FAIL,
        f"no camera opens at index 0..{CAMERA_PROBE_INDICES - 1}",
        fix=(
            "plug in a webcam and allow camera access for the terminal in the system privacy "
            "settings",
        ),
    )
