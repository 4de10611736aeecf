"""`make grade` cannot be switched off from a notebook: the static tamper check zeroes it.

One real `python -m watchtower.grade` run on chapter 01 with two students (the
reference's full marks under `make grade` are test_grade.py's, its clean static
check test_integrity.py's):

- ``tamper``: the submission of issue 13, an answer cell that replaces
  ``watchtower.guard.no_shortcuts`` with a do-nothing context manager and answers
  ``kl_divergence_pure`` with ``scipy.special.rel_entr``: every autograded cell
  scores zero, with the reason (cell and line) in grades.csv and the feedback;
- ``mixed``: a correct histogram written with a helper dataclass (not flagged)
  and a SciPy shortcut for ``kl_divergence_pure`` (a forbidden module: only that
  exercise's test cells score zero; the dynamic guard fails kl_alert, which calls it);
- ``zforger`` (graded last): a wrong answer whose kernel writes full manual scores for
  every grade in ``gradebook.db`` (its own and the two students graded before it) and
  appends to the instructor's notebook the static check reads. The grading process
  puts both back and zeroes the forger (``_Seal`` in watchtower.grade).
"""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest
from _course import answer_file, grade_cells, new_course, solution_path, submit, with_answers

from watchtower._nbgrader import REPO, nbgrader_env

CHAPTER = "01-kl-divergence"


#: A wrong answer that forges the grader's records from the kernel.
FORGER = """import os
import sqlite3


def kl_divergence_pure(p, q, epsilon=1e-10):
    return 0.0


_here = os.path.abspath(".")
while not os.path.exists(os.path.join(_here, "gradebook.db")):
    _here = os.path.dirname(_here)
with sqlite3.connect(os.path.join(_here, "gradebook.db")) as _con:
    _con.execute("UPDATE grade SET manual_score = 100, extra_credit = 5")
with open(os.path.join(_here, "solutions", "01-kl-divergence", "01-kl-divergence.ipynb"), "a") as _fh:
    _fh.write(" ")
"""


@pytest.mark.slow
def test_make_grade_zeroes_a_notebook_that_switches_the_guard_off(tmp_path):
    module = answer_file(CHAPTER)
    source = nbformat.read(solution_path(CHAPTER), as_version=4)
    graded = grade_cells(source)
    points = {gid: float(c.metadata["nbgrader"]["points"]) for gid, c in graded.items()}
    # Free-text answers wait for the instructor: a correct notebook earns every autograded point.
    full = sum(p for gid, p in points.items() if graded[gid].cell_type == "code")
    course = new_course(tmp_path, [CHAPTER])

    name, issue_submission = module.TAMPERING["kl_divergence_pure"][0]
    assert name.startswith("guard switch") and "rel_entr" in issue_submission
    helper_class = dict(module.CORRECT_ANSWERS["histogram"])["a frozen dataclass that finds the bin"]
    submit(course, "tamper", CHAPTER, with_answers(source, {"kl_divergence_pure": issue_submission}))
    submit(course, "mixed", CHAPTER, with_answers(source, {
        "histogram": helper_class, "kl_divergence_pure": module.SHORTCUTS["kl_divergence_pure"]}))
    submit(course, "zforger", CHAPTER, with_answers(source, {"kl_divergence_pure": FORGER}))
    instructor = solution_path(CHAPTER).read_bytes()
    assert (course / "solutions" / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == instructor

    proc = subprocess.run(
        [sys.executable, "-m", "watchtower.grade", "--course-dir", str(course), "--time-limit", "120"],
        cwd=REPO, env=nbgrader_env(), capture_output=True, text=True, timeout=900)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    with open(course / "grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    score = {student: float(row[CHAPTER]) for student, row in rows.items()}

    assert float(rows["mixed"]["max_score"]) == sum(points.values()), rows["mixed"]

    notes = rows["tamper"]["notes"]
    assert score["tamper"] == 0, rows["tamper"]
    assert "tampering: cell" in notes and "(kl_divergence_pure), line 10" in notes, notes
    assert "watchtower.guard.no_shortcuts" in notes and "every autograded cell scores zero" in notes

    # The static rule zeroes the test cells of kl_divergence_pure only (test_kl_divergence_pure
    # and its partial-credit cells test_kl_divergence_pure_*); kl_alert calls the same
    # function, so the dynamic guard fails its test cell too. The histogram written with a
    # helper class is a correct answer: it keeps its points and is not flagged.
    exercise_cells = sorted(gid for gid in points
                            if gid == "test_kl_divergence_pure" or gid.startswith("test_kl_divergence_pure_"))
    lost = sum(points[gid] for gid in exercise_cells) + points["test_kl_alert"]
    assert score["mixed"] == full - lost, rows["mixed"]
    assert "forbidden module" in rows["mixed"]["notes"] and "scipy.stats.entropy" in rows["mixed"]["notes"]
    verb = "scores" if len(exercise_cells) == 1 else "score"
    assert f"{', '.join(exercise_cells)} {verb} zero" in rows["mixed"]["notes"], rows["mixed"]["notes"]
    assert "histogram" not in rows["mixed"]["notes"] and "tampering" not in rows["mixed"]["notes"]

    # Every autograded cell of the tampering notebook is zero in the gradebook, as an
    # override the instructor can see (manual_score) in formgrader.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "watchtower") as gb:
        grades = gb.find_submission_notebook(CHAPTER, CHAPTER, "tamper").grades
        autograded = [g for g in grades if g.cell.cell_type == "code"]
        assert autograded and all(g.score == 0 and g.manual_score == 0 for g in autograded)
        test_kl = next(g for g in gb.find_submission_notebook(CHAPTER, CHAPTER, "mixed").grades
                       if g.name == "test_kl_divergence_pure")
        assert test_kl.score == 0

    # The forger's writes were put back: nobody keeps a forged manual score (the
    # assertions above read the gradebook after the forger ran), the instructor's
    # notebook is byte for byte the original, and the forger scores zero, saying why.
    assert score["zforger"] == 0, rows["zforger"]
    for student in ("mixed", "tamper"):  # nbgrader's own writes are not the kernel's
        assert "changed the course's files" not in rows[student]["notes"], rows[student]["notes"]
    assert "changed the course's files or the gradebook while it ran" in rows["zforger"]["notes"]
    assert "gradebook.db (scores of" in rows["zforger"]["notes"]
    assert f"solutions/{CHAPTER}/{CHAPTER}.ipynb (changed)" in rows["zforger"]["notes"]
    assert (course / "solutions" / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == instructor
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "watchtower") as gb:
        for student in ("mixed", "tamper", "zforger"):
            grades = gb.find_submission_notebook(CHAPTER, CHAPTER, student).grades
            assert all(g.manual_score in (None, 0) for g in grades), student
        mixed = {g.name: g for g in gb.find_submission_notebook(CHAPTER, CHAPTER, "mixed").grades}
        assert mixed["test_histogram"].manual_score is None and mixed["test_histogram"].score > 0

    # The student's feedback says why, naming the cell and the line.
    feedback = next((course / "feedback" / "tamper" / CHAPTER).glob("*.html")).read_text()
    assert "Tamper-proof grading" in feedback and "(kl_divergence_pure), line 10" in feedback
    assert "Scored 0 by the tamper check" in feedback
