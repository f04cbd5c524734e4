"""Is this machine ready for zoomclone? Each check is a small function returning a ``CheckResult``.

The checks read the machine through a ``Machine``: the /dev and /sys roots, the platform name, the
environment, and the openers of cameras, virtual cameras and segmenters are all fields, so tests run
every check against a fake tree in a temporary folder. A check never raises for what it finds: a
missing device is a result with a fix, not an error.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from zoomclone import doctor_probes
from zoomclone.display_probe import window_problem as _window_problem
from zoomclone.errors import ModelRuntimeError, ZoomcloneError
from zoomclone.models import MODELS, load_model_bytes
from zoomclone.segmentation import Segmenter, open_segmenter


class Status(Enum):
    """How a check went: OK, WARN (works, with a caveat), FAIL (the live mode cannot run), SKIP
    (it does not apply here, or the machine would not say)."""

    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    """One check: what was looked at, how it went, what was found, and the commands that fix it."""

    name: str
    status: Status
    detail: str
    fix: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


LINUX = "Linux"
VIDEO_NODE_RE = re.compile(r"^video(\d+)$")
LOOPBACK_DRIVER = "v4l2loopback"
LOOPBACK_ATTRIBUTE = "max_openers"  # a sysfs attribute only v4l2loopback devices have
CAMERA_PROBE_INDICES = 5  # cv2.VideoCapture indices tried where there is no /dev to list
MODES_TIMEOUT_S = 3.0
MAX_SIZES_SHOWN = 4
SEGMENTER_CHECK_MODEL = "landscape"
LITERT_DISTRIBUTION = "ai-edge-litert"
LITERT_REQUIREMENT = "ai-edge-litert>=1.0"
OBS_PROBE_SIZE = {"width": 64, "height": 48, "fps": 5}
CV2_DISTRIBUTION = "opencv-contrib-python"
CV2_RIVALS = ("opencv-python", "opencv-python-headless", "opencv-contrib-python-headless")

LOOPBACK_OPTIONS = 'devices=1 video_nr=10 card_label="zoomclone" exclusive_caps=1'
INSTALL_LOOPBACK = "sudo apt install v4l2loopback-dkms"
LOAD_LOOPBACK = f"sudo modprobe v4l2loopback {LOOPBACK_OPTIONS}"
UNLOAD_LOOPBACK = "sudo modprobe -r v4l2loopback   # close every app using the device first"
PERSIST_LOOPBACK = (
    "to load it at every boot:",
    "  echo v4l2loopback | sudo tee /etc/modules-load.d/v4l2loopback.conf",
    f"  echo 'options v4l2loopback {LOOPBACK_OPTIONS}' | sudo tee /etc/modprobe.d/v4l2loopback.conf",
)
VIDEO_GROUP_FIX = (
    "sudo usermod -aG video $USER",
    "then log out and back in (or run: newgrp video)",
)
OBS_FIX = (
    "install OBS Studio 26 or newer: https://obsproject.com",
    "start OBS once, click 'Start Virtual Camera', then 'Stop Virtual Camera' and close OBS",
)


@dataclass(frozen=True)
class VideoDevice:
    """One /dev/videoN node as sysfs describes it."""

    number: int
    path: Path
    name: str
    driver: str
    loopback: bool
    primary: bool  # False for the extra metadata node a UVC webcam adds beside its capture node


def _can_read_write(path: Path) -> bool:
    return os.access(path, os.R_OK | os.W_OK)


def _run_quietly(command: Sequence[str]) -> str | None:
    """stdout of ``command``, or None when it is not installed, fails or hangs."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=MODES_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _open_obs_camera() -> None:
    import pyvirtualcam

    with pyvirtualcam.Camera(**OBS_PROBE_SIZE, backend="obs"):
        pass


def _capture_opens(index: int) -> bool:
    import cv2

    from zoomclone.native_log import native_stderr_silenced

    with native_stderr_silenced():
        capture = cv2.VideoCapture(index)
        opened = bool(capture.isOpened())
        capture.release()
    return opened


def _installed_distributions() -> frozenset[str]:
    names = (d.metadata["Name"] for d in importlib.metadata.distributions())
    return frozenset(n.lower() for n in names if n)


