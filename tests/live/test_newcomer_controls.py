"""Choosing a background shows it; status says both the effect and the chosen background."""

from __future__ import annotations

import pytest

from tests.live.test_pipeline import make_pipeline
from zoomclone.control.commands import Action, Command
from zoomclone.errors import UsageError


@pytest.mark.parametrize(
    "command",
    [
        Command(Action.NEXT),
        Command(Action.PREV),
        Command(Action.BLUR),
        Command(Action.BACKGROUND, "black"),
    ],
)
def test_choosing_a_background_turns_the_effect_on(command: Command) -> None:
    pipeline = make_pipeline()
    pipeline.apply(Command(Action.TOGGLE))
    assert pipeline.status()["effect"] is False
    pipeline.apply(command)
    assert pipeline.status()["effect"] is True


def test_status_shows_the_chosen_background_while_the_effect_is_off() -> None:
    pipeline = make_pipeline()
    pipeline.apply(Command(Action.NEXT))
    pipeline.apply(Command(Action.TOGGLE))
    status = pipeline.status()
    assert (status["background"], status["effect"]) == ("black", False)


def test_a_submitted_command_reports_when_it_is_applied() -> None:
    pipeline = make_pipeline()
    applied = pipeline.submit(Command(Action.NEXT))
    assert applied is not None and not applied.is_set()
    pipeline.step()
    assert applied.is_set()
    assert pipeline.status()["background"] == "black"


def test_background_by_stem_and_case_with_suggestions() -> None:
    pipeline = make_pipeline(backgrounds=("white", "black"))
    pipeline.apply(Command(Action.BACKGROUND, "BLACK"))
    assert pipeline.status()["background"] == "black"
    with pytest.raises(UsageError, match="did you mean black"):
        pipeline.apply(Command(Action.BACKGROUND, "blak"))


def test_ctl_says_what_each_command_changed() -> None:
    from zoomclone.commands.ctl import outcome

    status = {"background": "black", "effect": True, "mirror": True}
    assert outcome(Action.NEXT, status) == "background black, effect on"
    assert outcome(Action.TOGGLE, {**status, "effect": False}) == "effect off, background black"
    assert outcome(Action.MIRROR, status) == "on"
    assert outcome(Action.QUIT, status) == "sent"
