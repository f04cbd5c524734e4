"""Windows: a ``zoomclone.cmd`` in the user's Startup folder, run at every login."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PureWindowsPath

from zoomclone.autostart.launch import ServiceFile, home

STARTUP = ("Microsoft", "Windows", "Start Menu", "Programs", "Startup")
FILE_NAME = "zoomclone.cmd"


def startup_path(environ: Mapping[str, str]) -> PureWindowsPath:
    appdata = environ.get("APPDATA") or str(home(environ) / "AppData" / "Roaming")
    return PureWindowsPath(appdata, *STARTUP, FILE_NAME)


def log_path(environ: Mapping[str, str]) -> PureWindowsPath:
    local = environ.get("LOCALAPPDATA") or str(home(environ) / "AppData" / "Local")
    return PureWindowsPath(local, "zoomclone", "zoomclone.log")


def cmd_quote(word: str) -> str:
    """cmd.exe: double quotes around words with spaces; ``%`` doubled so it is not expanded."""
    word = word.replace("%", "%%")
    return f'"{word}"' if any(c in word for c in " \t&()^<>|") else word


def cmd_text(command: Sequence[str], log: PureWindowsPath) -> str:
    """Runs zoomclone minimised, appending its output to one log file. CRLF, as cmd.exe expects."""
    line = " ".join(cmd_quote(word) for word in command)
    lines = (
        "@echo off",
        "rem zoomclone at login, written by `zoomclone service install`",
        f'if not exist "{log.parent}" mkdir "{log.parent}"',
        f'{line} >> "{log}" 2>&1',
    )
    return "\r\n".join(lines) + "\r\n"


def service_file(environ: Mapping[str, str], command: Sequence[str]) -> ServiceFile:
    log = log_path(environ)
    return ServiceFile(path=Path(startup_path(environ)), text=cmd_text(command, log), logs=str(log))
