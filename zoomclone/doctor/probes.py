"""How the doctor reads this machine for real: run a command, open a camera or the OBS virtual
camera, the interpreter, the installed distributions, the tags of their wheels, versions. The
defaults of ``Machine``'s fields; tests pass their own."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import struct
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MODES_TIMEOUT_S = 3.0
OBS_PROBE_SIZE = {"width": 64, "height": 48, "fps": 5}


@dataclass(frozen=True)
class Interpreter:
    """The running Python: version, the OS it was built for, CPU architecture, pointer width."""

    version: tuple[int, int]
    os: str  # sys.platform: linux, darwin, win32
    arch: str  # platform.machine(): x86_64, AMD64, arm64, aarch64
    bits: int


def this_interpreter() -> Interpreter:
    return Interpreter(
        version=(sys.version_info.major, sys.version_info.minor),
        os=sys.platform,
        arch=platform.machine(),
        bits=struct.calcsize("P") * 8,
    )


def wheel_tags(distribution: str) -> tuple[str, ...] | None:
    """The ``Tag:`` lines of an installed distribution's WHEEL file; None when not installed,
    () when it was not installed from a wheel."""
    try:
        text = importlib.metadata.distribution(distribution).read_text("WHEEL") or ""
    except importlib.metadata.PackageNotFoundError:
        return None
    return tuple(
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:")
    )


def distribution_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def mac_version() -> str:
    """'14.4.1' on macOS, '' elsewhere."""
    return platform.mac_ver()[0]


def can_read_write(path: Path) -> bool:
    return os.access(path, os.R_OK | os.W_OK)


def run_quietly(command: Sequence[str]) -> str | None:
    """stdout of ``command``, or None when it is not installed, fails or hangs."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=MODES_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def open_obs_camera() -> None:
    import pyvirtualcam

    with pyvirtualcam.Camera(**OBS_PROBE_SIZE, backend="obs"):
        pass


def capture_opens(index: int) -> bool:
    import cv2

    from zoomclone.native_log import native_stderr_silenced

    with native_stderr_silenced():
        capture = cv2.VideoCapture(index)
        opened = bool(capture.isOpened())
        capture.release()
    return opened


def installed_distributions() -> frozenset[str]:
    names = (d.metadata["Name"] for d in importlib.metadata.distributions())
    return frozenset(n.lower() for n in names if n)
