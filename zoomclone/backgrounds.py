"""What goes behind the person: image, video, colour, blur, transparent or nothing.

A background spec is what the user types after ``--background``:

    none | transparent | white | black | blur | blur:STRENGTH | color:#RRGGBB | library
    | PATH | contain:PATH | cover:PATH

where PATH is an image, a video (looped at its own fps) or a folder of them (one background each,
in name order), scaled to cover the frame (the default) or, with ``contain:``, to fit inside it
with black bars. ``library`` is the bundled pictures then the user's own folder
(``zoomclone.library``). ``load_backgrounds`` turns specs into the cycle list the app steps through.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from zoomclone.background_base import Background as Background  # re-exported with the kinds
from zoomclone.blur import halo_free_blur
from zoomclone.errors import BackgroundError, UsageError, ZoomcloneError
from zoomclone.frames import FITS, Size, fit_image
from zoomclone.images import decoded_pixels, header_size, read_reduced
from zoomclone.names import find_name, unknown_name
from zoomclone.paths import cv2_name, expand, is_regular, is_utf8
from zoomclone.segmentation.base import Frame

log = logging.getLogger(__name__)


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v"})
MAX_IMAGE_SIDE_PX = 3840
MAX_CATCH_UP_FRAMES = 5  # a video background further behind skips ahead instead
MAX_DECODE_PIXELS = 50_000_000  # 150 MB once decoded: a PNG or WebP is always decoded in full
BLUR_STRENGTHS = (1, 2, 3)
_COLOR_RE = re.compile(r"^#?([0-9a-fA-F]{6})$")
_NAMED_COLORS = {"white": (255, 255, 255), "black": (0, 0, 0), "green": (0, 177, 64)}


class NoBackground(Background):
    """The effect off: the camera picture passes through untouched."""

    name = "none"

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        return frame


class TransparentBackground(Background):
    """Remove the background: the output gets the alpha as a fourth channel (BGRA)."""

    name = "transparent"

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        return frame


def needs_alpha(background: Background) -> bool:
    """True when the output must carry an alpha channel (a PNG, not a video or JPEG)."""
    return isinstance(background, TransparentBackground)


class ColorBackground(Background):
    """A flat colour."""

    def __init__(self, bgr: tuple[int, int, int], name: str) -> None:
        self.bgr = bgr
        self.name = name
        self._cache: Frame | None = None

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        height, width = frame.shape[:2]
        if self._cache is None or self._cache.shape[:2] != (height, width):
            self._cache = np.empty((height, width, 3), np.uint8)
            self._cache[:] = self.bgr
        return self._cache


class BlurBackground(Background):
    """The camera's own background, blurred; the person's pixels do not bleed into it."""

    def __init__(self, strength: int = 2) -> None:
        if strength not in BLUR_STRENGTHS:
            raise UsageError(f"blur strength must be one of {BLUR_STRENGTHS}, got {strength}")
        self.strength = strength
        self.name = f"blur:{strength}"
        self._buffer: Frame | None = None

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        """The blurred room, in a buffer reused by the next call (one frame is composited at a time)."""
        if self._buffer is None or self._buffer.shape != frame.shape:
            self._buffer = np.empty(frame.shape, np.uint8)
        return halo_free_blur(frame, alpha, self.strength, out=self._buffer)

    def backdrop_into(self, frame: Frame, alpha: Frame, t_s: float, out: Frame) -> None:
        """The blurred room scaled up straight into ``out`` (no copy of a full-size picture)."""
        halo_free_blur(frame, alpha, self.strength, out=out)


class ImageBackground(Background):
    """A picture, cover-fitted to the frame (scaled and centre-cropped, never stretched).

    ``fit="contain"`` shows all of it instead, letterboxed. Checked when made, decoded when first
    shown, no larger than the frame needs; only the fitted picture is kept, until ``release()``.
    """

    def __init__(self, path: Path, fit: str = "cover") -> None:
        self.path = path
        self._file = path
        self.name = path.name
        self.fit = fit
        check_background_image(path)
        self._cache: Frame | None = None
        self._lock = threading.Lock()  # the output thread and the preloader

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        height, width = frame.shape[:2]
        return self._fitted((width, height))

    def prepare(self, size: Size) -> None:
        self._fitted(size)

    def _fitted(self, size: Size) -> Frame:
        with self._lock:
            if self._cache is None or self._cache.shape[1::-1] != size:
                image = read_background_image(self._file, size)
                self._cache = fit_image(image, size, self.fit)
            return self._cache

    def release(self) -> None:
        with self._lock:
            self._cache = None


class VideoBackground(Background):
    """A video, looped at its own fps, each frame cover-fitted (or contain-fitted)."""

    def __init__(self, path: Path, fit: str = "cover") -> None:
        self.path = path
        self._file = path
        self.name = path.name
        self.fit = fit
        self._capture: cv2.VideoCapture | None = _open_video(path)
        self.fps = self._capture.get(cv2.CAP_PROP_FPS) or 30.0
        self._index = -1
        self._current: Frame | None = None
        self._fitted: Frame | None = None
        self._stale = True

    def backdrop(self, frame: Frame, alpha: Frame, t_s: float) -> Frame:
        wanted = int(t_s * self.fps)
        if wanted - self._index > MAX_CATCH_UP_FRAMES:  # first shown late, or after a stall:
            self._index = wanted - 1  # go on from here rather than decode every frame missed
        while self._index < wanted or self._current is None:
            self._advance()
        height, width = frame.shape[:2]
        if self._fitted is None or self._fitted.shape[:2] != (height, width) or self._stale:
            assert self._current is not None
            self._fitted = fit_image(self._current, (width, height), self.fit)
            self._stale = False
        return self._fitted

    def _advance(self) -> None:
        if self._capture is None:
            self._capture = _open_video(self._file)
        ok, image = self._capture.read()
        if not ok:
            self._capture.release()
            self._capture = _open_video(self._file)
            ok, image = self._capture.read()
            if not ok:
                raise BackgroundError(f"background video {self.path} has no readable frame")
        self._current = image
        self._index += 1
        self._stale = True

    def release(self) -> None:
        """Close the decoder and drop the pictures; showing it again reopens the file."""
        self.close()
        self._current = self._fitted = None

    def close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()


def _open_video(path: Path) -> cv2.VideoCapture:
    capture = cv2.VideoCapture(cv2_name(path, "background video"))
    if not capture.isOpened():
        raise BackgroundError(
            f"cannot open background video {path}: use an .mp4/.mov/.webm file OpenCV can decode"
        )
    return capture


def check_background_image(path: Path) -> None:
    """Raise BackgroundError unless ``path`` is an image OpenCV can read and small enough to
    decode, looking at its header only."""
    if not path.exists():
        raise BackgroundError(f"background {path} does not exist: check the path")
    if not is_regular(path):
        raise BackgroundError(f"background {path} is not a regular file: give a picture file")
    # OpenCV cannot be handed a name that is not UTF-8: such a file is checked when decoded
    if is_utf8(path) and not cv2.haveImageReader(str(path)):
        raise BackgroundError(
            f"cannot read background {path}: it is not an image OpenCV can decode "
            "(use a .jpg, .png or .webp file)"
        )
    size = header_size(path)
    if size is not None and decoded_pixels(path, size) > MAX_DECODE_PIXELS:
        width, height = size
        raise BackgroundError(
            f"background {path} is {width}x{height} ({width * height / 1e6:.0f} MP), more than "
            f"zoomclone decodes for a background ({MAX_DECODE_PIXELS // 1_000_000} MP, or "
            f"{MAX_DECODE_PIXELS * 64 // 1_000_000} MP for JPEG): scale it down to the output size"
        )


def read_background_image(path: Path, size: Size | None = None) -> Frame:
    """Read an image as BGR uint8, no larger than needed to cover ``size`` (width, height) and at
    most MAX_IMAGE_SIDE_PX long (a huge JPEG is decoded at a reduced scale, never in full)."""
    check_background_image(path)
    longest = MAX_IMAGE_SIDE_PX
    found = header_size(path)
    if size is not None and found is not None:
        cover = max(size[0] / found[0], size[1] / found[1])
        longest = min(longest, max(1, int(max(found) * cover)))
    image = read_reduced(path, longest)
    if image is None:
        raise BackgroundError(
            f"cannot read background {path}: it is not an image OpenCV can decode "
            "(use a .jpg, .png or .webp file)"
        )
    if max(image.shape[:2]) > MAX_IMAGE_SIDE_PX:
        scale = MAX_IMAGE_SIDE_PX / max(image.shape[:2])
        wanted = (round(image.shape[1] * scale), round(image.shape[0] * scale))
        image = cv2.resize(image, wanted, interpolation=cv2.INTER_AREA)
    return image


def parse_color(text: str) -> tuple[int, int, int]:
    """'#RRGGBB' or 'RRGGBB' -> a BGR tuple."""
    match = _COLOR_RE.match(text.strip())
    if match is None:
        raise UsageError(f"bad colour {text!r}: write it as #RRGGBB, e.g. color:#00b140")
    value = int(match.group(1), 16)
    return (value & 0xFF, (value >> 8) & 0xFF, value >> 16)


def _parse_blur(spec: str) -> BlurBackground:
    strength = spec.partition(":")[2].strip()
    if not strength:
        return BlurBackground()
    # compared as text: '²' passes str.isdigit() but not int(), and int() refuses 5000 digits
    if strength not in {str(s) for s in BLUR_STRENGTHS}:
        raise UsageError(f"bad blur strength in {spec!r}: write blur:1, blur:2 or blur:3")
    return BlurBackground(int(strength))


def parse_background(spec: str) -> list[Background]:
    """One spec -> its backgrounds (a folder gives several). Raises UsageError/BackgroundError."""
    lowered = spec.strip().lower()
    if lowered == "none":
        return [NoBackground()]
    if lowered == "transparent":
        return [TransparentBackground()]
    if lowered in _NAMED_COLORS:
        return [ColorBackground(_NAMED_COLORS[lowered], lowered)]
    if lowered == "blur" or lowered.startswith("blur:"):
        return [_parse_blur(lowered)]
    if lowered.startswith(("color:", "colour:")):
        bgr = parse_color(spec.split(":", 1)[1])
        return [ColorBackground(bgr, color_name(bgr))]
    if lowered == "library":
        return library_backgrounds()
    fit, sep, rest = spec.partition(":")
    if sep and fit.lower() in FITS and rest:
        return _parse_path(expand(rest), fit.lower())
    return _parse_path(expand(spec))


def color_name(bgr: tuple[int, int, int]) -> str:
    """The spec that gives this colour back: 'color:#rrggbb'."""
    blue, green, red = bgr
    return f"color:#{red:02x}{green:02x}{blue:02x}"


def _parse_path(path: Path, fit: str = "cover") -> list[Background]:
    try:
        return _backgrounds_at(path, fit)
    except OSError as err:
        raise BackgroundError(
            f"cannot open background {path}: {err.strerror or err}: check the path"
        ) from err


def _backgrounds_at(path: Path, fit: str = "cover") -> list[Background]:
    if path.is_dir():
        return _folder_backgrounds(path, fit)
    if path.exists() and not is_regular(path):  # a pipe named .gif or .mp4 must not be opened
        raise BackgroundError(f"background {path} is not a regular file: give a picture file")
    if path.suffix.lower() in VIDEO_SUFFIXES:
        if not path.is_file():
            raise BackgroundError(f"background video {path} does not exist: check the path")
        return [VideoBackground(path, fit)]
    from zoomclone.animated import AnimatedBackground, is_animated

    if is_animated(path):
        return [AnimatedBackground(path, fit)]
    if not path.exists():
        from zoomclone.library import find_picture

        return _backgrounds_at(find_picture(str(path)), fit)
    return [ImageBackground(path, fit)]


def _folder_backgrounds(folder: Path, fit: str = "cover") -> list[Background]:
    suffixes = IMAGE_SUFFIXES | VIDEO_SUFFIXES | {".gif"}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)
    if not files:
        raise BackgroundError(
            f"background folder {folder} has no images or videos ({', '.join(sorted(suffixes))})"
        )
    return [b for p in files for b in _backgrounds_at(p, fit)]


def background_files(backgrounds: Iterable[Background]) -> list[str]:
    """The files these backgrounds read (an output must not replace them)."""
    return [str(b.path) for b in backgrounds if b.path is not None]


def load_backgrounds(specs: Iterable[str]) -> list[Background]:
    """All specs, in order, as one cycle list."""
    return [b for spec in specs for b in parse_background(spec)]


@dataclass
class BackgroundCycle:
    """The cycle list and which one is showing; next/prev wrap around. ``specs``: what the list
    was loaded from, read again by ``reload()``."""

    backgrounds: list[Background]
    index: int = 0
    on_change: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    specs: tuple[str, ...] = ()
    _staged: list[Background] | None = field(default=None, init=False, repr=False, compare=False)
    _staging: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.backgrounds:
            raise UsageError("no background given: pass --background SPEC")

    @property
    def current(self) -> Background:
        return self.backgrounds[self.index]

    def step(self, delta: int) -> Background:
        self.index = (self.index + delta) % len(self.backgrounds)
        self._changed()
        return self.current

    def neighbours(self) -> list[Background]:
        """The next and previous backgrounds (fewer when the cycle is short)."""
        count = len(self.backgrounds)
        picks = dict.fromkeys(((self.index + 1) % count, (self.index - 1) % count))
        return [self.backgrounds[i] for i in picks if i != self.index]

    def _changed(self) -> None:
        self._release_far()
        if self.on_change is not None:
            self.on_change()

    def _release_far(self) -> None:
        """Keep decoded only the current background and its neighbours (48 wallpapers decoded
        at once peaked at 644 MB)."""
        count = len(self.backgrounds)
        for i, background in enumerate(self.backgrounds):
            distance = min((i - self.index) % count, (self.index - i) % count)
            if distance > 1:
                background.release()

    def select(self, name: str) -> Background:
        """By name, stem or either without case (``zoomclone.names``); UsageError with the
        nearest names when none matches."""
        names = [b.name for b in self.backgrounds]
        found = find_name(name, names)
        if found is None:
            raise UsageError(unknown_name("background", name, names))
        self.index = found
        self._changed()
        return self.current

    def stage_reload(self) -> None:
        """Load the specs on the calling thread (the panel's), for the next ``reload()`` to swap
        in without decoding on the output thread. A newer staging replaces an unused older one."""
        fresh = self._load()
        if fresh is None:
            return
        with self._staging:
            old, self._staged = self._staged, fresh
        for background in old or []:
            background.close()

    def reload(self) -> None:
        """Swap in the staged list, or load the specs again: files added to a folder or the user's
        library join, removed ones leave, and the current background stays current while it
        exists. When a spec no longer loads, the cycle stays as it was (logged)."""
        with self._staging:
            fresh, self._staged = self._staged, None
        if fresh is None:
            fresh = self._load()
        if fresh is None:
            return
        name = self.current.name
        old, self.backgrounds = self.backgrounds, fresh
        names = [b.name for b in fresh]
        self.index = names.index(name) if name in names else 0
        for background in old:
            background.close()

    def _load(self) -> list[Background] | None:
        if not self.specs:
            return None
        try:
            return load_backgrounds(self.specs) or None
        except ZoomcloneError as err:
            log.warning("cannot reload the backgrounds, keeping the old ones: %s", err)
            return None

    def close(self) -> None:
        for background in self.backgrounds:
            background.close()


def library_backgrounds() -> list[Background]:
    """The bundled pictures, then the user's; a file that cannot be read is skipped."""
    from zoomclone.library import library_paths

    found: list[Background] = []
    for path in library_paths():
        try:
            found.extend(parse_background(str(path)))
        except (BackgroundError, UsageError) as err:
            log.warning("skipping a library background: %s", err)
    return found
