"""The setup traps users hit, each a check with its exact fix, on the same ``Machine`` as
``zoomclone.doctor``:

    secure_boot.py     Secure Boot on and v4l2loopback unsigned or its key not enrolled
    busy_camera.py     another process holds the webcam (named from /proc/*/fd)
    sandboxes.py       Flatpak or Snap browsers and call apps that cannot see /dev/video*
    macos_obs.py       macOS 13+: the OBS and pyvirtualcam versions that work together
    wheels.py          the Python and the installed wheels (LiteRT, OpenCV, numpy) fit this machine
    runtimes.py        the model runtimes (LiteRT, MediaPipe): installed, versions, default, configured

These modules import ``zoomclone.doctor``; it never imports them, so ``all_checks`` lives here.
"""

from __future__ import annotations

from zoomclone.doctor import CheckResult, Machine, run_checks


def trap_checks(machine: Machine) -> list[CheckResult]:
    """The trap checks that apply to this platform."""
    from zoomclone.doctor_traps import (
        busy_camera,
        macos_obs,
        runtimes,
        sandboxes,
        secure_boot,
        wheels,
    )

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
    ]


def all_checks(machine: Machine | None = None) -> list[CheckResult]:
    """Every check ``zoomclone doctor`` runs, in the order shown."""
    machine = machine or Machine()
    return [*run_checks(machine), *trap_checks(machine)]
