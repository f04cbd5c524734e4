"""macOS: OBS 30 moved its virtual camera to a camera extension (macOS 13+). pyvirtualcam before
0.14 looks only for the old plugin (letmaik/pyvirtualcam#111, obsproject/obs-studio#9680); 0.14
and later look only for the extension on macOS 13+, so OBS must then be 30 or newer."""

from __future__ import annotations

import plistlib

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status

NAME = "obs and pyvirtualcam"
EXTENSION_MACOS = (13, 0)
EXTENSION_OBS = (30, 0)
EXTENSION_PYVIRTUALCAM = (0, 14)
OBS_INFO = ("Applications", "OBS.app", "Contents", "Info.plist")


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """'30.1.2' -> (30, 1, 2); None for nothing or not a version."""
    parts = []
    for part in (text or "").split("."):
        digits = "".join(c for c in part if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or None


def obs_version(machine: Machine) -> tuple[int, ...] | None:
    """From /Applications/OBS.app's Info.plist; None when OBS is not there."""
    try:
        info = plistlib.loads(machine.fs_root.joinpath(*OBS_INFO).read_bytes())
    except (OSError, plistlib.InvalidFileException, ValueError):
        return None
    return version_tuple(str(info.get("CFBundleShortVersionString", "")))


def _text(version: tuple[int, ...]) -> str:
    return ".".join(str(v) for v in version)


def check_macos_obs(machine: Machine) -> CheckResult:
    macos = version_tuple(machine.mac_version())
    if macos is None:
        return CheckResult(NAME, Status.SKIP, "not macOS")
    obs = obs_version(machine)
    pvc = version_tuple(machine.version_of("pyvirtualcam"))
    if obs is None or pvc is None:
        return CheckResult(NAME, Status.SKIP, "OBS or pyvirtualcam is not installed")
    found = f"macOS {_text(macos)}, OBS {_text(obs)}, pyvirtualcam {_text(pvc)}"
    if macos < EXTENSION_MACOS:
        return CheckResult(NAME, Status.OK, found)
    if obs >= EXTENSION_OBS and pvc < EXTENSION_PYVIRTUALCAM:
        return CheckResult(
            NAME,
            Status.FAIL,
            f"{found}: this pyvirtualcam cannot see OBS 30's camera extension",
            fix=(
                "python -m pip install --upgrade 'pyvirtualcam>=0.14'",
                "then start OBS, click Start Virtual Camera, then Stop Virtual Camera, quit OBS",
            ),
        )
    if obs < EXTENSION_OBS and pvc >= EXTENSION_PYVIRTUALCAM:
        return CheckResult(
            NAME,
            Status.FAIL,
            f"{found}: on macOS 13+ this pyvirtualcam needs OBS 30 or newer",
            fix=(
                "install OBS Studio 30 or newer: https://obsproject.com",
                "start it, click Start Virtual Camera (allow the camera extension in System "
                "Settings > Privacy & Security), then Stop Virtual Camera and quit OBS",
            ),
        )
    return CheckResult(NAME, Status.OK, f"{found}: versions that work together")
