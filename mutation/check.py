"""Does a test kill this mutant? Re-plant surviving mutants one at a time and run chosen tests.

After ``make mutation``, a survivor is a gap in the tests. Once a new test is
written, this script checks it without a whole new mutation run: for each
mutant name it copies the working tree (with the new test) to a scratch
folder, plants the mutant's change there (taken from ``mutmut show`` in the
last run's folder), runs the given pytest arguments, and says KILLED when the
tests fail, SURVIVED when they pass::

    .venv/bin/python mutation/check.py grading.batch.state.xǁResumeStoreǁsave__mutmut_6 \\
        -- tests/grading/test_state.py

The working tree is never changed. Several checks may run at once (each has
its own scratch folder).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _IGNORE, ROOT, WORK, require_last_run  # noqa: E402 - the last run's folder and copy rules

#: Seconds the tests may take with a mutant planted before it counts as killed (an endless loop).
TIMEOUT = 300


@dataclass(frozen=True)
class Mutant:
    """One mutant: the file it lives in and its function's text before and after."""

    name: str
    path: str
    before: str
    after: str
    removed: str = ""
    added: str = ""


def show(name: str) -> str:
    """``mutmut show NAME`` in the last run's scratch folder."""
    done = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=WORK, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"mutmut show {name} failed:\n{done.stdout[-2000:]}")
    return done.stdout


def parse(name: str, diff: str) -> Mutant:
    """The mutant's file and its function's text before and after, from a unified diff."""
    lines = diff.splitlines()
    path = next((line[4:].strip() for line in lines if line.startswith("--- ")), None)
    if path is None:
        raise SystemExit(f"no diff for {name}")
    before, after, removed, added, in_hunk = [], [], [], [], False
    for line in lines:
        if line.startswith("@@"):
            in_hunk = True
            continue
        if not in_hunk or line.startswith(("---", "+++")):
            continue
        body = line[1:] if line[:1] in (" ", "-", "+") else line
        if line.startswith("-"):
            before.append(body)
            removed.append(body)
        elif line.startswith("+"):
            after.append(body)
            added.append(body)
        else:
            before.append(body)
            after.append(body)
    return Mutant(name, path, "\n".join(before), "\n".join(after), "\n".join(removed), "\n".join(added))


def plant(mutant: Mutant, tree: Path) -> None:
    """Replace the function's text in ``tree`` by its mutated text (at whatever indentation it sits)."""
    target = tree / mutant.path
    source = target.read_text()
    # The whole function first; if it has changed since the run, the changed lines alone, if unique.
    for before, after in ((mutant.before, mutant.after), (mutant.removed, mutant.added)):
        for indent in ("", "    ", "        ", "            "):
            old = "\n".join(indent + line if line else line for line in before.split("\n"))
            new = "\n".join(indent + line if line else line for line in after.split("\n"))
            if old and source.count(old) == 1:
                target.write_text(source.replace(old, new))
                return
    raise SystemExit(f"{mutant.name}: the function's text was not found once in {mutant.path} "
                     "(changed since the mutation run?)")


def check(mutant: Mutant, pytest_args: list[str], verbose: bool) -> bool:
    """True when the tests fail with the mutant planted (the mutant is killed)."""
    with tempfile.TemporaryDirectory(prefix="mutcheck-") as scratch:
        tree = Path(scratch) / "tree"
        shutil.copytree(ROOT, tree, ignore=_IGNORE, symlinks=True)
        plant(mutant, tree)
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        try:
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                   "-m", "not slow and not browser", *pytest_args], cwd=tree, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return True  # the mutant made the tests hang: noticed, as mutmut's own timeout would
        if verbose:
            print(done.stdout[-3000:])
        if done.returncode == 5:
            raise SystemExit(f"{mutant.name}: no test was collected by {pytest_args}")
        return done.returncode != 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", help="mutant names, as mutation/run.py --report lists them")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the end of pytest's output")
    argv = sys.argv[1:] if argv is None else argv
    pytest_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pytest_args = argv[:cut], argv[cut + 1:]
    options = parser.parse_args(argv)
    require_last_run()
    survived = 0
    for name in options.names:
        name = re.sub(r"\s+\(exit.*$", "", name.strip())
        killed = check(parse(name, show(name)), pytest_args or ["tests"], options.verbose)
        survived += not killed
        print(f"{'KILLED  ' if killed else 'SURVIVED'} {name}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
