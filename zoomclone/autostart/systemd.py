"""Linux: a systemd user unit in ``$XDG_CONFIG_HOME/systemd/user`` (default ``~/.config``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from zoomclone.autostart.launch import ServiceFile, home

UNIT_NAME = "zoomclone.service"
RESTART_DELAY_S = 5  # a missing device at login is not fixed by retrying ten times a second
START_LIMIT_INTERVAL_S = 120
START_LIMIT_BURST = 5  # then systemd gives up until the next login or `systemctl --user start`
SPECIAL = set(" \t\n\"'\\;")


def unit_path(environ: Mapping[str, str]) -> Path:
    """Where the user's systemd manager looks for units."""
    config = environ.get("XDG_CONFIG_HOME") or str(home(environ) / ".config")
    return Path(config) / "systemd" / "user" / UNIT_NAME


def quote(word: str) -> str:
    """One ExecStart word: ``%`` and ``$`` doubled (specifier and variable expansion), quoted when
    it holds spaces, quotes, backslashes or semicolons."""
    word = word.replace("%", "%%").replace("$", "$$")
    if not word or any(c in SPECIAL for c in word):
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


def unit_text(command: Sequence[str]) -> str:
    """The unit: started with the user's session, restarted on failure, output to the journal."""
    exec_start = " ".join(quote(word) for word in command)
    return f"""\
[Unit]
Description=zoomclone virtual camera (webcam on only while a call app reads it)
StartLimitIntervalSec={START_LIMIT_INTERVAL_S}
StartLimitBurst={START_LIMIT_BURST}

[Service]
Type=simple
ExecStart={exec_start}
Restart=on-failure
RestartSec={RESTART_DELAY_S}
Environment=PYTHONUNBUFFERED=1
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=default.target
"""


def service_file(environ: Mapping[str, str], command: Sequence[str]) -> ServiceFile:
    return ServiceFile(
        path=unit_path(environ),
        text=unit_text(command),
        logs="journalctl --user -u zoomclone",
    )
