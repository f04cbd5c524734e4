"""The command line's layout: one module per command, each with register() and run(), and one
live options type built from defaults < config file < flags."""

from __future__ import annotations

import argparse
import importlib
from dataclasses import fields, replace
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from zoomclone.cli import COMMANDS, build_parser, main
from zoomclone.commands.live import live_options
from zoomclone.config import HotkeyConfig, LiveConfig
from zoomclone.live.config import PipelineConfig
from zoomclone.live.options import CAMERA_SIZE, LiveOptions
from zoomclone.sources.base import SourceInfo

# the fewest arguments each command parses with
MINIMAL_ARGS = {
    "live": [],
    "image": ["in.png", "-o", "out.png"],
    "video": ["in.mp4", "-o", "out.mp4"],
    "ctl": ["next"],
    "panel": [],
    "config": [],
    "doctor": [],
    "service": ["status"],
    "desktop": ["install"],
}


def command_names() -> list[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    raise AssertionError("the parser has no subcommands")


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"zoomclone.commands.{name}")


def test_every_command_is_a_module_with_register_and_run() -> None:
    names = command_names()
    assert sorted(names) == sorted(MINIMAL_ARGS)
    for name in names:
        module = command_module(name)
        assert callable(module.register), name
        assert callable(module.run), name
    assert {m.__name__ for m in COMMANDS} == {f"zoomclone.commands.{n}" for n in names}


@pytest.mark.parametrize("name", sorted(MINIMAL_ARGS))
def test_the_parser_dispatches_each_command_to_its_module(name: str) -> None:
    args = build_parser().parse_args([name, *MINIMAL_ARGS[name]])
    assert args.handler is command_module(name).run


@pytest.mark.parametrize("name", sorted(MINIMAL_ARGS))
def test_each_command_has_its_own_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: zoomclone {name} ")


def parse_live(argv: list[str]) -> LiveOptions:
    return live_options(build_parser().parse_args(["live", *argv]))


def write_config(folder: Path) -> Path:
    path = folder / "config.toml"
    path.write_text(
        '[live]\nfps = 24\nmodel = "general"\nsize = "640x480"\nmirror = true\n'
        'hotkeys = true\nbackgrounds = ["white"]\nframe = "auto"\n'
        '[hotkeys]\nnext = "ctrl+alt+x"\n'
    )
    return path


def test_no_setting_is_described_twice() -> None:
    assert not {f.name for f in fields(LiveOptions)} & {f.name for f in fields(LiveConfig)}


def test_without_a_file_or_flags_the_options_are_the_defaults() -> None:
    options = parse_live([])
    assert options == LiveOptions()
    assert options.size == CAMERA_SIZE
    assert not options.size_given
    assert options.hotkeys is None
    assert options.vcam_device is None


def test_the_config_file_sets_defaults_and_flags_override_them(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    from_file = parse_live(["--config", str(config)])
    file_settings = replace(
        LiveConfig(),
        fps=24.0,
        model="general",
        size="640x480",
        mirror=True,
        hotkeys=True,
        backgrounds=("white",),
        frame="auto",
    )
    bindings = replace(HotkeyConfig(), next="ctrl+alt+x")
    assert from_file == LiveOptions(
        settings=file_settings, bindings=bindings, backgrounds_from=str(config)
    )
    assert from_file.size == (640, 480)
    assert from_file.effects.framing
    assert from_file.hotkeys is not None and from_file.hotkeys["next"] == "ctrl+alt+x"

    flags = ["--fps", "15", "--size", "320x240", "--no-mirror", "--frame", "off", "--no-hotkeys"]
    overridden = parse_live(["--config", str(config), *flags, "--background", "black"])
    assert overridden == LiveOptions(
        settings=replace(
            file_settings,
            fps=15.0,
            size="320x240",
            mirror=False,
            frame="off",
            hotkeys=False,
            backgrounds=("black",),
        ),
        bindings=bindings,
    )
    assert overridden.size == (320, 240)
    assert overridden.hotkeys is None


def test_the_pipeline_takes_the_user_facing_values_from_the_options(tmp_path: Path) -> None:
    from zoomclone.commands.live_run import pipeline_config

    options = parse_live(["--config", str(write_config(tmp_path)), "--frames", "7"])
    info = SourceInfo(width=640, height=480, fps=25.0, live=True, description="test")
    config = pipeline_config(options, info)
    assert (config.mirror, config.output_fps, config.max_frames) == (True, 24.0, 7)
    assert config.pace_fps == 25.0
    # the engine-room knobs keep the pipeline's own defaults
    assert config.mask_deadline_ms == PipelineConfig().mask_deadline_ms


def test_options_that_do_not_go_together_are_refused_once_built() -> None:
    from zoomclone.errors import UsageError

    with pytest.raises(UsageError, match="--unpaced goes with --input"):
        LiveOptions(unpaced=True)
    with pytest.raises(UsageError, match="--open-panel needs the panel"):
        LiveOptions(settings=replace(LiveConfig(), panel=False), open_panel=True)


def test_each_record_sink_reports_what_its_own_backend_received() -> None:
    from zoomclone.sinks.virtualcam import VirtualCameraSink

    frame = np.zeros((48, 64, 3), np.uint8)
    with (
        VirtualCameraSink(64, 48, 30.0, backend="record") as first,
        VirtualCameraSink(64, 48, 30.0, backend="record") as second,
    ):
        first.send(frame)
        first.send(frame)
        second.send(frame)
    assert first.received is not None and second.received is not None
    assert (first.received.frames, second.received.frames) == (2, 1)
    assert (first.received.width, first.received.height) == (64, 48)
    assert first.received.bytes_per_frame == frame.size
