"""What goes behind the person: image, video, colour, blur, transparent or nothing.

A background spec is what the user types after ``--background``:

    none | transparent | white | black | blur | blur:STRENGTH | color:#RRGGBB | library
    | PATH | contain:PATH | cover:PATH

where PATH is an image, a video (looped at its own fps) or a folder of them (one background each,
in name order), scaled to cover the frame (the default) or, with ``contain:``, to fit inside it
with black bars. ``library`` is the bundled pictures then the user's own folder
(``zoomclone.library``). ``load_backgrounds`` turns specs into the cycle list the app steps through.

    base.py       the Background contract (what the compositor and the live pipeline rely on)
    plain.py      none, transparent, a flat colour
    blurred.py    the camera's own background, blurred
    picture.py    a still picture (checked from its header, decoded no larger than needed)
    video.py      a video file, looped
    animated.py   an animated GIF / WebP
    specs.py      specs -> backgrounds (files, folders, the library)
    cycle.py      the cycle the live mode steps through, reloaded from its specs

The names below are re-exported so callers import them from ``zoomclone.backgrounds``.
"""

from __future__ import annotations

from zoomclone.backgrounds.base import Background
from zoomclone.backgrounds.blurred import BLUR_STRENGTHS, BlurBackground
from zoomclone.backgrounds.cycle import BackgroundCycle
from zoomclone.backgrounds.picture import (
    MAX_DECODE_PIXELS,
    MAX_IMAGE_SIDE_PX,
    ImageBackground,
    check_background_image,
    read_background_image,
)
from zoomclone.backgrounds.plain import (
    ColorBackground,
    NoBackground,
    TransparentBackground,
    color_name,
    needs_alpha,
    parse_color,
)
from zoomclone.backgrounds.specs import (
    background_files,
    library_backgrounds,
    load_backgrounds,
    parse_background,
)
from zoomclone.backgrounds.video import MAX_CATCH_UP_FRAMES, VideoBackground

__all__ = [
    "BLUR_STRENGTHS",
    "MAX_CATCH_UP_FRAMES",
    "MAX_DECODE_PIXELS",
    "MAX_IMAGE_SIDE_PX",
    "Background",
    "BackgroundCycle",
    "BlurBackground",
    "ColorBackground",
    "ImageBackground",
    "NoBackground",
    "TransparentBackground",
    "VideoBackground",
    "background_files",
    "check_background_image",
    "color_name",
    "library_backgrounds",
    "load_backgrounds",
    "needs_alpha",
    "parse_background",
    "parse_color",
    "read_background_image",
]
