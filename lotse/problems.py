"""Problems found in content, and the exception that carries them.

Every problem points at a place an editor can open: `file:line:column`. The
core raises `ContentError`; each front end (CLI, editor page) decides how to
show it, the way Datasette's core errors are rendered by its CLI and web layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Content that cannot be served: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == Severity.error]
        super().__init__("\n".join(str(p) for p in errors) or "content has errors")


def summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == Severity.error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
