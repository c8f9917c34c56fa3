"""The few exception types publisher raises, each mapped to one exit code.

Exit codes: 0 success; 1 a build or check failed; 2 bad usage or bad content.
"""
from __future__ import annotations

from dataclasses import dataclass

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        label = "" if self.severity == "error" else f" {self.severity}:"
        return f"{where}:{label}{field} {self.message}"


class PublisherError(Exception):
    """Base of every error publisher reports to the user without a traceback."""

    exit_code = EXIT_FAILURE


class ContentError(PublisherError):
    """The content file is unreadable or invalid. Carries every problem found."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(PublisherError):
    """A build step failed for a reason other than bad content (I/O, missing tool)."""

    exit_code = EXIT_FAILURE


class MissingToolError(BuildError):
    """An external program or library a format needs is not installed."""
