"""The MediaPipe runtime: the same contract and the same masks as LiteRT through the port; chosen
with --runtime or the config file; one clear line when it is not installed; doctor reports both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import person_frame, shared_data
from zoomclone.cli import main
from zoomclone.config import parse_config
from zoomclone.doctor import Machine, Status
from zoomclone.doctor.traps.runtimes import check_runtimes, configured_runtime
from zoomclone.errors import ConfigError, SegmenterError
from zoomclone.frames import Frame, Mask
from zoomclone.segmentation import open_segmenter

MODELS = ["landscape", "general"]
PERSON = 0.5  # a pixel is "person" above this confidence
MIN_IOU = 0.99  # the two runtimes' person areas on real photos
MAX_DIFFERENCE = 1e-3  # largest confidence difference on any pixel
PORTRAITS = 4
VIDEO_FRAMES = (0, 150, 300)
JOIN_TIMEOUT_S = 60.0
MISSING = (
    "zoomclone: error: the mediapipe runtime is not installed: python -m pip install "
    "'.[mediapipe]' in the zoomclone checkout, or use --runtime litert"
)


def _video_frames(path: Path) -> list[Frame]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    try:
        for index in VIDEO_FRAMES:
            capture.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = capture.read()
            if ok:
                frames.append(frame)
    finally:
        capture.release()
    return frames


def _real_frames() -> list[Frame]:
    """Photos and 720p video frames from the evaluation data (the test skips without it)."""
    photos = sorted(shared_data("portraits", "images").glob("*.jpg"))[:PORTRAITS]
    frames = [f for f in (cv2.imread(str(p)) for p in photos) if f is not None]
    frames += _video_frames(shared_data("videos", "thoughtful-720p.mp4"))
    assert len(frames) > PORTRAITS, "the evaluation data has no readable frames"
    return frames


def _iou(a: Mask, b: Mask) -> float:
    union = np.logical_or(a > PERSON, b > PERSON).sum()
    return float(np.logical_and(a > PERSON, b > PERSON).sum() / union) if union else 1.0


@pytest.mark.parametrize("model", MODELS)
def test_both_runtimes_give_the_same_masks_through_the_port(model: str) -> None:
    pytest.importorskip("mediapipe")
    frames = _real_frames()
    with (
        open_segmenter(model, runtime="litert") as litert,
        open_segmenter(model, runtime="mediapipe") as mediapipe,
    ):
        assert (mediapipe.name, mediapipe.input_width, mediapipe.input_height) == (
            litert.name,
            litert.input_width,
            litert.input_height,
        )
        for frame in frames:
            ours, theirs = litert.segment(frame), mediapipe.segment(frame)
            assert theirs.shape == ours.shape and theirs.dtype == np.float32
            assert _iou(ours, theirs) >= MIN_IOU
            assert float(np.abs(ours - theirs).max()) < MAX_DIFFERENCE


@pytest.mark.parametrize(("model", "size"), [("landscape", (144, 256)), ("general", (256, 256))])
def test_mediapipe_mask_has_model_size_and_unit_range(model: str, size: tuple[int, int]) -> None:
    pytest.importorskip("mediapipe")
    with open_segmenter(model, runtime="mediapipe") as segmenter:
        mask = segmenter.segment(person_frame(640, 480))
    assert mask.shape == size and mask.dtype == np.float32
    assert 0.0 <= float(mask.min()) <= float(mask.max()) <= 1.0


def test_mediapipe_segmenter_is_silent_closes_twice_and_refuses_after_close(
    capfd: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("mediapipe")
    segmenter = open_segmenter("landscape", runtime="mediapipe")
    segmenter.segment(person_frame())
    segmenter.segment(person_frame())
    segmenter.close()
    segmenter.close()
    with pytest.raises(SegmenterError, match="after close"):
        segmenter.segment(person_frame())
    assert capfd.readouterr().err == ""


def test_mediapipe_segmenter_runs_on_another_thread_than_the_one_that_opened_it() -> None:
    pytest.importorskip("mediapipe")
    masks: list[Mask] = []
    with open_segmenter("landscape", runtime="mediapipe") as segmenter:
        worker = threading.Thread(target=lambda: masks.append(segmenter.segment(person_frame())))
        worker.start()
        worker.join(JOIN_TIMEOUT_S)
    assert not worker.is_alive() and masks[0].shape == (144, 256)


# ---- without the extra ------------------------------------------------------------------------


@pytest.fixture
def no_mediapipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the mediapipe extra were not installed."""
    monkeypatch.setitem(sys.modules, "mediapipe", None)


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_live_without_the_extra_says_how_to_install_it_in_one_line(
    clip: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['mediapipe'] = None\n")
    command = ["live", "--runtime", "mediapipe", "--input", str(clip), "--output", "null"]
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", *command, "--frames", "5"],
        env={**os.environ, "PYTHONPATH": str(blocker)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (1, MISSING + "\n")


@pytest.mark.usefixtures("no_mediapipe")
def test_the_config_files_runtime_is_used_and_the_command_line_wins(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, '[live]\nruntime = "mediapipe"\n')
    live = ["live", "--config", str(config), "--input", str(clip), "--output", "null"]
    live += ["--frames", "3", "--no-panel", "--no-control-socket"]
    assert main(live) == 1
    assert capsys.readouterr().err == MISSING + "\n"
    assert main([*live, "--runtime", "litert"]) == 0


@pytest.mark.usefixtures("no_mediapipe")
def test_image_and_video_without_the_extra_write_nothing(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = tmp_path / "me.png"
    cv2.imwrite(str(photo), person_frame())
    out_photo, out_video = tmp_path / "out.png", tmp_path / "out.mp4"
    assert main(["image", str(photo), "-o", str(out_photo), "--runtime", "mediapipe"]) == 1
    assert main(["video", str(clip), "-o", str(out_video), "--runtime", "mediapipe"]) == 1
    assert capsys.readouterr().err == 2 * (MISSING + "\n")
    assert not out_photo.exists() and not out_video.exists()


def test_an_unknown_runtime_is_refused_on_the_command_line_and_in_the_config() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["live", "--runtime", "gpu"])
    assert stop.value.code == 2
    with pytest.raises(ConfigError, match=r"live\.runtime .*expected one of litert, mediapipe"):
        parse_config('[live]\nruntime = "gpu"\n')


# ---- doctor -----------------------------------------------------------------------------------


def _machine(**versions: str) -> Machine:
    return Machine(version_of=lambda name: versions.get(name.replace("-", "_")))


def test_doctor_reports_both_runtimes_with_versions_and_roles() -> None:
    result = check_runtimes(_machine(ai_edge_litert="2.3.0", mediapipe="1.2.3"), lambda: "litert")
    assert result.status is Status.OK
    assert result.detail == "litert 2.3.0 (default, configured); mediapipe 1.2.3"
    result = check_runtimes(_machine(ai_edge_litert="2.3.0"), lambda: "litert")
    assert result.status is Status.OK
    assert result.detail == "litert 2.3.0 (default, configured); mediapipe not installed"
    assert result.fix == (
        "for --runtime mediapipe: python -m pip install '.[mediapipe]' in the zoomclone checkout",
    )


def test_doctor_fails_when_the_configured_runtime_is_not_installed() -> None:
    result = check_runtimes(_machine(ai_edge_litert="2.3.0"), lambda: "mediapipe")
    assert result.status is Status.FAIL
    assert result.detail == "litert 2.3.0 (default); mediapipe not installed (configured)"
    assert "'.[mediapipe]'" in result.fix[0] and 'runtime = "litert"' in result.fix[1]


def test_doctor_reads_the_runtime_from_the_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xdg-config" / "zoomclone"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[live]\nruntime = "mediapipe"\n')
    assert configured_runtime() == "mediapipe"
    main(["doctor", "--json"])
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert "mediapipe" in checks["runtimes"]["detail"]
    assert "(configured)" in checks["runtimes"]["detail"]
    (folder / "config.toml").write_text("[live]\nruntime = 3\n")
    assert configured_runtime() == "litert"
