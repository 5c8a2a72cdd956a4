"""Timing helpers and the result rows the benchmark prints and saves."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


def median_ms(action: Callable[[], object], repeat: int, *, warmup: int = 1) -> float:
    """The median wall time of ``action`` in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def paired_medians(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int, *, warmup: int = 1
) -> tuple[float, float]:
    """Median ms of two actions timed turn about, so a busy machine slows both alike."""
    for _ in range(warmup):
        ours()
        theirs()
    our_samples: list[float] = []
    their_samples: list[float] = []
    for _ in range(repeat):
        for action, samples in ((ours, our_samples), (theirs, their_samples)):
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(our_samples), statistics.median(their_samples)


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


@dataclass
class Result:
    """One row of the results table.

    ``target`` is a ceiling in the row's unit (ms, or MB for memory); ``max_ratio`` a ceiling on
    ``value / baseline``. A row with neither has no target and is shown for information.
    """

    operation: str
    entries: int | None
    value: float | None
    baseline: float | None = None
    target: float | None = None
    max_ratio: float | None = None
    unit: str = "ms"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.value is None or (self.target is None and self.max_ratio is None):
            return None
        if self.target is not None and self.value > self.target:
            return False
        ratio = self.ratio
        return not (self.max_ratio is not None and ratio is not None and ratio > self.max_ratio)

    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"≤ {self.target:g} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× baseline")
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return text if unit == "ms" else f"{text} {unit}"


def markdown_table(results: list[Result]) -> str:
    lines = [
        "| operation | entries | median ms | baseline ms | ratio | target | met? |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in results:
        ratio = row.ratio
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        operation = row.operation + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {operation} | {row.entries if row.entries is not None else '–'} "
            f"| {_number(row.value, row.unit)} | {_number(row.baseline, row.unit)} "
            f"| {f'{ratio:.2f}' if ratio is not None else '–'} | {row.target_text()} | {met} |"
        )
    return "\n".join(lines)
