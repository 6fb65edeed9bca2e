"""Move one student's grading records between nbgrader gradebooks, and check a gradebook.

Each student is autograded in a private copy of the course gradebook (so
graders never share a database file, and a Dask worker needs none of the
instructor's). :func:`export_student` reads back the rows nbgrader wrote there;
:func:`import_student` replaces that student's rows for the assignment in the
main gradebook (SQLite or any SQLAlchemy URL) in one transaction. Replacing
makes it idempotent: applying the same record twice leaves one copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from typing import Any

from nbgrader.api import Base
from sqlalchemy import create_engine, inspect, select

_TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def table(name: str):  # noqa: ANN201 - a SQLAlchemy Table
    """nbgrader's table ``name``."""
    return Base.metadata.tables[name]


def _t(name: str):
    return Base.metadata.tables[name]


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"~datetime": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"~timedelta": value.total_seconds()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "~datetime" in value:
        return dt.datetime.fromisoformat(value["~datetime"])
    if isinstance(value, dict) and "~timedelta" in value:
        return dt.timedelta(seconds=value["~timedelta"])
    return value


def _rows(conn, table, clause) -> list[dict]:
    return [{k: _to_json(v) for k, v in row._mapping.items()} for row in conn.execute(select(table).where(clause))]


def export_student(db_url: str, assignment: str, student: str) -> dict[str, list[dict]]:
    """The student's rows for ``assignment``, as JSON-ready dicts per table."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            assignment_id = conn.execute(select(_t("assignment").c.id).where(
                _t("assignment").c.name == assignment)).scalar_one()
            out: dict[str, list[dict]] = {"student": _rows(conn, _t("student"), _t("student").c.id == student)}
            sa = _t("submitted_assignment")
            out["submitted_assignment"] = _rows(conn, sa, (sa.c.student_id == student)
                                                & (sa.c.assignment_id == assignment_id))
            sn = _t("submitted_notebook")
            ids = [r["id"] for r in out["submitted_assignment"]]
            out["submitted_notebook"] = _rows(conn, sn, sn.c.assignment_id.in_(ids))
            nb_ids = [r["id"] for r in out["submitted_notebook"]]
            out["grade"] = _rows(conn, _t("grade"), _t("grade").c.notebook_id.in_(nb_ids))
            out["comment"] = _rows(conn, _t("comment"), _t("comment").c.notebook_id.in_(nb_ids))
            return out
    finally:
        engine.dispose()


def import_student(db_url: str, assignment: str, student: str, records: dict[str, list[dict]]) -> None:
    """Replace ``student``'s rows for ``assignment`` in the gradebook at ``db_url`` with ``records``."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            assignment_id = conn.execute(select(_t("assignment").c.id).where(
                _t("assignment").c.name == assignment)).scalar_one()
            st = _t("student")
            if conn.execute(select(st.c.id).where(st.c.id == student)).first() is None:
                rows = records.get("student") or [{"id": student}]
                conn.execute(st.insert(), [{k: _from_json(v) for k, v in r.items()} for r in rows])
            sa, sn = _t("submitted_assignment"), _t("submitted_notebook")
            old = [r.id for r in conn.execute(select(sa.c.id).where(
                (sa.c.student_id == student) & (sa.c.assignment_id == assignment_id)))]
            old_nbs = [r.id for r in conn.execute(select(sn.c.id).where(sn.c.assignment_id.in_(old)))]
            conn.execute(_t("grade").delete().where(_t("grade").c.notebook_id.in_(old_nbs)))
            conn.execute(_t("comment").delete().where(_t("comment").c.notebook_id.in_(old_nbs)))
            conn.execute(sn.delete().where(sn.c.id.in_(old_nbs)))
            conn.execute(sa.delete().where(sa.c.id.in_(old)))
            for name in _TABLES:
                rows = [{k: _from_json(v) for k, v in r.items()} for r in records.get(name, [])]
                if rows:
                    conn.execute(_t(name).insert(), rows)
    finally:
        engine.dispose()


class StaleGradebook(RuntimeError):
    """The gradebook holds another version of an assignment than the source notebooks."""


def _structure_rows(conn, assignment: str) -> dict[str, list[dict]] | None:  # noqa: ANN001 - a Connection
    """Every structure row of one assignment (course, assignment, notebooks, cells), or None if absent."""
    a = _t("assignment")
    row = conn.execute(select(a).where(a.c.name == assignment)).first()
    if row is None:
        return None
    rows: dict[str, list[dict]] = {"assignment": [dict(row._mapping)]}
    rows["course"] = [dict(r._mapping) for r in conn.execute(select(_t("course")).where(
        _t("course").c.id == row.course_id))]
    nb = _t("notebook")
    rows["notebook"] = [dict(r._mapping) for r in conn.execute(select(nb).where(nb.c.assignment_id == row.id))]
    notebook_ids = [r["id"] for r in rows["notebook"]]
    bc, sc = _t("base_cell"), _t("source_cell")
    rows["base_cell"] = [dict(r._mapping) for r in conn.execute(select(bc).where(bc.c.notebook_id.in_(notebook_ids)))]
    cell_ids = [r["id"] for r in rows["base_cell"]]
    for name in ("grade_cells", "solution_cells", "task_cells"):
        table = _t(name)
        rows[name] = [dict(r._mapping) for r in conn.execute(select(table).where(table.c.id.in_(cell_ids)))]
    rows["source_cell"] = [dict(r._mapping) for r in conn.execute(select(sc).where(sc.c.notebook_id.in_(notebook_ids)))]
    return rows


