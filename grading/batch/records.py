"""Typed records that cross between the orchestrator and the workers (and the network, with Dask).

Everything here is plain data (bytes, strings, numbers): a worker needs no
file of the instructor's, and what it sends back can be stored as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..settings import Limits


@dataclass(frozen=True)
class AssignmentBundle:
    """One assignment as the workers need it."""

    name: str
    sources: dict[str, bytes]  # notebook file name -> source notebook (solutions and hidden tests)
    releases: dict[str, bytes]  # notebook file name -> student release
    exercise_names: list[str]


@dataclass(frozen=True)
class CourseBundle:
    """What every worker needs, the same for the whole class."""

    assignments: dict[str, AssignmentBundle]
    gradebook: bytes  # the SQLite gradebook right after generate_assignment
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class StudentJob:
    """One student's readable notebooks: assignment -> notebook file name -> bytes."""

    student: str
    files: dict[str, dict[str, bytes]]


@dataclass
class AssignmentOutcome:
    """What grading one assignment of one student produced."""

    records: dict[str, list[dict]] = field(default_factory=dict)  # gradebook rows, per table
    messages: dict[str, dict[str, str]] = field(default_factory=dict)  # notebook -> grade_id -> message
    feedback: dict[str, str] = field(default_factory=dict)  # html file name -> sanitised page
    graded_notebooks: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class StudentOutcome:
    """What grading one student produced; ``lost`` when the worker itself was lost (not saved)."""

    student: str
    assignments: dict[str, AssignmentOutcome] = field(default_factory=dict)
    sandbox_notes: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    lost: bool = False

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> StudentOutcome:
        assignments = {name: AssignmentOutcome(**value) for name, value in data.get("assignments", {}).items()}
        return cls(student=data["student"], assignments=assignments,
                   sandbox_notes=list(data.get("sandbox_notes", [])), error=data.get("error", ""),
                   seconds=float(data.get("seconds", 0.0)), lost=bool(data.get("lost", False)))

    @classmethod
    def lost_worker(cls, student: str, why: str) -> StudentOutcome:
        return cls(student=student, lost=True,
                   error=f"the grading process was lost ({why}); run the same command again to retry")
