"""``python -m zoomclone`` works from the folder that holds a checkout named ``zoomclone``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zoomclone import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_zoomclone_from_the_checkouts_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "zoomclone").symlink_to(ROOT, target_is_directory=True)
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"zoomclone {__version__}"
