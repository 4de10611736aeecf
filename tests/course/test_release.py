"""notebooks/ is exactly what `make release` writes from solutions/, and holds no answers."""

from __future__ import annotations

import nbformat
import pytest
from _course import ASSIGNMENTS, NOTEBOOKS, SOLUTIONS

from watchtower.release import build_release, compare_trees


@pytest.mark.slow
def test_committed_release_equals_a_fresh_release(tmp_path):
    build_release(tmp_path, SOLUTIONS)
    stale = []
    for assignment in ASSIGNMENTS:
        stale += [f"{assignment}/{rel}" for rel in compare_trees(tmp_path / assignment,
                                                                 NOTEBOOKS / assignment)]
    released = {d.name for d in NOTEBOOKS.iterdir() if d.is_dir()} if NOTEBOOKS.is_dir() else set()
    stale += [f"{d}/ (no source in solutions/)" for d in sorted(released - set(ASSIGNMENTS))]
    assert not stale, "notebooks/ is stale, run `make release`; differences:\n  " + "\n  ".join(stale)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_hidden_tests_or_outputs(assignment):
    path = NOTEBOOKS / assignment / f"{assignment}.ipynb"
    assert path.exists(), f"{path} is missing, run `make release`"
    nb = nbformat.read(path, as_version=4)
    problems = []
    for index, cell in enumerate(nb.cells):
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            if marker in cell.source:
                problems.append(f"cell {index} still contains '{marker}'")
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            problems.append(f"cell {index} has stored outputs")
    assert not problems, "\n".join(problems)
