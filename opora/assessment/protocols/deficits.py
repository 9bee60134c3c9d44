"""Task-level deficits (дефициты): tasks on which a school got a share of points far below the
region's. The starting point of a school's anti-risk programme on «Недостаточная предметная и
методическая компетентность». Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_GAP = 15.0  # percentage points below the region's share that make a task a deficit
WEAKEST = 5


@dataclass(frozen=True)
class TaskGap:
    task: str
    school: float  # % of points the school's participants got
    region: float
    description: dict | None = None

    @property
    def gap(self) -> float:
        return round(self.region - self.school, 1)

    def is_deficit(self, threshold: float) -> bool:
        return self.gap >= threshold


def task_gaps(school: dict[str, float], region: dict[str, float], descriptions: dict | None = None) -> list[TaskGap]:
    """Every task both shares exist for, the widest gap first (ties: the task's order in the work)."""
    order = {task: i for i, task in enumerate(region)}
    gaps = [
        TaskGap(task, school[task], region[task], (descriptions or {}).get(task)) for task in region if task in school
    ]
    return sorted(gaps, key=lambda g: (-g.gap, order[g.task]))


def weakest(school: dict[str, float], region: dict[str, float], descriptions: dict | None = None) -> list[TaskGap]:
    """«5 самых слабых заданий»: the five tasks furthest below the region (only those below it)."""
    return [g for g in task_gaps(school, region, descriptions) if g.gap > 0][:WEAKEST]


def deficits(
    school: dict[str, float], region: dict[str, float], threshold: float = DEFAULT_GAP, descriptions: dict | None = None
) -> list[TaskGap]:
    return [g for g in task_gaps(school, region, descriptions) if g.is_deficit(threshold)]
