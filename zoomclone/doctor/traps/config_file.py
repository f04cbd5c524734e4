"""The config file ``zoomclone live`` reads: a key or value it refuses stops zoomclone at start,
so the doctor shows that same line (the runtimes check meanwhile assumes the defaults)."""

from __future__ import annotations

from zoomclone.config import default_config_path, load_config
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.errors import ConfigError

NAME = "config"
FIX = (
    "correct it, or move the file away (`zoomclone config --dump` prints every key and its default)"
)


def check_config_file() -> CheckResult:
    """OK when the default config file reads (or there is none); FAIL with its error otherwise."""
    try:
        load_config()
    except ConfigError as err:
        return CheckResult(NAME, Status.FAIL, str(err), fix=(FIX,))
    path = default_config_path()
    if not path.is_file():
        return CheckResult(NAME, Status.OK, f"no config file at {path}: the defaults")
    return CheckResult(NAME, Status.OK, f"{path} reads")
