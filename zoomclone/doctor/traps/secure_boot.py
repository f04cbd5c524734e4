"""Secure Boot on, and the kernel refusing v4l2loopback ("Key was rejected by service")."""

from __future__ import annotations

from zoomclone.doctor.fixes import LOAD_LOOPBACK
from zoomclone.doctor.machine import Machine
from zoomclone.doctor.result import CheckResult, Status
from zoomclone.doctor.video_devices import LOOPBACK_DRIVER

NAME = "secure boot"
REJECTED = (
    "Key was rejected by service",
    "module verification failed",
    "Loading of unsigned module is rejected",
    "Loading of module with unavailable key is rejected",
)
KERNEL_LOGS = (["dmesg"], ["journalctl", "-k", "-b", "--no-pager", "-q"])
MOK_STEPS = (
    "sudo apt install --reinstall v4l2loopback-dkms   # DKMS rebuilds the module and signs it "
    "with its own key",
    "sudo mokutil --import /var/lib/shim-signed/mok/MOK.der   # DKMS 3 and newer: "
    "/var/lib/dkms/mok.pub; Fedora akmods: /etc/pki/akmods/certs/public_key.der; "
    "choose a one-time password",
    "reboot; in the blue MOK manager screen choose Enroll MOK > Continue > Yes and type that "
    "password",
    LOAD_LOOPBACK,
    "(or turn Secure Boot off in the firmware settings)",
)


def secure_boot_on(machine: Machine) -> bool | None:
    """From ``mokutil --sb-state``; None when it cannot tell (no mokutil, no EFI)."""
    state = machine.run(["mokutil", "--sb-state"])
    if state is None:
        return None
    return "enabled" in state.lower()


def module_signer(machine: Machine) -> str | None:
    """Who signed the installed module ('' when unsigned); None when it is not installed."""
    signer = machine.run(["modinfo", "-F", "signer", LOOPBACK_DRIVER])
    return None if signer is None else signer.strip()


def rejection_in_kernel_log(machine: Machine) -> str | None:
    """The kernel's line refusing v4l2loopback, if a readable kernel log has one."""
    for command in KERNEL_LOGS:
        log = machine.run(command)
        if log is None:
            continue
        for line in log.splitlines():
            if any(marker in line for marker in REJECTED) and (
                LOOPBACK_DRIVER in line or "Key was rejected" in line
            ):
                return line.strip()
    return None


def check_secure_boot(machine: Machine) -> CheckResult:
    on = secure_boot_on(machine)
    if on is None:
        return CheckResult(NAME, Status.SKIP, "state unknown (no mokutil, or no EFI firmware)")
    if not on:
        return CheckResult(NAME, Status.OK, "off: the kernel loads any v4l2loopback build")
    if (machine.sys_root / "module" / LOOPBACK_DRIVER).is_dir():
        return CheckResult(NAME, Status.OK, "on, and v4l2loopback is loaded (its key is enrolled)")
    return _on_and_not_loaded(machine)


def _on_and_not_loaded(machine: Machine) -> CheckResult:
    signer = module_signer(machine)
    rejected = rejection_in_kernel_log(machine)
    seen = (f"kernel log: {rejected}",) if rejected else ()
    if signer is None:
        return CheckResult(
            NAME,
            Status.WARN,
            "on: when you install v4l2loopback, its signing key must be enrolled once "
            "(else modprobe says 'Key was rejected by service')",
            fix=MOK_STEPS,
            items=seen,
        )
    if not signer:
        return CheckResult(
            NAME,
            Status.FAIL,
            "on, and the v4l2loopback module is not signed: the kernel refuses it "
            "('Key was rejected by service')",
            fix=MOK_STEPS,
            items=seen,
        )
    return CheckResult(
        NAME,
        Status.FAIL if rejected else Status.WARN,
        f"on; v4l2loopback is signed by {signer!r} "
        + (
            "but the kernel rejected that key: enrol it"
            if rejected
            else "and not loaded: if modprobe says 'Key was rejected by service', enrol the key"
        ),
        fix=MOK_STEPS[1:],
        items=seen,
    )
