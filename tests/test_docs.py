"""The README documents every command and option, and CI runs the README's test command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from zoomclone.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, sub in _subcommands().items():
        for action in sub._actions:
            longs = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            found.extend((name, option) for option in longs[:1])
    return found


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"zoomclone {command}" in README or command == "live"


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert re.search(rf"`{re.escape(option)}[ `=\\]", README), (
        f"{command} {option} is not documented"
    )


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = next(b for b in blocks if "pytest" in b).strip()
    assert test_command in (ROOT / ".ci" / "run").read_text()


# ---- the help texts, README and docs/errors.md say what the code does -------------------------

ERRORS_MD = (ROOT / "docs" / "errors.md").read_text()


def _help(command: str) -> str:
    return _subcommands()[command].format_help()


def test_live_help_says_an_input_keeps_its_size() -> None:
    assert "the input's own size" in " ".join(_help("live").split())


def test_image_help_does_not_promise_png_only() -> None:
    text = " ".join(_help("image").split())
    assert "Each result is a PNG" not in text and "out.jpg: JPEG" in text


def test_video_help_shows_the_sequence_pattern_as_typed() -> None:
    assert "frames/%05d.png" in _help("video") and "%%" not in _help("video")


def test_hotkeys_install_is_written_for_a_checkout() -> None:
    assert "zoomclone[hotkeys]" not in README + _help("live")
    assert "pip install '.[hotkeys]'" in README


def test_the_readme_makes_a_virtual_environment_before_installing() -> None:
    quick_start = README.split("## Quick start", 1)[1]
    assert quick_start.index("python3 -m venv") < quick_start.index("pip install")


def test_every_modprobe_line_is_doctors() -> None:
    from zoomclone.doctor import LOAD_LOOPBACK
    from zoomclone.preflight import NOTHING_THERE
    from zoomclone.sinks.virtualcam import SETUP_HINT

    assert LOAD_LOOPBACK in SETUP_HINT and LOAD_LOOPBACK in NOTHING_THERE
    for line in README.splitlines() + ERRORS_MD.splitlines():
        if "modprobe v4l2loopback" in line and "modprobe -r" not in line:
            assert "video_nr=10" in line, line


def test_every_check_the_readme_lists_is_printed_even_with_nothing_there(tmp_path: Path) -> None:
    from zoomclone.doctor import Machine, run_checks

    machine = Machine(system="Linux", dev_root=tmp_path / "dev", sys_root=tmp_path / "sys")
    names = {result.name for result in run_checks(machine)}
    assert {"exclusive_caps", "device access"} <= names
    assert "**exclusive_caps** (Linux; `skip` until v4l2loopback is loaded)" in README


@pytest.mark.parametrize(
    "argv",
    [
        ["config", "--config", "nope.toml"],
        ["image", "nope.jpg", "-o", "x.png"],
        ["video", "nope.mp4", "-o", "x.mp4"],
        ["live", "--input", "nope.mp4", "--output", "null"],
    ],
)
def test_a_missing_input_or_config_file_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from zoomclone.cli import main

    assert main(argv) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["live", "--size", "12x"],
        ["live", "--size", "1280x721"],
        ["live", "--unpaced"],
        ["live", "--output", "previw"],
        ["live", "--output", "xyz"],
        ["live", "--input", "nope.mp4"],
        ["live", "--config", "missing.toml"],
        ["image", "nothing-*.jpg", "-o", "x.png"],
    ],
)
def test_errors_md_quotes_the_line_the_user_sees(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from zoomclone.cli import main

    main(argv)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    message = line.removeprefix("zoomclone: error: ")
    assert f"`{message}`" in ERRORS_MD, message
