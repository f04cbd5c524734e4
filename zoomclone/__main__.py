"""Run zoomclone as ``python -m zoomclone``."""

from zoomclone.cli import main

raise SystemExit(main())
