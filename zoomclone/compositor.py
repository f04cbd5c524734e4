"""Blending the person over a backdrop on OpenCV's uint8 path, and the halo-free blur.

``out = frame * a/255 + backdrop * (255-a)/255`` done with fixed-point cv2 multiplies into
preallocated buffers: where alpha is 0 the output is the backdrop exactly, where it is 255 the frame
exactly. A float blend at full resolution costs 5-10x more.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from zoomclone.backgrounds.base import Background
from zoomclone.blur import quarter_size
from zoomclone.errors import InputError, UsageError
from zoomclone.frames import Frame, as_bgr

_INV_255 = 1.0 / 255.0


@dataclass(frozen=True)
class CompositorConfig:
    """``light_wrap``: how much of the new background's light the person's edge takes (0 = off,
    1 = the outermost person pixels become the background's local average colour).
    ``light_wrap_radius_px``: how far into the person the light reaches, at quarter resolution
    (so 4x that many full-resolution pixels). Off by default: it costs ~2-3 ms per 720p frame and
    alpha quality is measured without it; for photos and blur it is a matter of taste."""

    light_wrap: float = 0.0
    light_wrap_radius_px: int = 3

    def __post_init__(self) -> None:
        if not 0.0 <= self.light_wrap <= 1.0 or self.light_wrap_radius_px < 1:
            raise UsageError(
                f"light_wrap must be in [0, 1] and light_wrap_radius_px >= 1, got "
                f"{self.light_wrap} and {self.light_wrap_radius_px}"
            )


def light_wrap(
    frame: Frame, alpha: Frame, backdrop: Frame, config: CompositorConfig, out: Frame | None = None
) -> Frame:
    """``frame`` with the person's edge tinted by the backdrop's nearby light.

    The wrap weight is the share of background around each person pixel (a blur of 1 - alpha),
    times the pixel's own coverage, times ``light_wrap``; the light is the backdrop blurred. Both
    are computed at quarter resolution.
    """
    height, width = frame.shape[:2]
    small_size = quarter_size(frame)
    ksize = (2 * config.light_wrap_radius_px + 1,) * 2
    small_alpha = cv2.resize(alpha, small_size, interpolation=cv2.INTER_AREA)
    around = cv2.blur(cv2.bitwise_not(small_alpha), ksize)
    weight = cv2.multiply(around, small_alpha, scale=config.light_wrap * _INV_255)
    light = cv2.blur(cv2.resize(backdrop, small_size, interpolation=cv2.INTER_AREA), ksize)
    full_weight = cv2.resize(weight, (width, height), interpolation=cv2.INTER_LINEAR)
    full_light = cv2.resize(light, (width, height), interpolation=cv2.INTER_LINEAR)
    weight3 = cv2.merge((full_weight, full_weight, full_weight))
    lit = cv2.multiply(full_light, weight3, scale=_INV_255)
    kept = cv2.multiply(frame, cv2.bitwise_not(weight3), scale=_INV_255)
    result: Frame = cv2.add(kept, lit, dst=out)
    return result


class Compositor:
    """Puts the person over a background. Keeps its buffers between frames of one size."""

    def __init__(self, config: CompositorConfig | None = None) -> None:
        self.config = config or CompositorConfig()
        self._shape: tuple[int, ...] = ()
        empty: Frame = np.empty((0, 0, 3), np.uint8)
        self._alpha3, self._inverse3, self._fore, self._back = empty, empty, empty, empty

    def _buffers_for(self, shape: tuple[int, ...]) -> None:
        """Buffers at least ``shape`` large (a box of the frame uses their top-left corner)."""
        if any(want > have for want, have in zip(shape, self._shape or (0, 0, 0), strict=False)):
            grown = tuple(max(a, b) for a, b in zip(shape, self._shape or shape, strict=False))
            self._shape = grown
            self._alpha3, self._inverse3, self._fore, self._back = (
                np.empty(grown, np.uint8) for _ in range(4)
            )

    def blend(
        self,
        frame: Frame,
        alpha: Frame,
        backdrop: Frame,
        out: Frame | None = None,
    ) -> Frame:
        """frame over backdrop with uint8 alpha (H, W); all (H, W, 3) BGR uint8.

        Outside the bounding box of the person (alpha > 0) the output is the backdrop, copied; the
        blend runs inside the box only (a talking head covers well under half of the frame).
        When ``out`` is ``backdrop`` itself (the backdrop was made in the output buffer while the
        mask was being computed) there is nothing to copy.
        """
        if out is None:
            out = np.empty(frame.shape, np.uint8)
        holds_backdrop = out is backdrop
        x, y, w, h = cv2.boundingRect(alpha)
        if w == 0 or h == 0:
            if not holds_backdrop:
                np.copyto(out, backdrop)
            return out
        if w * h < alpha.size and not holds_backdrop:
            np.copyto(out, backdrop)
        box = (slice(y, y + h), slice(x, x + w))
        self._blend_into(frame[box], alpha[box], backdrop[box], out[box])
        return out

    def _blend_into(self, frame: Frame, alpha: Frame, backdrop: Frame, out: Frame) -> None:
        shape = frame.shape
        self._buffers_for(shape)
        alpha3, inverse3 = (
            self._alpha3[: shape[0], : shape[1]],
            self._inverse3[: shape[0], : shape[1]],
        )
        fore, back = self._fore[: shape[0], : shape[1]], self._back[: shape[0], : shape[1]]
        cv2.merge((alpha, alpha, alpha), dst=alpha3)
        cv2.bitwise_not(alpha3, dst=inverse3)
        cv2.multiply(frame, alpha3, dst=fore, scale=_INV_255)
        cv2.multiply(backdrop, inverse3, dst=back, scale=_INV_255)
        cv2.add(fore, back, dst=out)

    def composite(
        self,
        frame: Frame,
        alpha: Frame,
        background: Background,
        t_s: float,
        out: Frame | None = None,
        backdrop: Frame | None = None,
    ) -> Frame:
        """The output picture: BGR, or BGRA for the transparent background (grey and BGRA frames
        are taken as BGR). ``backdrop``: the background's picture, if already made (made in
        ``out`` itself, the blend writes only the person's box)."""
        frame = as_bgr(frame)
        if alpha.shape != frame.shape[:2]:
            raise InputError(f"alpha of shape {alpha.shape} does not fit a frame of {frame.shape}")
        if background.shows_camera:
            return frame
        if background.output_has_alpha:
            bgra: Frame = cv2.merge((*cv2.split(frame), alpha))
            return bgra
        if backdrop is None:
            backdrop = background.backdrop(frame, alpha, t_s)
        if self.config.light_wrap > 0:
            frame = light_wrap(frame, alpha, backdrop, self.config)
        return self.blend(frame, alpha, backdrop, out)
