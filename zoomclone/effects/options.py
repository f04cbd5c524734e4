"""The effects' command-line options (``live`` and ``video``) and config keys, in one place."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from zoomclone.effects.chain import EffectsConfig
from zoomclone.errors import UsageError

MODES = ("off", "auto")


def check_mode(value: str) -> None:
    if value not in MODES:
        raise ValueError(f'expected "off" or "auto", got {value!r}')


def _as_value_error(check: Callable[[Any], object], value: Any) -> None:
    """``check(value)`` with its UsageError as the ValueError the config file's checks expect."""
    try:
        check(value)
    except UsageError as err:
        raise ValueError(str(err)) from err


def check_edge(value: int) -> None:
    from zoomclone.effects.edge_offset import check_offset

    _as_value_error(check_offset, value)


def check_position(value: str) -> None:
    from zoomclone.effects.overlay_logo import check_position as check

    _as_value_error(check, value)


def check_scale(value: float) -> None:
    from zoomclone.effects.overlay_logo import check_scale as check

    _as_value_error(check, value)


def check_name_tag(value: str) -> None:
    from zoomclone.effects.name_tag import check_name_tag as check

    _as_value_error(check, value)


def check_touch_up(value: float) -> None:
    from zoomclone.effects.touch_up import check_strength

    _as_value_error(check_strength, value)


def _touch_up(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"expected a strength from 0 (off) to 1, e.g. 0.5, got {text!r}"
        )
    return value


def _edge(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 99
    if not -5 <= value <= 5:
        raise argparse.ArgumentTypeError(f"expected a whole number of pixels -5..5, got {text!r}")
    return value


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.02 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"expected a share of the frame width, 0.02 to 1, got {text!r}"
        )
    return value


def add_effect_options(parser: argparse.ArgumentParser, *, keys: bool = True) -> None:
    """--frame, --light, --touch-up, --edge-offset, --overlay, --overlay-position, --overlay-scale,
    --name-tag;
    ``keys``: name the key that toggles each one while running (``live`` has keys, ``video`` not)."""

    def key(name: str) -> str:
        return f" ({name})" if keys else ""

    group = parser.add_argument_group("effects (all off by default)")
    group.add_argument(
        "--frame", choices=MODES, help=f"auto: pan and zoom to keep you framed{key('key f')}"
    )
    group.add_argument(
        "--light", choices=MODES, help=f"auto: brighten a dark picture of you{key('key l')}"
    )
    group.add_argument(
        "--touch-up",
        type=_touch_up,
        metavar="STRENGTH",
        help="smooth the skin of your face, 0 (off) to 1; 0.5 is gentle" + key("key t"),
    )
    group.add_argument(
        "--edge-offset",
        type=_edge,
        metavar="PX",
        help=f"grow (+) or shrink (-) your outline, -5..5 pixels at 720p{key('keys [ ]')}",
    )
    group.add_argument(
        "--overlay", metavar="PNG", help=f"a logo drawn over the picture{key('key o')}"
    )
    group.add_argument(
        "--overlay-position",
        choices=("top-left", "top-right", "bottom-left", "bottom-right"),
        help="where the logo goes (default: top-right)",
    )
    group.add_argument(
        "--overlay-scale",
        type=_scale,
        metavar="SHARE",
        help="the logo's width as a share of the frame's (default: 0.15)",
    )
    group.add_argument(
        "--name-tag", metavar="TEXT", help='a name tag in the lower third, e.g. "Ada — Analyst"'
    )


def effect_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The options as [live] config keys (None where not given)."""
    return {
        "frame": args.frame,
        "light": args.light,
        "touch_up": args.touch_up,
        "edge_offset": args.edge_offset,
        "overlay": args.overlay,
        "overlay_position": args.overlay_position,
        "overlay_scale": args.overlay_scale,
        "name_tag": args.name_tag,
    }


def effects_config(values: Any) -> EffectsConfig:
    """An EffectsConfig from anything with the [live] effect keys (the config or the options)."""
    default = EffectsConfig()

    def get(name: str, fallback: Any) -> Any:
        value = getattr(values, name, None)
        return fallback if value is None else value

    return EffectsConfig(
        framing=get("frame", "off") == "auto",
        light=get("light", "off") == "auto",
        edge_offset=get("edge_offset", 0),
        overlay=get("overlay", ""),
        overlay_position=get("overlay_position", default.overlay_position),
        overlay_scale=get("overlay_scale", default.overlay_scale),
        name_tag=get("name_tag", ""),
        touch_up=get("touch_up", 0.0),
    )
