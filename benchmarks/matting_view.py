"""The matting quality view: cutouts over a flat saturated colour, on a contact sheet for looking,
and the colour fringe measured (docs/quality.md defines it).

A cutout is the colours a result carries (the photo itself, or the decontaminated foreground of
``zoomclone.matting.alpha_matting``) and its alpha. Over a flat magenta any of the old background left at
the edge shows as a dark or coloured rim; the fringe puts a number on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from zoomclone.frames import Frame

Alpha = npt.NDArray[np.uint8]
FLAT_BGR = (255, 0, 255)  # magenta: seldom in a photo, so the old background shows against it
TILE_HEIGHT_PX = 200
SHEET_COLUMNS = 4  # pairs (before | after) per row
LABEL_BGR = (255, 255, 255)


def tolerance_px(shape: tuple[int, ...]) -> int:
    """The width of the band: the boundary F tolerance, max(2, round(0.0075 * diagonal))."""
    return max(2, round(0.0075 * math.hypot(shape[0], shape[1])))


def fringe_band(alpha: Alpha) -> npt.NDArray[np.bool_]:
    """The pixels with some coverage within the tolerance of the half-alpha edge."""
    person = (alpha >= 128).view(np.uint8)
    edge = cv2.subtract(person, cv2.erode(person, np.ones((3, 3), np.uint8)))
    radius = tolerance_px(alpha.shape)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    band: npt.NDArray[np.bool_] = (cv2.dilate(edge, disc) > 0) & (alpha > 0)
    return band


def fringe(colours: Frame, alpha: Alpha) -> float | None:
    """Alpha-weighted mean distance (8-bit RGB units) in the band between the colour the cutout
    carries and the colour of the nearest fully opaque pixel outside the band; None when the
    cutout has no band or no opaque pixel outside it."""
    band = fringe_band(alpha)
    opaque = (alpha == 255) & ~band
    if not band.any() or not opaque.any():
        return None
    _, labels = cv2.distanceTransformWithLabels(
        (~opaque).view(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    ys, xs = np.nonzero(opaque)
    reference_of_label = np.zeros((labels.max() + 1, 3), np.float32)
    reference_of_label[labels[ys, xs]] = colours[ys, xs]
    by, bx = np.nonzero(band)
    reference = reference_of_label[labels[by, bx]]
    distance = np.linalg.norm(colours[by, bx].astype(np.float32) - reference, axis=1)
    weight = alpha[by, bx].astype(np.float32)
    return float(np.sum(distance * weight) / np.sum(weight))


def over_flat(colours: Frame, alpha: Alpha) -> Frame:
    """The cutout over the flat colour."""
    backdrop = np.empty_like(colours)
    backdrop[:] = FLAT_BGR
    weight = cv2.merge((alpha, alpha, alpha))
    fore = cv2.multiply(colours, weight, scale=1 / 255)
    back = cv2.multiply(backdrop, cv2.bitwise_not(weight), scale=1 / 255)
    result: Frame = cv2.add(fore, back)
    return result


def _tile(picture: Frame, label: str) -> Frame:
    height, width = picture.shape[:2]
    size = (max(1, round(width * TILE_HEIGHT_PX / height)), TILE_HEIGHT_PX)
    tile: Frame = cv2.resize(picture, size, interpolation=cv2.INTER_AREA)
    cv2.putText(tile, label, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, LABEL_BGR, 1, cv2.LINE_AA)
    return tile


@dataclass
class ContactSheet:
    """Pairs of composites (before the edge matting | after), one pair per photo."""

    pairs: list[Frame] = field(default_factory=list)

    def add(self, name: str, before: Frame, after: Frame) -> None:
        self.pairs.append(np.hstack([_tile(before, f"{name} before"), _tile(after, "after")]))

    def picture(self) -> Frame:
        """The pairs in rows of ``SHEET_COLUMNS``, each row as wide as the widest."""
        rows = [
            self._row(self.pairs[i : i + SHEET_COLUMNS])
            for i in range(0, len(self.pairs), SHEET_COLUMNS)
        ]
        width = max(row.shape[1] for row in rows)
        padded = [np.pad(row, ((0, 0), (0, width - row.shape[1]), (0, 0))) for row in rows]
        return np.vstack(padded)

    @staticmethod
    def _row(pairs: Sequence[Frame]) -> Frame:
        gap = np.zeros((TILE_HEIGHT_PX, 6, 3), np.uint8)
        parts: list[Frame] = []
        for pair in pairs:
            parts += [pair, gap]
        return np.hstack(parts[:-1])

    def write(self, path: Path) -> None:
        if not self.pairs:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if not cv2.imwrite(str(path), self.picture()):
            raise OSError(f"cannot write the contact sheet {path}")