def _signature(rows: dict[str, list[dict]]) -> set[tuple]:
    """What must agree between two versions of an assignment: notebooks, cells, points, locked sources."""
    notebooks = {r["id"]: r["name"] for r in rows["notebook"]}
    cells = {r["id"]: (notebooks[r["notebook_id"]], r["name"], r["type"]) for r in rows["base_cell"]}
    points = {r["id"]: r["max_score"] for r in rows["grade_cells"]}
    signature = {(*cells[i], points.get(i)) for i in cells}
    signature |= {(notebooks[r["notebook_id"]], r["name"], "source", r["checksum"]) for r in rows["source_cell"]}
    return signature


def copy_assignment(template_url: str, target_url: str, assignment: str) -> None:
    """Give the gradebook at ``target_url`` the structure of ``assignment`` from ``template_url``.

    A target that already has the assignment keeps its own rows (its ids are
    the ones its grades refer to), provided it is the same version of the
    assignment; otherwise :class:`StaleGradebook` says so, instead of mixing
    two versions in one gradebook.
    """
    from nbgrader.api import Gradebook

    new_sqlite, template_path = _sqlite_path(target_url), _sqlite_path(template_url)
    fresh = bool(new_sqlite and template_path and not os.path.exists(new_sqlite))  # before an engine creates it
    target = create_engine(target_url)
    if "assignment" not in inspect(target).get_table_names():
        target.dispose()
        if fresh:
            # A copy of nbgrader's own empty-of-students gradebook: tables and schema stamp without
            # running alembic (seconds); its rows are replaced below.
            _empty_copy(template_path, new_sqlite)
        else:
            Gradebook(target_url).close()  # creates nbgrader's tables (and alembic's stamp) in a new database
        target = create_engine(target_url)
    source = create_engine(template_url)
    try:
        with source.connect() as src, target.begin() as dst:
            wanted = _structure_rows(src, assignment)
            if wanted is None:
                raise StaleGradebook(f"the course has no assignment {assignment!r}")
            present = _structure_rows(dst, assignment)
            if present is not None:
                if _signature(present) != _signature(wanted):
                    raise StaleGradebook(
                        f"the gradebook {target_url} holds another version of {assignment!r} than the source "
                        "notebooks (cells or points changed): grade into a new --out folder or --db")
                return
            for name in _STRUCTURE:
                rows = wanted.get(name, [])
                known = {r.id for r in dst.execute(select(_t(name).c.id))}
                rows = [r for r in rows if r["id"] not in known]
                if rows:
                    dst.execute(_t(name).insert(), rows)
    finally:
        source.dispose()
        target.dispose()


def _sqlite_path(url: str) -> str | None:
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None


def _empty_copy(template: str, path: str) -> None:
    """Copy the gradebook file ``template`` to ``path`` and delete every row (the schema stays)."""
    shutil.copyfile(template, path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            for name in reversed(_ALL_ROWS):
                conn.execute(_t(name).delete())
    finally:
        engine.dispose()


def structure_copy(main_url: str, assignments: list[str], template: str, path: str) -> None:
    """Write at ``path`` a gradebook holding only the structure of ``assignments`` from ``main_url``.

    ``template`` is a gradebook nbgrader made (tables and schema stamp, as
    ``generate_assignment`` leaves it); its rows are replaced. Workers grade in
    copies of the result, so the ids in the rows they send back are the main
    gradebook's.
    """
    _empty_copy(template, path)
    source, target = create_engine(main_url), create_engine(f"sqlite:///{path}")
    try:
        with source.connect() as src, target.begin() as dst:
            for assignment in assignments:
                rows = _structure_rows(src, assignment) or {}
                for name in _STRUCTURE:
                    known = {r.id for r in dst.execute(select(_t(name).c.id))}
                    fresh = [r for r in rows.get(name, []) if r["id"] not in known]
                    if fresh:
                        dst.execute(_t(name).insert(), fresh)
    finally:
        source.dispose()
        target.dispose()


_STRUCTURE = ("course", "assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "task_cells",
              "source_cell")
#: Every table of rows, parents first (deleted children first).
_ALL_ROWS = (*_STRUCTURE, "student", "submitted_assignment", "submitted_notebook", "grade", "comment")
