"""macOS: a LaunchAgent in ``~/Library/LaunchAgents``, run at login, restarted when it fails."""

from __future__ import annotations

import plistlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from zoomclone.autostart.launch import ServiceFile, home

LABEL = "local.zoomclone"
THROTTLE_S = 10  # launchd's minimum gap between restarts


def agent_path(environ: Mapping[str, str]) -> Path:
    return home(environ) / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def log_path(environ: Mapping[str, str]) -> Path:
    return home(environ) / "Library" / "Logs" / "zoomclone.log"


def agent_text(command: Sequence[str], log: Path) -> str:
    """The property list: RunAtLoad, KeepAlive only after a failed exit, output to one log file."""
    agent = {
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": THROTTLE_S,
        "ProcessType": "Interactive",
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    return plistlib.dumps(agent).decode()


def service_file(environ: Mapping[str, str], command: Sequence[str]) -> ServiceFile:
    log = log_path(environ)
    return ServiceFile(path=agent_path(environ), text=agent_text(command, log), logs=str(log))
