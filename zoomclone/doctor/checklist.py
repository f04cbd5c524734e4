"""Which checks ``zoomclone doctor`` runs on this platform, in the order they are shown."""

from __future__ import annotations

from zoomclone.doctor.camera_checks import check_cameras
from zoomclone.doctor.display_check import check_display
from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.doctor.runtime_checks import check_models, check_opencv_packages, check_segmenter
from zoomclone.doctor.traps import (
    busy_camera,
    config_file,
    macos_obs,
    runtimes,
    sandboxes,
    secure_boot,
    wheels,
)
from zoomclone.doctor.virtual_camera_checks import (
    check_device_access,
    check_exclusive_caps,
    check_loopback,
    check_obs_camera,
)


def run_checks(machine: Machine | None = None) -> list[CheckResult]:
    """Every check that applies to this platform, in the order they are shown."""
    machine = machine or Machine()
    results: list[CheckResult | None] = [check_cameras(machine)]
    if machine.is_linux:
        results += [
            check_loopback(machine),
            check_exclusive_caps(machine)
            or CheckResult("exclusive_caps", Status.SKIP, "v4l2loopback is not loaded"),
            check_device_access(machine)
            or CheckResult("device access", Status.SKIP, "no /dev/video* to check"),
        ]
    else:
        results.append(check_obs_camera(machine))
    results += [
        check_models(machine),
        check_segmenter(machine),
        check_opencv_packages(machine),
        check_display(machine),
    ]
    return [r for r in results if r is not None]


def trap_checks(machine: Machine) -> list[CheckResult]:
    """The trap checks that apply to this platform."""
    if machine.is_linux:
        results = [
            secure_boot.check_secure_boot(machine),
            busy_camera.check_busy_camera(machine),
            sandboxes.check_sandboxed_apps(machine),
        ]
    else:
        results = [macos_obs.check_macos_obs(machine)]
    return [
        *results,
        wheels.check_python(machine),
        wheels.check_wheels(machine),
        runtimes.check_runtimes(machine),
        config_file.check_config_file(),
    ]


def all_checks(machine: Machine | None = None) -> list[CheckResult]:
    """Every check ``zoomclone doctor`` runs, in the order shown."""
    machine = machine or Machine()
    return [*run_checks(machine), *trap_checks(machine)]
