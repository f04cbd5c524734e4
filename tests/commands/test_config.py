"""The config file: loading, validation that names the key, overrides, and the --dump round trip."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zoomclone.cli import main
from zoomclone.config import (
    Config,
    HotkeyConfig,
    LiveConfig,
    default_config_path,
    dump_config,
    load_config,
    override,
    parse_config,
)
from zoomclone.errors import ConfigError

NO_SURROGATES = st.characters(exclude_categories=["Cs"])  # TOML text is valid Unicode
EXAMPLE = """
[live]
camera = 2
size = "640x480"
fps = 24
backgrounds = ["~/Pictures/office.jpg", "contain:logo.png", "blur:3"]
outputs = ["virtual"]
mirror = true
vcam_device = "/dev/video10"

[hotkeys]
next = "ctrl+shift+f9"
mirror = "ctrl+alt+m"
"""


def test_a_full_example_loads_with_types_and_defaults() -> None:
    config = parse_config(EXAMPLE)
    assert config.live.camera == "2"  # a number is taken as the camera index
    assert config.live.fps == 24.0 and isinstance(config.live.fps, float)
    assert config.live.backgrounds == ("~/Pictures/office.jpg", "contain:logo.png", "blur:3")
    assert config.live.model == "landscape"  # not in the file: the default
    assert config.hotkeys.next == "ctrl+shift+f9"
    assert config.hotkeys.prev == HotkeyConfig().prev


def test_no_file_at_the_default_path_gives_the_defaults() -> None:
    assert not default_config_path().exists()
    assert load_config() == Config()


def test_the_default_file_is_read_when_present() -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[live]\nmodel = "general"\n')
    assert load_config().live.model == "general"


def test_a_missing_config_option_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[live]\ncamra = 1\n", "unknown key live.camra in"),
        ("[hotkeys]\nnext = 'n'\n", "bad value for hotkeys.next"),
        ("[live]\nfps = 0\n", "bad value for live.fps"),
        ("[live]\nfps = 'fast'\n", "live.fps in .*settings.toml: expected a number"),
        ("[live]\nmirror = 'yes'\n", "live.mirror in .*settings.toml: expected true or false"),
        ("[live]\nbackgrounds = 'blur'\n", "expected a list of strings"),
        ("[live]\nsize = '1280'\n", "bad value for live.size"),
        ("[live]\nmodel = 'huge'\n", "bad value for live.model"),
        ("[matte]\nx = 1\n", "unknown section [matte]"),
        ("live = 1\n", "must be a table"),
        ("[live\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_key_and_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"settings\.toml") as caught:
        load_config(path)
    assert re.search(message, str(caught.value)) or message in str(caught.value)


def test_command_line_values_override_the_file_and_none_keeps_it() -> None:
    live = parse_config(EXAMPLE).live
    merged = override(live, {"fps": 60.0, "mirror": False, "camera": None, "outputs": ("null",)})
    assert (merged.fps, merged.mirror, merged.camera, merged.outputs) == (
        60.0,
        False,
        "2",
        ("null",),
    )


def test_dump_reads_back_to_the_same_config() -> None:
    config = parse_config(EXAMPLE)
    assert parse_config(dump_config(config, header="a header\nover two lines")) == config
    assert parse_config(dump_config(Config())) == Config()


@given(
    texts=st.lists(st.text(alphabet=NO_SURROGATES), max_size=4),
    device=st.text(alphabet=NO_SURROGATES),
    fps=st.floats(min_value=0.001, max_value=240.0),
)
def test_any_strings_and_numbers_survive_the_round_trip(
    texts: list[str], device: str, fps: float
) -> None:
    config = Config(
        live=replace(LiveConfig(), backgrounds=tuple(texts), vcam_device=device, fps=fps)
    )
    assert parse_config(dump_config(config)) == config


def test_config_dump_command_prints_the_effective_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(EXAMPLE)
    assert main(["config", "--dump", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# zoomclone config: from {path}")
    assert parse_config(out) == parse_config(EXAMPLE)
    dumped = tmp_path / "dumped.toml"
    dumped.write_text(out)
    assert main(["config", "--dump", "--config", str(dumped)]) == 0
    assert capsys.readouterr().out.split("\n", 1)[1] == out.split("\n", 1)[1]


def test_config_without_options_prints_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    assert capsys.readouterr().out.strip() == str(default_config_path())


def test_a_bad_config_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[live]\nbackgroundz = []\n")
    assert main(["live", "--config", str(path), "--output", "null"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown key live.backgroundz" in err[0] and "bad.toml" in err[0]


def test_the_readme_example_is_a_valid_config() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    (example,) = re.findall(r"```toml\n(.*?)```", readme, re.S)
    config = parse_config(example, "README.md")
    assert config.live.backgrounds[0] == "library"
