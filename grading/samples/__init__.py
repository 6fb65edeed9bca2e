"""Sample students for the demo and the tests, built from the release of the moment.

Each assignment has a module here named like its folder under ``notebooks/``
(``grading/samples/regularization.py``) that defines ``STUDENTS``: a list of
:class:`SampleStudent`. Every assignment has at least ``ada`` (every answer
correct, from the source notebooks' solutions) and ``ben`` (the untouched
release); the others make the mistakes worth showing in that assignment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SampleStudent:
    """One sample submission of one assignment.

    Attributes:
        name: the student id (a folder name).
        total: the points this submission must get.
        answers: grade_id -> whole answer-cell source, replacing the correct answer.
        blank: start from the untouched release instead of the correct answers.
        spoil: optional edit of the written folder (e.g. truncate a notebook file).
        story: one line for the demo's table legend.
    """

    name: str
    total: float
    answers: dict[str, str] = field(default_factory=dict)
    blank: bool = False
    spoil: Callable[[Path], None] | None = None
    story: str = ""


def everyone_correct(total: float) -> SampleStudent:
    """``ada``: every answer is the source notebooks' solution."""
    return SampleStudent("ada", total, story="every answer correct")


def untouched_release() -> SampleStudent:
    """``ben``: hands in the release as it came."""
    return SampleStudent("ben", 0.0, blank=True, story="the untouched release")
