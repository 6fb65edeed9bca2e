"""Finished students' records under ``OUT/state/<student>.json``: what makes a batch resumable.

A record holds the digest of the submission it graded and the whole
:class:`~grading.batch.records.StudentOutcome`. A rerun applies the records
whose digest matches the submission as it is now and grades the rest; a
changed submission, a record of another format version, or a file that is
not a valid record means "grade again". Records are written atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..paths import SAFE_NAME
from .records import StudentOutcome

#: Bump when the meaning of a saved record changes.
STATE_VERSION = 2


class ResumeStore:
    """The records of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, student: str) -> Path:
        if not SAFE_NAME.match(student):
            raise ValueError(f"not a student id: {student!r}")
        return self.folder / f"{student}.json"

    def load(self, student: str, digest: str) -> StudentOutcome | None:
        """The saved outcome of ``student`` if it was made from the submission with ``digest``."""
        try:
            record = json.loads(self._path(student).read_text())
            if record.get("version") != STATE_VERSION or record.get("digest") != digest:
                return None
            return StudentOutcome.from_json(record["outcome"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, student: str, digest: str, outcome: StudentOutcome) -> None:
        path = self._path(student)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": STATE_VERSION, "digest": digest, "outcome": outcome.to_json()}))
        os.replace(tmp, path)

    def clear(self) -> None:
        for path in self.folder.glob("*.json"):
            path.unlink()
