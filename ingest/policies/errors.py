"""Errors that name the file and what is wrong with it, so a bad input is fixed at its source."""

from __future__ import annotations

from pathlib import Path


class PolicyFileError(ValueError):
    """A policy input could not be read or is not a policy document."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
