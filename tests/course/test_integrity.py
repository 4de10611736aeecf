"""watchtower.integrity: every tampering submission is flagged, nothing honest is.

Static only (no kernel, a few seconds). The grading round trip is
tests/course/test_tamper_grade.py; CORRECT_ANSWERS run in a kernel in the
autograder harness.
"""

from __future__ import annotations

import builtins
import subprocess
import sys
import textwrap

import nbformat
import pytest
from _course import (ASSIGNMENTS, answer_file, nbgrader_meta, release_path, solution_path,
                     with_answers)

from watchtower.integrity import (LYING_DUNDERS, CourseContext, _bound_names, _source, answer_cells,
                                  check_answer_sources, check_notebook, course_context, parse)

#: The three patterns every chapter's TAMPERING must cover (AUTHORING.md).
PATTERNS = ("guard switch", "patched comparison", "lying object")


_CACHE: dict[str, tuple] = {}


def _chapter(assignment: str):
    if assignment not in _CACHE:
        source = nbformat.read(solution_path(assignment), as_version=4)
        _CACHE[assignment] = (source, course_context(source), answer_file(assignment))
    return _CACHE[assignment]


def _entries(attribute: str):
    for assignment in ASSIGNMENTS:
        module = answer_file(assignment)
        for exercise, entries in getattr(module, attribute, {}).items():
            for name, source in entries:
                yield pytest.param(assignment, exercise, source, id=f"{assignment}:{exercise}:{name}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_chapter_has_adversarial_and_correct_submissions(assignment):
    module = answer_file(assignment)
    tampering = getattr(module, "TAMPERING", {})
    names = [name for entries in tampering.values() for name, _ in entries]
    for pattern in PATTERNS:
        assert any(name.startswith(pattern) for name in names), (
            f"{assignment}: TAMPERING needs a '{pattern}' submission (AUTHORING.md), got {names}")
    correct = getattr(module, "CORRECT_ANSWERS", {})
    sources = [src for entries in correct.values() for _, src in entries]
    assert any("import math" in src for src in sources), \
        f"{assignment}: CORRECT_ANSWERS needs an answer that imports math"
    assert any("class " in src or "namedtuple(" in src for src in sources), \
        f"{assignment}: CORRECT_ANSWERS needs an answer that defines a helper class"
    source = _chapter(assignment)[0]
    exercises = {nbgrader_meta(c).get("grade_id") for c in source.cells if nbgrader_meta(c).get("solution")}
    assert set(tampering) | set(correct) <= exercises, "TAMPERING/CORRECT_ANSWERS keys must be solution cells"


@pytest.mark.parametrize("assignment, exercise, answer", list(_entries("TAMPERING")))
def test_tampering_is_flagged(assignment, exercise, answer):
    source, context, _ = _chapter(assignment)
    findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
    tampering = [f for f in findings if f.kind == "tampering"]
    assert tampering, f"not flagged as tampering:\n{answer}"
    index = next(i for i, c in enumerate(source.cells, 1) if nbgrader_meta(c).get("grade_id") == exercise)
    assert all(f.cell == index and f.cell_id == exercise and f.line >= 1 for f in findings)
    assert f"cell {index} ({exercise}), line " in str(tampering[0])


@pytest.mark.parametrize("assignment, exercise, answer", list(_entries("CORRECT_ANSWERS")))
def test_correct_answers_written_another_way_are_not_flagged(assignment, exercise, answer):
    source, context, _ = _chapter(assignment)
    findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_release_wrong_answers_and_shortcuts_are_not_tampering(assignment):
    source, context, module = _chapter(assignment)
    assert check_notebook(source, source, context) == []
    release = nbformat.read(release_path(assignment), as_version=4)
    assert check_notebook(release, source, context) == []
    for exercise, entries in getattr(module, "WRONG_ANSWERS", {}).items():
        for name, answer in entries:
            findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
            assert not [f for f in findings if f.kind == "tampering"], (name, list(map(str, findings)))
    for exercise, answer in getattr(module, "SHORTCUTS", {}).items():
        findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
        assert not [f for f in findings if f.kind == "tampering"], (exercise, list(map(str, findings)))
        if exercise in context.forbidden:
            assert [f for f in findings if f.kind == "forbidden" and f.exercise == exercise], \
                f"{assignment}: the shortcut for {exercise} is not flagged as a forbidden module"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_no_course_cell_would_be_flagged_as_an_answer(assignment, folder):
    """Sweep: every code cell of the course, checked as if a student had written it."""
    source, context, _ = _chapter(assignment)
    nb = source if folder == "solutions" else nbformat.read(release_path(assignment), as_version=4)
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        tree = parse(_source(cell))
        own = _bound_names(tree) if tree is not None else set()
        # A cell that *defines* a name the tests use is that name's definition, not a rebinding.
        ctx = CourseContext(context.course_sources, context.exercises, context.test_cells,
                            context.forbidden, context.course_imports,
                            {k: v for k, v in context.protected.items()
                             if k not in own or k in dir(builtins)})
        findings = check_answer_sources([(index, nbgrader_meta(cell).get("grade_id", ""), _source(cell))], ctx)
        assert not findings, f"{folder}/{assignment} cell {index}:\n" + "\n".join(map(str, findings))


def test_every_test_cell_forbids_what_its_guard_forbids():
    _, context, _ = _chapter("01-kl-divergence")
    assert context.forbidden == {ex: ("driftscope", "numpy", "scipy") for ex in
                                 ("histogram", "to_probabilities", "kl_divergence_pure", "kl_alert")}


# ----------------------------------------------------------------- rules, one by one
def _check(*cells: str, chapter: str = "01-kl-divergence", exercise: str = "kl_divergence_pure"):
    source, context, _ = _chapter(chapter)
    answers = [(100 + i, exercise if i == 0 else "", textwrap.dedent(c)) for i, c in enumerate(cells)]
    return check_answer_sources(answers, context)


@pytest.mark.parametrize("code, rule", [
    ("import math as m\nfor mod in (m,):\n    mod.isclose = abs", "module-attribute"),
    ("import math\nx = [math]\nx[0].isclose = abs", "module-attribute"),
    ("import importlib\nimportlib.import_module('math').isclose = abs", "module-attribute"),
    ("import math\ngetattr(math, 'isclose').__defaults__ = (1,)", "module-attribute"),
    ("import math\ndel math.isclose", "module-attribute"),
    ("import sys\nsys.modules.pop('watchtower.guard')", "module-item"),
    ("import sys\nsys.meta_path.insert(0, object())", "module-item"),
    ("import math\nvars(math).update(isclose=abs)", "module-item"),
    ("import math\nobject.__setattr__(math, 'isclose', abs)", "setattr-module"),
    ("f = setattr", "setattr-module"),
    ("import math\n(lambda m: setattr(m, 'isclose', abs))(math)", "setattr-module"),
    ("import math\nlist(map(lambda m: m.__dict__.update(isclose=abs), [math]))", "module-item"),
    ("import math\ndef patch(m, name):\n    m.isclose = abs\nlist(map(patch, [math], ['x']))", "module-attribute"),
    ("import operator, sys\noperator.setitem(sys.modules, 'watchtower.guard', None)", "module-item"),
    ("from watchtower.guard import no_shortcuts\ntype.__setattr__(no_shortcuts, '__exit__', None)",
     "setattr-module"),
    ("import math\nx = vars(math)", "module-item"),
    ("x = __builtins__", "builtins"),
    ("import sys\nf = sys.settrace", "tracing"),
    ("from importlib import reload", "reload"),
    ("import gc\ngc.get_referrers(1)", "introspection"),
    ("import ctypes", "introspection"),
    ("def f():\n    return f.__globals__", "introspection"),
    ("eval('1')", "dynamic-code"),
    ("%load_ext something", "notebook-machinery"),
    ("%%capture\nprint(1)", "notebook-machinery"),
    ("import subprocess", "installed-files"),
    ("import os\nos.system('true')", "installed-files"),
    ("p = '../../src/watchtower/guard.py'", "installed-files"),
    ("globals()['no_shortcuts'] = None", "rebinds-test-name"),
    ("isinstance = lambda *a: True", "rebinds-test-name"),
    ("import scipy as math", "rebinds-test-name"),
    ("class ShortcutError(Exception):\n    pass", "rebinds-test-name"),
    ("def f():\n    global math\n    math = None", "rebinds-test-name"),
    ("class A:\n    __lt__ = lambda self, other: True", "lying-dunder"),
    ("class A(type):\n    pass\nclass B(metaclass=A):\n    pass", "lying-dunder"),
    ("class A:\n    def __float__(self):\n        return 0.0", "lying-dunder"),
    ("class A:\n    @property\n    def __class__(self):\n        return float", "lying-dunder"),
    ("x = dict(__eq__=1)", "lying-dunder"),
    ("X = type('X', (float,), dict(zip(['__' + 'eq__'], [lambda s, o: True])))", "lying-dunder"),
    ("class X(float):\n    pass\nsetattr(X, '__' + 'eq__', lambda s, o: True)", "setattr-module"),
    ("open('../guard.py', 'w')", "installed-files"),
    ("import importlib.metadata\nfiles = importlib.metadata.files('watchtower')", "installed-files"),
    # Evasions tried in the audit of issue 13 (each one worked before its rule was widened).
    ("g = globals()\ng['isinstance'] = lambda *a: True", "rebinds-test-name"),
    ("dict.__setitem__(globals(), 'abs', lambda x: 0)", "rebinds-test-name"),
    ("import operator\noperator.setitem(globals(), 'abs', lambda x: 0)", "rebinds-test-name"),
    ("ns = locals()\nns['abs'] = lambda x: 0", "rebinds-test-name"),
    ("import builtins\nbuiltins.exec('import math; math.isclose = lambda *a, **k: True')", "builtins"),
    ("import builtins as b\nb.globals()['abs'] = lambda x: 0", "builtins"),
    ("__builtin__.isinstance = lambda *a: True", "builtins"),
    ("print.__self__.abs = lambda x: 0", "introspection"),
    ("b = getattr(print, '__se' + 'lf__')\nb.abs = lambda x: 0", "introspection"),
    ("def f():\n    pass\nname = 'bals__'\ngetattr(f, '__glo' + name)['abs'] = 0", "introspection"),
    ("def f():\n    pass\nobject.__getattribute__(f, '__globals__')['abs'] = 0", "introspection"),
    ("exit._ip.showtraceback = lambda *a, **k: None", "notebook-machinery"),
    ("from unittest import mock\nmock.patch('math.isclose', lambda *a, **k: True).start()",
     "test-machinery"),
    ("from unittest.mock import ANY\ndef kl_divergence_pure(p, q, epsilon=1e-10):\n    return ANY",
     "test-machinery"),
    ("import pytest\ndef kl_divergence_pure(p, q, epsilon=1e-10):\n"
     "    return pytest.approx(0, abs=1e300)", "test-machinery"),
    ("import sqlite3\nsqlite3.connect('../../../gradebook.db')", "installed-files"),
    ("import importlib\nm = importlib.import_module('sq' + 'lite3')", "installed-files"),
    ("import importlib\nm = importlib.import_module(''.join(map(chr, [115, 113])))", "dynamic-code"),
    ("import importlib\nimportlib.__import__('sqlite3')", "dynamic-code"),
    ("name = ''.join(map(chr, [95, 95, 115]))\nb = getattr(print, name[::-1])", "introspection"),
    ("open('/x/__pycache__/guard.cpython-311.pyc', 'wb')", "installed-files"),
    ("(abs := lambda x: 0)", "rebinds-test-name"),
    ("[isinstance := (lambda *a: True) for _ in [0]]", "rebinds-test-name"),
    ("match 1:\n    case abs:\n        pass", "rebinds-test-name"),
    ("from numpy import *", "rebinds-test-name"),
    ("import multiprocessing\nmultiprocessing.Process(target=print).start()", "installed-files"),
])
def test_each_rule_flags(code, rule):
    findings = _check(code)
    assert rule in {f.rule for f in findings}, (code, list(map(str, findings)))


@pytest.mark.parametrize("code", [
    "import math\nimport math as math",
    "from math import log, isclose\nimport statistics",
    "import pandas as pd\npd.options.mode.chained_assignment = None",
    "import matplotlib.pyplot as plt\nplt.rcParams['figure.dpi'] = 80",
    "import os\nos.environ['OMP_NUM_THREADS'] = '1'",
    "class Box:\n    def __init__(self, v):\n        self.v = v\n        setattr(self, 'w', v)\n"
    "    def __repr__(self):\n        return f'Box({self.v})'\n    def __len__(self):\n        return 1\n"
    "    def __iter__(self):\n        return iter([self.v])\n    def __getitem__(self, i):\n        return self.v",
    "from dataclasses import dataclass, field\n@dataclass(order=True, frozen=True)\nclass Item:\n"
    "    key: float\n    name: str = field(compare=False)",
    "from typing import NamedTuple\nclass Pair(NamedTuple):\n    a: float\n    b: float",
    "import functools\n@functools.lru_cache\ndef f(x):\n    return x",
    "def f(math):\n    math.thing = 1\n    return math",  # a parameter named like a module: local
    "from dataclasses import dataclass\n@dataclass(frozen=True)\nclass P:\n    x: float\n"
    "    def __post_init__(self):\n        object.__setattr__(self, 'x', float(self.x))",
    "def f(series):\n    series.name = 'accuracy'\n    series.index.name = 'day'\n    return series",
    "%timeit sum([1, 2])",
    "%matplotlib inline",
    "def kl_divergence_pure(p, q, epsilon=1e-10):\n    '''Uses sum and abs, and talks about __eq__ in prose.'''\n"
    "    return abs(sum(p) - sum(q))",
    "class C:\n    def __init__(self, **kw):\n        for k, v in kw.items():\n            setattr(self, k, v)",
    "with open('notes.txt', 'w') as fh:\n    fh.write('ok')",
    "kind = type(3.0).__name__",
    "import random\nrandom.seed(1)\nrng = random.Random(2)\nrng.shuffle([1, 2])",
    "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')",
    "total = 0\nfor abs_value in [1, 2]:\n    total += abs_value",
    "def helper():\n    abs = 3\n    return abs",
    "def pick(row, columns):\n    return [getattr(row, c) for c in columns]",
    "label = 'kl' + '_' + 'divergence'\nparts = ', '.join(['a', 'b'])",
    "import importlib\nstats = importlib.import_module('statistics')",
    "def share(row, column):\n    return getattr(row, f'{column}_share', None), hasattr(row, column)",
])
def test_legitimate_code_is_not_flagged(code):
    findings = _check(code)
    assert not findings, (code, list(map(str, findings)))


def test_forbidden_import_names_the_exercise_and_costs_only_its_tests():
    findings = _check("def kl_divergence_pure(p, q, epsilon=1e-10):\n    from scipy.special import rel_entr\n"
                      "    return float(sum(rel_entr(p, q)))")
    assert {f.kind for f in findings} == {"forbidden"}
    assert {f.exercise for f in findings} == {"kl_divergence_pure"}
    assert "line 2" in str(findings[0]) and "scipy.special.rel_entr" in str(findings[0])


@pytest.mark.parametrize("line", ["from scipy.special import *", "import scipy.special",
                                  "special = __import__('importlib').import_module('scipy.special')"])
def test_every_form_of_import_is_forbidden(line):
    findings = _check(f"def kl_divergence_pure(p, q, epsilon=1e-10):\n    {line}\n    return 0.0")
    assert "kl_divergence_pure" in {f.exercise for f in findings if f.kind == "forbidden"}, \
        list(map(str, findings))


def test_a_module_imported_in_another_cell_is_still_forbidden():
    findings = _check("def kl_divergence_pure(p, q, epsilon=1e-10):\n    return float(sum(rel_entr(p, q)))",
                      "from scipy.special import rel_entr")
    assert [f.exercise for f in findings] == ["kl_divergence_pure"]


def test_edited_course_cell_is_an_answer():
    source, context, _ = _chapter("01-kl-divergence")
    nb = nbformat.from_dict(source)
    cell = next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "test_histogram")
    cell.source = "import math\nmath.isclose = abs\n" + cell.source
    ids = [gid for _, gid, _ in answer_cells(nb, context)]
    assert "test_histogram" in ids
    assert any(f.rule == "module-attribute" for f in check_notebook(nb, source, context))
    # A cell the student added (no metadata) is an answer too.
    nb = nbformat.from_dict(source)
    nb.cells.insert(3, nbformat.v4.new_code_cell("import math\nmath.isclose = abs"))
    findings = check_notebook(nb, source, context)
    assert findings and findings[0].cell == 4 and findings[0].cell_id == ""
    assert "a cell added by the student" in str(findings[0])


