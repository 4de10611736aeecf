"""Every chapter in one kernel: it runs clean, reproduces its outputs, and catches its wrong answers.

``watchtower.check`` runs each solutions/<id>/<id>.ipynb once (this is also the
nbval-style output check, sanitised by ``tests/course/nbval_sanitize.cfg``) and,
just before each exercise's solution cell, tries every answer of
``tests/course/wrong_answers/<id>.py`` in a forked copy of the kernel: wrong
answers must make a test cell of their exercise raise, shortcuts must be
refused by the guard with its "write it yourself" message, correct answers
written another way must pass. The real nbgrader round trip is
``test_autograde.py``; this file proves the harness itself can fail, on a
tiny assignment built here.
"""

from __future__ import annotations

import textwrap

import nbformat
import pytest
from _course import CHAPTERS, WRONG_ANSWERS, solution_path

from watchtower.check import check_assignment, coverage_problems, load_answers, output_differences


@pytest.mark.slow
@pytest.mark.parametrize("assignment", CHAPTERS)
def test_chapter_in_one_kernel(assignment, record_property):
    report = check_assignment(assignment)
    print("\n" + report.summary())
    for kind in ("wrong", "shortcut", "correct"):
        met, total = report.met(kind)
        record_property(f"{kind}_met", met)
        record_property(f"{kind}_total", total)
    record_property("seconds", round(report.seconds, 1))
    problems = report.all_problems()
    assert not problems, f"{assignment}:\n" + "\n".join(problems)
    # Every listed answer was tried: none is silently left out.
    answers = load_answers(WRONG_ANSWERS / f"{assignment}.py")
    assert report.met("wrong")[1] == answers.total("wrong")
    assert report.met("shortcut")[1] == answers.total("shortcuts")
    assert report.met("correct")[1] == answers.total("correct")


@pytest.mark.parametrize("assignment", CHAPTERS)
def test_every_exercise_has_wrong_answers_and_a_shortcut(assignment):
    """>= 2 wrong answers per exercise; a shortcut answer wherever a test cell forbids one."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    answers = load_answers(WRONG_ANSWERS / f"{assignment}.py")
    problems = coverage_problems(nb, answers, f"tests/course/wrong_answers/{assignment}.py")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ the harness can fail
def _code(source, **nbgrader):
    cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip())
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, "locked": not nbgrader.get("solution"),
                                     "grade": False, "solution": False, **nbgrader}
    return cell


TINY = [
    _code("print('setup')"),
    _code('''
        def double(x):
            ### BEGIN SOLUTION
            return 2 * x
            ### END SOLUTION''', grade_id="double", solution=True),
    _code('''
        """Check that double doubles."""
        from watchtower.guard import no_shortcuts
        with no_shortcuts("statistics", exercise="double"):
            got = double(3)
        assert got == 6, f"double(3) should be 6, got {got}"
        ### BEGIN HIDDEN TESTS
        ### END HIDDEN TESTS''', grade_id="test_double", grade=True, points=1),
    _code('''
        """Check that double keeps the type."""
        assert double(1.5) == 3.0, "double(1.5) should be 3.0"
        ### BEGIN HIDDEN TESTS
        assert type(double(2)) is int, "double(2) should be an int"
        ### END HIDDEN TESTS''', grade_id="test_double_type", grade=True, points=1),
    _code('''
        def mean(values):
            ### BEGIN SOLUTION
            return sum(values) / len(values)
            ### END SOLUTION''', grade_id="mean", solution=True),
    _code('''
        """Check that mean averages."""
        assert mean([1, 2]) == 1.5, f"mean([1, 2]) should be 1.5, got {mean([1, 2])}"
        ### BEGIN HIDDEN TESTS
        ### END HIDDEN TESTS''', grade_id="test_mean", grade=True, points=1),
    _code("print(double(21))"),
]

ANSWERS = '''
WRONG_ANSWERS = {
    "double": [
        ("adds instead", "def double(x):\\n    return x + 2"),        # caught by test_double
        ("float result", "def double(x):\\n    return 2.0 * x"),      # caught by test_double_type only
        ("still right", "def double(x):\\n    return x * 2"),         # NOT caught: must be reported
    ],
    "mean": [("integer division", "def mean(values):\\n    return sum(values) // len(values)")],
}
SHORTCUTS = {
    "double": "def double(x):\\n    import statistics\\n    return int(statistics.fmean([x, x]) * 2)",
    "mean": "def mean(values):\\n    import statistics\\n    return statistics.fmean(values)",
}
CORRECT_ANSWERS = {
    "double": [("shift", "def double(x):\\n    return x << 1 if isinstance(x, int) else x * 2"),
               ("wrong after all", "def double(x):\\n    return x * 3")],
}
TAMPERING = {"double": [("ignored here", "raise SystemExit")]}
'''


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    nb = nbformat.v4.new_notebook(cells=TINY)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = course / "solutions" / "tiny"
    folder.mkdir(parents=True)
    from nbclient import NotebookClient

    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    nb.cells[0].outputs[0]["text"] = "stale\n"  # a stored output that no longer holds
    nbformat.write(nb, folder / "tiny.ipynb")
    answers = course / "answers"
    answers.mkdir()
    (answers / "tiny.py").write_text(ANSWERS)
    return check_assignment("tiny", course=course, answers_dir=answers, sanitize=None)


@pytest.mark.slow
def test_check_reports_what_a_chapter_gets_wrong(tiny_report):
    report = tiny_report
    by_name = {(t.exercise, t.name): t for t in report.trials}
    assert set(by_name[("double", "adds instead")].raised) == {"test_double", "test_double_type"}
    assert by_name[("double", "float result")].raised == ["test_double_type"]
    assert by_name[("double", "shortcut")].cells["test_double"]["shortcut"]
    assert report.met("wrong") == (3, 4)  # all but "still right"
    assert report.met("shortcut") == (1, 2)  # mean's test cell does not forbid shortcuts
    assert report.met("correct") == (1, 2)
    problems = "\n".join(report.all_problems())
    assert "wrong answer 'still right' for double passes every test cell" in problems
    assert "shortcut answer 'shortcut' for mean: none of its test cells uses no_shortcuts" in problems
    assert "correct answer 'wrong after all' for double fails: test_double: AssertionError" in problems
    assert "mean: needs at least 2 wrong answers" in problems
    assert "cell 0 (" in problems and "stale" in problems
    assert "ignored here" not in problems
    # The notebook went on after the trials: its last cell saw the real double.
    assert report.cells_run == 7


def test_output_comparison_sanitises_and_merges_streams():
    patterns = [(r"0x[0-9a-f]+", "0xADDRESS")]
    stored = [nbformat.v4.new_output("stream", name="stdout", text="a at 0x7f00aa\nb\n")]
    fresh = [nbformat.v4.new_output("stream", name="stdout", text="a at 0x7f11bb\n"),
             nbformat.v4.new_output("stream", name="stdout", text="b\n"),
             nbformat.v4.new_output("display_data", data={"image/png": "iVBOR"})]
    assert output_differences(stored, fresh, patterns) is None
    fresh[1]["text"] = "c\n"
    assert "stdout differs" in output_differences(stored, fresh, patterns)
    assert "missing output" in output_differences(stored, [], patterns)
