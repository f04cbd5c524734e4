"""``zoomclone desktop``: an app-menu entry and its icon, written into a made-up home."""

from __future__ import annotations

import shlex
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.commands.test_service import RUN_TIMEOUT_S, zoomclone
from zoomclone.cli import build_parser
from zoomclone.desktop_entry import OPENS, entry_text, exec_quote

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ICON_PX = 256


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return home / ".local" / "share"


def entry_values(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_install_writes_the_entry_and_both_icons(data_home: Path) -> None:
    done = zoomclone("desktop", "install")
    assert done.returncode == 0, done.stderr
    entry = data_home / "applications" / "zoomclone.desktop"
    values = entry_values(entry.read_text())
    assert values["Type"] == "Application" and values["Icon"] == "zoomclone"
    assert values["Exec"] == f"{sys.executable} -m zoomclone live --open-panel"
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / "zoomclone.svg"
    png = data_home / "icons" / "hicolor" / "256x256" / "apps" / "zoomclone.png"
    assert ET.parse(svg).getroot().get("viewBox") == "0 0 256 256"
    header = png.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE
    assert struct.unpack(">II", header[16:24]) == (ICON_PX, ICON_PX)
    assert f"wrote {entry}" in done.stdout


def test_the_entry_passes_desktop_file_validate(data_home: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    assert zoomclone("desktop", "install").returncode == 0
    check = subprocess.run(
        ["desktop-file-validate", str(data_home / "applications" / "zoomclone.desktop")],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout


def test_the_entry_opens_a_command_zoomclone_accepts() -> None:
    words = shlex.split(entry_values(entry_text())["Exec"])
    assert words[1:3] == ["-m", "zoomclone"] and tuple(words[3:]) == OPENS
    args = build_parser().parse_args(words[3:])
    assert args.command == "live" and args.open_panel


def test_exec_words_are_quoted_as_the_spec_asks() -> None:
    assert exec_quote("/usr/bin/python3") == "/usr/bin/python3"
    assert exec_quote("/opt/my apps/python") == '"/opt/my apps/python"'
    assert exec_quote("/opt/100%/python") == "/opt/100%%/python"
    # `$` is escaped inside the quotes, and the file format doubles that backslash
    assert exec_quote("/opt/$x y") == '"/opt/\\\\$x y"'


def test_xdg_data_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(target))
    assert zoomclone("desktop", "install").returncode == 0
    assert (target / "applications" / "zoomclone.desktop").is_file()


def test_uninstall_removes_the_entry_and_the_icons(data_home: Path) -> None:
    assert zoomclone("desktop", "install").returncode == 0
    done = zoomclone("desktop", "uninstall")
    assert done.returncode == 0 and "removed 3 file(s)" in done.stdout
    assert not [p for p in data_home.rglob("*") if p.is_file()]
