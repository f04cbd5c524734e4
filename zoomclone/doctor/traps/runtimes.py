"""The two runtimes that can run the models: which is installed, its version, which is the
default and which one the config file chooses (``runtime`` in ``[live]``)."""

from __future__ import annotations

from collections.abc import Callable

from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.errors import ConfigError
from zoomclone.models import DEFAULT_RUNTIME, RUNTIMES

DISTRIBUTIONS = {"litert": "ai-edge-litert", "mediapipe": "mediapipe"}
INSTALL = {
    "litert": "pip install --force-reinstall 'ai-edge-litert>=1.0'",
    "mediapipe": "python -m pip install '.[mediapipe]' in the zoomclone checkout",
}


def configured_runtime() -> str:
    """The runtime the default config file chooses (the default when it is missing or broken)."""
    from zoomclone.config import load_config

    try:
        return load_config().live.runtime
    except ConfigError:
        return DEFAULT_RUNTIME


def _describe(runtime: str, version: str | None, configured: str) -> str:
    roles = [
        r for r, on in (("default", DEFAULT_RUNTIME), ("configured", configured)) if on == runtime
    ]
    shown = f"{runtime} {version}" if version else f"{runtime} not installed"
    return f"{shown} ({', '.join(roles)})" if roles else shown


def check_runtimes(
    machine: Machine, configured: Callable[[], str] = configured_runtime
) -> CheckResult:
    """OK when the runtime that ``zoomclone live`` will use is installed; FAIL otherwise."""
    chosen = configured()
    versions = {r: machine.version_of(DISTRIBUTIONS[r]) for r in RUNTIMES}
    detail = "; ".join(_describe(r, versions[r], chosen) for r in RUNTIMES)
    if versions.get(chosen) is None:
        back = f'or set runtime = "{DEFAULT_RUNTIME}" in [live] of the config file'
        fixes = (INSTALL[chosen], back) if chosen != DEFAULT_RUNTIME else (INSTALL[chosen],)
        return CheckResult("runtimes", Status.FAIL, detail, fix=fixes)
    notes = tuple(f"for --runtime {r}: {INSTALL[r]}" for r in RUNTIMES if versions[r] is None)
    return CheckResult("runtimes", Status.OK, detail, fix=notes)
