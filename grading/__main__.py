"""``python -m grading``: the instructor's command line (see :mod:`grading.cli`)."""

from grading.cli import main

raise SystemExit(main())
