"""Hair-true edges for photos (``zoomclone.matting.alpha_matting``) and the matting view of the quality
benchmark: synthetic pictures with a known soft edge, then the real model on a real portrait."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest

from benchmarks.matting_view import fringe
from benchmarks.metrics import as_unit, load_truth
from tests.conftest import shared_data
from zoomclone.cli import main
from zoomclone.errors import UsageError
from zoomclone.matting import alpha_matting as alpha_matting
from zoomclone.matting.alpha_matting import EdgeMattingConfig, matte_edges
from zoomclone.matting.engine import MatteEngine
from zoomclone.segmentation import open_segmenter

PERSON_BGR = np.array([60, 110, 210], np.float32)  # skin-ish
ROOM_BGR = np.array([40, 190, 60], np.float32)  # a green wall
RAMP_PX = 8
ROOT = Path(__file__).resolve().parents[2]


def soft_edge(
    width: int = 800, height: int = 200, seed: int = 0
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float32]]:
    """A photo whose right part is the person, with a known linear soft edge (hair-like) in the
    middle, and its true alpha in [0, 1]."""
    columns = np.arange(width, dtype=np.float32)
    ramp = np.clip((columns - (width / 2 - RAMP_PX / 2)) / RAMP_PX, 0.0, 1.0)
    alpha = np.tile(ramp, (height, 1)).astype(np.float32)
    noise = np.random.default_rng(seed).normal(0.0, 2.0, (height, width, 3)).astype(np.float32)
    image = alpha[..., None] * PERSON_BGR + (1 - alpha[..., None]) * ROOM_BGR + noise
    return np.clip(image + 0.5, 0, 255).astype(np.uint8), alpha


def model_alpha(true_alpha: npt.NDArray[np.float32]) -> npt.NDArray[np.uint8]:
    """What a coarse model gives: a steep ramp at the right place, no soft edge."""
    steep = np.clip((true_alpha - 0.5) * 8 + 0.5, 0.0, 1.0)
    return (steep * 255 + 0.5).astype(np.uint8)


def test_alpha_from_colour_follows_a_known_soft_edge() -> None:
    image, truth = soft_edge()
    model = model_alpha(truth)
    cutout = matte_edges(image, model)
    edge = (truth > 0) & (truth < 1)
    error = np.abs(as_unit(cutout.alpha) - truth)[edge].mean()
    model_error = np.abs(as_unit(model) - truth)[edge].mean()
    assert error < 0.03
    assert error < 0.25 * model_error
    # the model keeps the decision of which side of half each pixel is on
    np.testing.assert_array_equal(cutout.alpha >= 128, model >= 128)


def test_decontaminated_colour_is_closer_to_the_person_than_the_photo() -> None:
    image, truth = soft_edge()
    model = model_alpha(truth)
    cutout = matte_edges(image, model)
    mixed = (truth > 0.2) & (truth < 0.9)
    after = np.linalg.norm(cutout.foreground[mixed].astype(np.float32) - PERSON_BGR, axis=1)
    before = np.linalg.norm(image[mixed].astype(np.float32) - PERSON_BGR, axis=1)
    assert after.mean() < 0.15 * before.mean()
    fringe_after, fringe_before = fringe(cutout.foreground, cutout.alpha), fringe(image, model)
    assert fringe_after is not None and fringe_before is not None
    assert fringe_after < 0.3 * fringe_before


def test_far_from_the_edge_nothing_changes() -> None:
    image, truth = soft_edge()
    model = model_alpha(truth)
    cutout = matte_edges(image, model)
    far = np.abs(np.arange(image.shape[1]) - image.shape[1] / 2) > 60
    np.testing.assert_array_equal(cutout.alpha[:, far], model[:, far])
    np.testing.assert_array_equal(cutout.foreground[:, far], image[:, far])


def test_no_person_and_all_person_pass_through() -> None:
    image, _ = soft_edge()
    for value in (0, 255):
        alpha = np.full(image.shape[:2], value, np.uint8)
        cutout = matte_edges(image, alpha)
        assert cutout.alpha is alpha and cutout.foreground is image


def test_a_large_photo_is_worked_on_at_the_capped_size(monkeypatch: pytest.MonkeyPatch) -> None:
    small, truth = soft_edge(300, 200)
    image = cv2.resize(small, (3000, 2000), interpolation=cv2.INTER_LINEAR)
    model = cv2.resize(model_alpha(truth), (3000, 2000), interpolation=cv2.INTER_LINEAR)
    seen: list[tuple[int, ...]] = []
    real = alpha_matting.matte_band

    def spy(
        picture: npt.NDArray[np.uint8], alpha: npt.NDArray[np.uint8], config: EdgeMattingConfig
    ) -> alpha_matting.BandMatte:
        seen.append(picture.shape)
        return real(picture, alpha, config)

    monkeypatch.setattr(alpha_matting, "matte_band", spy)
    cutout = matte_edges(image, model, EdgeMattingConfig(work_long_side_px=512))
    assert len(seen) == 1 and max(seen[0][:2]) <= 512
    big_truth = cv2.resize(truth, (3000, 2000), interpolation=cv2.INTER_LINEAR)
    edge = (big_truth > 0) & (big_truth < 1)
    assert np.abs(as_unit(cutout.alpha) - big_truth)[edge].mean() < 0.08


def test_bad_settings_are_refused() -> None:
    with pytest.raises(UsageError, match="band_px"):
        EdgeMattingConfig(band_px=0)
    with pytest.raises(UsageError, match="contrast"):
        EdgeMattingConfig(contrast=float("nan"))


def test_real_portrait_keeps_iou_and_loses_the_fringe() -> None:
    photo = shared_data("portraits", "images", "hsd-104.jpg")
    image = cv2.imread(str(photo), cv2.IMREAD_COLOR)
    truth = load_truth(str(shared_data("portraits", "masks", "hsd-104.png")), image.shape[:2])
    with open_segmenter("general") as segmenter:
        engine = MatteEngine.for_stills(segmenter)
        alpha = engine.alpha(image, engine.confidence(image))
    cutout = matte_edges(image, alpha)
    np.testing.assert_array_equal(cutout.alpha >= 128, alpha >= 128)
    assert np.count_nonzero((cutout.alpha >= 128) & truth) / np.count_nonzero(truth) > 0.9
    before, after = fringe(image, alpha), fringe(cutout.foreground, cutout.alpha)
    assert before is not None and after is not None and after < 0.85 * before


def test_image_command_writes_decontaminated_edges(tmp_path: Path) -> None:
    photo = shared_data("portraits", "images", "hsd-104.jpg")
    out = tmp_path / "cut.png"
    assert main(["image", str(photo), "-o", str(out), "--background", "transparent"]) == 0
    result = cv2.imread(str(out), cv2.IMREAD_UNCHANGED)
    image = cv2.imread(str(photo), cv2.IMREAD_COLOR)
    alpha = result[..., 3]
    edge = (alpha > 0) & (alpha < 255)
    changed = np.any(result[..., :3] != image, axis=2)
    assert np.count_nonzero(changed & edge) > 0.5 * np.count_nonzero(edge)
    assert not np.any(changed & (alpha == 255) & ~cv2.dilate(edge.view(np.uint8), None).view(bool))


def test_quality_benchmark_writes_the_contact_sheet_and_the_fringe(tmp_path: Path) -> None:
    data = shared_data()
    sheet = tmp_path / "sheet.jpg"
    command = [sys.executable, "-m", "benchmarks.quality", "--data", str(data)]
    run = subprocess.run(
        [*command, "--datasets", "portraits", "--max-images", "2", "--sheet", str(sheet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "fringe" in run.stdout and "no edge matting" in run.stdout
    picture = cv2.imread(str(sheet), cv2.IMREAD_COLOR)
    assert picture is not None and picture.shape[0] >= 200
