"""Can zoomclone write a camera the video apps list? v4l2loopback on Linux (loaded, made a device,
with exclusive_caps, writable), the OBS virtual camera on Windows and macOS."""

from __future__ import annotations

from zoomclone.doctor.fixes import (
    INSTALL_LOOPBACK,
    LOAD_LOOPBACK,
    OBS_FIX,
    PERSIST_LOOPBACK,
    UNLOAD_LOOPBACK,
    VIDEO_GROUP_FIX,
)
from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.doctor.video_devices import (
    LOOPBACK_DRIVER,
    loopback_nodes,
    read_text,
    video_devices,
)


def check_loopback(machine: Machine) -> CheckResult:
    """Linux: the v4l2loopback module is loaded and has made a device zoomclone can write to."""
    module = machine.sys_root / "module" / LOOPBACK_DRIVER
    if not module.is_dir():
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            "the v4l2loopback kernel module is not loaded: video apps have no zoomclone camera",
            fix=(INSTALL_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK),
        )
    nodes = loopback_nodes(video_devices(machine))
    if not nodes:
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            "v4l2loopback is loaded but has no device",
            fix=(UNLOAD_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK),
        )
    names = ", ".join(f"{d.path} ({d.name})" for d in nodes)
    return CheckResult("virtual camera", Status.OK, f"v4l2loopback device {names}")


def parse_exclusive_caps(text: str) -> list[bool]:
    """The module parameter 'Y,N,N,...' (or 1/0) -> one flag per device slot."""
    return [value.strip().upper() in ("Y", "1") for value in text.split(",") if value.strip()]


EXCLUSIVE_CAPS_APPS = (
    "Chrome, Meet and Teams in the browser list a v4l2loopback device only with exclusive_caps=1",
    "some Zoom builds (reported for the Zoom snap, ogra1/zoom-snap#49) list it only without it",
)
ZOOM_WITHOUT_CAPS = (
    "if Zoom then stops listing it, your Zoom build wants it off: for Zoom calls reload with "
    "exclusive_caps=0 (Chrome will not list it until you reload with 1)"
)


def check_exclusive_caps(machine: Machine) -> CheckResult | None:
    """Linux: which apps will list the loopback device. Chrome needs exclusive_caps=1; some Zoom
    builds need it off. None when there is no loopback module to ask."""
    module = machine.sys_root / "module" / LOOPBACK_DRIVER
    if not module.is_dir():
        return None
    nodes = loopback_nodes(video_devices(machine))
    flags = parse_exclusive_caps(read_text(module / "parameters" / "exclusive_caps"))
    wanted = max(1, len(nodes))
    if len(flags) >= wanted and all(flags[:wanted]):
        return CheckResult(
            "exclusive_caps",
            Status.OK,
            "1: Chrome, Meet and Teams in the browser list the device",
            fix=(ZOOM_WITHOUT_CAPS,),
            items=EXCLUSIVE_CAPS_APPS,
        )
    return CheckResult(
        "exclusive_caps",
        Status.WARN,
        "v4l2loopback was loaded without exclusive_caps=1: Chrome, Meet and Teams in the browser "
        "will not list the virtual camera (Zoom may)",
        fix=(UNLOAD_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK, ZOOM_WITHOUT_CAPS),
        items=EXCLUSIVE_CAPS_APPS,
    )


def check_device_access(machine: Machine) -> CheckResult | None:
    """Linux: the user may read and write every /dev/video* (camera in, virtual camera out)."""
    devices = video_devices(machine)
    if not devices:
        return None
    denied = [d for d in devices if not machine.can_read_write(d.path)]
    if not denied:
        return CheckResult(
            "device access", Status.OK, f"read/write on {len(devices)} video device(s)"
        )
    paths = ", ".join(str(d.path) for d in denied)
    return CheckResult(
        "device access",
        Status.FAIL,
        f"no read/write permission on {paths}",
        fix=VIDEO_GROUP_FIX,
    )


def check_obs_camera(machine: Machine) -> CheckResult:
    """Windows/macOS: the OBS virtual camera that pyvirtualcam writes to is installed."""
    try:
        machine.open_obs_camera()
    except (RuntimeError, ValueError) as err:
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            f"the OBS virtual camera cannot be opened: {err}",
            fix=OBS_FIX,
        )
    return CheckResult("virtual camera", Status.OK, "the OBS virtual camera opens")
