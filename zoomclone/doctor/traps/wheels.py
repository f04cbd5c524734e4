"""The running Python and the installed wheels fit this machine (OS, CPU, Python version).

A wheel built for another machine (an x86_64 wheel copied into an arm64 venv, a cp311 wheel under
Python 3.12) fails at import with a message that does not name the cause; its WHEEL tags do.
"""

from __future__ import annotations

import re

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status

MIN_PYTHON = (3, 10)
NATIVE_DISTRIBUTIONS = ("ai-edge-litert", "opencv-contrib-python", "numpy")
OS_PLATFORM_PREFIXES = {
    "linux": ("manylinux", "musllinux", "linux"),
    "darwin": ("macosx",),
    "win32": ("win",),
}
ARCH_ALIASES = {
    "amd64": "x86_64",
    "x64": "x86_64",
    "arm64": "aarch64",
    "i686": "x86",
    "i386": "x86",
}
UNIVERSAL = "universal2"


def normal_arch(name: str) -> str:
    name = name.lower()
    return ARCH_ALIASES.get(name, name)


def _platform_fits(platform_tag: str, os_name: str, arch: str) -> bool:
    if platform_tag == "any":
        return True
    if not platform_tag.startswith(OS_PLATFORM_PREFIXES.get(os_name, (os_name,))):
        return False
    if platform_tag.endswith(UNIVERSAL) and arch in ("x86_64", "aarch64"):
        return True
    tag_arch = re.sub(
        r"^(manylinux\d*(_\d+_\d+)?|musllinux_\d+_\d+|macosx_\d+_\d+|linux|win)_", "", platform_tag
    )
    return normal_arch(tag_arch) == arch


def _python_fits(python_tag: str, abi_tag: str, version: tuple[int, int]) -> bool:
    match = re.fullmatch(r"(cp|py)(\d)(\d*)", python_tag)
    if match is None:
        return False
    major = int(match.group(2))
    minor = int(match.group(3)) if match.group(3) else None
    if major != version[0]:
        return False
    if minor is None or (match.group(1) == "py" and minor <= version[1]):
        return True
    return minor == version[1] or (abi_tag == "abi3" and minor <= version[1])


def tag_fits(tag: str, machine: Machine) -> bool:
    """One wheel tag 'cp312-cp312-manylinux_2_17_x86_64' (dotted parts are alternatives)."""
    try:
        pythons, abis, platforms = tag.split("-")
    except ValueError:
        return False
    me = machine.interpreter
    arch = normal_arch(me.arch)
    return any(
        _python_fits(py, abi, me.version) and _platform_fits(plat, me.os, arch)
        for py in pythons.split(".")
        for abi in abis.split(".")
        for plat in platforms.split(".")
    )


def check_python(machine: Machine) -> CheckResult:
    me = machine.interpreter
    found = f"Python {me.version[0]}.{me.version[1]} ({me.bits}-bit, {me.os}, {me.arch})"
    if me.version < MIN_PYTHON or me.bits != 64:
        return CheckResult(
            "python",
            Status.FAIL,
            f"{found}: zoomclone needs a 64-bit Python 3.10 or newer",
            fix=(
                "install a 64-bit Python 3.10+ (python.org or your package manager), then: "
                "pipx install .",
            ),
        )
    return CheckResult("python", Status.OK, found)


def check_wheels(machine: Machine) -> CheckResult:
    wrong = []
    found = []
    for name in NATIVE_DISTRIBUTIONS:
        tags = machine.wheel_tags(name)
        if tags is None:
            found.append(f"{name}: not installed")
        elif not tags:
            found.append(f"{name}: built from source")
        elif not any(tag_fits(tag, machine) for tag in tags):
            wrong.append(name)
            found.append(f"{name}: built for {', '.join(tags)}")
        else:
            found.append(f"{name}: {tags[0]}")
    if wrong:
        listed = " ".join(wrong)
        return CheckResult(
            "wheels",
            Status.FAIL,
            f"{listed} built for another Python or machine: it will not import",
            fix=(f"python -m pip install --force-reinstall --no-cache-dir {listed}",),
            items=tuple(found),
        )
    return CheckResult(
        "wheels", Status.OK, "native wheels fit this Python and machine", items=tuple(found)
    )
