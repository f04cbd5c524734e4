"""Atomic writes: whatever stops a write, no temporary file is left beside the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomclone import paths


def test_an_interrupted_atomic_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "00001.png"
    target.write_bytes(b"the user's earlier frame")

    def interrupted(temp: Path, final: Path) -> None:
        raise KeyboardInterrupt  # Ctrl-C between the write and the rename

    monkeypatch.setattr(paths, "commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        paths.write_bytes_atomic(target, b"new frame")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00001.png"]
    assert target.read_bytes() == b"the user's earlier frame"


def test_an_atomic_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.png"
    target.write_bytes(b"old")
    paths.write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png"]
