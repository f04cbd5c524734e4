"""Is this machine ready for zoomclone? Each check is a small function returning a ``CheckResult``.

The checks read the machine through a ``Machine`` (tests give it a fake /dev and /sys). A check
never raises for what it finds: a missing device is a result with a fix, not an error.

    result.py                 Status, CheckResult, exit_code
    machine.py                Machine: everything a check reads, each part replaceable
    probes.py                 how the real machine is read (commands, openers, wheels, versions)
    fixes.py                  the commands the user is told to run (v4l2loopback, video group, OBS)
    video_devices.py          /dev/videoN as sysfs describes it, a webcam's modes
    camera_checks.py          a webcam zoomclone can read
    virtual_camera_checks.py  v4l2loopback (loaded, exclusive_caps, access) or the OBS camera
    runtime_checks.py         the bundled models, the segmenter runtime, one OpenCV distribution
    display_check.py          a display for the preview window
    traps/                    the setup traps users hit (Secure Boot, busy webcam, sandboxes, ...)
    checklist.py              which checks run here, in order: run_checks, all_checks

The names below are re-exported so callers import them from ``zoomclone.doctor``.
"""

from __future__ import annotations

from zoomclone.doctor.camera_checks import check_cameras
from zoomclone.doctor.checklist import all_checks, run_checks, trap_checks
from zoomclone.doctor.display_check import check_display
from zoomclone.doctor.fixes import (
    INSTALL_LOOPBACK,
    LOAD_LOOPBACK,
    LOOPBACK_OPTIONS,
    OBS_FIX,
    PERSIST_LOOPBACK,
    UNLOAD_LOOPBACK,
    VIDEO_GROUP_FIX,
)
from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status, exit_code
from zoomclone.doctor.runtime_checks import check_models, check_opencv_packages, check_segmenter
from zoomclone.doctor.video_devices import (
    LOOPBACK_DRIVER,
    VideoDevice,
    summarise_modes,
    video_devices,
)
from zoomclone.doctor.virtual_camera_checks import (
    check_device_access,
    check_exclusive_caps,
    check_loopback,
    check_obs_camera,
    parse_exclusive_caps,
)

__all__ = [
    "INSTALL_LOOPBACK",
    "LOAD_LOOPBACK",
    "LOOPBACK_DRIVER",
    "LOOPBACK_OPTIONS",
    "OBS_FIX",
    "PERSIST_LOOPBACK",
    "UNLOAD_LOOPBACK",
    "VIDEO_GROUP_FIX",
    "CheckResult",
    "Machine",
    "Status",
    "VideoDevice",
    "all_checks",
    "check_cameras",
    "check_device_access",
    "check_display",
    "check_exclusive_caps",
    "check_loopback",
    "check_models",
    "check_obs_camera",
    "check_opencv_packages",
    "check_segmenter",
    "exit_code",
    "parse_exclusive_caps",
    "run_checks",
    "summarise_modes",
    "trap_checks",
    "video_devices",
]
