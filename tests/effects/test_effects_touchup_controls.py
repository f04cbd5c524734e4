"""The key, `zoomclone ctl`, the config file, the hotkeys and the command line reach the touch-up."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import cv2
import pytest

from tests.conftest import CLIP_FRAMES
from tests.control.test_control_socket import RunningApp
from zoomclone.cli import build_parser, main
from zoomclone.commands.live import live_options
from zoomclone.config import parse_config
from zoomclone.control.client import send_command
from zoomclone.control.commands import (
    KEY_HELP,
    Action,
    Command,
    command_for_key,
    command_for_text,
    parse_command,
)
from zoomclone.control.hotkeys import hotkey_map
from zoomclone.effects.chain import Effects
from zoomclone.effects.options import effects_config
from zoomclone.errors import ConfigError, UsageError


def test_the_t_key_toggles_it_in_the_preview_and_the_terminal() -> None:
    assert command_for_key(ord("t")) == Command(Action.TOUCHUP)
    assert command_for_text("t") == Command(Action.TOUCHUP)
    assert ("t", "skin touch-up on/off") in KEY_HELP


def test_the_command_takes_an_optional_strength() -> None:
    assert parse_command(["touchup"]) == Command(Action.TOUCHUP)
    assert parse_command(["touchup", "0.3"]) == Command(Action.TOUCHUP, "0.3")
    for bad in ("2", "-1", "soft", "nan"):
        with pytest.raises(UsageError, match=r"touchup takes a strength from 0 \(off\) to 1"):
            parse_command(["touchup", bad])
    with pytest.raises(UsageError, match=r"touchup takes a strength"):
        parse_command(["touchup", "0.3", "0.4"])


def test_applying_the_commands_sets_the_strength_and_says_so() -> None:
    effects = Effects()
    assert effects.apply(Command(Action.TOUCHUP)) == "skin touch-up 0.5"
    assert effects.status()["touch_up"] == 0.5 and effects.active
    assert effects.apply(Command(Action.TOUCHUP, "0.2")) == "skin touch-up 0.2"
    assert effects.apply(Command(Action.TOUCHUP)) == "skin touch-up off"
    assert effects.status()["touch_up"] == 0.0 and not effects.active


def test_minus_zero_is_shown_as_off_not_minus_zero() -> None:
    effects = Effects(
        effects_config(build_parser().parse_args(["video", "a", "-o", "b.mp4", "--touch-up", "-0"]))
    )
    assert str(effects.status()["touch_up"]) == "0.0"
    effects.apply(Command(Action.TOUCHUP, "-0"))
    assert str(effects.status()["touch_up"]) == "0.0"


def test_ctl_sets_and_toggles_it_in_the_running_app(private_user_folders: Path) -> None:
    address = private_user_folders / "c.sock"
    app = RunningApp(address)
    with app.server:
        app.thread.start()
        try:
            app.wait_frames(2)
            assert send_command(["touchup", "0.4"], address)["ok"] is True
            app.wait_frames(3)
            assert send_command(["status"], address)["status"]["touch_up"] == 0.4
            assert send_command(["touchup"], address)["ok"] is True
            app.wait_frames(3)
            assert send_command(["status"], address)["status"]["touch_up"] == 0.0
        finally:
            app.pipeline.stop()
            app.thread.join(5.0)
    assert not app.thread.is_alive()


def test_the_config_file_sets_it_and_names_a_bad_value() -> None:
    assert effects_config(parse_config("[live]\ntouch_up = 0.5\n").live).touch_up == 0.5
    assert effects_config(parse_config("[live]\ntouch_up = 1\n").live).touch_up == 1.0
    assert effects_config(parse_config("").live).touch_up == 0.0  # off by default
    with pytest.raises(ConfigError, match=r"bad value for live.touch_up .*from 0 \(off\) to 1"):
        parse_config("[live]\ntouch_up = 1.5\n")
    bindings = parse_config('[hotkeys]\ntouchup = "ctrl+alt+t"\n').hotkeys
    assert Command(Action.TOUCHUP) in hotkey_map(asdict(bindings)).values()


def test_the_live_flag_overrides_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[live]\ntouch_up = 0.3\n")

    def strength(*flags: str) -> float:
        args = build_parser().parse_args(["live", "--config", str(config), *flags])
        return live_options(args).effects.touch_up

    assert strength() == 0.3
    assert strength("--touch-up", "0.8") == 0.8
    assert strength("--touch-up", "0") == 0.0


@pytest.mark.parametrize("command", ["live", "video"])
def test_a_bad_strength_on_the_command_line_is_one_line_and_exit_2(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["live", "--touch-up", "3"] if command == "live" else ["video", "a.mp4", "-o", "b.mp4"]
    if command == "video":
        argv += ["--touch-up", "strong"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("zoomclone: error: argument --touch-up")
    assert "expected a strength from 0 (off) to 1" in err


def test_video_takes_the_touch_up(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.avi"
    args = build_parser().parse_args(["video", str(clip), "-o", str(out), "--touch-up", "0.6"])
    assert effects_config(args).touch_up == 0.6
    assert main(["video", str(clip), "-o", str(out), "--touch-up", "0.6"]) == 0
    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == CLIP_FRAMES
    capture.release()
