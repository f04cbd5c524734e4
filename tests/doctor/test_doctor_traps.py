"""The setup traps ``zoomclone doctor`` knows, each on a made-up machine, and ``doctor --json``."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.doctor.test_doctor import ALL_OFF, FakeTree, machine_for
from zoomclone.commands.doctor_report import format_result, run_doctor
from zoomclone.doctor import Machine, Status, all_checks, check_exclusive_caps
from zoomclone.doctor.probes import Interpreter
from zoomclone.doctor.traps.busy_camera import check_busy_camera
from zoomclone.doctor.traps.macos_obs import check_macos_obs
from zoomclone.doctor.traps.sandboxes import check_sandboxed_apps
from zoomclone.doctor.traps.secure_boot import check_secure_boot
from zoomclone.doctor.traps.wheels import check_python, check_wheels, tag_fits
from zoomclone.errors import SourceError
from zoomclone.preflight import check_live_setup

ROOT = Path(__file__).resolve().parents[2]
REJECTED_LINE = "[   12.3] v4l2loopback: loading module failed: Key was rejected by service"
X86_LINUX = Interpreter(version=(3, 12), os="linux", arch="x86_64", bits=64)


def answers(replies: Mapping[str, str]) -> object:
    """A ``Machine.run`` that knows some commands (by their words joined) and lacks the rest."""

    def run(command: Sequence[str]) -> str | None:
        return replies.get(" ".join(command))

    return run


@pytest.fixture
def tree(tmp_path: Path) -> FakeTree:
    return FakeTree(tmp_path)


def on(
    tree: FakeTree, tmp_path: Path, replies: Mapping[str, str] = {}, **changes: object
) -> Machine:
    fs_root = tmp_path / "root"
    fs_root.mkdir(exist_ok=True)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return machine_for(
        tree,
        run=answers(replies),
        proc_root=tmp_path / "proc",
        fs_root=fs_root,
        home=home,
        own_pid=1,
        **changes,
    )


# --- Secure Boot ---------------------------------------------------------------------------


def test_secure_boot_with_an_unsigned_module_fails_with_the_mok_steps(
    tree: FakeTree, tmp_path: Path
) -> None:
    machine = on(
        tree,
        tmp_path,
        {
            "mokutil --sb-state": "SecureBoot enabled\n",
            "modinfo -F signer v4l2loopback": "\n",
            "dmesg": f"[    1.0] usb 1-1: new device\n{REJECTED_LINE}\n",
        },
    )
    result = check_secure_boot(machine)
    assert result.status is Status.FAIL
    assert "not signed" in result.detail and "Key was rejected by service" in result.detail
    assert result.items == (f"kernel log: {REJECTED_LINE.strip()}",)
    assert any(line.startswith("sudo mokutil --import ") for line in result.fix)
    assert any("Enroll MOK" in line for line in result.fix)
    assert any("modprobe v4l2loopback" in line for line in result.fix)


def test_secure_boot_with_a_signed_module_whose_key_was_rejected_fails(
    tree: FakeTree, tmp_path: Path
) -> None:
    machine = on(
        tree,
        tmp_path,
        {
            "mokutil --sb-state": "SecureBoot enabled\n",
            "modinfo -F signer v4l2loopback": "DKMS module signing key\n",
            "journalctl -k -b --no-pager -q": REJECTED_LINE,
        },
    )
    result = check_secure_boot(machine)
    assert result.status is Status.FAIL
    assert "'DKMS module signing key'" in result.detail and "enrol" in result.detail


@pytest.mark.parametrize(
    ("replies", "loaded", "status"),
    [
        ({"mokutil --sb-state": "SecureBoot disabled\n"}, False, Status.OK),
        ({"mokutil --sb-state": "SecureBoot enabled\n"}, True, Status.OK),
        ({"mokutil --sb-state": "SecureBoot enabled\n"}, False, Status.WARN),  # not installed yet
        ({}, False, Status.SKIP),  # no mokutil, or no EFI
    ],
)
def test_secure_boot_states(
    tree: FakeTree, tmp_path: Path, replies: dict[str, str], loaded: bool, status: Status
) -> None:
    if loaded:
        tree.loopback()
    assert check_secure_boot(on(tree, tmp_path, replies)).status is status


# --- exclusive_caps ------------------------------------------------------------------------


def test_exclusive_caps_says_which_app_wants_what(tree: FakeTree, tmp_path: Path) -> None:
    tree.loopback()
    result = check_exclusive_caps(on(tree, tmp_path))
    assert result is not None and result.status is Status.OK
    assert any("Chrome" in item and "exclusive_caps=1" in item for item in result.items)
    assert any("Zoom" in item and "without it" in item for item in result.items)
    assert "exclusive_caps=0" in result.fix[0]
    assert "note:" in "\n".join(format_result(result))  # not a fix: nothing is wrong


def test_exclusive_caps_off_warns_for_chrome_but_not_against_zoom(
    tree: FakeTree, tmp_path: Path
) -> None:
    tree.loopback(exclusive_caps=ALL_OFF)
    result = check_exclusive_caps(on(tree, tmp_path))
    assert result is not None and result.status is Status.WARN
    assert "Chrome" in result.detail and "Zoom may" in result.detail


def test_the_readme_does_not_claim_zoom_needs_exclusive_caps() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "needed for Chrome (Meet) and Zoom" not in readme
    assert "Zoom snap" in readme and "exclusive_caps=0" in readme


# --- the webcam held by another process ----------------------------------------------------


def hold(tmp_path: Path, device: Path, pid: int, comm: str, cmdline: str) -> None:
    proc = tmp_path / "proc" / str(pid)
    (proc / "fd").mkdir(parents=True)
    (proc / "fd" / "7").symlink_to(os.path.realpath(device))
    (proc / "comm").write_text(f"{comm}\n")
    (proc / "cmdline").write_bytes(cmdline.replace(" ", "\0").encode() + b"\0")


def test_a_busy_webcam_names_the_process_holding_it(tree: FakeTree, tmp_path: Path) -> None:
    tree.webcam()
    hold(tmp_path, tree.dev / "video0", 4242, "firefox", "/usr/lib/firefox/firefox")
    hold(tmp_path, tree.dev / "video1", 4343, "cheese", "cheese")  # metadata node: not the webcam
    result = check_busy_camera(on(tree, tmp_path))
    assert result.status is Status.WARN
    assert result.detail.startswith("the webcam is open in firefox")
    assert result.items == (f"{tree.dev / 'video0'}: firefox (pid 4242)",)
    assert result.fix == ("close the camera in firefox, or end it: kill 4242",)


def test_zoomclone_itself_holding_the_webcam_points_at_the_service(
    tree: FakeTree, tmp_path: Path
) -> None:
    tree.webcam()
    hold(tmp_path, tree.dev / "video0", 77, "python3", "/usr/bin/python3 -m zoomclone live")
    result = check_busy_camera(on(tree, tmp_path))
    assert "zoomclone (pid 77)" in result.items[0]
    assert any("zoomclone service status" in line for line in result.fix)


def test_a_free_webcam_and_no_webcam(tree: FakeTree, tmp_path: Path) -> None:
    assert check_busy_camera(on(tree, tmp_path)).status is Status.SKIP
    tree.webcam()
    assert check_busy_camera(on(tree, tmp_path)).status is Status.OK


# --- Flatpak and Snap ----------------------------------------------------------------------


def test_sandboxed_browsers_get_the_grant_command(tree: FakeTree, tmp_path: Path) -> None:
    replies = {
        "flatpak list --app --columns=application": "com.google.Chrome\norg.mozilla.firefox\n",
        "flatpak info --show-permissions com.google.Chrome": "[Context]\ndevices=all;\n",
        "flatpak info --show-permissions org.mozilla.firefox": "[Context]\ndevices=dri;\n",
        "snap list": "Name  Version  Rev  Tracking  Publisher  Notes\nchromium  120  2700  stable  canonical  -\n",
        "snap connections chromium": "Interface  Plug  Slot  Notes\ncamera  chromium:camera  -  -\n",
    }
    result = check_sandboxed_apps(on(tree, tmp_path, replies))
    assert result.status is Status.WARN
    assert result.fix == (
        "flatpak override --user --device=all org.mozilla.firefox",
        "sudo snap connect chromium:camera",
        "then restart the app",
    )
    assert set(result.items) == {
        "flatpak com.google.Chrome",
        "flatpak org.mozilla.firefox",
        "snap chromium",
    }


def test_sandboxed_apps_are_found_by_their_folders_without_the_tools(
    tree: FakeTree, tmp_path: Path
) -> None:
    machine = on(tree, tmp_path)
    (machine.fs_root / "snap" / "zoom-client").mkdir(parents=True)
    (machine.home / ".local" / "share" / "flatpak" / "app" / "com.brave.Browser").mkdir(
        parents=True
    )
    result = check_sandboxed_apps(machine)
    assert "flatpak override --user --device=all com.brave.Browser" in result.fix
    assert "sudo snap connect zoom-client:camera" in result.fix


def test_no_sandboxed_apps_is_fine(tree: FakeTree, tmp_path: Path) -> None:
    assert check_sandboxed_apps(on(tree, tmp_path)).status is Status.OK


# --- macOS: OBS and pyvirtualcam -----------------------------------------------------------


def mac(tree: FakeTree, tmp_path: Path, macos: str, obs: str, pyvirtualcam: str) -> Machine:
    machine = on(
        tree,
        tmp_path,
        system="Darwin",
        mac_version=lambda: macos,
        version_of=lambda name: pyvirtualcam if name == "pyvirtualcam" else None,
    )
    info = machine.fs_root / "Applications" / "OBS.app" / "Contents" / "Info.plist"
    info.parent.mkdir(parents=True)
    info.write_bytes(plistlib.dumps({"CFBundleShortVersionString": obs}))
    return machine


@pytest.mark.parametrize(
    ("macos", "obs", "pyvirtualcam", "status", "fix_word"),
    [
        ("14.4", "30.1.2", "0.13.0", Status.FAIL, "pyvirtualcam>=0.14"),
        ("14.4", "29.1.3", "0.15.0", Status.FAIL, "OBS Studio 30"),
        ("14.4", "30.1.2", "0.15.0", Status.OK, None),
        ("12.7", "29.1.3", "0.13.0", Status.OK, None),
    ],
)
def test_macos_obs_and_pyvirtualcam_versions(
    tree: FakeTree,
    tmp_path: Path,
    macos: str,
    obs: str,
    pyvirtualcam: str,
    status: Status,
    fix_word: str | None,
) -> None:
    result = check_macos_obs(mac(tree, tmp_path, macos, obs, pyvirtualcam))
    assert result.status is status
    assert f"OBS {obs}" in result.detail
    if fix_word:
        assert fix_word in result.fix[0]


def test_macos_check_skips_elsewhere(tree: FakeTree, tmp_path: Path) -> None:
    assert check_macos_obs(on(tree, tmp_path, mac_version=lambda: "")).status is Status.SKIP


# --- Python and wheels ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "fits"),
    [
        ("cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", True),
        ("cp37-abi3-manylinux_2_28_x86_64", True),
        ("py3-none-any", True),
        ("cp311-cp311-manylinux_2_17_x86_64", False),  # another Python
        ("cp312-cp312-manylinux_2_17_aarch64", False),  # another CPU
        ("cp312-cp312-macosx_11_0_arm64", False),  # another OS
        ("cp312-cp312-win_amd64", False),
    ],
)
def test_wheel_tags_against_this_python(
    tree: FakeTree, tmp_path: Path, tag: str, fits: bool
) -> None:
    assert tag_fits(tag, on(tree, tmp_path, interpreter=X86_LINUX)) is fits


def test_a_wheel_for_another_machine_fails_with_the_reinstall(
    tree: FakeTree, tmp_path: Path
) -> None:
    tags = {
        "ai-edge-litert": ("cp312-cp312-manylinux_2_17_aarch64",),
        "opencv-contrib-python": ("cp37-abi3-manylinux_2_28_x86_64",),
        "numpy": ("cp312-cp312-manylinux_2_17_x86_64",),
    }
    machine = on(tree, tmp_path, interpreter=X86_LINUX, wheel_tags=tags.get)
    result = check_wheels(machine)
    assert result.status is Status.FAIL
    assert result.fix == ("python -m pip install --force-reinstall --no-cache-dir ai-edge-litert",)
    assert "ai-edge-litert: built for cp312-cp312-manylinux_2_17_aarch64" in result.items


def test_an_old_or_32_bit_python_fails(tree: FakeTree, tmp_path: Path) -> None:
    old = dataclasses.replace(X86_LINUX, version=(3, 9))
    assert check_python(on(tree, tmp_path, interpreter=old)).status is Status.FAIL
    narrow = dataclasses.replace(X86_LINUX, bits=32)
    assert check_python(on(tree, tmp_path, interpreter=narrow)).status is Status.FAIL
    assert check_python(on(tree, tmp_path, interpreter=X86_LINUX)).status is Status.OK


# --- every check, as JSON ------------------------------------------------------------------

TRAP_NAMES = {"secure boot", "camera in use", "sandboxed apps", "python", "wheels"}


def test_doctor_json_on_a_fake_machine_has_every_check(tree: FakeTree, tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_doctor(on(tree, tmp_path), stream=out, as_json_output=True)
    report = json.loads(out.getvalue())
    assert code == 1 and report["ready"] is False
    names = [c["name"] for c in report["checks"]]
    assert names == [r.name for r in all_checks(on(tree, tmp_path))]
    assert set(names) >= TRAP_NAMES and "camera" in names and "segmenter" in names
    for check in report["checks"]:
        assert set(check) == {"name", "status", "detail", "fix", "items"}
        assert check["status"] in {"ok", "warn", "fail", "skip"}


def test_doctor_json_on_this_machine_is_valid_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stdout)
    assert done.returncode == (0 if report["ready"] else 1)
    assert {c["name"] for c in report["checks"]} >= TRAP_NAMES
    assert not done.stderr


# --- zoomclone with nothing plugged in -----------------------------------------------------


def test_no_webcam_and_no_virtual_camera_is_a_two_line_fix(tree: FakeTree, tmp_path: Path) -> None:
    with pytest.raises(SourceError) as raised:
        check_live_setup(("virtual",), on(tree, tmp_path))
    lines = str(raised.value).splitlines()
    assert len(lines) == 2 and lines[1].startswith("zoomclone: fix: plug in a webcam")
    tree.webcam()
    check_live_setup(("virtual",), on(tree, tmp_path))  # the usual errors take it from here
    check_live_setup(("preview",), on(tree, tmp_path, system="Linux"))


def test_zoomclone_on_a_machine_with_no_video_devices_prints_two_lines() -> None:
    if list(Path("/dev").glob("video*")) or Path("/sys/module/v4l2loopback").exists():
        pytest.skip("this machine has a video device")
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "--output", "virtual"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "zoomclone: error: no webcam and no virtual camera on this machine (no /dev/video*, "
        "v4l2loopback not loaded)",
        "zoomclone: fix: plug in a webcam, then run: sudo apt install v4l2loopback-dkms && "
        'sudo modprobe v4l2loopback devices=1 video_nr=10 card_label="zoomclone" exclusive_caps=1'
        "   (details: zoomclone doctor)",
    ]


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoomclone", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("zoomclone ")
