"""The matte metrics defined in ../shared/data/README.md, so numbers compare across tools.

Alpha ``a`` is float in [0, 1] (or uint8 0..255) at the input's full resolution; ground truth ``g``
is boolean (person = True).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Alpha = npt.NDArray[np.float32]
Truth = npt.NDArray[np.bool_]


def as_unit(alpha: npt.NDArray[np.generic]) -> Alpha:
    """Alpha as float32 in [0, 1], whether given as uint8 or float."""
    if alpha.dtype == np.uint8:
        return alpha.astype(np.float32) / np.float32(255.0)
    return alpha.astype(np.float32)


def iou(alpha: Alpha, truth: Truth) -> float:
    """|(a >= 0.5) & g| / |(a >= 0.5) | g| (1.0 when both are empty)."""
    pred = alpha >= 0.5
    union = np.count_nonzero(pred | truth)
    return 1.0 if union == 0 else np.count_nonzero(pred & truth) / union


def mad(alpha: Alpha, truth: Truth) -> float:
    """Mean absolute difference between alpha and the ground truth."""
    return float(np.mean(np.abs(alpha - truth.astype(np.float32))))


def _boundary(mask: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    eroded = cv2.erode(mask, np.ones((3, 3), np.uint8))
    return cv2.subtract(mask, eroded)


def boundary_f(alpha: Alpha, truth: Truth) -> float:
    """Boundary F: boundaries matched within max(2, round(0.0075 * diagonal)) pixels."""
    pred = (alpha >= 0.5).astype(np.uint8)
    gt = truth.astype(np.uint8)
    tolerance = max(2, round(0.0075 * float(np.hypot(*truth.shape))))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tolerance + 1, 2 * tolerance + 1))
    pred_b, gt_b = _boundary(pred), _boundary(gt)
    n_pred, n_gt = np.count_nonzero(pred_b), np.count_nonzero(gt_b)
    if n_pred == 0 and n_gt == 0:
        return 1.0
    if n_pred == 0 or n_gt == 0:
        return 0.0
    precision = np.count_nonzero(pred_b & cv2.dilate(gt_b, kernel)) / n_pred
    recall = np.count_nonzero(gt_b & cv2.dilate(pred_b, kernel)) / n_gt
    if precision + recall == 0:
        return 0.0
    return float(2 * precision * recall / (precision + recall))


def temporal_error(alphas: list[Alpha], truths: list[Truth]) -> float:
    """dtErr x1000: mean over t>0 of mean |(a_t - a_t-1) - (g_t - g_t-1)|."""
    errors = []
    for t in range(1, len(alphas)):
        da = alphas[t] - alphas[t - 1]
        dg = truths[t].astype(np.float32) - truths[t - 1].astype(np.float32)
        errors.append(float(np.mean(np.abs(da - dg))))
    return 1000.0 * float(np.mean(errors)) if errors else 0.0


def flicker(alphas: list[Alpha]) -> float:
    """Flicker x1000: mean of mean |a_t - a_t-1|, for videos without ground truth."""
    diffs = [float(np.mean(np.abs(alphas[t] - alphas[t - 1]))) for t in range(1, len(alphas))]
    return 1000.0 * float(np.mean(diffs)) if diffs else 0.0


def load_truth(path: str, shape: tuple[int, int]) -> Truth:
    """Load a ground-truth mask (person = value > 127), resized nearest to (height, width)."""
    mask = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise FileNotFoundError(path)
    if mask.shape != shape:
        mask = cv2.resize(mask, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST)
    truth: Truth = mask > 127
    return truth
