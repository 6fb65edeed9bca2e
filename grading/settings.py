"""One home for every default of the grading side.

The command line, the nbgrader configuration, the workers and the tests all
read their defaults from here, so a limit is changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Seconds a single cell may run while grading before it is interrupted.
CELL_TIMEOUT = 30
#: Seconds a whole notebook may run.
NOTEBOOK_TIMEOUT = 300
#: Memory of all the processes of one student's sandbox together, in MiB.
MEMORY_MB = 2048
#: Characters of output kept per cell (every output type counted together).
MAX_OUTPUT_CHARS = 20_000
#: Processes and threads one student's sandbox may hold at once.
MAX_PROCESSES = 128
#: Bytes one student's sandbox may write to its scratch folder, home and /tmp together.
DISK_MB = 256
#: Largest submitted notebook the intake reads, in bytes.
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024
#: Largest feedback file handed back, in characters.
MAX_FEEDBACK_CHARS = 2_000_000
#: Largest reply a kernel may send for one call of a student's function, in bytes.
MAX_REPLY_BYTES = 32 * 1024 * 1024
#: What an answer cell of the release contains.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


@dataclass(frozen=True)
class Limits:
    """Per-student limits applied while grading (see the constants above for their meaning)."""

    cell_timeout: int = CELL_TIMEOUT
    notebook_timeout: int = NOTEBOOK_TIMEOUT
    memory_mb: int = MEMORY_MB
    max_output_chars: int = MAX_OUTPUT_CHARS
    max_processes: int = MAX_PROCESSES
    disk_mb: int = DISK_MB
