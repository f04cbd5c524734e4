"""Browsers and call apps from Flatpak or Snap see ``/dev/video*`` only when allowed to."""

from __future__ import annotations

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status

NAME = "sandboxed apps"
FLATPAK_APPS = (
    "com.google.Chrome",
    "org.chromium.Chromium",
    "io.github.ungoogled_software.ungoogled_chromium",
    "com.brave.Browser",
    "com.microsoft.Edge",
    "com.vivaldi.Vivaldi",
    "com.opera.Opera",
    "org.mozilla.firefox",
    "us.zoom.Zoom",
    "com.github.IsmaelMartinez.teams_for_linux",
)
SNAP_APPS = ("chromium", "firefox", "brave", "opera", "zoom-client", "teams-for-linux")
FLATPAK_FOLDERS = ("var/lib/flatpak/app",)  # system-wide; the user's are under ~/.local/share


def flatpak_apps(machine: Machine) -> list[str]:
    """Installed Flatpak browsers and call apps, from ``flatpak list`` or the install folders."""
    listing = machine.run(["flatpak", "list", "--app", "--columns=application"])
    if listing is not None:
        installed = set(listing.split())
    else:
        folders = [machine.fs_root / f for f in FLATPAK_FOLDERS]
        folders.append(machine.home / ".local" / "share" / "flatpak" / "app")
        installed = {app for app in FLATPAK_APPS if any((f / app).is_dir() for f in folders)}
    return [app for app in FLATPAK_APPS if app in installed]


def flatpak_sees_devices(machine: Machine, app: str) -> bool:
    """``devices=all`` in the app's permissions (with any user override applied)."""
    permissions = machine.run(["flatpak", "info", "--show-permissions", app]) or ""
    for line in permissions.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "devices":
            return "all" in value.split(";")
    return False


def snap_apps(machine: Machine) -> list[str]:
    listing = machine.run(["snap", "list"])
    if listing is not None:
        installed = {line.split()[0] for line in listing.splitlines()[1:] if line.split()}
    else:
        installed = {app for app in SNAP_APPS if (machine.fs_root / "snap" / app).is_dir()}
    return [app for app in SNAP_APPS if app in installed]


def snap_camera_connected(machine: Machine, app: str) -> bool:
    """The app's ``camera`` plug is connected (``snap connections``: slot ``:camera``)."""
    listing = machine.run(["snap", "connections", app]) or ""
    for line in listing.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "camera" and words[1] == f"{app}:camera":
            return words[2] != "-"
    return False


def check_sandboxed_apps(machine: Machine) -> CheckResult:
    flatpaks = flatpak_apps(machine)
    snaps = snap_apps(machine)
    if not flatpaks and not snaps:
        return CheckResult(NAME, Status.OK, "no Flatpak or Snap browser or call app found")
    fix = [
        f"flatpak override --user --device=all {app}"
        for app in flatpaks
        if not flatpak_sees_devices(machine, app)
    ]
    fix += [
        f"sudo snap connect {app}:camera"
        for app in snaps
        if not snap_camera_connected(machine, app)
    ]
    found = tuple([f"flatpak {app}" for app in flatpaks] + [f"snap {app}" for app in snaps])
    if not fix:
        return CheckResult(NAME, Status.OK, "each may use /dev/video*", items=found)
    fix.append("then restart the app")
    return CheckResult(
        NAME,
        Status.WARN,
        "some sandboxed apps may not see the cameras (/dev/video*) until allowed",
        fix=tuple(fix),
        items=found,
    )
