"""The config file: frozen dataclasses, loaded from TOML, validated, and written back as TOML.

    [live]                          # what ``zoomclone live`` does without options
    camera = "0"
    backgrounds = ["library", "blur"]
    [hotkeys]                       # global hotkeys (with ``hotkeys = true`` in [live])
    next = "ctrl+alt+n"

The file lives in the platform's config folder (``default_config_path()``) or wherever ``--config``
points. Command-line options override it. An unknown key or a bad value is a ``ConfigError`` that
names the key and the file.
"""

from __future__ import annotations

import json
import sys
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from zoomclone.errors import ConfigError, UsageError
from zoomclone.paths import APP_NAME

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


CONFIG_FILENAME = "config.toml"
MAX_FPS = 240.0
MIN_FPS = 0.001  # one frame each 1000 s; far below, a frame interval overflows (1e-300 fps)
MAX_PORT = 65535

Check = Callable[[Any], None]
T = TypeVar("T")


def _check_fps(value: float) -> None:
    if not MIN_FPS <= value <= MAX_FPS:
        raise ValueError(f"expected frames per second in [{MIN_FPS:g}, {MAX_FPS:g}], got {value:g}")


def _check_size(value: str) -> None:
    if value:
        try:
            parse_size(value)
        except UsageError as err:
            raise ValueError(
                f'expected "WIDTHxHEIGHT" (even, 16x16 to 7680x4320), got {value!r}'
            ) from err


def _check_port(value: int) -> None:
    if not 0 <= value <= MAX_PORT:
        raise ValueError(
            f"expected a port from 1 to {MAX_PORT}, or 0 for any free one, got {value}"
        )


def _check_model(value: str) -> None:
    from zoomclone.models import MODELS

    if value not in MODELS:
        raise ValueError(f"expected one of {', '.join(sorted(MODELS))}, got {value!r}")


def _check_runtime(value: str) -> None:
    from zoomclone.models import RUNTIMES

    if value not in RUNTIMES:
        raise ValueError(f"expected one of {', '.join(RUNTIMES)}, got {value!r}")


def _check_binding(value: str) -> None:
    if value:
        from zoomclone.control.hotkeys import parse_binding

        try:
            parse_binding(value)
        except UsageError as err:
            raise ValueError(str(err)) from err


def _effect_check(name: str) -> dict[str, Any]:
    """The check of an effect key, from zoomclone.effects.options (imported when used)."""

    def check(value: Any) -> None:
        from zoomclone.effects import options

        getattr(options, name)(value)

    return {"check": check}


def _camera_text(value: Any) -> Any:
    """``camera = 0`` is as good as ``camera = "0"``."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check(check: Check) -> dict[str, Any]:
    return {"check": check}


@dataclass(frozen=True)
class LiveConfig:
    """What ``zoomclone live`` does when no option says otherwise. "" means "not set"."""

    camera: str = field(default="0", metadata={"coerce": _camera_text})
    size: str = field(default="", metadata=_check(_check_size))
    fps: float = field(default=30.0, metadata=_check(_check_fps))
    backgrounds: tuple[str, ...] = ("library", "blur")
    model: str = field(default="landscape", metadata=_check(_check_model))
    runtime: str = field(default="litert", metadata=_check(_check_runtime))
    outputs: tuple[str, ...] = ()
    mirror: bool = False
    vcam_device: str = ""
    vcam_backend: str = ""
    control_socket: bool = True
    hotkeys: bool = False
    on_demand: bool = False
    frame: str = field(default="off", metadata=_effect_check("check_mode"))
    light: str = field(default="off", metadata=_effect_check("check_mode"))
    touch_up: float = field(default=0.0, metadata=_effect_check("check_touch_up"))
    edge_offset: int = field(default=0, metadata=_effect_check("check_edge"))
    overlay: str = ""
    overlay_position: str = field(default="top-right", metadata=_effect_check("check_position"))
    overlay_scale: float = field(default=0.15, metadata=_effect_check("check_scale"))
    name_tag: str = field(default="", metadata=_effect_check("check_name_tag"))
    panel: bool = True
    panel_port: int = field(default=0, metadata=_check(_check_port))


@dataclass(frozen=True)
class HotkeyConfig:
    """Global hotkeys, e.g. ``ctrl+alt+n``; "" leaves an action unbound."""

    next: str = field(default="ctrl+alt+n", metadata=_check(_check_binding))
    prev: str = field(default="ctrl+alt+p", metadata=_check(_check_binding))
    blur: str = field(default="ctrl+alt+b", metadata=_check(_check_binding))
    toggle: str = field(default="ctrl+alt+space", metadata=_check(_check_binding))
    mirror: str = field(default="", metadata=_check(_check_binding))
    framing: str = field(default="", metadata=_check(_check_binding))
    light: str = field(default="", metadata=_check(_check_binding))
    touchup: str = field(default="", metadata=_check(_check_binding))
    overlay: str = field(default="", metadata=_check(_check_binding))


@dataclass(frozen=True)
class Config:
    """The whole config file."""

    live: LiveConfig = field(default_factory=LiveConfig)
    hotkeys: HotkeyConfig = field(default_factory=HotkeyConfig)


SECTIONS: dict[str, type[Any]] = {"live": LiveConfig, "hotkeys": HotkeyConfig}


def default_config_path() -> Path:
    """``config.toml`` in the platform's config folder (e.g. ~/.config/zoomclone on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def load_config(path: Path | None = None) -> Config:
    """The config from ``path`` (must exist), or from the default file (may be missing)."""
    if path is None:
        return _load_default()
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist: check the --config path")
    return read_config(path)


