"""Edge offset: the alpha grows or shrinks by the offset, scaled from 720p."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from zoomclone.control.commands import Action, Command, parse_command
from zoomclone.effects.chain import Effects, EffectsConfig
from zoomclone.effects.edge_offset import offset_alpha, radius_px
from zoomclone.errors import UsageError


def disc(height: int = 720) -> np.ndarray:
    """A person-sized blob with straight sides around row 360 (so the width there is exact)."""
    alpha = np.zeros((height, height * 16 // 9), np.uint8)
    cv2.rectangle(alpha, (500, 200), (780, 700), 255, -1)
    cv2.circle(alpha, (640, 200), 100, 255, -1)
    return alpha


@pytest.mark.parametrize("offset", [5, 2, -2, -5])
def test_the_edge_moves_by_the_offset(offset: int) -> None:
    alpha = disc()
    row = alpha[360].copy()
    grown = offset_alpha(alpha, offset)
    width_before = int((row > 127).sum())
    width_after = int((grown[360] > 127).sum())
    assert width_after - width_before == 2 * offset


def test_the_offset_scales_with_the_frame_height() -> None:
    assert radius_px(4, 1080) == 6 and radius_px(-4, 360) == 2 and radius_px(0, 720) == 0


def test_edge_commands_step_clamp_and_set() -> None:
    effects = Effects(EffectsConfig(edge_offset=4))
    effects.apply(Command(Action.EDGE, "grow"))
    effects.apply(Command(Action.EDGE, "grow"))
    assert effects.edge_offset == 5
    assert effects.apply(Command(Action.EDGE, "-3")) == "edge offset -3 px"
    effects.apply(Command(Action.EDGE, "shrink"))
    assert effects.edge_offset == -4
    assert parse_command(["edge", "+2"]) == Command(Action.EDGE, "+2")
    with pytest.raises(UsageError, match="edge takes grow, shrink or a number"):
        parse_command(["edge", "9"])
