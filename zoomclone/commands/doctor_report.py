"""The report of ``zoomclone doctor``: each check with its fix, as text or as JSON."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from zoomclone import __version__
from zoomclone.doctor import CheckResult, Machine, Status, all_checks, exit_code

MARK_WIDTH = max(len(s.value) for s in Status)
INDENT = " " * (MARK_WIDTH + 2)
NEEDS_FIX = (Status.WARN, Status.FAIL)


def format_result(result: CheckResult) -> list[str]:
    """One line with the mark, then the found items and the fix lines, indented."""
    lines = [f"{result.status.value:<{MARK_WIDTH}}  {result.name}: {result.detail}"]
    lines += [f"{INDENT}- {item}" for item in result.items]
    if result.fix:
        label = "fix:" if result.status in NEEDS_FIX else "note:"
        lines.append(f"{INDENT}{label} {result.fix[0]}")
        lines += [f"{INDENT}{' ' * len(label)} {line}" for line in result.fix[1:]]
    return lines


def summary(results: Sequence[CheckResult]) -> str:
    """The last line: ready, or how many problems stop the live mode."""
    failed = sum(r.status is Status.FAIL for r in results)
    warned = sum(r.status is Status.WARN for r in results)
    if failed:
        return f"{failed} problem(s) stop zoomclone's virtual camera: apply the fixes above"
    if warned:
        return f"ready, with {warned} warning(s)"
    return "ready"


def as_json(results: Sequence[CheckResult]) -> dict[str, Any]:
    """Every check as name, status (ok, warn, fail, skip), detail, fix and items: for bug reports
    and for a panel."""
    return {
        "zoomclone": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "ready": exit_code(results) == 0,
        "checks": [
            {
                "name": r.name,
                "status": r.status.value.lower(),
                "detail": r.detail,
                "fix": list(r.fix),
                "items": list(r.items),
            }
            for r in results
        ],
    }


def run_doctor(
    machine: Machine | None = None, stream: TextIO | None = None, as_json_output: bool = False
) -> int:
    """Run every check, print the report, return 1 if the live mode cannot run here."""
    out = stream if stream is not None else sys.stdout
    results = all_checks(machine)
    if as_json_output:
        print(json.dumps(as_json(results), indent=2), file=out)
        return exit_code(results)
    for result in results:
        for line in format_result(result):
            print(line, file=out)
    print(summary(results), file=out)
    return exit_code(results)
