"""Keys, `zoomclone ctl`, the config file and the command line all reach each effect."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from tests.conftest import CLIP_FRAMES
from tests.control.test_control_socket import RunningApp
from zoomclone.cli import main
from zoomclone.config import parse_config
from zoomclone.control.client import send_command
from zoomclone.control.commands import Action, Command, command_for_key, command_for_text
from zoomclone.effects.options import effects_config
from zoomclone.errors import ConfigError


@pytest.mark.parametrize(
    ("key", "command"),
    [
        ("f", Command(Action.FRAMING)),
        ("l", Command(Action.LIGHT)),
        ("o", Command(Action.OVERLAY)),
        ("[", Command(Action.EDGE, "shrink")),
        ("]", Command(Action.EDGE, "grow")),
    ],
)
def test_keys_in_the_preview_and_the_terminal(key: str, command: Command) -> None:
    assert command_for_key(ord(key)) == command
    assert command_for_text(key) == command


def test_ctl_switches_every_effect_in_the_running_app(private_user_folders: Path) -> None:
    address = private_user_folders / "c.sock"
    app = RunningApp(address)
    with app.server:
        app.thread.start()
        try:
            app.wait_frames(2)
            for words in (["framing"], ["light"], ["edge", "3"], ["edge", "grow"]):
                assert send_command(words, address)["ok"] is True
            app.wait_frames(3)
            status = send_command(["status"], address)["status"]
            assert status["framing"] is True and status["light"] is True
            assert status["edge_offset"] == 4 and status["overlay"] is False
            reply = send_command(["overlay"], address)
            assert reply["ok"] is True  # accepted; the pipeline logs that there is none
        finally:
            app.pipeline.stop()
            app.thread.join(5.0)
    assert not app.thread.is_alive()


def test_the_config_file_turns_effects_on_and_names_bad_values() -> None:
    config = parse_config(
        '[live]\nframe = "auto"\nlight = "auto"\nedge_offset = -2\nname_tag = "Ada — Analyst"\n'
    )
    effects = effects_config(config.live)
    assert effects.framing and effects.light and effects.edge_offset == -2
    assert effects.name_tag == "Ada — Analyst"
    with pytest.raises(ConfigError, match=r"bad value for live.edge_offset .*-5 to \+5"):
        parse_config("[live]\nedge_offset = 9\n")
    with pytest.raises(ConfigError, match=r'bad value for live.frame .*"off" or "auto"'):
        parse_config('[live]\nframe = "on"\n')


def test_video_takes_the_effect_options(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.avi"
    argv = ["video", str(clip), "-o", str(out), "--frame", "auto", "--light", "auto"]
    argv += ["--edge-offset", "2", "--name-tag", "Ada Lovelace — Analyst"]
    assert main(argv) == 0
    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == CLIP_FRAMES
    capture.release()


def test_a_bad_edge_offset_option_is_a_usage_error(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["video", str(clip), "-o", str(tmp_path / "o.avi"), "--edge-offset", "7"])
    assert exit_info.value.code == 2
    assert "expected a whole number of pixels -5..5" in capsys.readouterr().err


def test_global_hotkeys_can_switch_the_effects() -> None:
    from dataclasses import asdict

    from zoomclone.control.hotkeys import hotkey_map

    config = parse_config('[hotkeys]\nframing = "ctrl+alt+f"\nlight = "ctrl+alt+l"\n')
    commands = set(hotkey_map(asdict(config.hotkeys)).values())
    assert {Command(Action.FRAMING), Command(Action.LIGHT)} <= commands
