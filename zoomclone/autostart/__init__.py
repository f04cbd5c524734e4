"""Start zoomclone at login: the file each platform's login mechanism reads, and where it goes.

    launch_command()        the absolute interpreter and the ``live`` arguments the service runs
    systemd.py              Linux: a systemd user unit (restart on failure, logs to the journal)
    launchd.py              macOS: a LaunchAgent property list
    startup_cmd.py          Windows: a .cmd file in the Startup folder

Each platform module offers ``service_file(home_env) -> ServiceFile``. Nothing is written outside
the user's home; the folders honour HOME, XDG_CONFIG_HOME and APPDATA.
"""

from __future__ import annotations

from collections.abc import Mapping

from zoomclone.autostart import launchd, startup_cmd, systemd
from zoomclone.autostart.launch import LINUX, MACOS, WINDOWS, ServiceFile, launch_command
from zoomclone.errors import UsageError

__all__ = ["ServiceFile", "launch_command", "service_file_for"]

_PLATFORMS = {LINUX: systemd, MACOS: launchd, WINDOWS: startup_cmd}


def service_file_for(system: str, environ: Mapping[str, str]) -> ServiceFile:
    """The login item for ``system`` (platform.system() names)."""
    platform = _PLATFORMS.get(system)
    if platform is None:
        raise UsageError(f"zoomclone service does not know how to start at login on {system}")
    return platform.service_file(environ, launch_command(system))