@dataclass(frozen=True)
class Machine:
    """Everything the checks read. The defaults are this machine; tests replace any of them."""

    dev_root: Path = Path("/dev")
    sys_root: Path = Path("/sys")
    system: str = field(default_factory=platform.system)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    can_read_write: Callable[[Path], bool] = _can_read_write
    run: Callable[[Sequence[str]], str | None] = _run_quietly
    open_obs_camera: Callable[[], None] = _open_obs_camera
    capture_opens: Callable[[int], bool] = _capture_opens
    open_segmenter: Callable[[str], Segmenter] = open_segmenter
    distributions: Callable[[], frozenset[str]] = _installed_distributions
    # Read by the checks in zoomclone.doctor_traps:
    proc_root: Path = Path("/proc")
    fs_root: Path = Path("/")  # /Applications, /var/lib/flatpak, /snap
    home: Path = field(default_factory=Path.home)
    own_pid: int = field(default_factory=os.getpid)
    interpreter: doctor_probes.Interpreter = field(default_factory=doctor_probes.this_interpreter)
    wheel_tags: Callable[[str], tuple[str, ...] | None] = doctor_probes.wheel_tags
    version_of: Callable[[str], str | None] = doctor_probes.distribution_version
    mac_version: Callable[[], str] = doctor_probes.mac_version
    window_problem: Callable[[Mapping[str, str]], str | None] = _window_problem

    @property
    def is_linux(self) -> bool:
        return self.system == LINUX


# --- /dev and /sys ---------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()
    except OSError:
        return ""


def _link_name(path: Path) -> str:
    try:
        return Path(os.readlink(path)).name
    except OSError:
        return ""


def _describe_node(machine: Machine, path: Path, number: int) -> VideoDevice:
    node = machine.sys_root / "class" / "video4linux" / path.name
    name = _read_text(node / "name") or "unknown"
    driver = _link_name(node / "device" / "driver")
    loopback = (
        (node / LOOPBACK_ATTRIBUTE).exists()
        or LOOPBACK_DRIVER in driver
        or LOOPBACK_DRIVER in _link_name(node / "device")
    )
    index = _read_text(node / "index")
    return VideoDevice(
        number=number,
        path=path,
        name=name,
        driver=LOOPBACK_DRIVER if loopback and not driver else driver or "unknown driver",
        loopback=loopback,
        primary=index in ("", "0"),
    )


def video_devices(machine: Machine) -> list[VideoDevice]:
    """Every /dev/videoN, in number order, described from /sys/class/video4linux."""
    found: list[tuple[int, Path]] = []
    for path in machine.dev_root.glob("video*"):
        match = VIDEO_NODE_RE.match(path.name)
        if match is not None:
            found.append((int(match.group(1)), path))
    return [_describe_node(machine, path, number) for number, path in sorted(found)]


def summarise_modes(listing: str) -> str:
    """``v4l2-ctl --list-formats-ext`` output -> 'MJPG 1280x720 640x480; YUYV 640x480'."""
    formats: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in listing.splitlines():
        fmt = re.search(r"\[\d+\]:\s*'(\w+)'", line)
        size = re.search(r"Size:\s*\w+\s*(\d+x\d+)", line)
        if fmt is not None:
            current = formats.setdefault(fmt.group(1), [])
        elif size is not None and current is not None and size.group(1) not in current:
            current.append(size.group(1))
    parts = []
    for name, sizes in formats.items():
        shown = " ".join(sizes[:MAX_SIZES_SHOWN])
        more = f" (+{len(sizes) - MAX_SIZES_SHOWN})" if len(sizes) > MAX_SIZES_SHOWN else ""
        parts.append(f"{name} {shown}{more}".strip())
    return "; ".join(parts)


def _device_line(machine: Machine, device: VideoDevice) -> str:
    line = f"{device.path} {device.name!r} ({device.driver})"
    if not device.primary:
        return f"{line}: metadata node, not a picture"
    listing = machine.run(["v4l2-ctl", "--list-formats-ext", "-d", str(device.path)])
    modes = summarise_modes(listing) if listing else ""
    return f"{line}: {modes}" if modes else line


def _loopback_nodes(devices: Sequence[VideoDevice]) -> list[VideoDevice]:
    return [d for d in devices if d.loopback]


# --- checks ----------------------------------------------------------------------------------


def check_cameras(machine: Machine) -> CheckResult:
    """A real webcam (not a virtual one) that zoomclone can read."""
    if not machine.is_linux:
        return _check_cameras_by_index(machine)
    devices = video_devices(machine)
    cameras = [d for d in devices if not d.loopback and d.primary]
    items = tuple(_device_line(machine, d) for d in devices if not d.loopback)
    if cameras:
        names = ", ".join(f"{d.path} ({d.name})" for d in cameras)
        return CheckResult("camera", Status.OK, f"{len(cameras)} found: {names}", items=items)
    seen = f"only virtual cameras ({len(devices)})" if devices else f"no {machine.dev_root}/video*"
    return CheckResult(
        "camera",
        Status.FAIL,
        f"no webcam found: {seen}",
        fix=(
            "plug in a webcam (or open its privacy shutter / enable it in the firmware settings)",
            "then check it appears: ls /dev/video*",
        ),
        items=items,
    )


