"""``zoomclone doctor`` against fake /dev and /sys trees, and once on this machine."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from zoomclone import models
from zoomclone.cli import main
from zoomclone.commands.doctor_report import format_result, run_doctor
from zoomclone.doctor import (
    CheckResult,
    Machine,
    Status,
    exit_code,
    parse_exclusive_caps,
    run_checks,
    summarise_modes,
)
from zoomclone.errors import ModelRuntimeError
from zoomclone.segmentation import FakeSegmenter, Segmenter

V4L2_CTL_LISTING = """\
ioctl: VIDIOC_ENUM_FMT
\tType: Video Capture

\t[0]: 'MJPG' (Motion-JPEG, compressed)
\t\tSize: Discrete 1280x720
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
\t[1]: 'YUYV' (YUYV 4:2:2)
\t\tSize: Discrete 640x480
\t\t\tInterval: Discrete 0.033s (30.000 fps)
"""
ALL_ON = "Y,N,N,N,N,N,N,N"
ALL_OFF = "N,N,N,N,N,N,N,N"


class FakeTree:
    """A /dev and /sys in a temporary folder, filled like the kernel fills the real ones."""

    def __init__(self, root: Path) -> None:
        self.dev = root / "dev"
        self.sys = root / "sys"
        self.dev.mkdir()
        (self.sys / "class" / "video4linux").mkdir(parents=True)
        (self.sys / "module").mkdir()

    def _node(self, number: int, name: str, index: int) -> Path:
        (self.dev / f"video{number}").touch()
        node = self.sys / "class" / "video4linux" / f"video{number}"
        node.mkdir()
        (node / "name").write_text(f"{name}\n")
        (node / "index").write_text(f"{index}\n")
        return node

    def webcam(self, number: int = 0, name: str = "Integrated Camera") -> None:
        drivers = self.sys / "bus" / "usb" / "drivers" / "uvcvideo"
        drivers.mkdir(parents=True, exist_ok=True)
        for offset in (0, 1):  # UVC: a capture node and a metadata node
            node = self._node(number + offset, name, offset)
            (node / "device").mkdir()
            (node / "device" / "driver").symlink_to(drivers)

    def loopback(self, number: int = 10, exclusive_caps: str = ALL_ON) -> None:
        params = self.sys / "module" / "v4l2loopback" / "parameters"
        params.mkdir(parents=True, exist_ok=True)
        (params / "exclusive_caps").write_text(f"{exclusive_caps}\n")
        node = self._node(number, "zoomclone", 0)
        (node / "max_openers").write_text("10\n")

    def loopback_module_only(self) -> None:
        (self.sys / "module" / "v4l2loopback" / "parameters").mkdir(parents=True)


def _fake_segmenter(model: str) -> Segmenter:
    return FakeSegmenter()


def _v4l2_ctl(command: Sequence[str]) -> str | None:
    return V4L2_CTL_LISTING


def machine_for(tree: FakeTree, **changes: object) -> Machine:
    machine = Machine(
        dev_root=tree.dev,
        sys_root=tree.sys,
        system="Linux",
        environ={"DISPLAY": ":0"},
        can_read_write=lambda path: True,
        run=_v4l2_ctl,
        open_segmenter=_fake_segmenter,
        distributions=lambda: frozenset({"opencv-contrib-python", "ai-edge-litert"}),
        window_problem=lambda environ: None,
    )
    return dataclasses.replace(machine, **changes)  # type: ignore[arg-type]


def by_name(results: Sequence[CheckResult]) -> dict[str, CheckResult]:
    return {r.name: r for r in results}


@pytest.fixture
def tree(tmp_path: Path) -> FakeTree:
    return FakeTree(tmp_path)


def test_nothing_present_fails_with_both_fixes(tree: FakeTree) -> None:
    results = run_checks(machine_for(tree))
    found = by_name(results)
    assert found["camera"].status is Status.FAIL
    assert found["virtual camera"].status is Status.FAIL
    assert "sudo apt install v4l2loopback-dkms" in found["virtual camera"].fix
    assert any("exclusive_caps=1" in line for line in found["virtual camera"].fix)
    assert any("/etc/modprobe.d" in line for line in found["virtual camera"].fix)
    assert any("/etc/modules-load.d" in line for line in found["virtual camera"].fix)
    assert found["exclusive_caps"].status is Status.SKIP  # listed, as the README lists it
    assert found["device access"].status is Status.SKIP
    assert exit_code(results) == 1


def test_camera_and_loopback_without_exclusive_caps_warns_with_the_reload_fix(
    tree: FakeTree,
) -> None:
    tree.webcam()
    tree.loopback(exclusive_caps=ALL_OFF)
    results = run_checks(machine_for(tree))
    caps = by_name(results)["exclusive_caps"]
    assert caps.status is Status.WARN
    assert "Zoom" in caps.detail
    assert any(line.startswith("sudo modprobe -r v4l2loopback") for line in caps.fix)
    assert any("exclusive_caps=1" in line for line in caps.fix)
    assert exit_code(results) == 0


def test_all_good_exits_0_and_lists_the_webcam_modes(tree: FakeTree) -> None:
    tree.webcam()
    tree.loopback()
    results = run_checks(machine_for(tree))
    assert [r.status for r in results] == [Status.OK] * len(results)
    found = by_name(results)
    assert "/video0 (Integrated Camera)" in found["camera"].detail
    assert "1 found" in found["camera"].detail  # the metadata node is not a second camera
    assert any("MJPG 1280x720 640x480; YUYV 640x480" in item for item in found["camera"].items)
    assert any("metadata node" in item for item in found["camera"].items)
    assert "/video10" in found["virtual camera"].detail
    assert exit_code(results) == 0


def test_devices_without_access_fail_with_the_video_group_fix(tree: FakeTree) -> None:
    tree.webcam()
    tree.loopback()
    results = run_checks(machine_for(tree, can_read_write=lambda path: path.name != "video10"))
    access = by_name(results)["device access"]
    assert access.status is Status.FAIL
    assert "video10" in access.detail and "video0" not in access.detail
    assert "sudo usermod -aG video $USER" in access.fix
    assert exit_code(results) == 1


def test_only_a_loopback_device_is_not_a_camera(tree: FakeTree) -> None:
    tree.loopback()
    camera = by_name(run_checks(machine_for(tree)))["camera"]
    assert camera.status is Status.FAIL
    assert "only virtual cameras" in camera.detail


def test_loopback_module_without_devices_fails(tree: FakeTree) -> None:
    tree.webcam()
    tree.loopback_module_only()
    virtual = by_name(run_checks(machine_for(tree)))["virtual camera"]
    assert virtual.status is Status.FAIL
    assert "no device" in virtual.detail


def test_modes_are_skipped_without_v4l2_ctl(tree: FakeTree) -> None:
    tree.webcam()
    camera = by_name(run_checks(machine_for(tree, run=lambda command: None)))["camera"]
    assert camera.items[0].endswith("(uvcvideo)")


def test_no_display_is_only_a_warning(tree: FakeTree) -> None:
    tree.webcam()
    tree.loopback()
    results = run_checks(machine_for(tree, environ={}))
    assert by_name(results)["display"].status is Status.WARN
    assert exit_code(results) == 0


def test_wayland_counts_as_a_display(tree: FakeTree) -> None:
    results = run_checks(machine_for(tree, environ={"WAYLAND_DISPLAY": "wayland-0"}))
    assert by_name(results)["display"].status is Status.OK


def test_opencv_python_beside_contrib_warns(tree: FakeTree) -> None:
    both = frozenset({"opencv-contrib-python", "opencv-python"})
    opencv = by_name(run_checks(machine_for(tree, distributions=lambda: both)))["opencv"]
    assert opencv.status is Status.WARN
    assert "pip uninstall -y opencv-python" in opencv.fix


def test_runtime_missing_fails_with_the_install_command(tree: FakeTree) -> None:
    def broken(model: str) -> Segmenter:
        raise ModelRuntimeError("the model runtime LiteRT cannot be imported (No module named x)")

    segmenter = by_name(run_checks(machine_for(tree, open_segmenter=broken)))["segmenter"]
    assert segmenter.status is Status.FAIL
    assert "LiteRT" in segmenter.detail
    assert any("pip install" in fix and "ai-edge-litert" in fix for fix in segmenter.fix)


def test_altered_model_fails(tree: FakeTree, monkeypatch: pytest.MonkeyPatch) -> None:
    info = dataclasses.replace(models.MODELS["landscape"], sha256="0" * 64)
    monkeypatch.setitem(models.MODELS, "landscape", info)
    found = by_name(run_checks(machine_for(tree)))["models"]
    assert found.status is Status.FAIL
    assert "altered" in found.detail


def _obs_missing() -> None:
    raise RuntimeError("OBS Virtual Camera is not installed")


@pytest.mark.parametrize("system", ["Windows", "Darwin"])
def test_windows_and_macos_check_the_obs_camera(tree: FakeTree, system: str) -> None:
    machine = machine_for(
        tree, system=system, open_obs_camera=_obs_missing, capture_opens=lambda i: i == 0
    )
    results = by_name(run_checks(machine))
    assert results["camera"].status is Status.OK
    assert results["virtual camera"].status is Status.FAIL
    assert any("OBS Studio 26" in line for line in results["virtual camera"].fix)
    assert results["display"].status is Status.OK
    assert "exclusive_caps" not in results


def test_windows_with_obs_and_camera_is_ready(tree: FakeTree) -> None:
    machine = machine_for(
        tree, system="Windows", open_obs_camera=lambda: None, capture_opens=lambda i: True
    )
    assert exit_code(run_checks(machine)) == 0


def test_windows_without_camera_fails(tree: FakeTree) -> None:
    machine = machine_for(
        tree, system="Windows", open_obs_camera=lambda: None, capture_opens=lambda i: False
    )
    assert by_name(run_checks(machine))["camera"].status is Status.FAIL


def test_exclusive_caps_parameter_parsing() -> None:
    assert parse_exclusive_caps("Y,N,N") == [True, False, False]
    assert parse_exclusive_caps("1,0") == [True, False]
    assert parse_exclusive_caps("") == []


def test_mode_summary_caps_the_sizes_shown() -> None:
    sizes = "".join(f"\t\tSize: Discrete {w}x{w}\n" for w in range(100, 700, 100))
    assert summarise_modes(f"\t[0]: 'YUYV' (YUYV)\n{sizes}") == (
        "YUYV 100x100 200x200 300x300 400x400 (+2)"
    )


def test_report_marks_each_line_and_indents_the_fixes(tree: FakeTree) -> None:
    out = io.StringIO()
    assert run_doctor(machine_for(tree), out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("FAIL  camera: ")
    assert any(line.startswith("ok    models: ") for line in lines)
    assert "      fix: sudo apt install v4l2loopback-dkms" in lines
    assert "problem(s)" in lines[-1]


def test_fix_lines_follow_their_check() -> None:
    result = CheckResult("x", Status.WARN, "detail", fix=("one", "two"), items=("item",))
    assert format_result(result) == [
        "warn  x: detail",
        "      - item",
        "      fix: one",
        "           two",
    ]


def _machine_has_video_devices() -> bool:
    return any(Path("/dev").glob("video*")) or Path("/sys/module/v4l2loopback").exists()


@pytest.mark.skipif(_machine_has_video_devices(), reason="this machine has video devices")
def test_doctor_on_a_machine_without_devices_exits_1_naming_both_fixes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  camera" in out
    assert "FAIL  virtual camera" in out
    assert "plug in a webcam" in out
    assert "sudo modprobe v4l2loopback" in out or "OBS Studio" in out
