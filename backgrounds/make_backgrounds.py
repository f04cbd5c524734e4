"""Make zoomclone's bundled background library: procedural pictures, no photos.

    python backgrounds/make_backgrounds.py            # writes zoomclone/library/*.jpg

The pictures are drawn from a fixed seed, so running this again gives the same files. They live in
``zoomclone/library/`` (package data, installed with zoomclone); this folder keeps the recipe.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
Canvas = npt.NDArray[np.float32]

WIDTH, HEIGHT = 1920, 1080
SEED = 20240611
JPEG_QUALITY = 88
DITHER_LEVEL = 1.5  # a little noise hides gradient banding
LIBRARY = Path(__file__).resolve().parents[1] / "zoomclone" / "library"


def gradient(top: tuple[int, int, int], bottom: tuple[int, int, int], angle_deg: float) -> Canvas:
    """A linear gradient between two BGR colours along ``angle_deg`` (0 = top to bottom)."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    angle = np.deg2rad(angle_deg)
    t = (ys / HEIGHT) * np.cos(angle) + (xs / WIDTH) * np.sin(angle)
    t = (t - t.min()) / (t.max() - t.min())
    a, b = np.array(top, np.float32), np.array(bottom, np.float32)
    return a + (b - a) * t[..., None]


def vignette(canvas: Canvas, strength: float) -> Canvas:
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    r = np.hypot((xs - WIDTH / 2) / WIDTH, (ys - HEIGHT / 2) / HEIGHT) * 2
    return canvas * (1 - strength * np.clip(r, 0, 1.2) ** 2)[..., None]


def bokeh(canvas: Canvas, rng: np.random.Generator, palette: list[tuple[int, int, int]]) -> Canvas:
    """Soft out-of-focus lights: blurred discs added on top."""
    lights = np.zeros_like(canvas)
    for _ in range(70):
        centre = (int(rng.uniform(0, WIDTH)), int(rng.uniform(0, HEIGHT)))
        radius = int(rng.uniform(25, 110))
        colour = np.array(palette[rng.integers(len(palette))], np.float32) * rng.uniform(0.15, 0.5)
        disc = np.zeros_like(canvas)
        cv2.circle(disc, centre, radius, colour.tolist(), -1, cv2.LINE_AA)
        lights += disc
    return canvas + cv2.GaussianBlur(lights, (0, 0), 9)


def soft_shapes(
    canvas: Canvas, rng: np.random.Generator, palette: list[tuple[int, int, int]]
) -> Canvas:
    """Large translucent circles and tilted rounded bars, blurred a little."""
    for _ in range(9):
        layer = canvas.copy()
        colour = palette[rng.integers(len(palette))]
        if rng.random() < 0.5:
            centre = (int(rng.uniform(0, WIDTH)), int(rng.uniform(0, HEIGHT)))
            cv2.circle(layer, centre, int(rng.uniform(150, 420)), colour, -1, cv2.LINE_AA)
        else:
            box = (
                (rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT)),
                (rng.uniform(600, 1400), rng.uniform(90, 220)),
                rng.uniform(-35, 35),
            )
            points = cv2.boxPoints(box).astype(np.int32)
            cv2.fillConvexPoly(layer, points, colour, cv2.LINE_AA)
        canvas = cv2.addWeighted(canvas, 0.7, layer, 0.3, 0)
    return cv2.GaussianBlur(canvas, (0, 0), 3)


def waves(canvas: Canvas, colours: list[tuple[int, int, int]]) -> Canvas:
    """Smooth horizontal bands bounded by sine curves."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    for i, colour in enumerate(colours):
        base = HEIGHT * (0.45 + 0.13 * i)
        edge = base + 60 * np.sin(xs / WIDTH * (2.2 + i) * np.pi + i)
        weight = np.clip((ys - edge) / 40 + 0.5, 0, 1)[..., None] * 0.55
        canvas = canvas * (1 - weight) + np.array(colour, np.float32) * weight
    return canvas


def finish(canvas: Canvas, rng: np.random.Generator) -> Image:
    noisy = canvas + rng.normal(0, DITHER_LEVEL, canvas.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def recipes() -> dict[str, Callable[[np.random.Generator], Canvas]]:
    """File name -> drawing (colours are BGR)."""
    return {
        "bokeh-evening.jpg": lambda rng: bokeh(
            vignette(gradient((60, 30, 25), (40, 60, 110), 20), 0.4),
            rng,
            [(120, 190, 255), (90, 140, 255), (200, 170, 255)],
        ),
        "bokeh-blue.jpg": lambda rng: bokeh(
            vignette(gradient((90, 45, 20), (60, 30, 15), 160), 0.35),
            rng,
            [(255, 200, 120), (255, 230, 180), (230, 160, 90)],
        ),
        "gradient-dawn.jpg": lambda rng: vignette(
            gradient((170, 120, 90), (150, 185, 245), 10), 0.2
        ),
        "gradient-teal.jpg": lambda rng: vignette(
            gradient((110, 90, 30), (190, 200, 120), 60), 0.25
        ),
        "shapes-paper.jpg": lambda rng: soft_shapes(
            gradient((225, 232, 238), (205, 215, 226), 30),
            rng,
            [(180, 200, 230), (200, 215, 185), (230, 205, 190), (240, 240, 245)],
        ),
        "waves-ocean.jpg": lambda rng: waves(
            gradient((150, 110, 60), (210, 180, 120), 0),
            [(170, 140, 80), (140, 110, 50), (110, 80, 30)],
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Draw the bundled background library.")
    parser.add_argument("--out", type=Path, default=LIBRARY, help=f"default: {LIBRARY}")
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for index, (name, draw) in enumerate(sorted(recipes().items())):
        rng = np.random.default_rng(SEED + index)
        image = finish(draw(rng), rng)
        cv2.imwrite(str(out / name), image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        print(f"{out / name}: {(out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
