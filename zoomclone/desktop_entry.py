"""Linux: the app-menu entry (a freedesktop ``.desktop`` file) and the icon it shows.

The entry goes to ``$XDG_DATA_HOME/applications`` (default ``~/.local/share``), the icons to
``$XDG_DATA_HOME/icons/hicolor/{scalable,256x256}/apps``, where menus look for user apps.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zoomclone.autostart.launch import home

APP_ID = "zoomclone"
# What the entry opens: the virtual camera, with its control panel in the browser.
OPENS = ("live", "--open-panel")
ICON_FILES = (("scalable", "zoomclone.svg"), ("256x256", "zoomclone.png"))
RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # the spec's characters that need quoting in Exec


@dataclass(frozen=True)
class DesktopFiles:
    """Where the entry and each icon go."""

    entry: Path
    icons: tuple[tuple[str, Path], ...]  # (bundled file name, destination)


def data_home(environ: Mapping[str, str]) -> Path:
    value = environ.get("XDG_DATA_HOME")
    return Path(value) if value else home(environ) / ".local" / "share"


def desktop_files(environ: Mapping[str, str]) -> DesktopFiles:
    data = data_home(environ)
    icons = tuple(
        (name, data / "icons" / "hicolor" / size / "apps" / name) for size, name in ICON_FILES
    )
    return DesktopFiles(entry=data / "applications" / f"{APP_ID}.desktop", icons=icons)


def exec_quote(word: str) -> str:
    """One Exec argument as the Desktop Entry spec wants it: ``%`` doubled, and double quotes
    (with ``"``, backquote, ``$`` and backslash escaped) around words with reserved characters."""
    word = word.replace("%", "%%")
    if not any(c in RESERVED for c in word):
        return word
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in word)
    # The file format then escapes each backslash once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def entry_text(command: Sequence[str] | None = None) -> str:
    """The ``[Desktop Entry]`` group: an application opening ``OPENS`` with this interpreter."""
    command = command or (sys.executable, "-m", "zoomclone", *OPENS)
    exec_line = " ".join(exec_quote(word) for word in command)
    return f"""\
[Desktop Entry]
Type=Application
Version=1.4
Name=zoomclone
GenericName=Virtual Background Camera
Comment=Put a virtual background behind you in any video call
Exec={exec_line}
Icon={APP_ID}
Terminal=false
Categories=AudioVideo;Video;
Keywords=webcam;camera;background;blur;zoom;meet;
StartupNotify=false
"""


def icon_bytes(name: str) -> bytes:
    """A bundled icon file (``zoomclone/icons``)."""
    return resources.files("zoomclone.icons").joinpath(name).read_bytes()
