"""nbgrader configuration for working from the repository root.

`nbgrader generate_assignment regularization` reads the source notebooks from
notebooks/regularization/ and writes the student version to
build/release/regularization/, with the gradebook in build/gradebook.db.
The grading CLI (python -m grading) builds its own course folders with the
same settings (see grading/course.py), so both paths grade alike.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grading.course.config import apply_course_config  # noqa: E402

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)
apply_course_config(c, root=Path(__file__).resolve().parent, source="notebooks", build="build")
