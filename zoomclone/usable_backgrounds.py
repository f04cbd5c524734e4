"""Backgrounds nobody typed just now: the library and the config file's list.

One unreadable file in the user's backgrounds folder, or a picture the config file names that has
since moved, must not stop the camera: it is skipped with one warning that names it (and the config
file), and zoomclone refuses only when nothing usable is left. What is typed on the command line is
still refused at once, since the user is there to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from zoomclone.backgrounds import Background, parse_background
from zoomclone.errors import BackgroundError, UsageError

log = logging.getLogger(__name__)


def load_usable(specs: Iterable[str], named_in: str) -> list[Background]:
    """Each spec's backgrounds; a spec that fails is skipped with a warning naming ``named_in``
    (the config file); BackgroundError when none is left."""
    found: list[Background] = []
    skipped: list[str] = []
    for spec in specs:
        try:
            found.extend(parse_background(spec))
        except (BackgroundError, UsageError) as err:
            skipped.append(spec)
            log.warning("skipping background %r named in %s: %s", spec, named_in, err)
    if not found:
        raise BackgroundError(
            f"no usable background in {named_in} (skipped {', '.join(map(repr, skipped))}): "
            "fix the backgrounds list there or pass --background SPEC"
        )
    return found
