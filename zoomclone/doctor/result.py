"""What a check finds: its status and result, and the exit code of a list of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


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


def exit_code(results: Sequence[CheckResult]) -> int:
    """1 when any check failed (the live mode cannot run), else 0."""
    return 1 if any(r.status is Status.FAIL for r in results) else 0
