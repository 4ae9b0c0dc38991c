"""Progress lines for long stages: done / total and rate, at most every few seconds."""
from __future__ import annotations

import time
from collections.abc import Callable

PROGRESS_INTERVAL_SECONDS = 5.0


class Progress:
    def __init__(self, stage: str, total: int, log: Callable[[str], None], unit: str = "articles"):
        self.stage, self.total, self.log, self.unit = stage, total, log, unit
        self.done = 0
        self.started = self.last = time.perf_counter()

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last >= PROGRESS_INTERVAL_SECONDS or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            self.log(f"{self.stage}: {self.done}/{self.total} {self.unit} ({rate:.0f}/s)")

    @property
    def seconds(self) -> float:
        return round(time.perf_counter() - self.started, 2)
