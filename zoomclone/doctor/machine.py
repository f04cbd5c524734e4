"""The machine the checks read: the /dev and /sys roots, the platform name, the environment, and
the openers of cameras, virtual cameras and segmenters are all fields, so tests run every check
against a fake tree in a temporary folder."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zoomclone.display_probe import window_problem as _window_problem
from zoomclone.doctor import probes
from zoomclone.segmentation import Segmenter, open_segmenter

LINUX = "Linux"


@dataclass(frozen=True)
class Machine:
    """Everything the checks read. The defaults are this machine; tests replace any of them."""

    dev_root: Path = Path("/dev")
    sys_root: Path = Path("/sys")
    system: str = field(default_factory=platform.system)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    can_read_write: Callable[[Path], bool] = probes.can_read_write
    run: Callable[[Sequence[str]], str | None] = probes.run_quietly
    open_obs_camera: Callable[[], None] = probes.open_obs_camera
    capture_opens: Callable[[int], bool] = probes.capture_opens
    open_segmenter: Callable[[str], Segmenter] = open_segmenter
    distributions: Callable[[], frozenset[str]] = probes.installed_distributions
    # Read by the checks in zoomclone.doctor.traps:
    proc_root: Path = Path("/proc")
    fs_root: Path = Path("/")  # /Applications, /var/lib/flatpak, /snap
    home: Path = field(default_factory=Path.home)
    own_pid: int = field(default_factory=os.getpid)
    interpreter: probes.Interpreter = field(default_factory=probes.this_interpreter)
    wheel_tags: Callable[[str], tuple[str, ...] | None] = probes.wheel_tags
    version_of: Callable[[str], str | None] = probes.distribution_version
    mac_version: Callable[[], str] = probes.mac_version
    window_problem: Callable[[Mapping[str, str]], str | None] = _window_problem

    @property
    def is_linux(self) -> bool:
        return self.system == LINUX
