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
from typing import Any

from nbgrader.api import Base
from sqlalchemy import create_engine, select

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


_STRUCTURE = ("course", "assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "task_cells",
              "source_cell")


def copy_assignment(template_url: str, target_url: str, assignment: str) -> None:
    """Give the gradebook at ``target_url`` the assignment's structure (cells, ids) of ``template_url``.

    Graders work on copies of the template, so the cell ids in their grade rows
    must be the template's. A target that already has the assignment is left alone.
    """
    from nbgrader.api import Gradebook

    Gradebook(target_url).close()  # creates nbgrader's tables in a new database
    source, target = create_engine(template_url), create_engine(target_url)
    try:
        with source.connect() as src, target.begin() as dst:
            a = _t("assignment")
            if dst.execute(select(a.c.id).where(a.c.name == assignment)).first() is not None:
                return
            for name in _STRUCTURE:
                rows = [dict(r._mapping) for r in src.execute(select(_t(name)))]
                present = {r.id for r in dst.execute(select(_t(name).c.id))}
                rows = [r for r in rows if r["id"] not in present]
                if rows:
                    dst.execute(_t(name).insert(), rows)
    finally:
        source.dispose()
        target.dispose()
