"""``zoomclone image`` end to end, with the real model on synthetic and (if present) real photos."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import person_frame, shared_data
from zoomclone.cli import main


def _photo(path: Path) -> Path:
    cv2.imwrite(str(path), person_frame(320, 240))
    return path


def test_transparent_output_is_rgba_png(tmp_path: Path) -> None:
    source = _photo(tmp_path / "me.jpg")
    assert (
        main(["image", str(source), "-o", str(tmp_path / "me.png"), "--background", "transparent"])
        == 0
    )
    out = cv2.imread(str(tmp_path / "me.png"), cv2.IMREAD_UNCHANGED)
    assert out.shape == (240, 320, 4)


def test_output_dir_gets_one_png_per_input_and_bad_inputs_do_not_stop_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _photo(folder / "a.jpg")
    _photo(folder / "c.png")
    (folder / "b.jpg").write_bytes(b"\xff\xd8 truncated")
    code = main(["image", str(folder), "--output-dir", str(tmp_path / "out")])
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.png", "c.png"]
    err = capsys.readouterr().err
    assert err.count("cannot read") == 1 and "b.jpg" in err
    assert "Traceback" not in err


def test_glob_inputs(tmp_path: Path) -> None:
    _photo(tmp_path / "x1.jpg")
    _photo(tmp_path / "x2.jpg")
    assert main(["image", str(tmp_path / "x*.jpg"), "--output-dir", str(tmp_path / "o")]) == 0
    assert len(list((tmp_path / "o").iterdir())) == 2


def test_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _photo(tmp_path / "me.png")
    before = source.read_bytes()
    assert main(["image", str(source), "--output-dir", str(tmp_path)]) == 2
    assert "would overwrite an input" in capsys.readouterr().err
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing-here-*.jpg", "-o", "x.png"], "no input matches"),
        (["{a}", "{b}", "-o", "x.png"], "-o takes one input"),
        (["{a}", "-o", "x.jpg", "--background", "transparent"], "cannot hold transparency"),
        (["{a}", "-o", "x.png", "--background", "color:nope"], "bad colour"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    a, b = _photo(tmp_path / "a.jpg"), _photo(tmp_path / "b.jpg")
    argv = ["image", *(s.format(a=a, b=b) for s in args)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_white_background_is_exactly_white_where_alpha_is_zero(tmp_path: Path) -> None:
    source = shared_data("reference", "portrait.jpg")
    main(["image", str(source), "-o", str(tmp_path / "t.png"), "--background", "transparent"])
    main(["image", str(source), "-o", str(tmp_path / "w.png"), "--background", "white"])
    alpha = cv2.imread(str(tmp_path / "t.png"), cv2.IMREAD_UNCHANGED)[..., 3]
    white = cv2.imread(str(tmp_path / "w.png"))
    assert (alpha == 0).sum() > 0.2 * alpha.size
    assert (white[alpha == 0] == 255).all()


def test_reference_portrait_matches_mediapipe_expected_mask(tmp_path: Path) -> None:
    """The upstream test's bar: IoU >= 0.93 against MediaPipe's own expected segmentation."""
    source = shared_data("reference", "portrait.jpg")
    expected = cv2.imread(str(shared_data("reference", "portrait_segmentation.png")))
    assert (
        main(["image", str(source), "-o", str(tmp_path / "p.png"), "--background", "transparent"])
        == 0
    )
    alpha = cv2.imread(str(tmp_path / "p.png"), cv2.IMREAD_UNCHANGED)[..., 3]
    truth = expected[..., 0] == 255
    if truth.shape != alpha.shape:
        truth = (
            cv2.resize(truth.astype(np.uint8), alpha.shape[::-1], interpolation=cv2.INTER_NEAREST)
            > 0
        )
    person = alpha >= 128
    iou = (person & truth).sum() / (person | truth).sum()
    assert iou >= 0.93
