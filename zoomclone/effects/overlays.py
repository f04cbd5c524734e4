"""The overlay layer: the logo and the name tag, premultiplied once per frame size and blended over
the output (after the mirror, so text reads the right way round) on their own boxes only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from zoomclone.effects.name_tag import render_name_tag
from zoomclone.effects.overlay_logo import place, read_logo
from zoomclone.frames import Frame

_INV_255 = 1.0 / 255.0
NAME_TAG_LEFT = 0.04  # of the width
NAME_TAG_BOTTOM = 0.08  # of the height: the lower third


@dataclass(frozen=True)
class Patch:
    """A premultiplied BGR picture and its inverse alpha (3 channels), at (x, y)."""

    x: int
    y: int
    premultiplied: Frame
    inverse: Frame


def make_patch(x: int, y: int, bgra: Frame, frame_size: tuple[int, int]) -> Patch | None:
    """A patch clipped to the frame, or None when nothing of it is inside."""
    width, height = frame_size
    w, h = min(bgra.shape[1], width - x), min(bgra.shape[0], height - y)
    if w <= 0 or h <= 0:
        return None
    bgra = bgra[:h, :w]
    alpha = cv2.merge([bgra[..., 3]] * 3)
    premultiplied = cv2.multiply(np.ascontiguousarray(bgra[..., :3]), alpha, scale=_INV_255)
    return Patch(x, y, premultiplied, cv2.bitwise_not(alpha))


class OverlayLayer:
    """What is drawn over every output frame: a logo, a name tag, or both."""

    def __init__(self, logo: Path | None, position: str, scale: float, name_tag: str) -> None:
        self.logo = read_logo(logo) if logo is not None else None
        self.position = position
        self.scale = scale
        self.name_tag = name_tag
        self._size: tuple[int, int] = (0, 0)
        self._patches: list[Patch] = []

    @property
    def empty(self) -> bool:
        return self.logo is None and not self.name_tag

    def patches(self, frame_size: tuple[int, int]) -> list[Patch]:
        """The patches for frames of ``frame_size`` (made once per size)."""
        if frame_size != self._size:
            self._size, self._patches = frame_size, self._make(frame_size)
        return self._patches

    def _make(self, frame_size: tuple[int, int]) -> list[Patch]:
        width, height = frame_size
        made: list[Patch | None] = []
        if self.logo is not None:
            made.append(
                make_patch(*place(self.logo, frame_size, self.position, self.scale), frame_size)
            )
        if self.name_tag:
            tag = render_name_tag(self.name_tag, height)
            x = round(width * NAME_TAG_LEFT)
            y = height - tag.shape[0] - round(height * NAME_TAG_BOTTOM)
            made.append(make_patch(x, max(0, y), tag, frame_size))
        return [p for p in made if p is not None]

    def draw(self, out: Frame) -> Frame:
        """Blend the overlays into ``out`` (H, W, 3 BGR or, a transparent output, H, W, 4 BGRA;
        modified and returned)."""
        if out.ndim != 3 or out.shape[2] not in (3, 4):
            return out
        for patch in self.patches((out.shape[1], out.shape[0])):
            h, w = patch.premultiplied.shape[:2]
            region = out[patch.y : patch.y + h, patch.x : patch.x + w]
            if out.shape[2] == 4:
                _over_bgra(region, patch)
                continue
            kept = cv2.multiply(region, patch.inverse, scale=_INV_255)
            cv2.add(kept, patch.premultiplied, dst=region)
        return out


def _over_bgra(region: Frame, patch: Patch) -> None:
    """``patch`` over ``region`` (straight BGRA, in place): the cut-out keeps its alpha where the
    patch is clear, the patch shows where it is opaque, over the person or the empty room alike."""
    clear = patch.inverse[..., :1].astype(np.float32) * np.float32(_INV_255)  # 1 - patch alpha
    below = region[..., 3:].astype(np.float32) * np.float32(_INV_255) * clear
    alpha = 1.0 - clear + below
    colour = patch.premultiplied + region[..., :3] * below
    region[..., :3] = np.rint(colour / np.maximum(alpha, 1e-6))
    region[..., 3:] = np.rint(alpha * 255.0)
