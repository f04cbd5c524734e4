"""The one exception tree of zoomclone.

    ZoomcloneError                 anything zoomclone reports to the user as one clear line
    ├── UsageError                 a bad option or value the user typed (exit code 2)
    │   └── ConfigError            a bad key or value in a config file
    ├── InputError                 an input photo or video that cannot be read
    ├── BackgroundError            a background that cannot be loaded or played
    ├── ModelError                 a bundled model file that is missing or altered
    ├── SegmenterError             the segmenter failed while running
    ├── SourceError                the camera or input video cannot be opened or read
    ├── SinkError                  an output (virtual camera, window, file) cannot be opened or written
    ├── ControlError               the control socket of a running zoomclone cannot be reached
    ├── ServiceError               the login item or the app-menu entry cannot be set up
    └── PanelError                 the control panel cannot start, or no running one is found

Library code raises these; only ``zoomclone.cli`` turns them into a message and an exit code.
Every message says what was expected, what came, and how to fix it.
"""

from __future__ import annotations


class ZoomcloneError(Exception):
    """Base of every error zoomclone reports as one line (exit code 1)."""

    exit_code = 1


class UsageError(ZoomcloneError):
    """The command line or the config asked for something invalid (exit code 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """A config file has an unknown key or a bad value."""


class InputError(ZoomcloneError):
    """An input photo, folder or video cannot be read."""


class BackgroundError(ZoomcloneError):
    """A background image, folder or video cannot be loaded or played."""


class ModelError(ZoomcloneError):
    """A bundled model file is missing or does not match its recorded checksum."""


class ModelRuntimeError(ModelError):
    """The runtime that runs the models (LiteRT) is missing or cannot load them."""


class SegmenterError(ZoomcloneError):
    """The segmenter failed on a frame."""


class SourceError(ZoomcloneError):
    """A camera or input video cannot be opened or read."""


class SinkError(ZoomcloneError):
    """An output cannot be opened or written."""


class ControlError(ZoomcloneError):
    """The control socket of a running zoomclone cannot be reached or answered badly."""


class ServiceError(ZoomcloneError):
    """The login item or the app-menu entry cannot be written, started or removed."""


class PanelError(ZoomcloneError):
    """The browser control panel cannot be served, or no running one is found."""
