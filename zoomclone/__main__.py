"""Run zoomclone as ``python -m zoomclone``."""

from zoomclone.cli import run

run()