def test_a_test_cell_nbgrader_put_back_is_not_an_answer():
    source, context, _ = _chapter("01-kl-divergence")
    nb = nbformat.from_dict(source)
    cell = next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "test_histogram")
    # What OverwriteCells.add_missing_cells writes for a deleted test cell.
    cell.source = ("# This cell (id:test_histogram) was missing from the submission. "
                   "It was added back by nbgrader.\n\n" + cell.source)
    assert "test_histogram" not in [gid for _, gid, _ in answer_cells(nb, context)]


def test_lying_dunders_cover_comparisons_abs_bool_and_float():
    assert {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__abs__", "__bool__",
            "__float__"} <= LYING_DUNDERS
    assert not {"__init__", "__repr__", "__len__", "__iter__", "__getitem__", "__hash__"} & LYING_DUNDERS


@pytest.mark.slow  # python -m watchtower.integrity in a new interpreter
def test_command_line_reports_findings(tmp_path):
    source = nbformat.read(solution_path("01-kl-divergence"), as_version=4)
    module = answer_file("01-kl-divergence")
    nb = with_answers(source, {"kl_divergence_pure": module.TAMPERING["kl_divergence_pure"][0][1]})
    path = tmp_path / "sub.ipynb"
    nbformat.write(nb, path)
    proc = subprocess.run([sys.executable, "-m", "watchtower.integrity",
                           str(solution_path("01-kl-divergence")), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "tampering" in proc.stdout and "watchtower.guard.no_shortcuts" in proc.stdout


# ----------------------------------------------------------------- the guard notices
GUARD_SCRIPT = r'''
import contextlib, sys
import watchtower.guard

ns = {"__name__": "__main__"}
answer = """
import contextlib, watchtower.guard
@contextlib.contextmanager
def quiet(*a, **k):
    yield
try:
    watchtower.guard.no_shortcuts = quiet
except AttributeError as exc:
    print("refused:", exc)
watchtower.guard.__dict__["no_shortcuts"] = quiet
def kl(p, q):
    return sum(p) - sum(q)
"""
exec(answer, ns)
test_cell = """
from watchtower.guard import no_shortcuts
print("original:", no_shortcuts is not quiet)
try:
    with no_shortcuts("scipy", exercise="kl"):
        kl([0.5, 0.5], [0.9, 0.1])
    print("passed")
except AssertionError as exc:
    print("failed:", exc)
"""
exec(test_cell, ns)
'''


def _guard_output(script: str) -> str:
    """What ``script`` prints in a fresh interpreter (the guard's state starts clean)."""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_guard_refuses_replacement_and_says_it_was_tampered_with():
    out = _guard_output(GUARD_SCRIPT)
    assert "refused: watchtower.guard.no_shortcuts cannot be replaced" in out
    assert "original: True" in out
    assert "failed: the shortcut guard was tampered with" in out and "passed" not in out


def test_guard_notices_patched_methods_and_builtins():
    script = (
        "import builtins, watchtower.guard as g\n"
        "assert g.tampering() == []\n"
        "g.no_shortcuts.__exit__ = lambda self, *exc: False\n"
        "real = builtins.isinstance\n"
        "builtins.isinstance = lambda *a: real(*a)\n"
        "print(g.tampering())\n")
    out = _guard_output(script)
    assert "no_shortcuts.__exit__ was replaced" in out
    assert "builtins.isinstance was replaced" in out


def test_guard_notices_its_private_state_rebound():
    """Audit of issue 13: the originals the guard hands out cannot be rebound from a notebook."""
    script = (
        "import contextlib, watchtower.guard as g\n"
        "@contextlib.contextmanager\n"
        "def quiet(*a, **k):\n"
        "    yield\n"
        "try:\n"
        "    g._ORIGINALS = {**g._ORIGINALS, 'no_shortcuts': quiet}\n"
        "except AttributeError as exc:\n"
        "    print('refused:', exc)\n"
        "try:\n"
        "    g._ORIGINALS['no_shortcuts'] = quiet\n"
        "except TypeError:\n"
        "    print('read-only')\n"
        "vars(g)['_ORIGINALS'] = {**g._ORIGINALS, 'no_shortcuts': quiet}\n"
        "from watchtower.guard import no_shortcuts\n"
        "print('original:', no_shortcuts is not quiet)\n"
        "print(g.tampering())\n")
    out = _guard_output(script)
    assert "refused: watchtower.guard._ORIGINALS cannot be replaced" in out
    assert "read-only" in out and "original: True" in out
    assert "watchtower.guard._ORIGINALS was replaced" in out


@pytest.mark.slow  # checks every TAMPERING entry again (a few seconds)
def test_every_pattern_of_issue_13_has_a_submission():
    """The closing note's list (python tests/course/tamper_patterns.py) has no empty pattern."""
    from tamper_patterns import PATTERNS, collect

    by_pattern, _, missed = collect()
    assert not missed, missed
    empty = [p for p, _ in PATTERNS if not by_pattern.get(p)]
    assert not empty and by_pattern["forbidden import for the exercise (SHORTCUTS)"], empty
