"""Paths the user types, checked before anything is read or written.

``expand`` turns ``~`` into the home folder (never a folder literally named ``~``); ``cv2_name``
refuses names OpenCV cannot take (not UTF-8: it crashes on them); ``regular_file`` refuses FIFOs,
devices and symlink loops (reading a FIFO hangs); ``refuse_overwrite`` refuses an output that is
one of the inputs, however it is spelled; ``temp_beside`` + ``commit`` (or ``write_bytes_atomic``)
write through an unpredictable temporary file in the target folder, renamed into place only when
the whole result is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from zoomclone.errors import InputError, SinkError, UsageError

APP_NAME = "zoomclone"  # the name of its folders (config, data, runtime) on every platform
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"})
ANIMATED_SUFFIXES = frozenset({".gif", ".webp"})  # a WebP is animated when it has frames
BACKGROUND_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES | ANIMATED_SUFFIXES

SEQUENCE_CHECK_FRAMES = 1000  # frame numbers compared when an output pattern meets an input one
NEW_FILE_MODE = 0o666  # before the umask, as open() would create it (mkstemp makes 0600)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()  # read once, at import, while no other thread runs


def expand(text: str | Path) -> Path:
    """``~`` and ``~user`` expanded; UsageError when the home folder is unknown."""
    try:
        return Path(text).expanduser()
    except RuntimeError as err:  # ~nosuchuser, or HOME unset without a passwd entry
        raise UsageError(
            f"cannot expand {str(text)!r}: {err}; write the full path instead"
        ) from err


def expand_text(text: str) -> str:
    """``expand`` for paths kept as text (printf-style sequence patterns)."""
    return str(expand(text)) if text.startswith("~") else text


def is_utf8(path: str | Path) -> bool:
    """True when the name can be handed to OpenCV (undecodable bytes arrive as surrogates)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def cv2_name(path: str | Path, what: str) -> str:
    """``path`` as text OpenCV can open; SourceError-like one line when it is not UTF-8."""
    if not is_utf8(path):
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise InputError(
            f"cannot open {what} {shown}: its name is not valid UTF-8 and OpenCV cannot open it; "
            "rename the file"
        )
    return str(path)


def shown(path: str | Path) -> str:
    """A path as one printable line (undecodable bytes as \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def regular_file(path: Path, what: str) -> None:
    """InputError unless ``path`` is (a symlink to) a regular file; never blocks on a FIFO."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise InputError(f"cannot read {what} {shown(path)}: {err.strerror or err}") from err
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe or a device)"
        raise InputError(f"cannot read {what} {shown(path)}: it is {kind}")


def is_regular(path: Path) -> bool:
    """True for a regular file (through symlinks); False for FIFOs, devices, loops, missing."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path as written when it is a symlink loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare it as written
        return Path(os.path.abspath(path))


def _names(spec: str) -> set[Path]:
    """The files ``spec`` names: itself, or a sequence pattern's first frames."""
    path = Path(spec)
    if "%" not in path.name:
        return {resolved(path)}
    folder = resolved(path.parent)
    names: set[Path] = set()
    for index in range(SEQUENCE_CHECK_FRAMES):
        try:
            names.add(folder / (path.name % index))
        except (TypeError, ValueError):
            return {folder / path.name}
    return names


def file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, None otherwise: equal for hard links."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def same_file(a: Path, b: Path) -> bool:
    """True when both exist and are one file (hard links too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwrite(output: str, inputs: Iterable[str]) -> None:
    """UsageError when writing ``output`` would replace one of ``inputs`` (through symlinks,
    hard links, ``./`` or an absolute spelling, or a matching image sequence)."""
    written = _names(output)
    for spec in inputs:
        read = _names(spec)
        if written & read or any(same_file(Path(output), p) for p in read if "%" not in spec):
            raise UsageError(
                f"output {shown(output)} would overwrite the input {shown(spec)}: "
                "choose another path"
            )


def destination(target: Path) -> Path:
    """Where writing ``target`` really goes: through a symlink to its file (replacing the link
    would surprise its owner); UsageError for a device or FIFO, which a rename would replace."""
    if target.is_symlink():
        target = resolved(target)
    if target.exists() and not is_regular(target):
        raise UsageError(
            f"output {shown(target)} exists and is not a regular file: choose a file path"
        )
    return target


def temp_beside(target: Path) -> Path:
    """A new, empty temporary file in ``target``'s folder (created exclusively, with an
    unpredictable name and ``target``'s suffix, which OpenCV reads to pick a container);
    the folder is created when missing. SinkError when that cannot be done."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(suffix=target.suffix, prefix=".zoomclone-", dir=target.parent)
    except OSError as err:
        raise SinkError(f"cannot write {shown(target)}: {err.strerror or err}") from err
    try:
        os.fchmod(fd, NEW_FILE_MODE & ~UMASK)
    finally:
        os.close(fd)
    return Path(name)


def commit(temp: Path, target: Path) -> None:
    """Rename the finished ``temp`` onto ``target`` (atomic in one folder)."""
    try:
        os.replace(temp, target)
    except OSError as err:
        discard(temp)
        raise SinkError(f"cannot write {shown(target)}: {err.strerror or err}") from err


def discard(temp: Path) -> None:
    """Delete an unfinished temporary file (already gone is fine)."""
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through ``temp_beside``: a failed write leaves any existing
    ``target`` whole, and no name another user can predict or plant a symlink on is opened."""
    final = destination(target)
    temp = temp_beside(final)
    try:
        with temp.open("r+b") as file:
            file.write(data)
        commit(temp, final)
    except OSError as err:
        discard(temp)
        raise SinkError(f"cannot write {shown(target)}: {err.strerror or err}") from err
    except BaseException:  # Ctrl-C mid-write: no half-written file left beside the user's
        discard(temp)
        raise


def check_writable_file(path: Path, what: str) -> None:
    """UsageError at start when ``path`` cannot be written later: a folder, a parent that is a
    file, or a folder the user may not write."""
    if path.is_dir():
        raise UsageError(f"{what} {shown(path)} is a folder: give a file name")
    destination(path)
    parent = path.parent
    existing = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise UsageError(f"{what} {shown(path)}: {shown(existing)} is a file, not a folder")
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(
            f"{what} {shown(path)}: folder {shown(existing)} is not writable; choose another path"
        )
