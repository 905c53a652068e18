"""Every error a user can fix by changing their input, in one family under `QyError`.

The CLI turns any `QyError` into one line naming what was wrong and what was expected, with exit status 2;
any other exception is a bug and keeps its traceback. Each message names where the bad input is (file, row,
column, parameter), the value found and what was expected.
"""

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


class QyError(ValueError):
    """Base of every user-facing error: bad input, not a bug."""

    __str__ = Exception.__str__  # the message as written, even for the lookup errors below (KeyError quotes it)


class DataError(QyError):
    """Input that cannot be read as it stands. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = list(problems)
        shown = [str(p) for p in self.problems[:25]]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text if len(self.problems) == 1 else f"{len(self.problems)} problems:\n{text}")


class ParameterError(QyError):
    """A notebook or run parameter with a wrong name, type or value."""


class RegionError(QyError, KeyError):
    """A region name that matches no known region (also a KeyError: it is a failed lookup)."""


class IndicatorError(QyError, KeyError):
    """An indicator name that matches nothing in the catalogue (also a KeyError: a failed lookup)."""


class UnitError(QyError):
    """A unit that is unknown, or that does not fit the indicator it is attached to."""


class InsufficientData(QyError):
    """The series is too short for any forecast; `note` (a notes.Note) says why in any language."""

    def __init__(self, note, message: str | None = None):
        super().__init__(message or str(note))
        self.note = note
