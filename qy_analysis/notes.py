"""A note in no language: a code and its parameters (numbers, ids, years, other notes), made where the fact is
known and said in zh or en only where people read it (`reference.phrases.render`, one template per code in each
language). Rewording a note changes its template, never the code that makes it, and no language is lost.

    Note("gaps", years=[2013, 2014])            # render(note, "en") -> 'gaps: 2013, 2014 missing (not filled)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar


class Note:
    """`code` names a template in reference.phrases.NOTES; `params` fill it. Equal when code and params are;
    `str(note)` is the English text once reference.phrases is loaded (it registers `say`)."""

    say: ClassVar[Callable[[Note, str], str] | None] = None

    def __init__(self, code: str, **params):
        self.code, self.params = code, params

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"Note({self.code!r}" + "".join(f", {k}={v!r}" for k, v in self.params.items()) + ")"

    def __str__(self) -> str:
        return Note.say(self, "en") if Note.say else repr(self)

    def __reduce__(self):  # pickled by code and parameters (worker processes)
        return _note, (self.code, self.params)


def _note(code: str, params: dict) -> Note:
    return Note(code, **params)
