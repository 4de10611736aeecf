"""`make grade` on a small class: runaway submissions score zero, the rest are graded normally."""

from __future__ import annotations

import csv
import subprocess
import sys
import time

import nbformat
import pytest
from _course import grade_cells, new_course, release_path, solution_path, submit, with_answers

from watchtower._nbgrader import REPO, nbgrader_env

CHAPTER = "01-kl-divergence"
TIME_LIMIT = 40
CELL_TIMEOUT = 8


def _prepend(nb, grade_id, code):
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    return with_answers(nb, {grade_id: code + "\n" + cell.source})


@pytest.mark.slow
def test_grade_a_class_with_runaway_submissions(tmp_path):
    source = nbformat.read(solution_path(CHAPTER), as_version=4)
    points = {gid: float(c.metadata["nbgrader"]["points"]) for gid, c in grade_cells(source).items()}
    full = sum(points.values())
    course = new_course(tmp_path, [CHAPTER])

    submit(course, "full", CHAPTER, source)
    submit(course, "blank", CHAPTER, nbformat.read(release_path(CHAPTER), as_version=4))
    # Ignores the interrupt of the per-cell timeout: only the wall-clock limit stops it.
    submit(course, "loop", CHAPTER, _prepend(
        source, "histogram", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"))
    # Allocates without bound: stopped by the memory limit (MemoryError).
    submit(course, "hog", CHAPTER, _prepend(
        source, "histogram", "size = 10**6\nwhile True:\n    hog = [0] * size\n    size *= 4"))
    # A syntax error costs its own exercise and the exercise that uses it (kl_alert).
    broken = with_answers(source, {"to_probabilities": "def to_probabilities(counts:\n    return counts"})
    submit(course, "syntax", CHAPTER, broken)
    # A notebook under the wrong name is a missing notebook.
    folder = course / "submitted" / "renamed" / CHAPTER
    folder.mkdir(parents=True)
    nbformat.write(source, folder / "my-work.ipynb")

    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "watchtower.grade", "--course-dir", str(course),
         "--time-limit", str(TIME_LIMIT), "--cell-timeout", str(CELL_TIMEOUT), "--memory-limit", "1536"],
        cwd=REPO, env=nbgrader_env(), capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - started
    print(f"\nmake grade on 6 submissions: {seconds:.0f} s\n{proc.stdout}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Every submission ran under the wall-clock limit (plus nbgrader start-up and feedback).
    assert seconds < 6 * (TIME_LIMIT + 15) + 60

    with open(course / "grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"full", "blank", "loop", "hog", "syntax", "renamed"}
    score = {student: float(row[CHAPTER]) for student, row in rows.items()}
    assert score["full"] == full == float(rows["full"]["max_score"]) == float(rows["full"]["total"])
    assert score["blank"] == 0
    assert score["loop"] == 0 and "time limit" in rows["loop"]["notes"], rows["loop"]
    assert score["hog"] == 0 and "memory" in rows["hog"]["notes"], rows["hog"]
    assert score["syntax"] == full - points["test_to_probabilities"] - points["test_kl_alert"], rows["syntax"]
    assert score["renamed"] == 0 and "missing notebook" in rows["renamed"]["notes"], rows["renamed"]

    for student in rows:
        feedback = course / "feedback" / student / CHAPTER
        assert any(feedback.glob("*.html")), f"no feedback for {student}"
    assert "time limit" in next((course / "feedback" / "loop" / CHAPTER).glob("*.html")).read_text()

    # The same runaway with a per-cell timeout longer than the wall-clock limit:
    # the whole process tree (nbgrader and its kernel) is killed at the limit.
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "watchtower.grade", "--course-dir", str(course), "--student", "loop",
         "--time-limit", "15", "--cell-timeout", "600", "--no-feedback", "--output",
         str(tmp_path / "loop.csv")],
        cwd=REPO, env=nbgrader_env(), capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert seconds < 15 + 30, f"the wall-clock limit did not stop the run ({seconds:.0f} s)"
    with open(tmp_path / "loop.csv", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert float(row[CHAPTER]) == 0 and "stopped after 15 s" in row["notes"], row
    time.sleep(1)
    assert not _processes_working_in(course), "the runaway kernel survived the time limit"


def _processes_working_in(folder) -> list[int]:
    """Live processes whose working directory is inside ``folder`` (the graded kernels)."""
    import os
    from pathlib import Path

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
