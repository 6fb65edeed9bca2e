"""Gradebook integrity and sync on small gradebooks built in a second (the fast layer's counterpart of
test_integrity.py and test_sync.py, which grade real notebooks first).

The gradebook: assignment "hw" with notebooks "one" (graded cells g1 worth 2 and g2 worth 3, answer
cell s1) and "two" (graded cell g3 worth 1), students ann and bob, both submitted.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import nbgrader.api
import pytest
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from grading.gradebook import integrity, sync
from grading.gradebook.integrity import integrity_problems

# nbgrader adds a submission's rows in a way SQLAlchemy 2 warns about (SAWarning is a RuntimeWarning).
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


@pytest.fixture(autouse=True, scope="module")
def _no_alembic_subprocess():
    """A new gradebook asks the `alembic` program for its schema version (seconds); these books need none."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nbgrader.api, "get_alembic_version", lambda: "unit-test")
        yield


def _build(path, students=("ann", "bob"), points=(2.0, 3.0, 1.0), source="x = 1", task=False):
    url = f"sqlite:///{path}"
    with Gradebook(url) as gb:
        gb.add_assignment("hw")
        gb.add_notebook("one", "hw")
        gb.add_notebook("two", "hw")
        gb.add_grade_cell("g1", "one", "hw", max_score=points[0], cell_type="code")
        gb.add_grade_cell("g2", "one", "hw", max_score=points[1], cell_type="code")
        gb.add_solution_cell("s1", "one", "hw")
        gb.add_source_cell("g1", "one", "hw", cell_type="code", source=source, locked=True,
                          checksum=f"checksum of {source}")
        gb.add_grade_cell("g3", "two", "hw", max_score=points[2], cell_type="markdown")
        if task:
            gb.add_task_cell("t1", "two", "hw", cell_type="markdown", max_score=1.0)
        gb.add_assignment("other")
        for student in students:
            gb.add_student(student)
            gb.add_submission("hw", student)
    return url


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "book.db"
    _build(path)
    return path


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    """A gradebook as nbgrader makes it, with no rows: the template of structure copies."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Gradebook(f"sqlite:///{path}").close()
    return str(path)


@pytest.fixture
def book(pristine, tmp_path):
    path = tmp_path / "book.db"
    shutil.copy(pristine, path)
    return f"sqlite:///{path}"


def _sql(url, *statements):
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _cell_id(url, name):
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("select id from base_cell where name = :n"), {"n": name}).scalar_one()
    engine.dispose()
    return found


# ------------------------------------------------------------------ integrity
def test_a_sound_gradebook_has_no_problem(book):
    assert integrity_problems(book, "hw") == []
    assert integrity_problems(book, "other") == []


def test_a_sound_gradebook_with_a_task_cell_has_no_problem(tmp_path):
    # nbgrader gives a manually graded task cell (it has points) a grade row and a comment row
    url = _build(tmp_path / "book.db", task=True)
    assert integrity_problems(url, "hw") == []
    t1 = _cell_id(url, "t1")
    _sql(url, f"update grade set manual_score = 2 where cell_id = '{t1}' and notebook_id in (select sn.id from "
              "submitted_notebook sn join submitted_assignment sa on sn.assignment_id = sa.id "
              "where sa.student_id = 'ann')")
    assert integrity_problems(url, "hw") == ["ann: score 2.0 outside 0..1.0 for t1"]


def test_an_unknown_assignment(book):
    assert integrity_problems(book, "nope") == ["the gradebook has no assignment 'nope'"]


@pytest.mark.parametrize("column, value, shown", [
    ("auto_score", 2.5, "2.5"), ("auto_score", -0.5, "-0.5"), ("manual_score", 99, "99.0"),
    ("manual_score", -1, "-1.0")])
def test_scores_outside_0_to_the_cells_points(book, column, value, shown):
    g1 = _cell_id(book, "g1")
    _sql(book, f"update grade set {column} = {value} where cell_id = '{g1}' and notebook_id in "
               "(select sn.id from submitted_notebook sn join submitted_assignment sa on sn.assignment_id = sa.id "
               "where sa.student_id = 'bob')")
    assert integrity_problems(book, "hw") == [f"bob: score {shown} outside 0..2.0 for g1"]


def test_scores_at_the_bounds_are_sound(book):
    g2 = _cell_id(book, "g2")
    _sql(book, f"update grade set auto_score = 3.0, manual_score = 0.0 where cell_id = '{g2}'")
    assert integrity_problems(book, "hw") == []


def test_a_grade_of_a_cell_that_is_not_graded_counts_against_0_points(book):
    g3 = _cell_id(book, "g3")
    _sql(book, f"delete from grade_cells where id = '{g3}'")
    problems = integrity_problems(book, "hw")
    assert "ann/two: grade rows 1 for 0 graded cells" in problems


def test_missing_grade_and_comment_rows(book):
    s1, g1 = _cell_id(book, "s1"), _cell_id(book, "g1")
    _sql(book, f"delete from grade where cell_id = '{g1}' and notebook_id in (select sn.id from submitted_notebook sn "
               "join submitted_assignment sa on sn.assignment_id = sa.id where sa.student_id = 'ann')",
         f"delete from comment where cell_id = '{s1}'")
    assert integrity_problems(book, "hw") == [
        "ann/one: grade rows 1 for 2 graded cells", "ann/one: comment rows do not match the answer cells",
        "bob/one: comment rows do not match the answer cells"]


def test_a_missing_notebook_of_a_submission(book):
    _sql(book, "delete from submitted_notebook where id in (select sn.id from submitted_notebook sn join notebook n "
               "on sn.notebook_id = n.id join submitted_assignment sa on sn.assignment_id = sa.id "
               "where n.name = 'two' and sa.student_id = 'bob')")
    problems = integrity_problems(book, "hw")
    assert len(problems) == 1
    assert problems[0].startswith("bob: notebooks [") and problems[0].endswith("] do not match the assignment's")


def test_submission_of_an_unknown_student_and_duplicates(book):
    _sql(book, "PRAGMA foreign_keys = OFF", "update submitted_assignment set student_id = 'ghost' "
                                            "where student_id = 'bob'")
    assert integrity_problems(book, "hw") == ["ghost: submission of an unknown student"]


def test_more_than_one_submission_of_a_student(book):
    # nbgrader's schema refuses a second submission; a gradebook without the constraint is still checked
    _sql(book, "PRAGMA foreign_keys = OFF",
         "create table plain (id VARCHAR(32) NOT NULL, assignment_id VARCHAR(32), student_id VARCHAR(128), "
         "timestamp DATETIME, extension DATETIME, PRIMARY KEY (id))",
         "insert into plain select * from submitted_assignment", "drop table submitted_assignment",
         "alter table plain rename to submitted_assignment")
    _sql(book, "insert into submitted_assignment (id, assignment_id, student_id, timestamp, extension) "
               "select 'dup', assignment_id, student_id, timestamp, extension from submitted_assignment "
               "where student_id = 'ann'")
    problems = integrity_problems(book, "hw")
    assert "ann: more than one submission" in problems
    assert problems.count("ann: more than one submission") == 1


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "book.db"
    path.write_bytes(b"not a database " * 200)
    problems = integrity_problems(f"sqlite:///{path}", "hw")
    assert len(problems) == 1
    assert problems[0].startswith("the gradebook cannot be read as a database: ")
    assert len(problems[0]) <= len("the gradebook cannot be read as a database: ") + 200


def test_a_damaged_sqlite_file_fails_sqlites_own_check(book):
    # An index that no longer matches its table: every query still works, only PRAGMA integrity_check sees it.
    path = book.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    con.execute("create table extra (x)")
    con.execute("create index extra_x on extra (x)")
    con.executemany("insert into extra values (?)", [(1,), (2,), (3,)])
    con.commit()
    con.execute("PRAGMA writable_schema = ON")
    con.execute("update sqlite_master set sql = 'CREATE INDEX extra_x on extra (x DESC)' where name = 'extra_x'")
    con.commit()
    con.close()
    problems = integrity_problems(book, "hw")
    assert len(problems) == 1
    assert problems[0].startswith("SQLite integrity check: row ") and problems[0].endswith(" from index extra_x")


def test_a_score_on_a_cell_that_is_not_graded_is_outside_0_points(book):
    g3 = _cell_id(book, "g3")
    _sql(book, f"delete from grade_cells where id = '{g3}'",
         f"update grade set auto_score = 0.5 where cell_id = '{g3}'")
    problems = integrity_problems(book, "hw")
    assert "ann: score 0.5 outside 0..0.0 for g3" in problems and "bob: score 0.5 outside 0..0.0 for g3" in problems


def test_a_grade_row_of_an_unknown_cell_is_named_by_a_question_mark(book):
    g3 = _cell_id(book, "g3")
    _sql(book, "PRAGMA foreign_keys = OFF",
         f"update grade set cell_id = 'no-such-cell', auto_score = 1.0 where cell_id = '{g3}' and notebook_id in "
         "(select sn.id from submitted_notebook sn join submitted_assignment sa on sn.assignment_id = sa.id "
         "where sa.student_id = 'ann')")
    problems = integrity_problems(book, "hw")
    assert "ann: score 1.0 outside 0..0.0 for ?" in problems


def test_the_reason_a_file_is_no_database_is_given_and_cut_to_200_characters(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    path.write_bytes(b"not a database " * 200)
    prefix = "the gradebook cannot be read as a database: "
    assert integrity_problems(f"sqlite:///{path}", "hw") == [prefix + "file is not a database"]

    def long_failure(engine, assignment, problems):
        raise DatabaseError("select 1", {}, Exception("disk I/O error " + "x" * 300))

    monkeypatch.setattr(integrity, "_problems", long_failure)
    [problem] = integrity_problems(f"sqlite:///{path}", "hw")
    assert problem == prefix + ("disk I/O error " + "x" * 300)[:200]


# ------------------------------------------------------------------ sync: records
def test_json_round_trip_of_dates_and_durations():
    when, span = dt.datetime(2026, 1, 2, 3, 4, 5), dt.timedelta(minutes=3, seconds=1.5)
    assert sync._to_json(when) == {"~datetime": "2026-01-02T03:04:05"}
    assert sync._to_json(span) == {"~timedelta": 181.5}
    assert sync._from_json(sync._to_json(when)) == when and sync._from_json(sync._to_json(span)) == span
    assert sync._to_json(3) == 3 and sync._from_json({"a": 1}) == {"a": 1} and sync._from_json("x") == "x"


def test_export_has_the_students_rows_only(book):
    out = sync.export_student(book, "hw", "ann")
    assert set(out) == {"student", "submitted_assignment", "submitted_notebook", "grade", "comment"}
    assert [r["id"] for r in out["student"]] == ["ann"]
    assert [r["student_id"] for r in out["submitted_assignment"]] == ["ann"]
    assert len(out["submitted_notebook"]) == 2 and len(out["grade"]) == 3 and len(out["comment"]) == 1
    assert isinstance(out["submitted_assignment"][0]["timestamp"], (dict, type(None)))
    with pytest.raises(Exception):  # noqa: B017 - SQLAlchemy's NoResultFound
        sync.export_student(book, "nope", "ann")


def _scores(url, student):
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "select bc.name, g.auto_score from grade g join base_cell bc on g.cell_id = bc.id join submitted_notebook "
            "sn on g.notebook_id = sn.id join submitted_assignment sa on sn.assignment_id = sa.id "
            "where sa.student_id = :s order by bc.name"), {"s": student}).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_import_replaces_the_students_rows_and_is_idempotent(book, pristine, tmp_path):
    worker = tmp_path / "worker.db"
    shutil.copy(pristine, worker)
    worker_url = f"sqlite:///{worker}"
    _sql(worker_url, "update grade set auto_score = 1.0")
    record = sync.export_student(worker_url, "hw", "ann")
    for _ in range(2):
        sync.import_student(book, "hw", "ann", record)
        assert _scores(book, "ann") == [("g1", 1.0), ("g2", 1.0), ("g3", 1.0)]
        assert _scores(book, "bob") == [("g1", None), ("g2", None), ("g3", None)]
        assert integrity_problems(book, "hw") == []


def test_import_of_a_new_student_adds_the_student(book, empty, tmp_path):
    worker = tmp_path / "worker.db"
    _build(worker, students=("cat",))
    record = sync.export_student(f"sqlite:///{worker}", "hw", "cat")
    # the worker's structure ids differ from the main book's: use the main book's ids as the orchestrator does
    structure = tmp_path / "structure.db"
    sync.structure_copy(book, ["hw"], empty, str(structure))
    with Gradebook(f"sqlite:///{structure}") as gb:
        gb.add_student("cat")
        gb.add_submission("hw", "cat")
    record = sync.export_student(f"sqlite:///{structure}", "hw", "cat")
    sync.import_student(book, "hw", "cat", record)
    assert _scores(book, "cat") == [("g1", None), ("g2", None), ("g3", None)]
    assert integrity_problems(book, "hw") == []
    record["student"] = []
    sync.import_student(book, "hw", "dan", {k: v for k, v in record.items() if k == "student"})
    engine = create_engine(book)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from student where id = 'dan'")).scalar_one() == 1
    engine.dispose()


def test_copying_into_an_existing_gradebook_adds_no_course_of_its_own(tmp_path):
    # The course's gradebook names its course (here "regularization-lab"). Opening an existing gradebook
    # with nbgrader's Gradebook would add a row for nbgrader's "default_course" to it.
    template = f"sqlite:///{tmp_path / 'template.db'}"
    with Gradebook(template, course_id="regularization-lab") as gb:
        gb.add_assignment("hw")
        gb.add_notebook("one", "hw")
        gb.add_grade_cell("g1", "one", "hw", max_score=1.0, cell_type="code")
        gb.add_assignment("quiz")
    target = f"sqlite:///{tmp_path / 'main.db'}"
    sync.copy_assignment(template, target, "hw")
    sync.copy_assignment(template, target, "quiz")  # the same gradebook, a second assignment
    sync.copy_assignment(template, target, "hw")  # and a rerun
    engine = create_engine(target)
    with engine.connect() as conn:
        assert [r.id for r in conn.execute(text("select id from course"))] == ["regularization-lab"]
    engine.dispose()


def test_import_of_a_new_student_keeps_the_students_names(book, tmp_path):
    worker = tmp_path / "worker.db"
    _build(worker, students=())
    with Gradebook(f"sqlite:///{worker}") as gb:
        gb.add_student("cat", first_name="Cat", last_name="Stevens", email="cat@example.org")
    record = {"student": sync.export_student(f"sqlite:///{worker}", "hw", "cat")["student"]}
    sync.import_student(book, "hw", "cat", record)
    engine = create_engine(book)
    with engine.connect() as conn:
        row = conn.execute(text("select first_name, last_name, email from student where id = 'cat'")).one()
    engine.dispose()
    assert tuple(row) == ("Cat", "Stevens", "cat@example.org")


# ------------------------------------------------------------------ sync: structure and versions
def _structure(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = sync._structure_rows(conn, "hw")
    engine.dispose()
    return rows


def test_structure_rows_and_signature(book):
    rows = _structure(book)
    assert sorted(r["name"] for r in rows["notebook"]) == ["one", "two"]
    assert sorted(r["name"] for r in rows["base_cell"]) == ["g1", "g2", "g3", "s1"]
    assert sorted(r["max_score"] for r in rows["grade_cells"]) == [1.0, 2.0, 3.0]
    assert len(rows["solution_cells"]) == 1 and rows["task_cells"] == [] and len(rows["source_cell"]) == 1
    assert [r["name"] for r in rows["assignment"]] == ["hw"] and len(rows["course"]) == 1
    signature = sync._signature(rows)
    assert ("one", "g1", "GradeCell", 2.0) in signature
    assert ("one", "s1", "SolutionCell", None) in signature
    assert any(entry[:3] == ("one", "g1", "source") for entry in signature)
    assert len(signature) == 5
    engine = create_engine(book)
    with engine.connect() as conn:
        assert sync._structure_rows(conn, "nope") is None
    engine.dispose()


def test_copy_assignment_into_a_new_gradebook_then_again(pristine, tmp_path):
    target = f"sqlite:///{tmp_path / 'main.db'}"
    template = f"sqlite:///{pristine}"
    sync.copy_assignment(template, target, "hw")
    first = _structure(target)
    assert sync._signature(first) == sync._signature(_structure(template))
    assert sorted(r["id"] for r in first["base_cell"]) == sorted(r["id"] for r in _structure(template)["base_cell"])
    sync.copy_assignment(template, target, "hw")
    assert _structure(target) == first
    with pytest.raises(sync.StaleGradebook, match="the course has no assignment 'nope'"):
        sync.copy_assignment(template, target, "nope")


@pytest.mark.parametrize("change", [{"points": (2.0, 4.0, 1.0)}, {"source": "x = 2"}])
def test_another_version_is_refused(tmp_path, change):
    main, changed = tmp_path / "main.db", tmp_path / "changed.db"
    _build(main)
    _build(changed, **change)
    with pytest.raises(sync.StaleGradebook, match="holds another version of 'hw' than the source notebooks"):
        sync.copy_assignment(f"sqlite:///{changed}", f"sqlite:///{main}", "hw")


def test_structure_copy_holds_the_structure_and_no_student(book, pristine, tmp_path):
    path = tmp_path / "structure.db"
    # the template's own rows (here: a whole graded book) are all replaced
    sync.structure_copy(book, ["hw", "other", "missing"], str(pristine), str(path))
    url = f"sqlite:///{path}"
    assert sync._signature(_structure(url)) == sync._signature(_structure(book))
    ids = sorted(r["id"] for r in _structure(url)["base_cell"])
    assert ids == sorted(r["id"] for r in _structure(book)["base_cell"])
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from student")).scalar_one() == 0
        assert conn.execute(text("select count(*) from submitted_assignment")).scalar_one() == 0
        assert sorted(r[0] for r in conn.execute(text("select name from assignment"))) == ["hw", "other"]
        assert conn.execute(text("select count(*) from course")).scalar_one() == 1
    engine.dispose()


@pytest.mark.parametrize("template_scheme, target_scheme",
                         [("sqlite+pysqlite", "sqlite"), ("sqlite", "sqlite+pysqlite")])
def test_copy_assignment_with_a_url_that_is_not_plain_sqlite_builds_the_gradebook_with_nbgrader(
        pristine, tmp_path, template_scheme, target_scheme):
    # Only two plain sqlite:/// files can take the fast path (a copy of the template's file); any other
    # URL of the same database gets its tables from nbgrader itself, with the same structure.
    template = f"{template_scheme}:///{pristine}"
    target = f"{target_scheme}:///{tmp_path / 'main.db'}"
    sync.copy_assignment(template, target, "hw")
    assert sync._signature(_structure(f"sqlite:///{tmp_path / 'main.db'}")) == sync._signature(
        _structure(f"sqlite:///{pristine}"))


def test_an_existing_empty_file_gets_nbgraders_tables(pristine, tmp_path):
    (tmp_path / "main.db").write_bytes(b"")
    sync.copy_assignment(f"sqlite:///{pristine}", f"sqlite:///{tmp_path / 'main.db'}", "hw")
    assert sync._signature(_structure(f"sqlite:///{tmp_path / 'main.db'}")) == sync._signature(
        _structure(f"sqlite:///{pristine}"))


def test_only_plain_sqlite_urls_name_a_file():
    assert sync._sqlite_path("sqlite:////tmp/book.db") == "/tmp/book.db"
    assert sync._sqlite_path("sqlite:///book.db") == "book.db"
    assert sync._sqlite_path("postgresql://host/db") is None
    assert sync._sqlite_path("sqlite+pysqlite:///book.db") is None
