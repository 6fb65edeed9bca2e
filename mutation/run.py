"""Mutation testing of the course packages and the grader's logic, with a score per package.

Runs mutmut 3 over a scratch copy of the working tree (``build/mutation/work``,
so the tree itself never holds mutants), on the fast unit layer only
(``-m "not slow and not browser"``), then prints killed/total per package
and per grading module, like a benchmark::

    .venv/bin/python mutation/run.py            # everything (make mutation)
    .venv/bin/python mutation/run.py --package public_tests
    .venv/bin/python mutation/run.py --report   # the table of the last run, survivors listed

Targets: 90% killed in reg_utils and public_tests, 80% in the grading modules.
Survivors that no test can kill are listed, with why, in mutation/equivalent.md;
they count as killed in the score only when listed there (shown separately).
Exit status 1 when a package is under its target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The scratch copy; REGLAB_MUTATION_WORK names another (a second run while the last one's mutants are still read).
WORK = Path(os.environ.get("REGLAB_MUTATION_WORK") or ROOT / "build" / "mutation" / "work").resolve()
EQUIVALENT = HERE / "equivalent.md"

#: The files mutated, per package (paths relative to the repository root).
GRADING_MODULES = [
    "grading/reports/results.py",
    "grading/reports/messages.py",
    "grading/reports/feedback.py",
    "grading/verdict/repair.py",
    "grading/batch/state.py",
    "grading/batch/intake.py",
    "grading/gradebook/integrity.py",
    "grading/gradebook/sync.py",
    "grading/sandbox/guest/wire.py",
    "grading/sandbox/guest/bridge.py",
]
PACKAGES = {
    "reg_utils": ["reg_utils/*.py"],
    "public_tests": ["public_tests/*.py"],
    "testCases": ["testCases/*.py"],
    "grading": GRADING_MODULES,
}
TARGETS = {"reg_utils": 0.90, "public_tests": 0.90, "testCases": 0.90, "grading": 0.80}

#: The fast unit layer, less the tests that start sandboxes or kernels in other processes: the
#: mutants live only in this process, and mutmut learns which test reaches which function from
#: in-process calls, then runs only those tests against each mutant of that function.
OUT_OF_PROCESS = {"tests/test_browser.py", "tests/grading/test_session.py", "tests/grading/test_landlock.py",
                  "tests/grading/test_cgroups.py", "tests/grading/test_kernel_call.py",
                  "tests/grading/test_secure_execute.py"}


def _tests() -> list[str]:
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py"))
    return [t for t in found if t not in OUT_OF_PROCESS]


_IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "mutants", "__pycache__", "*.egg-info", ".pytest_cache",
                                 ".ruff_cache", "runs", ".ipynb_checkpoints")


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(packages: list[str]) -> None:
    """A fresh scratch copy of the working tree with mutmut's settings for ``packages``."""
    if WORK.exists():
        shutil.rmtree(WORK)
    shutil.copytree(ROOT, WORK, ignore=_IGNORE, symlinks=True)
    tests = _tests()
    mutate = [pattern for p in packages for pattern in PACKAGES[p]]
    # everything else the tests read (notebooks, data, README, pyproject, environment.yml, .ci, ...)
    others = sorted(p.name for p in WORK.iterdir() if p.name not in PACKAGES)
    settings = f"""

[tool.mutmut]
source_paths = {_toml_list(sorted(PACKAGES))}
only_mutate = {_toml_list(mutate)}
also_copy = {_toml_list(others)}
pytest_add_cli_args = ["-m", "not slow and not browser", "-p", "no:cacheprovider", "-q"]
pytest_add_cli_args_test_selection = {_toml_list(tests)}
use_git_change_detection = false
"""
    with open(WORK / "pyproject.toml", "a") as handle:
        handle.write(settings)


