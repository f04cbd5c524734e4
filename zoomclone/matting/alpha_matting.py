"""Hair-true edges for photos: alpha from colour in a band around the person's edge, and the
person's own colour there (colour decontamination), so a new background shows no fringe of the old.

The model's matte decides where the person is; this step works only in a narrow band around its
edge (the trimap's unknown part: pixels more than ``band_px`` from the edge are taken as sure
person or sure background). In the band, the local person colour F and background colour B are the
averages of the sure pixels nearby (normalised box filters), and each pixel's colour I is explained
as ``I = a F + (1 - a) B``:

- alpha from colour: ``a = (I - B).(F - B) / |F - B|^2``, trusted in proportion to how distinct F
  and B are (``|F - B|^2 / (|F - B|^2 + contrast^2)``; where they look alike the model's alpha
  stays). The model keeps the decision of which side of one half each pixel is on: on the portraits'
  reference masks it is right more often than colour is (docs/quality.md), so colour only says how
  far from half a pixel is (strands of hair thin out instead of being cut).
- the person's colour: ``F = (I - (1 - a) B) / a``, drawn towards the local F where ``a`` is small
  (there the division only amplifies noise), so the edge keeps the person's colour and loses the old
  background's.

Everything runs on the person's box at a capped working size (``work_long_side_px``); the
corrections (alpha's change, the foreground's change of colour) are smooth, so they are scaled up
bilinearly and added to the full-resolution alpha and photo, which keep their own detail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from zoomclone.backgrounds.base import Background
from zoomclone.compositor import Compositor
from zoomclone.errors import UsageError
from zoomclone.frames import Frame

Alpha = npt.NDArray[np.uint8]
Float = npt.NDArray[np.float32]
HALF = 128  # alpha >= HALF is the person's side of the edge (alpha >= 0.5 in [0, 1] units)
_REMAP_ROW = 4096
MIN_BAND_PX = 2
_MIN_WEIGHT = 1e-3  # a window with less than this share of sure pixels has no colour estimate


@dataclass(frozen=True)
class EdgeMattingConfig:
    """``band_px``: half-width of the band around the edge where colour decides, at the working
    size. ``colour_window_px``: radius of the windows the local person and background colours are
    averaged over. ``contrast``: the distance between those colours (8-bit RGB units) at which
    colour gets half the say over alpha. ``work_long_side_px``: the person's box is worked on at
    most this long (the cost is bounded whatever the photo's size)."""

    band_px: int = 6
    colour_window_px: int = 12
    contrast: float = 30.0
    work_long_side_px: int = 1024

    def __post_init__(self) -> None:
        if self.band_px < 1 or self.colour_window_px < 1 or self.work_long_side_px < 16:
            raise UsageError(
                "edge matting needs band_px >= 1, colour_window_px >= 1 and "
                f"work_long_side_px >= 16, got {self.band_px}, {self.colour_window_px} and "
                f"{self.work_long_side_px}"
            )
        if not np.isfinite(self.contrast) or self.contrast <= 0:
            raise UsageError(f"edge matting contrast must be a number > 0, got {self.contrast}")


@dataclass(frozen=True)
class Cutout:
    """The person of a photo: colours (BGR uint8, decontaminated at the edge) and alpha (uint8)."""

    foreground: Frame
    alpha: Alpha


@dataclass(frozen=True)
class BandMatte:
    """The band step's result at the working size: alpha in [0, 1] and the foreground colour."""

    alpha: Float
    foreground: Float
    changed: Alpha  # 1 where alpha or colour may differ from the input (the band), else 0


def _disc(radius: int) -> npt.NDArray[np.uint8]:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def trimap(alpha: Alpha, band_px: int) -> tuple[Float, Float]:
    """(sure person, sure background) as 0/1 float32 masks: each side of the half-alpha edge
    eroded by ``band_px``; the pixels in neither are the band."""
    person = (alpha >= HALF).view(np.uint8)
    kernel = _disc(band_px)
    sure_fg = cv2.erode(person, kernel, borderType=cv2.BORDER_REPLICATE)
    sure_bg = cv2.erode(1 - person, kernel, borderType=cv2.BORDER_REPLICATE)
    return sure_fg.astype(np.float32), sure_bg.astype(np.float32)


def _local_colour(image: Float, sure: Float, window: int) -> tuple[Float, Float]:
    """The mean colour of the ``sure`` pixels around each pixel, and their share of the window."""
    box = (2 * window + 1, 2 * window + 1)
    share: Float = cv2.blur(sure, box)
    total: Float = cv2.blur(image * sure[..., None], box)
    mean = total / np.maximum(share, np.float32(_MIN_WEIGHT))[..., None]
    return mean.astype(np.float32), share


def matte_band(image: Frame, alpha: Alpha, config: EdgeMattingConfig) -> BandMatte:
    """Alpha and foreground colour for ``image`` (BGR uint8) from the model's ``alpha`` (uint8,
    same size); both unchanged outside the band (see the module's docstring)."""
    sure_fg, sure_bg = trimap(alpha, config.band_px)
    pixels = image.astype(np.float32)
    fore, fore_share = _local_colour(pixels, sure_fg, config.colour_window_px)
    back, back_share = _local_colour(pixels, sure_bg, config.colour_window_px)
    model = alpha.astype(np.float32) / np.float32(255.0)
    known = (fore_share > _MIN_WEIGHT) & (back_share > _MIN_WEIGHT)
    spread = fore - back
    spread2 = np.einsum("ijk,ijk->ij", spread, spread)
    projected = np.einsum("ijk,ijk->ij", pixels - back, spread) / np.maximum(spread2, 1.0)
    trust = np.where(known, spread2 / (spread2 + np.float32(config.contrast**2)), 0.0)
    band = (sure_fg + sure_bg) == 0
    estimate = trust * np.clip(projected, 0.0, 1.0) + (1.0 - trust) * model
    person = alpha >= HALF
    estimate = np.where(person, np.maximum(estimate, HALF / 255.0), np.minimum(estimate, 0.499))
    new_alpha = np.where(band, estimate, model).astype(np.float32)
    weight = np.maximum(new_alpha, np.float32(0.05))[..., None]
    solved = (pixels - (1.0 - new_alpha)[..., None] * back) / weight
    drawn = new_alpha[..., None] * np.clip(solved, 0.0, 255.0) + (1.0 - new_alpha)[..., None] * fore
    decontaminate = (band & (back_share > _MIN_WEIGHT))[..., None]
    foreground = np.where(decontaminate, np.clip(drawn, 0.0, 255.0), pixels).astype(np.float32)
    return BandMatte(new_alpha, foreground, band.view(np.uint8))


def scaled(config: EdgeMattingConfig, factor: float) -> EdgeMattingConfig:
    """``config`` for a working size ``factor`` times the full one: the band and the colour
    windows shrink with the picture (a 300-pixel photo's hair is a few pixels wide)."""
    if factor >= 1.0:
        return config
    return replace(
        config,
        band_px=max(MIN_BAND_PX, round(config.band_px * factor)),
        colour_window_px=max(MIN_BAND_PX, round(config.colour_window_px * factor)),
    )


def edge_box(alpha: Alpha, margin_px: int) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1): the box of the edge's pixels plus ``margin_px``, or None without an
    edge (no person, or the person fills the photo)."""
    person = (alpha >= HALF).view(np.uint8)
    edge = cv2.morphologyEx(person, cv2.MORPH_GRADIENT, _disc(1))
    x, y, w, h = cv2.boundingRect(edge)
    if w == 0 or h == 0:
        return None
    height, width = alpha.shape
    return (
        max(0, x - margin_px),
        max(0, y - margin_px),
        min(width, x + w + margin_px),
        min(height, y + h + margin_px),
    )


def work_scale(shape: tuple[int, ...], long_side_px: int) -> float:
    """The factor from the photo to the working size (at most 1)."""
    return min(1.0, long_side_px / max(shape[0], shape[1]))


def matte_edges(image: Frame, alpha: Alpha, config: EdgeMattingConfig | None = None) -> Cutout:
    """The cutout of ``image`` (BGR uint8) with the model's ``alpha`` (uint8, same size): alpha
    from colour and decontaminated colours in the band around the edge, the rest unchanged."""
    config = config or EdgeMattingConfig()
    height, width = alpha.shape
    scale = work_scale(alpha.shape, config.work_long_side_px)
    small_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small_alpha = alpha if scale == 1.0 else cv2.resize(alpha, small_size, cv2.INTER_AREA)
    box = edge_box(small_alpha, config.band_px + config.colour_window_px + MIN_BAND_PX)
    if box is None:
        return Cutout(image, alpha)
    sx0, sy0, sx1, sy1 = box
    x0, y0 = int(sx0 / scale), int(sy0 / scale)
    x1, y1 = min(width, int(np.ceil(sx1 / scale))), min(height, int(np.ceil(sy1 / scale)))
    crop = image[y0:y1, x0:x1]
    size = (sx1 - sx0, sy1 - sy0) if scale < 1.0 else (x1 - x0, y1 - y0)
    small = crop if scale == 1.0 else cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    small_crop_alpha = small_alpha[sy0:sy1, sx0:sx1] if scale < 1.0 else alpha[y0:y1, x0:x1]
    band = matte_band(
        small, small_crop_alpha, scaled(config, max(small_size) / config.work_long_side_px)
    )
    changed = band.changed
    alpha_change = band.alpha * np.float32(255.0) - small_crop_alpha.astype(np.float32)
    colour_change = band.foreground - small.astype(np.float32)
    foreground, out_alpha = image.copy(), alpha.copy()
    apply_changes(
        foreground[y0:y1, x0:x1], out_alpha[y0:y1, x0:x1], changed, alpha_change, colour_change
    )
    return Cutout(foreground, out_alpha)


def apply_changes(
    colours: Frame, alpha: Alpha, changed: Alpha, alpha_change: Float, colour_change: Float
) -> None:
    """Add the working-size changes, scaled up bilinearly, to the full-size ``colours`` and
    ``alpha`` (in place), at the pixels under ``changed`` only (the band: a few per cent of a
    photo). The alpha keeps the side of one half it had."""
    height, width = alpha.shape
    small_height, small_width = changed.shape
    touched = cv2.dilate(changed, _disc(1))
    if (small_width, small_height) != (width, height):
        touched = cv2.resize(touched, (width, height), interpolation=cv2.INTER_NEAREST)
    ys, xs = np.nonzero(touched)
    count = len(ys)
    rows = -(-count // _REMAP_ROW)  # remap takes at most 32767 rows: the points in rows
    flat_x = np.zeros(rows * _REMAP_ROW, np.float32)
    flat_y = np.zeros(rows * _REMAP_ROW, np.float32)
    flat_x[:count] = (xs + 0.5) * (small_width / width) - 0.5
    flat_y[:count] = (ys + 0.5) * (small_height / height) - 0.5
    map_x, map_y = flat_x.reshape(rows, _REMAP_ROW), flat_y.reshape(rows, _REMAP_ROW)

    def sample(change: Float) -> Float:
        values: Float = cv2.remap(
            change, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        return values.reshape(rows * _REMAP_ROW, -1)[:count]

    old = alpha[ys, xs].astype(np.float32)
    new = old + sample(alpha_change)[:, 0]
    new = np.where(old >= HALF, np.maximum(new, HALF), np.minimum(new, HALF - 1))
    alpha[ys, xs] = np.clip(new + 0.5, 0, 255).astype(np.uint8)
    recoloured = colours[ys, xs].astype(np.float32) + sample(colour_change)
    colours[ys, xs] = np.clip(recoloured + 0.5, 0, 255).astype(np.uint8)


def composite_cutout(
    compositor: Compositor, image: Frame, alpha: Alpha, background: Background
) -> Frame:
    """The photo over ``background`` with hair-true edges: the backdrop is made from the photo
    as it is (a blurred room is the room), the person laid over it is the cutout; with no
    background the photo passes untouched."""
    if background.shows_camera:
        return compositor.composite(image, alpha, background, 0.0)
    cutout = matte_edges(image, alpha)
    backdrop = background.backdrop(image, cutout.alpha, 0.0)
    return compositor.composite(cutout.foreground, cutout.alpha, background, 0.0, backdrop=backdrop)
