"""Is a gradebook sound? Checked at the end of every batch, on any SQLAlchemy URL.

:func:`integrity_problems` lists, for one assignment: SQLite's own integrity
check, students with more than one submission or unknown to the gradebook,
submissions missing notebooks, graded cells without a grade row, answer cells
without a comment row, and scores outside ``0..max_score``. A file that is not
a database at all is reported as such, not raised.
"""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.exc import DatabaseError

from .sync import table as _t


def integrity_problems(db_url: str, assignment: str) -> list[str]:
    """Everything wrong with the gradebook's records of ``assignment``; empty when it is sound."""
    problems: list[str] = []
    engine = create_engine(db_url)
    try:
        return _problems(engine, assignment, problems)
    except DatabaseError as exc:
        return problems + [f"the gradebook cannot be read as a database: {str(exc.orig)[:200]}"]
    finally:
        engine.dispose()


def _problems(engine, assignment: str, problems: list[str]) -> list[str]:  # noqa: ANN001 - a SQLAlchemy Engine
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if verdict != "ok":
                problems.append(f"SQLite integrity check: {verdict}")
        a = _t("assignment")
        assignment_id = conn.execute(select(a.c.id).where(a.c.name == assignment)).scalar_one_or_none()
        if assignment_id is None:
            return problems + [f"the gradebook has no assignment {assignment!r}"]
        nb, gc, bc = _t("notebook"), _t("grade_cells"), _t("base_cell")
        sol = _t("solution_cells")
        notebooks = {r.id: r.name for r in conn.execute(select(nb).where(nb.c.assignment_id == assignment_id))}
        cells = {r.id: (r.name, r.notebook_id) for r in conn.execute(
            select(bc).where(bc.c.notebook_id.in_(list(notebooks))))}
        # Autograded cells and manually graded task cells both get a grade row, each with its own max score.
        max_score = {r.id: r.max_score for r in conn.execute(select(gc))}
        max_score |= {r.id: r.max_score for r in conn.execute(select(_t("task_cells")))}
        answer_ids = {r.id for r in conn.execute(select(sol))} | {r.id for r in conn.execute(
            select(_t("task_cells")))}
        sa, sn = _t("submitted_assignment"), _t("submitted_notebook")
        submissions = list(conn.execute(select(sa).where(sa.c.assignment_id == assignment_id)))
        students = [s.student_id for s in submissions]
        for student in {s for s in students if students.count(s) > 1}:
            problems.append(f"{student}: more than one submission")
        known_students = {r.id for r in conn.execute(select(_t("student").c.id))}
        for sub in submissions:
            if sub.student_id not in known_students:
                problems.append(f"{sub.student_id}: submission of an unknown student")
            subs = list(conn.execute(select(sn).where(sn.c.assignment_id == sub.id)))
            if sorted(notebooks[s.notebook_id] for s in subs if s.notebook_id in notebooks) != sorted(
                    notebooks.values()):
                problems.append(f"{sub.student_id}: notebooks {sorted(s.notebook_id for s in subs)} "
                                f"do not match the assignment's")
            for s in subs:
                grades = list(conn.execute(select(_t("grade")).where(_t("grade").c.notebook_id == s.id)))
                want = {cid for cid, (_, nid) in cells.items() if nid == s.notebook_id and cid in max_score}
                got = [g.cell_id for g in grades]
                if sorted(got) != sorted(want):
                    problems.append(f"{sub.student_id}/{notebooks.get(s.notebook_id)}: grade rows "
                                    f"{len(got)} for {len(want)} graded cells")
                for g in grades:
                    top = max_score.get(g.cell_id, 0.0)
                    for score in (g.auto_score, g.manual_score):
                        if score is not None and not (0.0 <= score <= top):
                            problems.append(f"{sub.student_id}: score {score} outside 0..{top} for "
                                            f"{cells.get(g.cell_id, ('?',))[0]}")
                comments = list(conn.execute(select(_t("comment")).where(_t("comment").c.notebook_id == s.id)))
                want_c = {cid for cid, (_, nid) in cells.items() if nid == s.notebook_id and cid in answer_ids}
                if sorted(c.cell_id for c in comments) != sorted(want_c):
                    problems.append(f"{sub.student_id}/{notebooks.get(s.notebook_id)}: comment rows do "
                                    f"not match the answer cells")
    return problems
