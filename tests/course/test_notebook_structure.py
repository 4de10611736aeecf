"""Static checks of every instructor notebook against AUTHORING.md (fast, no kernel)."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from _course import ASSIGNMENTS, autograded_test_cells, nbgrader_meta, solution_cells, solution_path

POINTS = re.compile(r"^#{1,6} .*?\((\d+(?:\.\d+)?) points?\b[^)]*\).*$", re.MULTILINE)
TOTAL = re.compile(r"\*\*(\d+(?:\.\d+)?) points\*\* in total")


def _load(assignment):
    return nbformat.read(solution_path(assignment), as_version=4)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_cells_have_unique_ids_and_nbgrader_metadata(assignment):
    nb = _load(assignment)
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs a unique id"
    grade_ids = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    missing = [i for i, g in enumerate(grade_ids) if not g]
    assert not missing, f"cells {missing} have no nbgrader grade_id (lock them, see AUTHORING.md)"
    assert len(set(grade_ids)) == len(grade_ids), "grade_ids must be unique"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_test_cells_follow_the_conventions(assignment):
    nb = _load(assignment)
    problems = []
    for gid, cell in autograded_test_cells(nb).items():
        meta = nbgrader_meta(cell)
        if not meta.get("locked"):
            problems.append(f"{gid}: a test cell must be locked")
        if "### BEGIN HIDDEN TESTS" not in cell.source or "### END HIDDEN TESTS" not in cell.source:
            problems.append(f"{gid}: no ### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS section")
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as err:
            problems.append(f"{gid}: does not parse ({err})")
            continue
        first = tree.body[0] if tree.body else None
        doc = first.value.value if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                                    and isinstance(first.value.value, str)) else None
        if doc is None or "\n" in doc.strip() or not doc.startswith("Check that"):
            problems.append(f'{gid}: must open with a one-line """Check that ...""" docstring')
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert) and node.msg is None:
                problems.append(f"{gid}: the assert on line {node.lineno} has no message")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_its_locked_test_cell(assignment):
    nb = _load(assignment)
    tests = autograded_test_cells(nb)
    problems = []
    for gid, cell in solution_cells(nb).items():
        if "### BEGIN SOLUTION" not in cell.source or "### END SOLUTION" not in cell.source:
            problems.append(f"{gid}: no ### BEGIN SOLUTION ... ### END SOLUTION markers")
        if f"test_{gid}" not in tests:
            problems.append(f"{gid}: no graded test cell test_{gid}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_in_headings_match_the_cells_and_add_up(assignment):
    nb = _load(assignment)
    problems = []
    headings: list[tuple[str, float, float]] = []  # (heading, stated, found under it)
    current = None
    total_cells = 0.0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = POINTS.search(cell.source)
            if match:
                current = [match.group(0).strip(), float(match.group(1)), 0.0]
                headings.append(current)
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            points = float(meta.get("points", 0))
            total_cells += points
            if current is None:
                problems.append(f"{meta['grade_id']}: {points:g} points but no heading with '(N points)' above it")
            else:
                current[2] += points
    for heading, stated, found in headings:
        if stated != found:
            problems.append(f"'{heading}' says {stated:g} points, its graded cells have {found:g}")
    stated_total = TOTAL.search(nb.cells[0].source) if nb.cells else None
    if stated_total and float(stated_total.group(1)) != total_cells:
        problems.append(f"the title cell says {stated_total.group(1)} points in total, the cells add up to {total_cells:g}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_plot_cells_are_not_compared_and_outputs_are_small(assignment):
    nb = _load(assignment)
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = nbgrader_meta(cell).get("grade_id")
        tags = cell.metadata.get("tags", [])
        has_image = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if (has_image or "plt.show" in cell.source) and "nbval-ignore-output" not in tags:
            problems.append(f"{gid}: makes a plot but is not tagged nbval-ignore-output")
        size = len(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])))
        if size > 150_000:
            problems.append(f"{gid}: stores {size // 1000} kB of output")
    assert not problems, "\n".join(problems)
