"""`make grade` on a small class of a tiny assignment: runaway submissions score zero, the rest are graded.

The assignment is built here (three one-line exercises, ``add_three`` calling
``add``), so the limits can be a few seconds: an endless loop that ignores the
per-cell interrupt is stopped by the wall-clock limit with its whole process
tree, a runaway allocation by the memory limit, and a loop that can be
interrupted by the per-cell timeout; a syntax error costs only the exercises
that use it; a notebook under the wrong name is a missing notebook.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from _course import submit, with_answers

from watchtower._nbgrader import REPO, nbgrader_env, run_nbgrader

ASSIGNMENT = "limits"
TIME_LIMIT = 8       # seconds of wall clock for the runaway loop
CELL_TIMEOUT = 5     # seconds per cell for the class


def _cell(source, **nbgrader):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip())
    cell.metadata["nbgrader"] = {"schema_version": 3, "grade": False, "solution": False,
                                 "locked": not nbgrader.get("solution"), **nbgrader}
    return cell


def _solution(name, body):
    return _cell(f"def {name}(x):\n    ### BEGIN SOLUTION\n    {body}\n    ### END SOLUTION",
                 grade_id=name, solution=True)


def _test(name, call, want):
    return _cell(f'"""Check {name}."""\nassert {call} == {want}, f"{call} should be {want}, got {{{call}}}"\n'
                 "### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS", grade_id=f"test_{name}", grade=True, points=1)


def _assignment() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[
        _cell("print('hello')", grade_id="intro"),
        _solution("add", "return x + 1"), _test("add", "add(1)", 2),
        _solution("add_three", "return add(add(add(x)))"), _test("add_three", "add_three(1)", 4),
        _solution("square", "return x * x"), _test("square", "square(3)", 9),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _prepend(nb, grade_id, code):
    cell = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)
    return with_answers(nb, {grade_id: code + "\n" + cell.source})


def _grade(course, *args, timeout=300):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "watchtower.grade", "--course-dir", str(course), *args],
                          cwd=REPO, env=nbgrader_env(), capture_output=True, text=True, timeout=timeout)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc, seconds


def _rows(path):
    with open(path, newline="") as fh:
        return {row["student_id"]: row for row in csv.DictReader(fh)}


@pytest.mark.slow
def test_grade_a_class_with_runaway_submissions(tmp_path):
    course = tmp_path / "course"
    source = _assignment()
    (course / "solutions" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(source, course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    proc = run_nbgrader(["generate_assignment", ASSIGNMENT, "--force",
                         f"--CourseDirectory.release_directory={tmp_path / 'release'}"], root=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    submit(course, "full", ASSIGNMENT, source)
    # Ignores the per-cell interrupt: only the wall-clock limit stops it.
    submit(course, "loop", ASSIGNMENT, _prepend(
        source, "add", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"))
    # An endless loop that the per-cell timeout interrupts.
    submit(course, "slow", ASSIGNMENT, _prepend(source, "square", "while True:\n    pass"))
    # Allocates without bound: stopped by the memory limit (MemoryError).
    submit(course, "hog", ASSIGNMENT, _prepend(
        source, "add", "hog = []\nwhile True:\n    hog.append(bytes(10**8))"))
    # A syntax error costs its own exercise and the exercise that uses it (add_three).
    submit(course, "syntax", ASSIGNMENT, with_answers(source, {"add": "def add(x:\n    return x"}))
    # A notebook under the wrong name is a missing notebook.
    folder = course / "submitted" / "renamed" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(source, folder / "my-work.ipynb")

    # (The untouched release scoring zero is test_autograde.py's, once per chapter.)
    class_ = ["full", "slow", "hog", "syntax", "renamed"]
    proc, seconds = _grade(course, *(f"--student={s}" for s in class_), "--time-limit", "120",
                           "--cell-timeout", str(CELL_TIMEOUT), "--memory-limit", "1536")
    print(f"\nmake grade on {len(class_)} submissions: {seconds:.0f} s\n{proc.stdout}")
    rows = _rows(course / "grades.csv")
    assert set(rows) == set(class_)
    score = {student: float(row[ASSIGNMENT]) for student, row in rows.items()}
    assert score["full"] == 3 == float(rows["full"]["max_score"]) == float(rows["full"]["total"])
    assert score["slow"] == 0 and "per-cell time limit" in rows["slow"]["notes"], rows["slow"]
    assert score["hog"] == 0 and "memory" in rows["hog"]["notes"], rows["hog"]
    assert score["syntax"] == 1, rows["syntax"]  # square only
    assert score["renamed"] == 0 and "missing notebook" in rows["renamed"]["notes"], rows["renamed"]
    for student in class_:
        feedback = course / "feedback" / student / ASSIGNMENT
        assert any(feedback.glob("*.html")), f"no feedback for {student}"
    # A clean notebook's feedback carries no tamper notice (test_tamper_grade.py has one that does).
    assert "Tamper-proof grading" not in next((course / "feedback" / "full" / ASSIGNMENT).glob("*.html")).read_text()

    # The loop that ignores interrupts, with a per-cell timeout longer than the
    # wall-clock limit: the whole process tree (nbgrader and its kernel) is
    # killed at the limit, and the student is told why.
    # (Without the limit the loop runs until _grade's 300 s subprocess timeout fails the test.)
    _grade(course, "--student", "loop", "--time-limit", str(TIME_LIMIT), "--cell-timeout", "600",
           "--output", str(tmp_path / "loop.csv"))
    (row,) = _rows(tmp_path / "loop.csv").values()
    assert float(row[ASSIGNMENT]) == 0 and f"stopped after {TIME_LIMIT} s" in row["notes"], row
    assert "time limit" in next((course / "feedback" / "loop" / ASSIGNMENT).glob("*.html")).read_text()
    time.sleep(1)
    assert not _processes_working_in(course), "the runaway kernel survived the time limit"


def _processes_working_in(folder) -> list[int]:
    """Live processes whose working directory is inside ``folder`` (the graded kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cwd = os.readlink(entry / "cwd")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if cwd.startswith(str(folder)) and state != "Z":
                found.append(int(entry.name))
    return found
