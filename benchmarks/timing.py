"""Timing helpers and the result rows the benchmark prints and saves.

Every row has a target (a ceiling in its unit, and for GUI rows a ceiling on the longest pause
of the UI thread too) and is reported as PASS or FAIL on the median of its samples; the spread
(lowest to highest sample) is shown next to it, so a noisy number can be told from a slow one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def samples_ms(action: Callable[[], object], repeat: int, *, warmup: int = 1) -> list[float]:
    """Wall times of ``action`` in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def paired_samples(
    ours: Callable[[], object], floor: Callable[[], object], repeat: int, *, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Samples of two actions timed turn about, so a busy machine slows both alike."""
    for _ in range(warmup):
        ours()
        floor()
    our_samples: list[float] = []
    floor_samples: list[float] = []
    for _ in range(repeat):
        for action, samples in ((ours, our_samples), (floor, floor_samples)):
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
    return our_samples, floor_samples


def median(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


@dataclass
class Result:
    """One row of the results table.

    ``target`` is a ceiling on the median in the row's unit; ``gap_target`` a ceiling on the
    median of the longest UI-thread pause (GUI rows). ``samples`` are one value per run.
    """

    operation: str
    journal: str
    samples: list[float]
    target: float | None
    unit: str = "ms"
    floor: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    gap_target: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        return median(self.samples)

    @property
    def floor_value(self) -> float | None:
        return median(self.floor)

    @property
    def gap(self) -> float | None:
        return median(self.gaps)

    @property
    def ratio(self) -> float | None:
        value, floor = self.value, self.floor_value
        if value is None or not floor:
            return None
        return value / floor

    @property
    def passed(self) -> bool:
        """PASS needs a measurement at or under every ceiling the row has."""
        value = self.value
        if value is None or (self.target is None and self.gap_target is None):
            return False
        if self.target is not None and value > self.target:
            return False
        if self.gap_target is not None:
            gap = self.gap
            if gap is None or gap > self.gap_target:
                return False
        return True

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def target_text(self) -> str:
        parts = []
        if self.target is not None:
            parts.append(f"≤ {number(self.target, self.unit)}")
        if self.gap_target is not None:
            parts.append(f"UI gap ≤ {self.gap_target:g} ms")
        return ", ".join(parts) or "(none)"

    def spread_text(self) -> str:
        if len(self.samples) < 2:
            return f"n={len(self.samples)}"
        low, high = min(self.samples), max(self.samples)
        return f"{number(low, self.unit)}–{number(high, self.unit)} (n={len(self.samples)})"

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "journal": self.journal,
            "unit": self.unit,
            "median": self.value,
            "samples": self.samples,
            "floor_median": self.floor_value,
            "floor_samples": self.floor,
            "ratio": self.ratio,
            "longest_ui_gap_ms": self.gap,
            "gap_samples": self.gaps,
            "target": self.target,
            "gap_target": self.gap_target,
            "result": self.verdict,
            "note": self.note,
            "extra": self.extra,
        }


def number(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "–"
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s" if value < 10_000 else f"{value / 1000:.1f} s"
    text = f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return f"{text} {unit}"


def markdown_table(results: list[Result]) -> str:
    lines = [
        "| what | journal | median | spread | floor | ratio | longest UI gap | target | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in results:
        ratio = row.ratio
        operation = row.operation + (f" ({row.note})" if row.note else "")
        verdict = row.verdict if row.passed else f"**{row.verdict}**"
        lines.append(
            f"| {operation} | {row.journal} | {number(row.value, row.unit)} "
            f"| {row.spread_text()} | {number(row.floor_value, row.unit)} "
            f"| {f'{ratio:.1f}×' if ratio is not None else '–'} "
            f"| {number(row.gap) if row.gaps else '–'} | {row.target_text()} | {verdict} |"
        )
    return "\n".join(lines)
