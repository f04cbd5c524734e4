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
