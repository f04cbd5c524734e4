"""``zoomclone doctor`` shows the line that a config file ``zoomclone live`` refuses would stop it
with, and says which file it read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def doctor_checks() -> tuple[int, dict[str, dict[str, object]]]:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "doctor", "--json"],
        capture_output=True, text=True, timeout=120, check=False, env=dict(os.environ),
    )  # fmt: skip
    return done.returncode, {c["name"]: c for c in json.loads(done.stdout)["checks"]}


def test_a_config_file_live_refuses_fails_the_doctor(tmp_path: Path) -> None:
    folder = tmp_path / "xdg-config" / "zoomclone"
    folder.mkdir(parents=True)
    path = folder / "config.toml"
    path.write_text('[live]\nruntime = "tflite"\n')
    code, checks = doctor_checks()
    assert code == 1
    assert checks["config"]["status"] == "fail"
    assert checks["config"]["detail"] == (
        f"bad value for live.runtime in {path}: expected one of litert, mediapipe, got 'tflite'"
    )
    assert "zoomclone config --dump" in str(checks["config"]["fix"])


def test_a_good_or_missing_config_file_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "xdg-config" / "zoomclone" / "config.toml"
    _, checks = doctor_checks()
    assert checks["config"] == {
        "name": "config",
        "status": "ok",
        "detail": f"no config file at {path}: the defaults",
        "fix": [],
        "items": [],
    }
    path.parent.mkdir(parents=True)
    path.write_text('[live]\nruntime = "litert"\n')
    _, checks = doctor_checks()
    assert checks["config"]["status"] == "ok"
    assert checks["config"]["detail"] == f"{path} reads"
