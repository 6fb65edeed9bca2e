"""The hostile corpus graded in one parallel batch: every case gets exactly its honest score.

Besides the scores, the test checks what the red team broke before: nothing
outside a student's sandbox is read or written (a secret file and its mode, a
folder of the test's), nothing reaches the test's UDP, TCP and Unix-socket
listeners, no process survives the batch, the grader's environment never
shows, the gradebook stays sound, feedback hides every hidden test and
hidden value and carries no script, and outputs stay small.
"""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import nbformat
import pytest

from grading.batch.orchestrator import autograde
from grading.course.prepare import prepare_course
from grading.gradebook.integrity import integrity_problems
from grading.paths import source_notebooks
from grading.settings import Limits
from tests.hostile_corpus import BAD_FOLDER, CASES, LINKED_FOLDER, build_corpus
from tests.processes import processes_with

pytestmark = pytest.mark.slow

LIMITS = Limits(cell_timeout=10, notebook_timeout=90, memory_mb=1024, max_processes=64, disk_mb=128)
SECRET_ENV = "REGLAB_CORPUS_SECRET"
SECRET_VALUE = "env-secret-3f9a1c"
SECRET_TEXT = "file-secret-8be21d"
MARKER = "reglab-corpus-daemon"


def hidden_values() -> set[str]:
    """Every long number written in a hidden test cell of the sources: none may reach a student."""
    found = set()
    for notebook in source_notebooks("regularization"):
        for cell in nbformat.read(notebook, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                found |= set(re.findall(r"-?\d+\.\d{6,}", cell.source))
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    sentinel = root / "sentinel"
    sentinel.mkdir()
    (sentinel / "secret.txt").write_text(SECRET_TEXT)
    os.chmod(sentinel / "secret.txt", 0o600)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(5)
    tcp.setblocking(False)
    unix_path = str(root / "listener.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    unix.bind(unix_path)
    unix.setblocking(False)
    subs = {"__SENTINEL_DIR__": str(sentinel), "__UDP_PORT__": str(udp.getsockname()[1]),
            "__TCP_PORT__": str(tcp.getsockname()[1]), "__UNIX_SOCKET__": unix_path, "__MARKER__": MARKER}
    course = prepare_course(root / "grading", ["regularization"])
    cases = build_corpus(course / "release" / "regularization", root / "submissions",
                         sources=course / "source" / "regularization", subs=subs)
    os.environ[SECRET_ENV] = SECRET_VALUE
    try:
        results = autograde(root / "submissions", root / "grading", ["regularization"], jobs=2, limits=LIMITS,
                            progress=False)
    finally:
        del os.environ[SECRET_ENV]
    received = []
    for sock in (udp, unix):
        try:
            received.append(sock.recv(4096))
        except BlockingIOError:
            pass
    try:
        received.append(tcp.accept())
    except BlockingIOError:
        pass
    for sock in (udp, tcp, unix):
        sock.close()
    return root, cases, results, received, sentinel


def _everything_said(result) -> str:
    texts = list(result.warnings)
    texts += [cell.message for _, _, _, cell in result.cells()]
    return "\n".join(texts)


def _feedback(root: Path, student: str) -> str:
    return "\n".join(p.read_text() for p in (root / "grading" / "feedback" / student).rglob("*.html"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gets_its_honest_score_and_a_reason(graded, case, request):
    if case.xfail:
        request.applymarker(pytest.mark.xfail(reason=case.xfail, strict=True))
    _, _, results, _, _ = graded
    assert results[case.name].total("regularization") == case.score
    if case.says:
        assert case.says in _everything_said(results[case.name])


def test_badly_named_and_linked_folders_are_skipped_with_a_reason(graded):
    _, _, results, _, _ = graded
    assert "not a valid student id" in results.skipped[BAD_FOLDER]
    assert "symbolic link" in results.skipped[LINKED_FOLDER]
    assert LINKED_FOLDER not in results.students


def test_nothing_outside_the_sandbox_was_read_or_written(graded):
    root, _, results, _, sentinel = graded
    assert sorted(p.name for p in sentinel.iterdir()) == ["secret.txt"]
    assert (sentinel / "secret.txt").read_text() == SECRET_TEXT
    assert oct((sentinel / "secret.txt").stat().st_mode & 0o777) == oct(0o600)
    assert not list(root.glob("**/pwned*"))
    for student in ("writes-everywhere", "plants-symlinks"):
        text = _feedback(root, student)
        # The printed lines, not the student's source: "WROTE /path", "CHMOD /path", "READ <content>".
        assert SECRET_TEXT not in text and "WROTE /" not in text and "CHMOD /" not in text
        assert results[student].total("regularization") == 13
    stolen = _feedback(root, "hunts-hidden-tests")
    for name in ("count_parameters", "mean_abs_weights", "compute_cost_with_regularization"):
        assert f"nothing to steal for {name}" in stolen


def test_nothing_reached_the_network_or_other_sockets(graded):
    root, _, _, received, _ = graded
    assert received == []
    text = _feedback(root, "network-exfiltration")
    # A datagram "sent" inside the sandbox's own network namespace reaches nobody: the listeners above got
    # nothing. A connection, which needs an answer, must fail outright.
    assert "SENT tcp 127.0.0.1" not in text and "SENT tcp ::1" not in text and "blocked tcp 127.0.0.1" in text
    assert "SENT unix\n" not in text


def test_the_grader_environment_never_shows(graded):
    root, _, results, _, _ = graded
    everything = _feedback(root, "proc-snoop") + (root / "grading" / "results.json").read_text()
    assert SECRET_VALUE not in everything
    assert str(root) not in _feedback(root, "proc-snoop")  # no grader path in what the kernel saw


def test_no_process_survives_the_batch(graded):
    assert processes_with(MARKER) == []


def test_sandbox_caps_memory_processes_and_disk(graded):
    root, _, _, _, _ = graded
    memory = _feedback(root, "forked-memory")
    assert "children holding 900 MB after 4 s: 3" not in memory
    forked = re.search(r"forked children: (\d+)", _feedback(root, "fork-bomb"))
    assert forked and int(forked.group(1)) < LIMITS.max_processes
    written = [int(n) for n in re.findall(r"wrote MB: (\d+)", _feedback(root, "disk-filler"))]
    assert written and max(written) <= LIMITS.disk_mb


def test_gradebook_is_sound_and_holds_every_student_once(graded):
    root, cases, results, _, _ = graded
    db_url = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    assert integrity_problems(db_url, "regularization") == []
    rows = (root / "grading" / "grades.csv").read_text().splitlines()[1:]
    graded_students = sorted(s for s in results.students)
    assert sorted(row.split(",")[3] for row in rows) == graded_students  # student_id column
    assert set(graded_students) == set(cases)


def test_outputs_stay_small(graded):
    root, _, _, _, _ = graded
    for student in ("print-flood", "display-flood"):
        assert "output truncated" in _feedback(root, student) or "dropped" in _feedback(root, student)
    for page in (root / "grading" / "feedback").rglob("*.html"):
        assert page.stat().st_size < 2_100_000, page
    for record in (root / "grading" / "state").glob("*.json"):
        assert record.stat().st_size < 5_000_000, record
    assert (root / "grading" / "results.json").stat().st_size < 5_000_000


def test_feedback_hides_hidden_tests_and_values_and_runs_no_script(graded):
    root, cases, results, _, _ = graded
    values = hidden_values()
    assert len(values) >= 10  # the check has something to look for
    pages = list((root / "grading" / "feedback").rglob("*.html"))
    assert len(pages) >= 3 * (len(cases) - 10)
    for page in pages:
        text = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in text or "hidden-marker-in-a-comment" in page.parts
        assert not re.search(r"<script|<[^>]*\son\w+\s*=|href=\"javascript:", text, flags=re.I), page
        leaked = [v for v in values if v in text]
        assert leaked == [], (page, leaked)
    said = (root / "grading" / "results.json").read_text()
    assert [v for v in values if v in said] == []
    for student in ("hidden-marker-in-a-comment", "moved-and-deleted-ungraded-cells"):
        assert len(list((root / "grading" / "feedback" / student / "regularization").glob("*.html"))) == 3


def test_gradescope_files_match_the_verdicts(graded):
    root, cases, results, _, _ = graded
    for name in cases:
        report = json.loads((root / "grading" / "gradescope" / name / "results.json").read_text())
        result = results[name]
        assert report["score"] == result.total()
        verdicts = {f"{a} / {nb}: {g}": c for a, nb, g, c in result.cells()}
        assert {t["name"] for t in report["tests"]} == set(verdicts)
        for test in report["tests"]:
            cell = verdicts[test["name"]]
            assert test["score"] == cell.score and test["max_score"] == cell.max_score
            assert test["status"] == ("passed" if cell.score >= cell.max_score else "failed")
            if test["status"] == "failed":
                assert test["output"] == (cell.message or "did not pass")
