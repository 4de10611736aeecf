"""Helpers shared by the notebook and autograder tests (not a test module)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from watchtower._nbgrader import REPO, assignments
from watchtower.check import answer_module

SOLUTIONS = REPO / "solutions"
NOTEBOOKS = REPO / "notebooks"
WRONG_ANSWERS = REPO / "tests" / "course" / "wrong_answers"

ASSIGNMENTS = assignments(SOLUTIONS)
#: The assignments as test parameters, each in its own xdist group: with
#: ``--dist loadgroup`` one chapter's kernel work stays on one worker.
CHAPTERS = [pytest.param(a, id=a, marks=pytest.mark.xdist_group(a)) for a in ASSIGNMENTS]


def solution_path(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_path(assignment: str) -> Path:
    return NOTEBOOKS / assignment / f"{assignment}.ipynb"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """Autograded exercises: code cells with solution: true, by grade_id."""
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells
            if c.cell_type == "code" and nbgrader_meta(c).get("solution")}


def grade_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """Graded cells (autograded tests and manually graded answers), by grade_id."""
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("grade")}


def autograded_test_cells(nb) -> dict[str, nbformat.NotebookNode]:
    return {gid: c for gid, c in grade_cells(nb).items()
            if c.cell_type == "code" and not nbgrader_meta(c).get("solution")}


def dependencies(nb) -> dict[str, set[str]]:
    """Exercise -> the other exercises whose names its reference solution uses."""
    cells = solution_cells(nb)
    deps = {}
    for gid, cell in cells.items():
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", cell.source))
        deps[gid] = {other for other in cells if other != gid and other in words}
    return deps


def with_answers(nb, answers: dict[str, str]):
    """A copy of the notebook with solution cells replaced by ``answers``."""
    new = nbformat.from_dict(nb)
    for cell in new.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
            cell.outputs = []
            cell.execution_count = None
    return new


def new_course(root: Path, assignment_ids: list[str]) -> Path:
    """A course directory with copies of the given solutions/<id>/."""
    for assignment in assignment_ids:
        shutil.copytree(SOLUTIONS / assignment, root / "solutions" / assignment,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return root


def submit(course: Path, student: str, assignment: str, nb) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")


def answer_file(assignment: str):
    """The chapter's ``wrong_answers/<id>.py`` as a module (``TAMPERING``, ``SHORTCUTS`` ... as written)."""
    return answer_module(WRONG_ANSWERS / f"{assignment}.py")
