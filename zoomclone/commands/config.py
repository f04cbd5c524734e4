"""``zoomclone config``: where the config file is, or the effective config as TOML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zoomclone.commands.common_args import add_config_option
from zoomclone.config import default_config_path, dump_config, load_config
from zoomclone.paths import expand


def register(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "config",
        help="show the config file's path, or the effective config",
        description="Without options, print where the config file is. With --dump, print the "
        "effective config (defaults plus the file) as TOML you can save and edit.",
    )
    parser.add_argument("--dump", action="store_true", help="print the effective config as TOML")
    add_config_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    given = expand(args.config) if args.config else None
    path = given or default_config_path()
    if given is not None and not given.is_file():
        load_config(given)  # its one line: a --config file that does not exist is an error
    if not args.dump:
        print(path)
        return 0
    config = load_config(given)
    print(dump_config(config, header=f"zoomclone config: {_origin(path)}"), end="")
    return 0


def _origin(path: Path) -> str:
    """Where the values came from; an empty file is the one ``--dump > FILE`` is writing."""
    if not path.is_file():
        return f"defaults (no file at {path})"
    if path.stat().st_size == 0:
        return f"defaults (the file at {path} was empty)"
    return f"from {path}"
