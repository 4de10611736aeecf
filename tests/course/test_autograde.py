"""Round trip through the real nbgrader CLI: one batched `nbgrader autograde` per chapter.

``nbgrader generate_assignment`` enters every chapter into one gradebook, in one
process per worker (its start-up is most of one chapter's cost); each chapter's
round trip autogrades with a copy of that gradebook.

Students of the temporary course:

* ``solution``: the instructor notebook as submitted: full marks on every autograded cell;
* ``blank``: the committed release untouched: zero on every autograded cell, and
  nbgrader itself reports no error;
* ``wrong``: one wrong answer and one shortcut swapped in, for two exercises that
  do not call each other: the wrong answer loses points on its exercise's test
  cells, the shortcut scores zero on every test cell that forbids it and its
  output says why.

Every wrong answer and shortcut of every chapter is checked, one kernel per
chapter, by ``test_check.py``; this file proves the real nbgrader plumbing
(generate_assignment, autograde, the gradebook) agrees with it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pytest
from _course import (
    ASSIGNMENTS,
    CHAPTERS,
    autograded_test_cells,
    WRONG_ANSWERS,
    dependencies,
    new_course,
    release_path,
    solution_path,
    submit,
    with_answers,
)

from watchtower._nbgrader import run_nbgrader
from watchtower.check import SHORTCUT_MARK, exercises, load_answers


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


def _wrong_submission(source, answers) -> tuple[dict[str, str], str | None, str | None]:
    """(answers to swap in, exercise given a wrong answer, exercise given a shortcut).

    The two exercises are independent (neither solution calls the other), so
    each loses points for its own answer only.
    """
    deps = dependencies(source)
    order = list(exercises(source)[0])
    wrong = [ex for ex in order if answers.wrong.get(ex)]
    cut = [ex for ex in order if answers.shortcuts.get(ex)]
    for b in cut:
        for a in wrong:
            if a != b and a not in deps.get(b, set()) and b not in deps.get(a, set()):
                return {a: answers.wrong[a][0][1], b: answers.shortcuts[b][0][1]}, a, b
    if cut:
        return {cut[0]: answers.shortcuts[cut[0]][0][1]}, None, cut[0]
    if wrong:
        return {wrong[0]: answers.wrong[wrong[0]][0][1]}, wrong[0], None
    return {}, None, None


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A gradebook in which ``nbgrader generate_assignment`` entered every chapter.

    One nbgrader process for all chapters, once per worker: its start-up is most
    of one chapter's generate_assignment. Each round trip grades with a copy.
    """
    root = tmp_path_factory.mktemp("generated")
    course = new_course(root, ASSIGNMENTS)
    proc = run_nbgrader(["generate_assignment", "*", "--force",
                         f"--CourseDirectory.release_directory={root / 'release'}"], root=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    missing = [a for a in ASSIGNMENTS if not (root / "release" / a).is_dir()]
    assert not missing, f"generate_assignment did not release {missing}:\n{proc.stdout}{proc.stderr}"
    return course / "gradebook.db"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", CHAPTERS)
def test_round_trip(assignment, tmp_path, record_property, generated):
    source = nbformat.read(solution_path(assignment), as_version=4)
    answers = load_answers(WRONG_ANSWERS / f"{assignment}.py")
    swapped, wrong_ex, shortcut_ex = _wrong_submission(source, answers)
    assert wrong_ex or shortcut_ex, f"{assignment} lists no wrong answer to submit"
    course = new_course(tmp_path, [assignment])
    shutil.copy2(generated, course / "gradebook.db")
    submit(course, "solution", assignment, source)
    submit(course, "blank", assignment, nbformat.read(release_path(assignment), as_version=4))
    submit(course, "wrong", assignment, with_answers(source, swapped))
    started = time.monotonic()
    proc = run_nbgrader(["autograde", assignment, "--force"], root=course)
    seconds = time.monotonic() - started
    record_property("autograde_seconds", round(seconds, 1))
    print(f"\n{assignment}: autograded 3 notebooks in {seconds:.1f} s")
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
    found = exercises(source)[0]
    if wrong_ex:
        cells = [source.cells[i].metadata["nbgrader"]["grade_id"] for i in found[wrong_ex].tests]
        got = sum(scores["wrong"][gid][0] for gid in cells)
        full = sum(scores["wrong"][gid][1] for gid in cells)
        if got >= full:
            problems.append(f"wrong answer '{answers.wrong[wrong_ex][0][0]}' for {wrong_ex} keeps "
                            f"{got}/{full} on {', '.join(cells)}")
    if shortcut_ex:
        for i in found[shortcut_ex].guarded:
            gid = source.cells[i].metadata["nbgrader"]["grade_id"]
            got, full = scores["wrong"][gid]
            if got != 0:
                problems.append(f"the shortcut answer for {shortcut_ex} scores {got}/{full} on {gid}")
            output = _test_cell_output(course, "wrong", assignment, gid)
            if SHORTCUT_MARK not in output:
                problems.append(f"{gid} does not say why the shortcut scores zero:\n{output[-500:]}")
    assert not problems, "\n".join(problems)