def run_mutmut(jobs: int) -> float:
    """Run mutmut in the scratch copy; return the seconds it took."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)], cwd=WORK, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    (WORK.parent / "mutmut.log").write_text(done.stdout)
    if done.returncode != 0:
        print(done.stdout[-4000:], file=sys.stderr)
        raise SystemExit(f"mutmut failed (exit {done.returncode}); the log is {WORK.parent / 'mutmut.log'}")
    return elapsed


_KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}  # failed, pytest error, timeout, crash: the mutant was noticed


def equivalent_mutants() -> set[str]:
    """Names of the mutants listed in equivalent.md (a line starting with ``- `name` ``)."""
    if not EQUIVALENT.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", EQUIVALENT.read_text(), re.M))


def require_last_run() -> None:
    """Exit with status 2 and a sentence when the scratch copy holds no mutation run to read."""
    if not any((WORK / "mutants").rglob("*.py.meta")):
        print(f"no mutation run to read in {WORK}: run `make mutation` first", file=sys.stderr)
        raise SystemExit(2)


def collect() -> dict[str, dict[str, int | None]]:
    """file -> mutant name -> exit code, from mutmut's records in the scratch copy."""
    found = {}
    for meta in sorted((WORK / "mutants").rglob("*.py.meta")):
        path = str(meta.relative_to(WORK / "mutants"))[: -len(".meta")]
        found[path] = json.loads(meta.read_text())["exit_code_by_key"]
    return found


def report(records: dict[str, dict[str, int | None]], packages: list[str], elapsed: float | None,
           show_survivors: bool) -> bool:
    equivalent = equivalent_mutants()
    ok = True
    rows = []
    survivors = []
    for package in packages:
        totals: Counter = Counter()
        files = []
        for path, codes in sorted(records.items()):
            if path.split("/")[0] != package:
                continue
            per_file: Counter = Counter()
            for name, code in codes.items():
                per_file["total"] += 1
                if code in _KILLED:
                    per_file["killed"] += 1
                elif name in equivalent:
                    per_file["equivalent"] += 1
                else:
                    per_file["survived"] += 1
                    survivors.append((name, code))
            totals.update(per_file)
            files.append((f"  {path}", per_file))
        rows.append((package, totals))
        if package == "grading":
            rows += files
        score = (totals["killed"] + totals["equivalent"]) / totals["total"] if totals["total"] else 1.0
        if score < TARGETS[package]:
            ok = False
    print(f"{'package':<42} {'killed':>7} {'equiv':>6} {'total':>6} {'score':>7}  target")
    for label, c in rows:
        if not c["total"]:
            continue
        target = f"{TARGETS[label]:.0%}" if label in TARGETS else ""
        shown = score_text(c["killed"] + c["equivalent"], c["total"])
        print(f"{label:<42} {c['killed']:>7} {c['equivalent']:>6} {c['total']:>6} {shown:>7}  {target}")
    if elapsed is not None:
        print(f"mutation run: {elapsed / 60:.1f} min")
    stale = _stale_equivalents(records, equivalent, packages)
    if stale:
        # mutmut numbers the mutants of a function in order: a changed function renumbers them, and a listed
        # name may then point at another mutant. A listed mutant that tests now kill is one of those.
        print(f"\n{len(stale)} mutants listed in {EQUIVALENT.name} are killed or gone (renumbered? look again):")
        for name in stale:
            print(f"  {name}")
    if show_survivors and survivors:
        print(f"\n{len(survivors)} mutants neither killed nor listed in {EQUIVALENT.name} "
              "(see one with: cd build/mutation/work && ../../../.venv/bin/python -m mutmut show NAME):")
        for name, code in sorted(survivors):
            print(f"  {name}  (exit {code})")
    return ok


def score_text(accounted: int, total: int) -> str:
    """``accounted`` of ``total`` mutants as a percentage with one decimal, rounded down.

    Rounded down so that "100.0%" is printed only when every mutant is killed or listed.
    """
    tenths = 1000 * accounted // total
    return f"{tenths // 10}.{tenths % 10}%"


def _stale_equivalents(records: dict[str, dict[str, int | None]], equivalent: set[str],
                       packages: list[str]) -> list[str]:
    """Listed equivalents of the packages run that this run killed or did not make."""
    codes = {name: code for path, by_name in records.items() if path.split("/")[0] in packages
             for name, code in by_name.items()}
    prefixes = tuple(f"{package}." for package in packages)
    return sorted(name for name in equivalent
                  if name.startswith(prefixes) and (name not in codes or codes[name] in _KILLED))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", action="append", choices=sorted(PACKAGES),
                        help="mutate only this package (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants tested at once")
    parser.add_argument("--report", action="store_true", help="print the table of the last run without running")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    args = parser.parse_args(argv)
    packages = args.package or list(PACKAGES)
    elapsed = None
    if args.report:
        require_last_run()
    else:
        prepare(packages)
        elapsed = run_mutmut(args.jobs)
    ok = report(collect(), packages, elapsed, args.survivors or args.report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
