"""Moving records between gradebooks: idempotent imports, one version of each assignment per gradebook."""

from __future__ import annotations

import shutil

import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text

from grading.course.prepare import prepare_course
from grading.gradebook.sync import StaleGradebook, copy_assignment, export_student, import_student, structure_copy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    course = prepare_course(tmp_path_factory.mktemp("sync"), ["regularization"])
    return course / "gradebook.db"


def _ids(url):
    with Gradebook(url) as gb:
        return sorted(c.id for nb in gb.find_assignment("regularization").notebooks for c in nb.grade_cells)


def test_copy_is_per_assignment_and_keeps_existing_ids(template, tmp_path):
    main = f"sqlite:///{tmp_path / 'main.db'}"
    copy_assignment(f"sqlite:///{template}", main, "regularization")
    before = _ids(main)
    copy_assignment(f"sqlite:///{template}", main, "regularization")  # again: nothing changes
    assert _ids(main) == before == _ids(f"sqlite:///{template}")
    with pytest.raises(StaleGradebook, match="has no assignment"):
        copy_assignment(f"sqlite:///{template}", main, "initialization-that-is-not-here")


def test_another_version_of_an_assignment_is_refused(template, tmp_path):
    main = tmp_path / "main.db"
    copy_assignment(f"sqlite:///{template}", f"sqlite:///{main}", "regularization")
    changed = tmp_path / "changed.db"
    shutil.copy(template, changed)
    engine = create_engine(f"sqlite:///{changed}")
    with engine.begin() as conn:
        conn.execute(text("update grade_cells set max_score = max_score + 1"))
    engine.dispose()
    with pytest.raises(StaleGradebook, match="another version"):
        copy_assignment(f"sqlite:///{changed}", f"sqlite:///{main}", "regularization")


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's own session, creating a student
def test_workers_get_the_main_gradebooks_ids_and_imports_are_idempotent(template, tmp_path):
    main = f"sqlite:///{tmp_path / 'main.db'}"
    copy_assignment(f"sqlite:///{template}", main, "regularization")
    structure_copy(main, ["regularization"], str(template), str(tmp_path / "worker.db"))
    worker = f"sqlite:///{tmp_path / 'worker.db'}"
    assert _ids(worker) == _ids(main)
    with Gradebook(worker) as gb:
        gb.add_student("ada")
        gb.add_submission("regularization", "ada")
    records = export_student(worker, "regularization", "ada")
    import_student(main, "regularization", "ada", records)
    import_student(main, "regularization", "ada", records)
    with Gradebook(main) as gb:
        assert len(gb.find_student("ada").submissions) == 1
        grades = [g for nb in gb.find_submission("regularization", "ada").notebooks for g in nb.grades]
        assert {g.cell_id for g in grades} <= set(_ids(main)) | {
            c.id for nb in gb.find_assignment("regularization").notebooks for c in nb.solution_cells}
