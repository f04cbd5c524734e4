"""Moved to ``zoomclone.doctor`` (the traps to ``zoomclone.doctor.traps``); this name stays only
until ``commands/doctor.py`` imports ``all_checks`` from ``zoomclone.doctor``."""

from __future__ import annotations

from zoomclone.doctor import all_checks, trap_checks

__all__ = ["all_checks", "trap_checks"]
