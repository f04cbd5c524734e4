"""The effects of one stream, in the order the pipeline applies them.

    camera frame ─▶ auto-framing crop ─▶ low-light curve ─▶ (matte: alpha ─▶ edge offset)
                 ─▶ composite ─▶ mirror ─▶ logo / name tag overlay ─▶ sinks

``prepare(frame, confidence, t_s)`` gives the frame and confidence the matte and compositor work on;
it is cached by frame so the early backdrop (``input``) and the render use the same picture. The
crop for a frame is the one decided from the previous frame's person box (a spring one frame late
is invisible), so the early backdrop can be made before the frame's own mask exists.
Not thread-safe: the output thread owns it; ``apply`` runs there too (between frames).

``room_shown`` (True unless told otherwise) says whether the room around the person reaches the
output (no background, blur); when it does not (a picture, colour or video replaces it, or the output
is transparent), the low-light curve lifts and denoises only the person's box.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zoomclone.backgrounds import BlurBackground, NoBackground
from zoomclone.backgrounds.base import Background
from zoomclone.control.commands import Action, Command
from zoomclone.effects.autoframe import AutoFrameConfig, AutoFramer, box_of, warp
from zoomclone.effects.edge_offset import MAX_OFFSET_PX, check_offset, offset_alpha
from zoomclone.effects.low_light import LowLightLift
from zoomclone.effects.name_tag import check_name_tag
from zoomclone.effects.overlays import OverlayLayer
from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask

EFFECT_ACTIONS = frozenset({Action.FRAMING, Action.LIGHT, Action.OVERLAY, Action.EDGE})


@dataclass(frozen=True)
class EffectsConfig:
    """What is on at the start (all off by default)."""

    framing: bool = False
    light: bool = False
    edge_offset: int = 0
    overlay: str = ""  # a logo picture's path
    overlay_position: str = "top-right"
    overlay_scale: float = 0.15
    name_tag: str = ""


class Effects:
    """The effects' switches and state for one stream of frames."""

    def __init__(self, config: EffectsConfig | None = None) -> None:
        config = config or EffectsConfig()
        self.config = config
        self.framing = config.framing
        self.light = config.light
        self.edge_offset = check_offset(config.edge_offset)
        self.layer = OverlayLayer(
            Path(config.overlay).expanduser() if config.overlay else None,
            config.overlay_position,
            config.overlay_scale,
            check_name_tag(config.name_tag),
        )
        self.overlay = not self.layer.empty
        self.lift = LowLightLift()
        self.room_shown = True  # the room around the person reaches the output
        self._framer: AutoFramer | None = None
        self._input: Frame | None = None
        self._prepared: tuple[Frame, Frame, np.ndarray | None] | None = None
        self._buffers: dict[str, Frame] = {}

    # ---- commands ----------------------------------------------------------------------------

    def apply(self, command: Command) -> str:
        """Apply a framing/light/overlay/edge command; returns the toast to show."""
        action = command.action
        if action is Action.FRAMING:
            self.framing = not self.framing
            return f"auto-framing {_on(self.framing)}"
        if action is Action.LIGHT:
            self.light = not self.light
            if not self.light:
                self.lift.reset()
            return f"low-light lift {_on(self.light)}"
        if action is Action.OVERLAY:
            if self.layer.empty:
                raise UsageError("no overlay to show: start with --overlay PATH or --name-tag TEXT")
            self.overlay = not self.overlay
            return f"overlay {_on(self.overlay)}"
        if action is Action.EDGE:
            self.edge_offset = edge_value(self.edge_offset, command.argument or "")
            return f"edge offset {self.edge_offset:+d} px"
        raise UsageError(f"{action.value} is not an effect command")

    def status(self) -> dict[str, Any]:
        return {
            "framing": self.framing,
            "light": self.light,
            "overlay": self.overlay,
            "edge_offset": self.edge_offset,
        }

    @property
    def active(self) -> bool:
        """True when any effect changes the picture (False: the pipeline skips every hook)."""
        return (
            self.framing
            or self.light
            or self.overlay
            or self.edge_offset != 0
            or (self._framer is not None and not self._framer.is_full_frame())
        )

    # ---- frames -------------------------------------------------------------------------------

    def input(self, frame: Frame) -> Frame:
        """The frame the matte and compositor see: cropped and lifted (cached for ``frame``)."""
        if self._prepared is not None and self._input is frame:
            return self._prepared[1]
        framed = frame
        matrix = None
        framer = self._framer_for(frame)
        if framer is not None and (self.framing or not framer.is_full_frame()):
            size = (frame.shape[1], frame.shape[0])
            matrix = framer.matrix(size, size)
            framed = warp(frame, matrix, size, self._buffer("framed", frame.shape))
        lifted = self._lifted(framed) if self.light else framed
        self._input, self._prepared = frame, (framed, lifted, matrix)
        return lifted

    def prepare(
        self, frame: Frame, confidence: Mask | None, t_s: float
    ) -> tuple[Frame, Mask | None]:
        """The frame and confidence to matte and composite; then let the effects learn from this
        frame's confidence (the next crop, the next tone curve)."""
        lifted = self.input(frame)
        assert self._prepared is not None
        framed, _, matrix = self._prepared
        seen = confidence
        if confidence is not None and matrix is not None:
            work = (confidence.shape[1], confidence.shape[0])
            seen = warp(confidence, _work_matrix(matrix, frame, work), work)
        if self._framer is not None and (self.framing or not self._framer.is_full_frame()):
            person = None
            if not self.framing:
                self._framer.forget()
            elif confidence is not None:
                person = box_of(confidence, self._framer.source, self._framer.config.threshold)
            self._framer.update(person, t_s)
        if self.light:
            if self.lift.fresh:  # switched on: this frame gets its own curve, no dark first frame
                self.lift.observe(framed, seen, t_s)
                lifted = self._lifted(framed)
                self._prepared = (framed, lifted, matrix)
            self.lift.observe(framed, seen, t_s)
        return lifted, seen

    def alpha(self, alpha: Frame) -> Frame:
        """The alpha with the edge offset applied (in place)."""
        return offset_alpha(alpha, self.edge_offset) if self.edge_offset else alpha

    def draw_overlay(self, out: Frame) -> Frame:
        """The output with the logo and name tag over it (in place: ``out`` must be ours to change)."""
        return self.layer.draw(out) if self.overlay else out

    def _lifted(self, framed: Frame) -> Frame:
        out = self._buffer("lifted", framed.shape)
        return self.lift.apply(framed, out, box_only=not self.room_shown)

    def _framer_for(self, frame: Frame) -> AutoFramer | None:
        size = (frame.shape[1], frame.shape[0])
        if self._framer is None or self._framer.source != size:
            if not self.framing:
                self._framer = None
                return None
            self._framer = AutoFramer(AutoFrameConfig(), size, size)
        return self._framer

    def _buffer(self, name: str, shape: tuple[int, ...]) -> Frame:
        buffer = self._buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._buffers[name] = np.empty(shape, np.uint8)
        return buffer


def shows_room(background: Background) -> bool:
    """True when the room around the person reaches the output with ``background``."""
    return isinstance(background, (NoBackground, BlurBackground))


def _work_matrix(matrix: np.ndarray, frame: Frame, work: tuple[int, int]) -> np.ndarray:
    """The frame-to-frame crop matrix for pictures at the working size."""
    sx, sy = work[0] / frame.shape[1], work[1] / frame.shape[0]
    scaled = matrix.copy()
    scaled[0, 2] *= sx
    scaled[1, 2] *= sy
    return scaled


def edge_value(current: int, argument: str) -> int:
    """``grow``/``shrink`` step by one pixel (clamped to the range); a number sets it."""
    if argument == "grow":
        return min(MAX_OFFSET_PX, current + 1)
    if argument == "shrink":
        return max(-MAX_OFFSET_PX, current - 1)
    try:
        value = int(argument)
    except ValueError:
        raise UsageError(
            f"bad edge offset {argument!r}: use grow, shrink or a number of pixels from "
            f"-{MAX_OFFSET_PX} to +{MAX_OFFSET_PX}"
        ) from None
    return check_offset(value)


def _on(flag: bool) -> str:
    return "on" if flag else "off"
