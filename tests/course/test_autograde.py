"""Round trip through the real nbgrader CLI, one batched `nbgrader autograde` per chapter.

Students of the temporary course:

* ``solution``: the instructor notebook as submitted: full marks on every autograded cell;
* ``blank``: the committed release untouched: zero on every autograded cell, and
  nbgrader itself reports no error;
* ``wrong-<g>-<k>``: the k-th wrong answer of every exercise of group g swapped in
  (exercises whose solutions call each other are in different groups, so a
  wrong ``histogram`` never hides a wrong ``kl_alert``): each loses points on
  its own test cells (``test_<exercise>`` and its split parts ``test_<exercise>_<part>``);
* ``shortcut-<g>``: the library shortcut of every exercise of group g: zero on
  its test cell, and the output says why.
"""

from __future__ import annotations

import time

import nbformat
import pytest
from _course import (
    ASSIGNMENTS,
    autograded_test_cells,
    exercise_test_cells,
    independent_groups,
    load_wrong_answers,
    new_course,
    release_path,
    solution_cells,
    solution_path,
    submit,
    with_answers,
)

from watchtower._nbgrader import run_nbgrader

SHORTCUT_MARK = "write it yourself"


def _scores(course, assignment):
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "watchtower") as gb:
        for submission in gb.assignment_submissions(assignment):
            cells = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = (grade.auto_score, grade.max_score)
            out[submission.student.id] = cells
    return out


def _test_cell_output(course, student, assignment, grade_id) -> str:
    path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = autograded_test_cells(nb)[grade_id]
    texts = []
    for output in cell.get("outputs", []):
        texts.append(output.get("text", ""))
        texts.append(output.get("evalue", ""))
        texts.extend(output.get("traceback", []))
    return "\n".join(texts)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_round_trip(assignment, tmp_path, record_property):
    source = nbformat.read(solution_path(assignment), as_version=4)
    exercises = list(solution_cells(source))
    wrong, shortcuts = load_wrong_answers(assignment)
    course = new_course(tmp_path, [assignment])

    submit(course, "solution", assignment, source)
    submit(course, "blank", assignment, nbformat.read(release_path(assignment), as_version=4))
    expect_loss: dict[str, list[tuple[str, str]]] = {}   # student -> [(exercise, what)]
    expect_shortcut: dict[str, list[str]] = {}
    graded_wrong = [ex for ex in exercises if wrong.get(ex)]
    for g, group in enumerate(independent_groups(source, graded_wrong)):
        for k in range(max(len(wrong[ex]) for ex in group)):
            answers = {ex: wrong[ex][k][1] for ex in group if k < len(wrong[ex])}
            student = f"wrong-{g}-{k}"
            submit(course, student, assignment, with_answers(source, answers))
            expect_loss[student] = [(ex, wrong[ex][k][0]) for ex in answers]
    cut = [ex for ex in exercises if ex in shortcuts]
    for g, group in enumerate(independent_groups(source, cut)):
        student = f"shortcut-{g}"
        submit(course, student, assignment, with_answers(source, {ex: shortcuts[ex] for ex in group}))
        expect_shortcut[student] = group

    proc = run_nbgrader(["generate_assignment", assignment, "--force",
                         f"--CourseDirectory.release_directory={tmp_path / 'release'}"], root=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    started = time.monotonic()
    proc = run_nbgrader(["autograde", assignment, "--force"], root=course)
    seconds = time.monotonic() - started
    n_students = 2 + len(expect_loss) + len(expect_shortcut)
    record_property("autograde_seconds", round(seconds, 1))
    record_property("seconds_per_notebook", round(seconds / n_students, 1))
    print(f"\n{assignment}: autograded {n_students} notebooks in {seconds:.1f} s "
          f"({seconds / n_students:.1f} s each)")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"nbgrader autograde failed:\n{log[-5000:]}"
    own_errors = [line for line in log.splitlines() if "| ERROR]" in line]
    assert not own_errors, "nbgrader reported errors of its own:\n" + "\n".join(own_errors)

    scores = _scores(course, assignment)
    tests = autograded_test_cells(source)
    assert tests, f"{assignment} has no autograded test cells"
    problems = []
    for gid in tests:
        got, full = scores["solution"][gid]
        if got != full:
            problems.append(f"solution scores {got}/{full} on {gid}")
        got, full = scores["blank"][gid]
        if got != 0:
            problems.append(f"the untouched release scores {got}/{full} on {gid}")
    for student, losses in expect_loss.items():
        for ex, what in losses:
            cells = exercise_test_cells(source, ex)  # test_<ex> and its split parts
            got = sum(scores[student][gid][0] for gid in cells)
            full = sum(scores[student][gid][1] for gid in cells)
            if got >= full:
                problems.append(f"wrong answer '{what}' for {ex} still scores {got}/{full} on {', '.join(cells)}")
    for student, group in expect_shortcut.items():
        for ex in group:
            for gid in exercise_test_cells(source, ex):
                if "no_shortcuts(" not in tests[gid].source:
                    continue
                got, full = scores[student][gid]
                if got != 0:
                    problems.append(f"the shortcut answer for {ex} scores {got}/{full} on {gid}")
                output = _test_cell_output(course, student, assignment, gid)
                if SHORTCUT_MARK not in output:
                    problems.append(f"{gid} does not say why the shortcut scores zero:\n{output[-500:]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_wrong_answers_and_a_shortcut(assignment):
    """>= 2 wrong answers per exercise; a shortcut answer wherever the test cell forbids one."""
    source = nbformat.read(solution_path(assignment), as_version=4)
    wrong, shortcuts = load_wrong_answers(assignment)
    tests = autograded_test_cells(source)
    missing = []
    for ex in solution_cells(source):
        if len(wrong.get(ex, [])) < 2:
            missing.append(f"{ex}: needs at least 2 wrong answers in tests/course/wrong_answers/{assignment}.py")
        guarded = "no_shortcuts(" in getattr(tests.get(f"test_{ex}"), "source", "")
        if guarded and ex not in shortcuts:
            missing.append(f"{ex}: its test forbids shortcuts, so tests/course/wrong_answers/{assignment}.py "
                           "needs a SHORTCUTS answer proving it")
    unknown = (set(wrong) | set(shortcuts)) - set(solution_cells(source))
    missing += [f"{ex}: no solution cell with this grade_id" for ex in sorted(unknown)]
    assert not missing, "\n".join(missing)
