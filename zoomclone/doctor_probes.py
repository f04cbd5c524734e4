"""What the doctor asks of this machine beyond /dev and /sys: the interpreter, the tags of the
installed wheels, versions. Defaults of ``doctor.Machine`` fields; tests pass their own.

A leaf module (it imports nothing from zoomclone), so the doctor and its checks both use it.
"""

from __future__ import annotations

import importlib.metadata
import platform
import struct
import sys
from dataclasses import dataclass


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
