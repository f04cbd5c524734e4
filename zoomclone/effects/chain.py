"""The effects of one stream, in the order the pipeline applies them.

    camera frame ─▶ auto-framing crop ─▶ low-light curve ─▶ skin touch-up
                 ─▶ (matte: alpha ─▶ edge offset) ─▶ composite ─▶ mirror ─▶ logo / name tag ─▶ sinks

``prepare(frame, confidence, t_s)`` gives the frame and confidence the matte and compositor work on;
it is cached by frame so the early backdrop (``input``) and the render use the same picture. The
crop for a frame is the one decided from the previous frame's person box (a spring one frame late
is invisible), so the early backdrop can be made before the frame's own mask exists.
Not thread-safe: the output thread owns it; ``apply`` runs there too (between frames).

The camera may deliver a larger picture than the output (asked for so framing can zoom without
softening, ``set_sizes``): then every frame is warped from the source size to the output size,
at the full frame a plain scale, so the matte, backdrop and composite work at the output size.

``room_shown`` (True unless told otherwise) says whether the room around the person reaches the
output (no background, blur); when it does not (a picture, colour or video replaces it, or the output
is transparent), the low-light curve lifts and denoises only the person's box.

The skin touch-up needs the frame's own confidence (where the head and the person are), so it is
applied in ``prepare``, not in ``input``: the early backdrop sees the frame before it (the face is
behind the person there), the matte and the composite after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from zoomclone.backgrounds import BlurBackground, NoBackground
from zoomclone.backgrounds.base import Background
from zoomclone.buffers import Buffers
from zoomclone.control.commands import Action, Command
from zoomclone.effects.autoframe import (
    AutoFrameConfig,
    AutoFramer,
    Crop,
    box_of,
    crop_matrix,
    warp,
)
from zoomclone.effects.edge_offset import MAX_OFFSET_PX, check_offset, offset_alpha
from zoomclone.effects.low_light import LowLightLift
from zoomclone.effects.name_tag import check_name_tag
from zoomclone.effects.overlays import OverlayLayer
from zoomclone.effects.touch_up import SkinTouchUp
from zoomclone.errors import UsageError
from zoomclone.frames import Frame, Mask, Size

EFFECT_ACTIONS = frozenset(
    {Action.FRAMING, Action.LIGHT, Action.OVERLAY, Action.EDGE, Action.TOUCHUP}
)


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
    touch_up: float = 0.0  # the skin touch-up's strength, 0 (off) to 1


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
        self.touch = SkinTouchUp(config.touch_up)
        self.room_shown = True  # the room around the person reaches the output
        self._framer: AutoFramer | None = None
        self._source: Size | None = None  # None: the output has each frame's own size
        self._output: Size | None = None
        self._input: Frame | None = None
        self._prepared: tuple[Frame, Frame, np.ndarray | None] | None = None
        self._buffers = Buffers()

    # ---- commands ----------------------------------------------------------------------------

    def apply(self, command: Command) -> str:
        """Apply a framing/light/overlay/edge/touchup command; returns the toast to show."""
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
        if action is Action.TOUCHUP:
            return self.touch.command(command.argument or "")
        raise UsageError(f"{action.value} is not an effect command")

    def status(self) -> dict[str, Any]:
        return {
            "framing": self.framing,
            "light": self.light,
            "overlay": self.overlay,
            "edge_offset": self.edge_offset,
            "touch_up": self.touch.strength,
        }

    @property
    def active(self) -> bool:
        """True when any effect changes the picture (False: the pipeline skips every hook)."""
        return (
            self.framing
            or self.light
            or self.overlay
            or self.edge_offset != 0
            or self.touch.strength > 0
            or (self._framer is not None and not self._framer.is_full_frame())
            or self._source != self._output
        )

    @property
    def framer(self) -> AutoFramer | None:
        """The auto-framer (None while framing was never on for this size)."""
        return self._framer

    def set_sizes(self, source: Size, output: Size) -> None:
        """The pipeline's source and output sizes (a larger source is scaled or cropped down)."""
        self._source, self._output = source, output

    # ---- frames -------------------------------------------------------------------------------

    def input(self, frame: Frame, planned: Crop | None = None) -> Frame:
        """The frame the matte and compositor see: cropped and lifted (cached for ``frame``).
        ``planned``: this frame's crop decided outside (a recording's look-ahead framing,
        ``framing_plan``), in place of the live framer's."""
        if self._prepared is not None and self._input is frame:
            return self._prepared[1]
        framed = frame
        matrix = None
        source = (frame.shape[1], frame.shape[0])
        output = self._output_for(source)
        framer = self._framer_for(source, output)
        shape = (output[1], output[0], *frame.shape[2:])
        if planned is not None and self.framing:
            matrix = crop_matrix(planned, source, source, output)
        elif framer is not None and (self.framing or not framer.is_full_frame()):
            matrix = framer.matrix(source, output)
        if matrix is not None:
            framed = warp(frame, matrix, output, self._buffers.take("framed", shape))
        elif output != source:  # the full frame: a plain scale (resize: a third cheaper)
            matrix = np.diag([output[0] / source[0], output[1] / source[1], 1.0])[:2]
            buffer = self._buffers.take("framed", shape)
            framed = cv2.resize(frame, output, dst=buffer, interpolation=cv2.INTER_LINEAR)
        lifted = self._lifted(framed) if self.light else framed
        self._input, self._prepared = frame, (framed, lifted, matrix)
        return lifted

    def prepare(
        self, frame: Frame, confidence: Mask | None, t_s: float, planned: Crop | None = None
    ) -> tuple[Frame, Mask | None]:
        """The frame and confidence to matte and composite (the skin touched up with this frame's
        confidence); then let the effects learn from it (the next crop, the next tone curve).
        ``planned``: see ``input``."""
        lifted = self.input(frame, planned)
        assert self._prepared is not None
        framed, _, matrix = self._prepared
        seen = confidence
        if confidence is not None and matrix is not None:
            work = (confidence.shape[1], confidence.shape[0])
            output = (framed.shape[1], framed.shape[0])
            at_work = _work_matrix(matrix, (frame.shape[1], frame.shape[0]), output, work)
            if not np.allclose(at_work, _IDENTITY, atol=1e-6):  # a plain scale: the same picture
                seen = warp(confidence, at_work, work)
        if (
            planned is None
            and self._framer is not None
            and (self.framing or not self._framer.is_full_frame())
        ):
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
        if self.touch.strength > 0:  # not cached: a second call touches the lifted frame again
            lifted = self.touch.apply(lifted, seen, self._buffers.take("touched", lifted.shape))
        return lifted, seen

    def alpha(self, alpha: Frame) -> Frame:
        """The alpha with the edge offset applied (in place)."""
        return offset_alpha(alpha, self.edge_offset) if self.edge_offset else alpha

    def draw_overlay(self, out: Frame) -> Frame:
        """The output with the logo and name tag over it (in place: ``out`` must be ours to change)."""
        return self.layer.draw(out) if self.overlay else out

    def _lifted(self, framed: Frame) -> Frame:
        out = self._buffers.take("lifted", framed.shape)
        return self.lift.apply(framed, out, box_only=not self.room_shown)

    def _output_for(self, source: Size) -> Size:
        """The output size for a frame of ``source`` size (its own unless told otherwise)."""
        return self._output if self._output is not None and source == self._source else source

    def _framer_for(self, source: Size, output: Size) -> AutoFramer | None:
        framer = self._framer
        if framer is None or framer.source != source or framer.output != output:
            if not self.framing:
                self._framer = None
                return None
            self._framer = AutoFramer(AutoFrameConfig(), source, output)
        return self._framer


def shows_room(background: Background) -> bool:
    """True when the room around the person reaches the output with ``background``."""
    return isinstance(background, (NoBackground, BlurBackground))


_IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def _work_matrix(matrix: np.ndarray, source: Size, output: Size, work: Size) -> np.ndarray:
    """The source-to-output crop matrix for pictures at the working size: S_out · M · S_src⁻¹,
    S = work / frame size per axis (the confidence describes the source frame, what the matte
    and the light lift see must describe the output frame)."""
    to_work_source = np.diag([work[0] / source[0], work[1] / source[1]])
    to_work_output = np.diag([work[0] / output[0], work[1] / output[1]])
    linear = to_work_output @ matrix[:, :2] @ np.linalg.inv(to_work_source)
    shift = to_work_output @ matrix[:, 2]
    return np.column_stack([linear, shift])


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
