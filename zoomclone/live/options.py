"""What one ``zoomclone live`` run was asked to do.

The settings a config file may hold are ``config.LiveConfig`` (each written once there, with its
default and its check; flags override them through ``config.override``, checked the same way).
``LiveOptions`` holds them together with what only the command line says for one run (an input
video, a frame limit, a stats file), and checks the options that depend on each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from zoomclone.config import HotkeyConfig, LiveConfig, parse_size
from zoomclone.effects.chain import EffectsConfig
from zoomclone.effects.options import effects_config
from zoomclone.errors import UsageError

CAMERA_SIZE = (1280, 720)  # what a camera is asked for when no size is set
FITS = ("cover", "contain", "stretch")  # how --input frames meet another --size
DEFAULT_FIT = FITS[0]


@dataclass(frozen=True)
class LiveOptions:
    """Everything ``zoomclone live`` was asked to do: ``settings`` (defaults < config file <
    flags) and the options of this run alone. UsageError when two options do not go together."""

    settings: LiveConfig = field(default_factory=LiveConfig)
    bindings: HotkeyConfig = field(default_factory=HotkeyConfig)  # used when settings.hotkeys
    input_video: str | None = None  # a video file instead of the camera, looped
    unpaced: bool = False  # with input_video: as fast as possible
    fit: str = DEFAULT_FIT
    max_frames: int | None = None
    stats_json: Path | None = None
    open_panel: bool = False  # open the panel in the default browser once it is served
    backgrounds_from: str | None = None  # the config file that named them: skip what fails
    socket: Path | None = None  # the control socket (None: the usual one)

    def __post_init__(self) -> None:
        if self.open_panel and not self.settings.panel:
            raise UsageError(
                "--open-panel needs the panel: leave out --no-panel (or panel = false)"
            )
        if self.unpaced and self.input_video is None:
            raise UsageError("--unpaced goes with --input VIDEO (a camera sets its own pace)")

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) to ask the camera for, or to scale the input to when ``size_given``."""
        return parse_size(self.settings.size) if self.settings.size else CAMERA_SIZE

    @property
    def size_given(self) -> bool:
        return bool(self.settings.size)

    @property
    def vcam_device(self) -> str | None:
        return self.settings.vcam_device or None

    @property
    def vcam_backend(self) -> str | None:
        return self.settings.vcam_backend or None

    @property
    def hotkeys(self) -> dict[str, str] | None:
        """action -> binding ("" unbound) when the global hotkeys are on, else None."""
        return asdict(self.bindings) if self.settings.hotkeys else None

    @property
    def effects(self) -> EffectsConfig:
        return effects_config(self.settings)
