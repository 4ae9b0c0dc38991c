"""One article's failure in a stage, kept as data: the article is recorded with the stage, the error and
where it was raised, and the other articles go on (they are never held back by one odd text)."""
from __future__ import annotations

import traceback
from dataclasses import dataclass

STAGES = ("clean", "nlp", "extraction", "stories")


@dataclass(frozen=True)
class Failure:
    error: str       # exception type and message
    traceback: str   # the innermost frames, where it was raised

    @classmethod
    def caught(cls, error: BaseException) -> Failure:
        """The exception being handled (call inside `except`)."""
        return cls(f"{type(error).__name__}: {error}", traceback.format_exc(limit=-3))

    def row(self, article_id: str, stage: str) -> dict:
        """A row of the `extraction_errors` tables."""
        return {"article_id": article_id, "stage": stage, "error": self.error, "traceback": self.traceback}

    def describe(self) -> str:
        """The error and its traceback as one text (a reject's detail)."""
        return f"{self.error}\n{self.traceback}"
