"""Errors that name where bad input is: file, row, column, the value found and what was expected."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One bad or suspicious value, located in its file."""

    file: str
    row: object
    column: str
    value: object
    expected: str
    check: str = ""

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.value!r}: expected {self.expected}" + (f" [{self.check}]" if self.check else "")


class DataError(ValueError):
    """Input that cannot be read as it stands. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = list(problems)
        shown = [str(p) for p in self.problems[:25]]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text if len(self.problems) == 1 else f"{len(self.problems)} problems:\n{text}")