def _load_default() -> Config:
    """The default file when there is one; none when the home folder is unknown (no HOME and no
    passwd entry: the folder would be a relative ``~``); one line when it cannot be read."""
    try:
        default = default_config_path()
        if not default.is_absolute():
            return Config()
        exists = default.is_file()
    except (OSError, RuntimeError, KeyError) as err:
        raise ConfigError(
            f"cannot look for the config file: {getattr(err, 'strerror', None) or err}; "
            "pass --config PATH or fix the permissions of your config folder"
        ) from err
    return read_config(default) if exists else Config()


def read_config(path: Path) -> Config:
    """Parse and validate one TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"cannot read config file {path}: {err}") from err
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror or err}") from err
    return parse_config(text, str(path))


def parse_config(text: str, origin: str = "<config>") -> Config:
    """TOML text -> Config; ConfigError naming the key and ``origin`` on anything unexpected."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{origin} is not valid TOML: {err}") from err
    except RecursionError as err:
        raise ConfigError(f"{origin} is nested too deeply to be a zoomclone config") from err
    sections: dict[str, Any] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            raise ConfigError(
                f"unknown section [{name}] in {origin}: expected one of "
                + ", ".join(f"[{s}]" for s in SECTIONS)
            )
        if not isinstance(table, dict):
            raise ConfigError(f"{name} in {origin} must be a table: write [{name}] above its keys")
        sections[name] = build_section(SECTIONS[name], table, f"{name}.", origin)
    return Config(**sections)


def build_section(cls: type[T], table: Mapping[str, Any], prefix: str, origin: str) -> T:
    """One dataclass from a TOML table, every key known and every value checked."""
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in known:
            raise ConfigError(
                f"unknown key {prefix}{key} in {origin}: expected one of " + ", ".join(known)
            )
        values[key] = _field_value(known[key].metadata, hints[key], raw, prefix + key, origin)
    return cls(**values)


def override(section: T, values: Mapping[str, Any], origin: str = "the command line") -> T:
    """``section`` with every value that is not None replaced (checked like a config value)."""
    given = {k: v for k, v in values.items() if v is not None}
    merged = build_section(type(section), given, "", origin)
    return replace(section, **{k: getattr(merged, k) for k in given})  # type: ignore[type-var]


def _field_value(metadata: Mapping[str, Any], hint: Any, raw: Any, key: str, origin: str) -> Any:
    coerce = metadata.get("coerce")
    value = _typed(hint, coerce(raw) if coerce else raw)
    if value is None:
        raise ConfigError(
            f"bad value for {key} in {origin}: expected {_type_name(hint)}, got {raw!r}"
        )
    check: Check | None = metadata.get("check")
    if check is not None:
        try:
            check(value)
        except ValueError as err:
            raise ConfigError(f"bad value for {key} in {origin}: {err}") from None
    return value


def _typed(hint: Any, raw: Any) -> Any:
    """``raw`` as a value of type ``hint``, or None when it does not fit."""
    if hint is bool:
        return raw if isinstance(raw, bool) else None
    if hint is float:
        ok = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        return float(raw) if ok else None
    if hint is int:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if hint is str:
        return raw if isinstance(raw, str) else None
    if hint == tuple[str, ...]:
        ok = isinstance(raw, (list, tuple)) and all(isinstance(v, str) for v in raw)
        return tuple(raw) if ok else None
    raise TypeError(f"config fields of type {hint} are not supported")


def _type_name(hint: Any) -> str:
    names = {bool: "true or false", float: "a number", int: "a whole number", str: "a string"}
    return names.get(hint, "a list of strings")


# ---- writing ------------------------------------------------------------------------------


def dump_config(config: Config, header: str = "") -> str:
    """The config as TOML text that ``parse_config`` reads back to an equal Config."""
    lines = [f"# {line}" for line in header.splitlines()]
    for name in SECTIONS:
        section = getattr(config, name)
        if lines:
            lines.append("")
        lines.append(f"[{name}]")
        lines.extend(f"{f.name} = {toml_value(getattr(section, f.name))}" for f in fields(section))
    return "\n".join(lines) + "\n"


def toml_value(value: Any) -> str:
    """One TOML value: a string, bool, number or list of strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a TOML value")


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, apart from DEL which TOML wants escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720); UsageError otherwise."""
    width, sep, height = text.lower().partition("x")
    # isascii: '²' passes isdigit() but not int()
    if not (sep and text.isascii() and width.isdigit() and height.isdigit()):
        raise UsageError(f"bad --size {text!r}: write it as WIDTHxHEIGHT, e.g. 1280x720")
    size = int(width), int(height)
    if not (16 <= size[0] <= 7680 and 16 <= size[1] <= 4320) or size[0] % 2 or size[1] % 2:
        raise UsageError(f"bad --size {text!r}: use even sizes from 16x16 to 7680x4320")
    return size
