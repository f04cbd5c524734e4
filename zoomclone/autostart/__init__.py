"""Start zoomclone at login: the file each platform's login mechanism reads, and where it goes.

    launch_command()        the absolute interpreter and the ``live`` arguments the service runs
    systemd.py              Linux: a systemd user unit (restart on failure, logs to the journal)
    launchd.py              macOS: a LaunchAgent property list
    startup_cmd.py          Windows: a .cmd file in the Startup folder

Each platform module offers ``service_file(home_env) -> ServiceFile``. Nothing is written outside
the user's home; the folders honour HOME, XDG_CONFIG_HOME and APPDATA.
"""

from __future__ import annotations

from zoomclone.autostart.launch import ServiceFile, launch_command, service_file_for

__all__ = ["ServiceFile", "launch_command", "service_file_for"]
