from __future__ import annotations

import cv2
import numpy as np

from zoomclone.matting.blobs import BlobConfig, remove_small_blobs


def _person_and_blob() -> np.ndarray:
    mask = np.zeros((288, 512), np.float32)
    cv2.ellipse(mask, (256, 180), (70, 110), 0, 0, 360, 0.95, -1)  # the person
    mask[20:35, 460:480] = 0.8  # a far, small false blob (a poster, a coat)
    return mask


def test_a_far_small_false_blob_is_removed_and_the_person_kept() -> None:
    cleaned = remove_small_blobs(_person_and_blob(), BlobConfig())
    assert cleaned[20:35, 460:480].max() == 0.0
    assert cleaned[180, 256] > 0.9


def test_two_people_of_similar_size_are_both_kept() -> None:
    mask = np.zeros((288, 512), np.float32)
    cv2.ellipse(mask, (130, 180), (60, 100), 0, 0, 360, 0.9, -1)
    cv2.ellipse(mask, (380, 180), (50, 90), 0, 0, 360, 0.9, -1)
    assert np.array_equal(remove_small_blobs(mask, BlobConfig()), mask)


def test_switched_off_keeps_everything() -> None:
    mask = _person_and_blob()
    assert remove_small_blobs(mask, BlobConfig(remove_blobs=False)) is mask
