"""The user's private runtime folder, where the control socket lives.

On Linux without ``XDG_RUNTIME_DIR`` it is ``/tmp/zoomclone-UID``: a name anyone can take first. So
the folder is made with ``os.mkdir`` (which never follows a symlink) and then opened with
``O_NOFOLLOW | O_DIRECTORY`` and checked through that descriptor: a real folder, owned by this user,
mode 0700. Anything else (a file, a symlink, another user's folder) is refused, never followed or
repaired. Once the folder is ours, the sticky ``/tmp`` lets no one else rename or replace it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

import platformdirs

from zoomclone.errors import ControlError
from zoomclone.paths import APP_NAME

PRIVATE_DIR_MODE = 0o700
WINDOWS = sys.platform == "win32"
FIX = "remove it, or set XDG_RUNTIME_DIR to a private folder"


def runtime_dir() -> Path:
    """A folder only this user can enter: the platform's runtime folder, or a private fallback."""
    if sys.platform.startswith("linux") and not os.environ.get("XDG_RUNTIME_DIR"):
        return private_dir(Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.getuid()}")
    return private_dir(Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False)))


def private_dir(path: Path) -> Path:
    """Create ``path`` (its parents as usual) or check the one there; ControlError if not private."""
    if WINDOWS:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, PRIVATE_DIR_MODE)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as err:
        raise ControlError(f"{path} is not a private folder ({_what(path, err)}): {FIX}") from err
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise ControlError(
            f"{path} is not a private folder (owner {info.st_uid}, mode "
            f"{stat.S_IMODE(info.st_mode):o}; expected owner {os.getuid()}, mode 700): {FIX}"
        )
    return path


def _what(path: Path, err: OSError) -> str:
    """What stands at ``path`` instead of a folder, in words."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return err.strerror or str(err)
    if stat.S_ISLNK(mode):
        return "a symlink"
    if not stat.S_ISDIR(mode):
        return "not a folder"
    return err.strerror or str(err)
