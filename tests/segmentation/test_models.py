from __future__ import annotations

import dataclasses

import pytest

from zoomclone import models
from zoomclone.errors import ModelError


def test_every_bundled_model_matches_its_checksum() -> None:
    for name in models.MODELS:
        assert len(models.load_model_bytes(name)) > 100_000


def test_altered_model_is_refused_with_reinstall_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    info = dataclasses.replace(models.MODELS["landscape"], sha256="0" * 64)
    monkeypatch.setitem(models.MODELS, "landscape", info)
    with pytest.raises(ModelError, match=r"altered.*reinstall"):
        models.load_model_bytes("landscape")


def test_missing_model_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    info = dataclasses.replace(models.MODELS["general"], filename="gone.tflite")
    monkeypatch.setitem(models.MODELS, "general", info)
    with pytest.raises(ModelError, match=r"gone\.tflite is missing"):
        models.load_model_bytes("general")


def test_unknown_model_name_lists_the_choices() -> None:
    with pytest.raises(ModelError, match="general, landscape"):
        models.model_info("huge")
