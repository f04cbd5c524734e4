"""The logo and name-tag overlay: drawn after the mirror, so never mirrored."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.control.commands import Action, Command
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.effects.name_tag import render_name_tag
from zoomclone.errors import UsageError
from zoomclone.live.config import PipelineConfig
from zoomclone.sinks import RecordingSink
from zoomclone.sources import FakeSource

TAG = "Ada Lovelace — Analyst"


def grey(index: int, width: int, height: int) -> np.ndarray:
    return np.full((height, width, 3), 90, np.uint8)


def run_once(mirror: bool, effects: Effects) -> np.ndarray:
    sink = RecordingSink()
    pipeline = make_pipeline(
        source=FakeSource(640, 360, make=grey),
        sinks=[sink],
        backgrounds=("none",),
        config=PipelineConfig(mirror=mirror),
        effects=effects,
    )
    pipeline.step()
    return sink.frames[-1]


def test_the_name_tag_renders_the_em_dash_with_the_bundled_font() -> None:
    with_dash = render_name_tag(TAG, 720)
    with_hyphen = render_name_tag(TAG.replace("—", "-"), 720)
    assert with_dash.shape[2] == 4 and with_dash.shape[0] == with_hyphen.shape[0]
    assert with_dash.shape[1] > with_hyphen.shape[1]  # a real, wider glyph, not a missing box


def test_the_overlay_is_not_mirrored_and_the_source_is_untouched() -> None:
    plain = run_once(False, Effects(EffectsConfig(name_tag=TAG)))
    mirrored = run_once(True, Effects(EffectsConfig(name_tag=TAG)))
    assert np.array_equal(plain, mirrored)  # a uniform room: only the text could differ
    bottom_left = plain[200:, :320]
    assert (bottom_left != 90).any()  # the tag is in the lower third, on the left
    assert not np.array_equal(plain, plain[:, ::-1])  # and reads one way only


def test_a_logo_with_alpha_goes_in_its_corner(tmp_path: Path) -> None:
    logo = np.zeros((40, 80, 4), np.uint8)
    logo[..., 2] = 255  # red
    logo[:, 40:, 3] = 255  # right half opaque, left half transparent
    path = tmp_path / "logo.png"
    cv2.imwrite(str(path), logo)
    out = run_once(True, Effects(EffectsConfig(overlay=str(path), overlay_scale=0.25)))
    red = np.nonzero((out[..., 2] == 255) & (out[..., 0] == 0))
    assert red[1].min() > 320 and red[0].max() < 100  # top-right, not flipped to the left
    assert (out[0:5, 0:5] == 90).all()


def test_overlay_key_toggles_and_a_missing_logo_is_one_clear_line(tmp_path: Path) -> None:
    effects = Effects(EffectsConfig(name_tag=TAG))
    assert effects.apply(Command(Action.OVERLAY)) == "overlay off"
    with pytest.raises(UsageError, match=r"overlay .*missing.png does not exist"):
        Effects(EffectsConfig(overlay=str(tmp_path / "missing.png")))
    with pytest.raises(UsageError, match="no overlay to show"):
        Effects().apply(Command(Action.OVERLAY))


def test_the_name_tag_is_drawn_on_a_transparent_output_too() -> None:
    effects = Effects(EffectsConfig(name_tag=TAG))
    out = np.zeros((360, 640, 4), np.uint8)  # nobody: all clear
    out[:, 320:] = (90, 90, 90, 255)  # the right half: an opaque grey person
    drawn = effects.draw_overlay(out.copy())
    changed = np.any(drawn != out, axis=2)
    assert changed[240:, :320].any()  # the tag over the empty room: it is seen there
    text = drawn[..., 3] == 255
    assert (drawn[text][:, :3] > 200).any()  # opaque white letters
    untouched = ~changed
    assert np.array_equal(drawn[untouched], out[untouched])
    assert np.array_equal(drawn[:240], out[:240])  # the tag is in the lower third only
