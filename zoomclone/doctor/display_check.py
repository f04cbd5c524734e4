"""Is there a display for the preview window? Optional: the virtual camera works without one."""

from __future__ import annotations

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status


def check_display(machine: Machine) -> CheckResult:
    """A display for the preview window. Optional: the virtual camera works without one."""
    if not machine.is_linux:
        return CheckResult("display", Status.OK, f"{machine.system} desktop")
    for name in ("WAYLAND_DISPLAY", "DISPLAY"):
        if machine.environ.get(name):
            shown = f"{name}={machine.environ[name]}"
            problem = machine.window_problem(machine.environ)
            if problem is None:
                return CheckResult("display", Status.OK, shown)
            return CheckResult(
                "display",
                Status.WARN,
                f"{shown} cannot show a window ({problem}): no preview window (the virtual "
                "camera still works)",
                fix=("run zoomclone from a desktop session, or unset a stale DISPLAY",),
            )
    return CheckResult(
        "display",
        Status.WARN,
        "neither DISPLAY nor WAYLAND_DISPLAY is set: no preview window (the virtual camera still works)",
        fix=("run zoomclone from a desktop session to see the preview",),
    )
