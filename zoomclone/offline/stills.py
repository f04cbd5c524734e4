"""Background removal and replacement for photos: the engine of ``zoomclone image``."""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zoomclone.backgrounds import Background
from zoomclone.compositor import Compositor
from zoomclone.errors import InputError, SinkError, UsageError
from zoomclone.frames import Frame, as_bgr
from zoomclone.matting.alpha_matting import HALF, Alpha, composite_cutout
from zoomclone.matting.engine import MatteEngine
from zoomclone.offline.images import decode_file, image_size, write_image
from zoomclone.paths import IMAGE_SUFFIXES, destination, expand, file_id, regular_file, resolved
from zoomclone.segmentation import DEFAULT_RUNTIME, open_segmenter

ALPHA_SUFFIXES = frozenset({".png", ".webp", ".tif", ".tiff"})
# A 20000x20000 photo peaked at 8.8 GB of memory; 120 MP (any camera's full size) stays near 2.6 GB.
MAX_PHOTO_PIXELS = 120_000_000
# When one model finds (nearly) nobody in a photo, the other bundled model is asked: on a backlit
# portrait the general model saw no one and the landscape model found the person (boundary F 0 ->
# 0.78; over the 105 portraits BF 0.828 -> 0.836, no other photo changed; benchmarks/quality.py).
SECOND_MODEL = {"general": "landscape", "landscape": "general"}
MIN_PERSON_SHARE = 0.01  # less of the photo than this on the person's side counts as nobody


def _expand(spec: str) -> list[Path]:
    path = expand(spec)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not found:
            raise UsageError(
                f"folder {spec!r} has no images ({', '.join(sorted(IMAGE_SUFFIXES))}); "
                "subfolders are not searched"
            )
        return found
    if path.exists():
        return [path]
    return sorted(Path(p) for p in glob.glob(str(path)))


def expand_inputs(specs: Sequence[str]) -> list[Path]:
    """Files, globs and folders -> the list of image paths, in the order given, without repeats."""
    paths: list[Path] = []
    for spec in specs:
        try:
            found = _expand(spec)
        except OSError as err:
            raise UsageError(f"cannot read input {spec!r}: {err.strerror or err}") from err
        if not found:
            raise UsageError(f"no input matches {spec!r}: give image files, a glob or a folder")
        paths.extend(found)
    return list(dict.fromkeys(paths))


def output_path(source: Path, output: Path | None, output_dir: Path | None) -> Path:
    """Where the result of ``source`` goes: ``output``, or ``output_dir/<stem>.png``."""
    if output is not None:
        return output
    assert output_dir is not None
    return output_dir / f"{source.stem}.png"


def check_outputs(sources: Sequence[Path], targets: Sequence[Path], transparent: bool) -> None:
    """Refuse writes that would overwrite an input, collide, or drop the alpha channel."""
    inputs = {resolved(p) for p in sources}
    input_ids = {file_id(p) for p in sources} - {None}
    seen: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        written = resolved(target)
        if written in inputs or file_id(target) in input_ids:
            raise UsageError(f"output {target} would overwrite an input: choose another path")
        if written in seen:
            raise UsageError(
                f"{seen[written]} and {source} would both be written to {target}: "
                "rename one of the inputs"
            )
        seen[written] = source
        _check_target(target)
        if transparent and target.suffix.lower() not in ALPHA_SUFFIXES:
            raise UsageError(
                f"output {target} cannot hold transparency: use a .png file with "
                "--background transparent"
            )


def _check_target(target: Path) -> None:
    try:
        is_dir, parent_is_file = target.is_dir(), target.parent.is_file()
    except OSError as err:
        raise UsageError(f"cannot write output {target}: {err.strerror or err}") from err
    if parent_is_file:
        raise UsageError(f"output folder {target.parent} is a file: choose a folder")
    if is_dir:
        raise UsageError(
            f"output {target} is a folder: give a file name (-o {target / 'result.png'}) "
            f"or use --output-dir {target}"
        )
    destination(target)
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        raise UsageError(
            f"output {target} needs an image extension: one of {', '.join(sorted(IMAGE_SUFFIXES))}"
        )


def read_image(path: Path) -> Frame:
    """Read a photo as BGR uint8 (grey and RGBA photos are converted). A PNG or JPEG too large is
    refused from its header, before decoding (1.2 GB for a 20000x20000 picture)."""
    size = image_size(path)
    if size is not None:
        _check_pixels(path, *size)
    regular_file(path, "input")
    image = decode_file(path)
    if image is None:
        raise InputError(f"cannot read {path}: not an image OpenCV can decode (.jpg, .png, .webp)")
    _check_pixels(path, image.shape[1], image.shape[0])
    return image


def _check_pixels(path: Path, width: int, height: int) -> None:
    if height * width > MAX_PHOTO_PIXELS:
        raise InputError(
            f"{path} is {width}x{height} ({height * width / 1e6:.0f} MP), more than zoomclone "
            f"handles ({MAX_PHOTO_PIXELS / 1e6:.0f} MP): scale it down first"
        )


def person_share(alpha: Alpha) -> float:
    """The share of the photo on the person's side of half alpha."""
    return float(np.count_nonzero(alpha >= HALF)) / alpha.size


def _matte(engine: MatteEngine, image: Frame) -> Alpha:
    engine.reset()
    return engine.alpha(image, engine.confidence(image))


@dataclass
class StillEngine:
    """Matte and composite one photo at a time. ``second``: the engine of another model, asked
    when ``engine`` finds nobody (see ``MIN_PERSON_SHARE``); its answer is taken if it finds more."""

    engine: MatteEngine
    compositor: Compositor
    second: MatteEngine | None = None

    def alpha(self, image: Frame) -> Alpha:
        """The photo's alpha (uint8, its size) from the first model, or the second's (above)."""
        alpha = _matte(self.engine, image)
        share = person_share(alpha)
        if self.second is None or share >= MIN_PERSON_SHARE:
            return alpha
        other = _matte(self.second, image)
        return other if person_share(other) > share else alpha

    def render(self, image: Frame, background: Background) -> Frame:
        """The photo over ``background`` (BGRA when transparent)."""
        image = as_bgr(image)
        return composite_cutout(self.compositor, image, self.alpha(image), background)


def open_still_engine(
    stack: ExitStack, model: str, *, threads: int | None = None, runtime: str = DEFAULT_RUNTIME
) -> StillEngine:
    """The engine ``zoomclone image`` uses with ``model`` first and the other bundled model
    second, both on ``runtime``; both segmenters are closed with ``stack``."""
    first = stack.enter_context(open_segmenter(model, threads=threads, runtime=runtime))
    second = stack.enter_context(
        open_segmenter(SECOND_MODEL[model], threads=threads, runtime=runtime)
    )
    return StillEngine(MatteEngine.for_stills(first), Compositor(), MatteEngine.for_stills(second))


@dataclass(frozen=True)
class StillResult:
    """The outcome of one input: where it went, or why it failed."""

    source: Path
    target: Path
    error: str | None = None


def process_images(
    engine: StillEngine, jobs: Sequence[tuple[Path, Path]], background: Background
) -> Iterator[StillResult]:
    """Render each (source, target) job; a failure is reported in its result, the rest go on."""
    for source, target in jobs:
        try:
            write_image(target, engine.render(read_image(source), background))
        except (InputError, SinkError) as err:
            yield StillResult(source, target, str(err))
        else:
            yield StillResult(source, target)