def _check_cameras_by_index(machine: Machine) -> CheckResult:
    opened = [i for i in range(CAMERA_PROBE_INDICES) if machine.capture_opens(i)]
    if opened:
        listed = ", ".join(str(i) for i in opened)
        return CheckResult(
            "camera",
            Status.OK,
            f"camera index {listed} opens (a virtual camera may be among them)",
        )
    return CheckResult(
        "camera",
        Status.FAIL,
        f"no camera opens at index 0..{CAMERA_PROBE_INDICES - 1}",
        fix=(
            "plug in a webcam and allow camera access for the terminal in the system privacy "
            "settings",
        ),
    )


def check_loopback(machine: Machine) -> CheckResult:
    """Linux: the v4l2loopback module is loaded and has made a device zoomclone can write to."""
    module = machine.sys_root / "module" / LOOPBACK_DRIVER
    if not module.is_dir():
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            "the v4l2loopback kernel module is not loaded: video apps have no zoomclone camera",
            fix=(INSTALL_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK),
        )
    nodes = _loopback_nodes(video_devices(machine))
    if not nodes:
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            "v4l2loopback is loaded but has no device",
            fix=(UNLOAD_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK),
        )
    names = ", ".join(f"{d.path} ({d.name})" for d in nodes)
    return CheckResult("virtual camera", Status.OK, f"v4l2loopback device {names}")


def parse_exclusive_caps(text: str) -> list[bool]:
    """The module parameter 'Y,N,N,...' (or 1/0) -> one flag per device slot."""
    return [value.strip().upper() in ("Y", "1") for value in text.split(",") if value.strip()]


EXCLUSIVE_CAPS_APPS = (
    "Chrome, Meet and Teams in the browser list a v4l2loopback device only with exclusive_caps=1",
    "some Zoom builds (reported for the Zoom snap, ogra1/zoom-snap#49) list it only without it",
)
ZOOM_WITHOUT_CAPS = (
    "if Zoom then stops listing it, your Zoom build wants it off: for Zoom calls reload with "
    "exclusive_caps=0 (Chrome will not list it until you reload with 1)"
)


def check_exclusive_caps(machine: Machine) -> CheckResult | None:
    """Linux: which apps will list the loopback device. Chrome needs exclusive_caps=1; some Zoom
    builds need it off. None when there is no loopback module to ask."""
    module = machine.sys_root / "module" / LOOPBACK_DRIVER
    if not module.is_dir():
        return None
    nodes = _loopback_nodes(video_devices(machine))
    flags = parse_exclusive_caps(_read_text(module / "parameters" / "exclusive_caps"))
    wanted = max(1, len(nodes))
    if len(flags) >= wanted and all(flags[:wanted]):
        return CheckResult(
            "exclusive_caps",
            Status.OK,
            "1: Chrome, Meet and Teams in the browser list the device",
            fix=(ZOOM_WITHOUT_CAPS,),
            items=EXCLUSIVE_CAPS_APPS,
        )
    return CheckResult(
        "exclusive_caps",
        Status.WARN,
        "v4l2loopback was loaded without exclusive_caps=1: Chrome, Meet and Teams in the browser "
        "will not list the virtual camera (Zoom may)",
        fix=(UNLOAD_LOOPBACK, LOAD_LOOPBACK, *PERSIST_LOOPBACK, ZOOM_WITHOUT_CAPS),
        items=EXCLUSIVE_CAPS_APPS,
    )


def check_device_access(machine: Machine) -> CheckResult | None:
    """Linux: the user may read and write every /dev/video* (camera in, virtual camera out)."""
    devices = video_devices(machine)
    if not devices:
        return None
    denied = [d for d in devices if not machine.can_read_write(d.path)]
    if not denied:
        return CheckResult(
            "device access", Status.OK, f"read/write on {len(devices)} video device(s)"
        )
    paths = ", ".join(str(d.path) for d in denied)
    return CheckResult(
        "device access",
        Status.FAIL,
        f"no read/write permission on {paths}",
        fix=VIDEO_GROUP_FIX,
    )


