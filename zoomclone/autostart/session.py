"""Linux: whether a systemd user manager will read the unit we write, and asking it to act."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from zoomclone.autostart.systemd import UNIT_NAME
from zoomclone.errors import ServiceError

SYSTEMCTL_TIMEOUT_S = 20.0


def _manager_unit_path() -> Path:
    """Where the user's systemd manager reads units: the account's home, whatever HOME says."""
    import pwd

    return Path(pwd.getpwuid(os.getuid()).pw_dir) / ".config" / "systemd" / "user" / UNIT_NAME


def _answers(command: Sequence[str]) -> bool:
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=SYSTEMCTL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def user_manager_reads(unit: Path) -> bool:
    """True when systemctl exists, a user manager answers, and it reads ``unit`` (a fake HOME or
    another XDG_CONFIG_HOME writes where it does not look, so it is left alone)."""
    if shutil.which("systemctl") is None:
        return False
    if os.path.abspath(unit) != os.path.abspath(_manager_unit_path()):
        return False
    return _answers(["systemctl", "--user", "show-environment"])


def systemctl(*words: str) -> None:
    """``systemctl --user WORDS``; ServiceError with systemctl's own words when it fails."""
    command = ["systemctl", "--user", *words]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=SYSTEMCTL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError) as err:
        raise ServiceError(f"{' '.join(command)} failed: {err}") from err
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise ServiceError(
            f"{' '.join(command)} failed: {reason[-1] if reason else done.returncode}; "
            "see `zoomclone service logs`"
        )


def is_active() -> str | None:
    """``systemctl --user is-active zoomclone`` (active, inactive, failed...), None without one."""
    if shutil.which("systemctl") is None:
        return None
    try:
        done = subprocess.run(
            ["systemctl", "--user", "is-active", UNIT_NAME],
            capture_output=True,
            text=True,
            timeout=SYSTEMCTL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None
