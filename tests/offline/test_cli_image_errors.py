"""Bad inputs to ``zoomclone image``: one clear line each, exit 2 for usage and 1 for runtime
failures, and nothing else lost (docs/errors.md lists what the user sees)."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import cv2
import pytest

from tests.conftest import person_frame
from zoomclone.cli import main
from zoomclone.offline import stills as stills

LONG_NAME = "a" * 5000


def _photo(path: Path) -> Path:
    cv2.imwrite(str(path), person_frame(64, 48))
    return path


def _error_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "OpenCV(" not in err
    return err.strip().splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{empty}", "-o", "{tmp}/x.png"], "has no images"),
        (["{photo}", "-o", "{tmp}"], "is a folder"),
        (["{photo}", "-o", "{tmp}/x.txt"], "needs an image extension"),
        (["{photo}", "-o", "{tmp}/noext"], "needs an image extension"),
        (["{photo}", "--output-dir", "{photo}"], "is a file"),
        ([LONG_NAME, "-o", "{tmp}/x.png"], "File name too long"),
        (["{photo}", "-o", f"{{tmp}}/{LONG_NAME}.png"], "File name too long"),
    ],
)
def test_usage_errors_are_one_line_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    photo = _photo(tmp_path / "me.jpg")
    before = sorted(tmp_path.iterdir())
    argv = [a.format(empty=tmp_path / "empty", photo=photo, tmp=tmp_path) for a in args]
    assert main(["image", *argv]) == 2
    lines = _error_lines(capsys)
    assert len(lines) == 1 and message in lines[0]
    assert sorted(tmp_path.iterdir()) == before


def test_a_corrupt_input_is_one_line_and_the_others_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _photo(tmp_path / "good.jpg")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    assert main(["image", str(bad), str(good), "--output-dir", str(tmp_path / "out")]) == 1
    lines = _error_lines(capsys)
    assert lines[0].startswith("zoomclone: error: cannot read") and "bad.png" in lines[0]
    assert lines[1] == "zoomclone: 1 of 2 images failed"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["good.png"]


def test_a_huge_photo_is_refused_with_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stills, "MAX_PHOTO_PIXELS", 1000)
    photo = _photo(tmp_path / "big.jpg")
    assert main(["image", str(photo), "-o", str(tmp_path / "big.png")]) == 1
    lines = _error_lines(capsys)
    assert "64x48" in lines[0] and "scale it down" in lines[0]
    assert not (tmp_path / "big.png").exists()


def test_an_unwritable_folder_is_one_line_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = _photo(tmp_path / "me.jpg")
    target = tmp_path / "me.png"
    target.write_bytes(b"old result")

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    assert main(["image", str(photo), "-o", str(target)]) == 1
    lines = _error_lines(capsys)
    assert lines[0] == f"zoomclone: error: cannot write {target}: Permission denied"
    monkeypatch.undo()
    assert target.read_bytes() == b"old result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.jpg", "me.png"]
