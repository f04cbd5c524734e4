"""Run zoomclone as ``python -m zoomclone``."""

import os
import sys


def _look_past_a_checkout_folder() -> None:
    """From the folder that holds a checkout named ``zoomclone``, Python imports that folder (it
    has no ``__init__.py``) as an empty namespace package instead of the installed zoomclone (an
    editable install is found after it): drop the current folder from the path and import again."""
    import zoomclone

    if getattr(zoomclone, "__file__", None) is not None:
        return
    here = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", here)]
    for name in [n for n in sys.modules if n == "zoomclone" or n.startswith("zoomclone.")]:
        del sys.modules[name]


_look_past_a_checkout_folder()

from zoomclone.cli import run  # noqa: E402 - after the path is right

run()