def check_obs_camera(machine: Machine) -> CheckResult:
    """Windows/macOS: the OBS virtual camera that pyvirtualcam writes to is installed."""
    try:
        machine.open_obs_camera()
    except (RuntimeError, ValueError) as err:
        return CheckResult(
            "virtual camera",
            Status.FAIL,
            f"the OBS virtual camera cannot be opened: {err}",
            fix=OBS_FIX,
        )
    return CheckResult("virtual camera", Status.OK, "the OBS virtual camera opens")


def check_models(machine: Machine) -> CheckResult:
    """Every bundled model file is present and matches its checksum."""
    broken = []
    for name in MODELS:
        try:
            load_model_bytes(name)
        except ZoomcloneError as err:
            broken.append(str(err))
    if broken:
        return CheckResult(
            "models",
            Status.FAIL,
            "; ".join(broken),
            fix=("pip install --force-reinstall zoomclone",),
        )
    return CheckResult("models", Status.OK, f"{len(MODELS)} bundled models intact")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def check_segmenter(machine: Machine) -> CheckResult:
    """LiteRT imports and loads a bundled model; the versions of LiteRT, numpy and OpenCV."""
    import cv2
    import numpy

    versions = (
        f"ai-edge-litert {_version(LITERT_DISTRIBUTION)}, numpy {numpy.__version__}, "
        f"opencv {cv2.__version__}"
    )
    try:
        segmenter = machine.open_segmenter(SEGMENTER_CHECK_MODEL)
    except ModelRuntimeError as err:
        return CheckResult(
            "segmenter",
            Status.FAIL,
            f"{err}; {versions}",
            fix=(f"pip install --force-reinstall '{LITERT_REQUIREMENT}'",),
        )
    except ZoomcloneError as err:
        return CheckResult(
            "segmenter",
            Status.FAIL,
            f"{err}; {versions}",
            fix=("pip install --force-reinstall zoomclone",),
        )
    segmenter.close()
    return CheckResult("segmenter", Status.OK, f"segmenter created (LiteRT); {versions}")


def check_opencv_packages(machine: Machine) -> CheckResult:
    """Only one OpenCV distribution: two of them write the same cv2 folder over each other."""
    installed = machine.distributions()
    rivals = [name for name in CV2_RIVALS if name in installed]
    if CV2_DISTRIBUTION in installed and rivals:
        listed = " ".join(rivals)
        return CheckResult(
            "opencv",
            Status.WARN,
            f"{listed} installed beside {CV2_DISTRIBUTION}: both write one cv2 folder",
            fix=(
                f"pip uninstall -y {listed}",
                f"pip install --force-reinstall {CV2_DISTRIBUTION}",
            ),
        )
    return CheckResult("opencv", Status.OK, f"one OpenCV distribution ({CV2_DISTRIBUTION})")


def check_display(machine: Machine) -> CheckResult:
    """A display for the preview window. Optional: the virtual camera works without one."""
    if not machine.is_linux:
        return CheckResult("display", Status.OK, f"{machine.system} desktop")
    for name in ("WAYLAND_DISPLAY", "DISPLAY"):
        if machine.environ.get(name):
            shown = f"{name}={machine.environ[name]}"
            problem = machine.window_problem(machine.environ)
            if problem is None:
                return CheckResult("display", Status.OK, shown)
            return CheckResult(
                "display",
                Status.WARN,
                f"{shown} cannot show a window ({problem}): no preview window (the virtual "
                "camera still works)",
                fix=("run zoomclone from a desktop session, or unset a stale DISPLAY",),
            )
    return CheckResult(
        "display",
        Status.WARN,
        "neither DISPLAY nor WAYLAND_DISPLAY is set: no preview window (the virtual camera still works)",
        fix=("run zoomclone from a desktop session to see the preview",),
    )


def run_checks(machine: Machine | None = None) -> list[CheckResult]:
    """Every check that applies to this platform, in the order they are shown."""
    machine = machine or Machine()
    results: list[CheckResult | None] = [check_cameras(machine)]
    if machine.is_linux:
        results += [
            check_loopback(machine),
            check_exclusive_caps(machine)
            or CheckResult("exclusive_caps", Status.SKIP, "v4l2loopback is not loaded"),
            check_device_access(machine)
            or CheckResult("device access", Status.SKIP, "no /dev/video* to check"),
        ]
    else:
        results.append(check_obs_camera(machine))
    results += [
        check_models(machine),
        check_segmenter(machine),
        check_opencv_packages(machine),
        check_display(machine),
    ]
    return [r for r in results if r is not None]


def exit_code(results: Sequence[CheckResult]) -> int:
    """1 when any check failed (the live mode cannot run), else 0."""
    return 1 if any(r.status is Status.FAIL for r in results) else 0
