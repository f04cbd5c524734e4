"""``zoomclone doctor``: check the machine and print the fix for each problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from zoomclone.doctor import CheckResult, Machine, Status, exit_code, run_checks

MARK_WIDTH = max(len(s.value) for s in Status)
INDENT = " " * (MARK_WIDTH + 2)


def format_result(result: CheckResult) -> list[str]:
    """One line with the mark, then the found items and the fix lines, indented."""
    lines = [f"{result.status.value:<{MARK_WIDTH}}  {result.name}: {result.detail}"]
    lines += [f"{INDENT}- {item}" for item in result.items]
    if result.fix:
        lines.append(f"{INDENT}fix: {result.fix[0]}")
        lines += [f"{INDENT}     {line}" for line in result.fix[1:]]
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


def run_doctor(machine: Machine | None = None, stream: TextIO | None = None) -> int:
    """Run every check, print the report, return 1 if the live mode cannot run here."""
    out = stream if stream is not None else sys.stdout
    results = run_checks(machine)
    for result in results:
        for line in format_result(result):
            print(line, file=out)
    print(summary(results), file=out)
    return exit_code(results)
