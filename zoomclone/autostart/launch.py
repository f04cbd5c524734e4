"""What the login item runs, and the generated file that runs it."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zoomclone.config import default_config_path

LINUX = "Linux"
MACOS = "Darwin"
WINDOWS = "Windows"
# Only the virtual camera: a login item has no terminal, and no window is wanted before a call.
SERVICE_ARGUMENTS = ("live", "--output", "virtual", "--no-hotkeys")
ON_DEMAND_ARGUMENT = "--on-demand"  # Linux only: the webcam rests until a call app reads the camera


@dataclass(frozen=True)
class ServiceFile:
    """One generated login item: where it goes, its text, and how to look at its logs."""

    path: Path
    text: str
    logs: str  # where the output goes, in words a user can act on


def launch_command(system: str, config: Path | None = None) -> tuple[str, ...]:
    """The absolute interpreter running ``-m zoomclone live`` with the service's options.

    The config file is named only when it exists now: a ``--config`` file that is missing later is
    an error, while the default file is read whenever it is there.
    """
    command = [sys.executable, "-m", "zoomclone", *SERVICE_ARGUMENTS]
    if system == LINUX:
        command.append(ON_DEMAND_ARGUMENT)
    config = config if config is not None else default_config_path()
    if config.is_file():
        command += ["--config", str(config.resolve())]
    return tuple(command)


def home(environ: Mapping[str, str]) -> Path:
    """The user's home folder: HOME (USERPROFILE on Windows), as the login item sees it."""
    value = environ.get("HOME") or environ.get("USERPROFILE")
    return Path(value) if value else Path.home()
