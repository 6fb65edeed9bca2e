"""The student's loop in a real browser: JupyterLab as ``make lab`` starts it, driven by Playwright and Chromium.

Run them alone with ``pytest -m browser``. They need Playwright for Python (the
``dev`` extra) and Debian's ``chromium`` (``apt-get install chromium``);
without them the module is skipped with one line saying so.
Screenshots of every notebook land in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from grading.paths import REPO_ROOT, source_notebooks

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("REGLAB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None
if CHROMIUM is None or sync_playwright is None:
    pytest.skip("browser tests NOT run: " + ("no Chromium found (apt-get install chromium, or set REGLAB_CHROMIUM)"
                                            if CHROMIUM is None else "Playwright missing (pip install -e '.[dev]')"),
                allow_module_level=True)

sys.path.insert(0, str(REPO_ROOT / "student_config"))
from lab import lab_command, student_environment  # noqa: E402

NOTEBOOKS = [p.name for p in source_notebooks("regularization")]
FIGURES = {"1_baseline.ipynb": 3, "2_l2_regularization.ipynb": 2, "3_dropout.ipynb": 2}
FIRST_EXERCISE = {"1_baseline.ipynb": "count_parameters", "2_l2_regularization.ipynb":
                  "compute_cost_with_regularization", "3_dropout.ipynb": "forward_propagation_with_dropout"}
RUN_ALL_SECONDS = 15


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, venv_env):
    """The student's JupyterLab on a fresh release: (base url, token, root folder, output folder, log path)."""
    out = tmp_path_factory.mktemp("browser")
    built = subprocess.run([sys.executable, "-m", "grading", "release", "--out", str(out / "release")],
                           cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    root = out / "release" / "regularization"
    shutil.copytree(root, out / "pristine")
    settings = out / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Every cell stays in the page, so that the test can read every output.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = student_environment(venv_env)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(out / "settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(out / "workspaces")
    port, token = _free_port(), secrets.token_hex(16)
    options = [f"--port={port}", f"--IdentityProvider.token={token}", "--no-browser", f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.append("--allow-root")
    log = out / "server.log"
    with open(log, "w") as handle:
        server = subprocess.Popen(lab_command(*options), cwd=root, env=env, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start:\n" + log.read_text()[-3000:])
    yield base, token, root, out, log
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Student:
    """One notebook open in a browser tab, with the console errors collected."""

    def __init__(self, browser, base: str, token: str, name: str) -> None:
        self.base, self.token, self.name = base, token, name
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # A fresh workspace per tab: only this notebook is open in it.
        workspace = "w" + secrets.token_hex(4)
        self.page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?token={token}&reset")
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        self.idle()

    def kernel_state(self) -> str:
        """The execution state of this notebook's kernel, as the server reports it ("missing" before it exists)."""
        with urllib.request.urlopen(f"{self.base}/api/sessions?token={self.token}", timeout=10) as reply:
            sessions = json.loads(reply.read())
        states = [s["kernel"]["execution_state"] for s in sessions if s["path"].endswith(self.name)]
        return states[0] if states else "missing"

    def idle(self, timeout: float = 120) -> None:
        """Wait until the kernel is idle and no cell is running or queued, twice in a row."""
        deadline = time.time() + timeout
        calm = 0
        while time.time() < deadline:
            busy = self.page.evaluate("""() => [...document.querySelectorAll('.jp-InputPrompt')]
                .some(p => p.textContent.includes('*'))""")
            calm = calm + 1 if not busy and self.kernel_state() == "idle" else 0
            if calm >= 3:
                return
            time.sleep(0.4)
        raise AssertionError("the notebook did not finish running")

    def menu(self, menu: str, item: str) -> None:
        self.page.click(f"#jp-MainMenu >> text={menu}")
        self.page.click(f".lm-Menu-content >> text={item}")

    def run_all(self) -> float:
        start = time.time()
        self.menu("Run", "Run All Cells")
        time.sleep(1)
        self.idle()
        return time.time() - start

    def restart_and_run_all(self) -> float:
        start = time.time()
        self.menu("Kernel", "Restart Kernel and Run All Cells…")
        self.page.click(".jp-Dialog-footer >> text=Restart")
        time.sleep(2)
        self.idle()
        return time.time() - start

    def outputs(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.innerText)")

    def validate(self) -> str:
        self.page.click(".jp-Toolbar >> text=Validate")
        dialog = self.page.wait_for_selector(".jp-Dialog-content", timeout=120_000)
        text = dialog.inner_text()
        self.page.click(".jp-Dialog-footer button")
        return text

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)

    def close(self) -> None:
        self.page.close()


def _answered(release: Path, name: str) -> None:
    """Put the reference solutions into the release notebook ``name``, as a student who got them right."""
    answers = {}
    for cell in nbformat.read(REPO_ROOT / "notebooks" / "regularization" / name, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = "\n".join(line for line in cell.source.splitlines()
                                                  if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    nb = nbformat.read(release / name, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(nb, release / name)


def _error_texts(student: Student) -> list[str]:
    return student.outputs('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')


def test_unanswered_notebooks_stop_at_the_first_exercise_with_a_short_message(lab, browser):
    base, token, root, out, _ = lab
    for name in NOTEBOOKS:
        student = Student(browser, base, token, name)
        student.run_all()
        errors = _error_texts(student)
        student.screenshot(out / f"unanswered-{name}.png")
        assert len(errors) == 1, f"{name}: Run All should stop at the first failing test, got {errors}"
        message = errors[0]
        assert message.startswith("Public test failed."), message
        assert FIRST_EXERCISE[name] in message and "not answered yet" in message, message
        assert len(message.strip().splitlines()) <= 15, message
        assert "public_tests" not in message and str(REPO_ROOT) not in message and ".py" not in message, message
        verdict = student.validate()
        assert "Success" not in verdict and FIRST_EXERCISE[name] in verdict, verdict
        assert student.errors == [], f"{name}: console errors {student.errors}"
        student.close()


def test_answered_notebooks_run_clean_and_validate(lab, browser):
    base, token, root, out, log = lab
    timings = {}
    for name in NOTEBOOKS:
        _answered(root, name)
        student = Student(browser, base, token, name)
        timings[name] = student.restart_and_run_all()
        student.screenshot(out / f"answered-{name}.png")
        assert _error_texts(student) == [], f"{name}: {_error_texts(student)}"
        text = "\n".join(student.outputs(".jp-OutputArea-output"))
        assert text.count("All tests passed.") == 2, name
        figures = student.page.eval_on_selector_all(".jp-OutputArea-output", """nodes => nodes.filter(
            n => n.getAttribute('data-mime-type') === 'image/png').map(n => n.querySelectorAll('img').length)""")
        assert len(figures) == FIGURES[name] and all(count == 1 for count in figures), (name, figures)
        verdict = student.validate()
        assert "Success! Your notebook passes all the tests." in verdict, verdict
        assert student.errors == [], f"{name}: console errors {student.errors}"
        student.close()
    print("restart-and-run-all seconds: " + ", ".join(f"{k}: {v:.1f}" for k, v in timings.items()))
    (out / "timings.json").write_text(json.dumps(timings))
    assert all(seconds < RUN_ALL_SECONDS for seconds in timings.values()), timings
    server_log = log.read_text()
    for bad in ("Traceback", "[E ", "exchange directory", "formgrader"):
        assert bad not in server_log, f"the server log shows {bad!r}:\n{server_log[-3000:]}"


def test_validate_server_call_and_cli_agree(lab, venv_env):
    base, token, root, out, _ = lab
    request = urllib.request.Request(f"{base}/assignments/validate?token={token}", method="POST",
                                     data=json.dumps({"path": "1_baseline.ipynb"}).encode(),
                                     headers={"Content-Type": "application/json"})
    reply = json.loads(urllib.request.urlopen(request, timeout=300).read())
    assert reply["success"], reply
    env = student_environment(venv_env)
    blank = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "1_baseline.ipynb"], cwd=out / "pristine",
                           env=env, capture_output=True, text=True, timeout=300)
    assert "Success" not in blank.stdout and "count_parameters" in blank.stdout, blank.stdout + blank.stderr
    assert "cannot be converted to a float" not in blank.stdout + blank.stderr
    if (root / "runs").is_dir():  # answered by the test above
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "1_baseline.ipynb"], cwd=root,
                              env=env, capture_output=True, text=True, timeout=300)
        assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout + done.stderr
