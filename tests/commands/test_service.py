"""``zoomclone service``: the login item each platform gets, written into a made-up home."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.autostart import service_file_for
from zoomclone.autostart.startup_cmd import startup_path
from zoomclone.autostart.systemd import quote
from zoomclone.commands.service import run_service
from zoomclone.control.server import ControlServer

RUN_TIMEOUT_S = 60


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


def zoomclone(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoomclone", *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def unit_of(home: Path) -> Path:
    return home / ".config" / "systemd" / "user" / "zoomclone.service"


def exec_start(unit: Path) -> str:
    lines = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1
    return lines[0].removeprefix("ExecStart=")


def test_install_writes_a_user_unit_running_live_on_demand(home: Path) -> None:
    done = zoomclone("service", "install")
    assert done.returncode == 0, done.stderr
    unit = unit_of(home)
    text = unit.read_text()
    assert (
        exec_start(unit)
        == f"{sys.executable} -m zoomclone live --output virtual --no-hotkeys --on-demand"
    )
    assert "Restart=on-failure" in text
    assert "StandardError=journal" in text
    assert "WantedBy=default.target" in text
    assert f"wrote {unit}" in done.stdout
    # A made-up home is not where the user's systemd looks: the command to run is printed instead.
    assert (
        "run: systemctl --user daemon-reload && systemctl --user enable --now zoomclone.service"
        in done.stdout
    )


def test_the_unit_passes_systemd_analyze_verify(home: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    assert zoomclone("service", "install").returncode == 0
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(unit_of(home))],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "zoomclone.service" not in verify.stderr  # no complaint about our unit


def test_xdg_config_home_and_the_users_config_file_are_used(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_home = tmp_path / "elsewhere"
    (config_home / "zoomclone").mkdir(parents=True)
    config = config_home / "zoomclone" / "config.toml"
    config.write_text("[live]\nmirror = true\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    assert zoomclone("service", "install").returncode == 0
    unit = config_home / "systemd" / "user" / "zoomclone.service"
    assert exec_start(unit).endswith(f"--on-demand --config {config}")
    assert not (home / ".config").exists()


def test_execstart_words_are_quoted_for_systemd() -> None:
    assert quote("/opt/my python/bin/python3") == '"/opt/my python/bin/python3"'
    assert quote("/home/a%b/$x") == "/home/a%%b/$$x"
    assert quote('say "hi"') == '"say \\"hi\\""'


def test_status_says_not_running_and_exits_3(home: Path, tmp_path: Path) -> None:
    done = zoomclone("service", "status", "--socket", str(tmp_path / "none.sock"))
    assert done.returncode == 3
    assert "service: not installed" in done.stdout
    assert "zoomclone: not running (no zoomclone answers on the control socket)" in done.stdout


def test_status_shows_fps_and_camera_of_the_running_zoomclone(
    home: Path, private_user_folders: Path
) -> None:
    address = private_user_folders / "s.sock"
    assert zoomclone("service", "install").returncode == 0
    with ControlServer(make_pipeline(), address):
        done = zoomclone("service", "status", "--socket", str(address))
    assert done.returncode == 0, done.stderr
    assert f"service: installed ({unit_of(home)})" in done.stdout
    assert "zoomclone: running" in done.stdout
    assert "fps: " in done.stdout and "camera: ok" in done.stdout


def test_uninstall_removes_the_unit_and_says_so_twice(home: Path) -> None:
    assert zoomclone("service", "install").returncode == 0
    done = zoomclone("service", "uninstall")
    assert done.returncode == 0
    assert not unit_of(home).exists()
    assert "systemctl --user disable --now zoomclone.service" in done.stdout
    again = zoomclone("service", "uninstall")
    assert again.returncode == 0 and "no service installed" in again.stdout


def test_macos_gets_a_launch_agent_that_restarts_on_failure(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_service("install", system="Darwin", environ={"HOME": str(home)}) == 0
    agent = home / "Library" / "LaunchAgents" / "local.zoomclone.plist"
    plist = plistlib.loads(agent.read_bytes())
    assert plist["Label"] == "local.zoomclone"
    assert plist["ProgramArguments"] == [
        sys.executable,
        "-m",
        "zoomclone",
        "live",
        "--output",
        "virtual",
        "--no-hotkeys",
    ]
    assert plist["RunAtLoad"] is True
    assert plist["KeepAlive"] == {"SuccessfulExit": False}
    assert plist["StandardErrorPath"] == str(home / "Library" / "Logs" / "zoomclone.log")
    out = capsys.readouterr().out
    assert f"launchctl bootstrap gui/$(id -u) {agent}" in out
    assert "on-demand camera is Linux only" in out
    assert run_service("logs", system="Darwin", environ={"HOME": str(home)}) == 0
    assert str(home / "Library" / "Logs" / "zoomclone.log") in capsys.readouterr().out


def test_windows_gets_a_startup_cmd() -> None:
    environ = {
        "USERPROFILE": r"C:\Users\ann",
        "APPDATA": r"C:\Users\ann\AppData\Roaming",
        "LOCALAPPDATA": r"C:\Users\ann\AppData\Local",
    }
    item = service_file_for("Windows", environ)
    assert str(startup_path(environ)).endswith(
        r"AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\zoomclone.cmd"
    )
    lines = item.text.split("\r\n")
    assert lines[0] == "@echo off"
    assert item.text.endswith("\r\n") and "\n" not in item.text.replace("\r\n", "")
    run_line = next(line for line in lines if "-m zoomclone live" in line)
    assert run_line.endswith(r'>> "C:\Users\ann\AppData\Local\zoomclone\zoomclone.log" 2>&1')
    assert "--on-demand" not in run_line


def test_nothing_is_written_outside_the_home(home: Path, tmp_path: Path) -> None:
    before = set(tmp_path.rglob("*"))
    assert zoomclone("service", "install").returncode == 0
    assert zoomclone("desktop", "install").returncode == 0
    new = set(tmp_path.rglob("*")) - before
    xdg_data = Path(os.environ["XDG_DATA_HOME"])
    assert new and all(p.is_relative_to(home) or p.is_relative_to(xdg_data) for p in new)
