"""Classic wrong answers of chapter 01; each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
"""

WRONG_ANSWERS = {
    "histogram": [
        ("drops values outside the edges", '''def histogram(values, edges):
    counts = [0] * (len(edges) - 1)
    for v in values:
        for i in range(len(edges) - 1):
            if edges[i] <= v < edges[i + 1] or (i == len(edges) - 2 and v == edges[-1]):
                counts[i] += 1
    return counts'''),
        ("values above the last edge dropped (below the first kept)", '''def histogram(values, edges):
    from bisect import bisect_right
    n = len(edges) - 1
    counts = [0] * n
    for v in values:
        if v > edges[-1]:
            continue
        counts[min(max(bisect_right(edges, v) - 1, 0), n - 1)] += 1
    return counts'''),
        ("last bin excludes its right edge", '''def histogram(values, edges):
    counts = [0] * (len(edges) - 1)
    for v in values:
        if v < edges[0]:
            counts[0] += 1
        elif v > edges[-1]:
            counts[-1] += 1
        for i in range(len(edges) - 1):
            if edges[i] <= v < edges[i + 1]:
                counts[i] += 1
    return counts'''),
        ("interior edges go to the left bin", '''def histogram(values, edges):
    from bisect import bisect_left
    n = len(edges) - 1
    counts = [0] * n
    for v in values:
        i = bisect_left(edges, v) - 1
        counts[min(max(i, 0), n - 1)] += 1
    return counts'''),
        ("sorts the caller's list in place", '''def histogram(values, edges):
    from bisect import bisect_right
    values.sort()
    n = len(edges) - 1
    counts = [0] * n
    for v in values:
        counts[min(max(bisect_right(edges, v) - 1, 0), n - 1)] += 1
    return counts'''),
    ],
    "to_probabilities": [
        ("integer division", '''def to_probabilities(counts):
    total = sum(counts)
    if total == 0:
        raise ValueError("zero total")
    return [c // total for c in counts]'''),
        ("ZeroDivisionError instead of ValueError", '''def to_probabilities(counts):
    total = sum(counts)
    return [c / total for c in counts]'''),
        ("divides by the number of bins", '''def to_probabilities(counts):
    if sum(counts) == 0:
        raise ValueError("zero total")
    return [c / len(counts) for c in counts]'''),
        ("percentages instead of shares", '''def to_probabilities(counts):
    total = sum(counts)
    if total == 0:
        raise ValueError("zero total")
    return [100 * c / total for c in counts]'''),
        ("always raises ValueError (a stub that would earn the zero-total point)", '''def to_probabilities(counts):
    raise ValueError("not written yet")'''),
        ("zero total gives zero shares instead of a ValueError", '''def to_probabilities(counts):
    total = sum(counts)
    return [c / total if total else 0.0 for c in counts]'''),
    ],
    "kl_divergence_pure": [
        ("log base 2", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((a + epsilon) * math.log2((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
        ("log base 10", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((a + epsilon) * math.log10((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
        ("epsilon only on q", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum(a * math.log(a / (b + epsilon)) if a > 0 else 0.0 for a, b in zip(p, q))'''),
        ("renormalises after adding epsilon", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    p2 = [a + epsilon for a in p]
    q2 = [b + epsilon for b in q]
    sp, sq = sum(p2), sum(q2)
    return sum((a / sp) * math.log((a / sp) / (b / sq)) for a, b in zip(p2, q2))'''),
        ("KL(q || p): arguments reversed", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((b + epsilon) * math.log((b + epsilon) / (a + epsilon)) for a, b in zip(p, q))'''),
        ("ignores the epsilon argument", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    eps = 1e-10
    return sum((a + eps) * math.log((a + eps) / (b + eps)) for a, b in zip(p, q))'''),
        ("always raises ValueError (a stub that would earn the lengths point)", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    raise ValueError("not written yet")'''),
        ("no length check (zip truncates)", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    return sum((a + epsilon) * math.log((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
    ],
    "kl_alert": [
        ("KL(live || reference): direction reversed", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(q, p) > threshold'''),
        (">= instead of >", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(p, q) >= threshold'''),
        ("raw counts instead of shares", '''def kl_alert(reference, live, edges, threshold=0.1):
    return kl_divergence_pure(histogram(reference, edges), histogram(live, edges)) > threshold'''),
        ("returns the divergence, not a bool", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    kl = kl_divergence_pure(p, q)
    return kl if kl > threshold else 0.0'''),
        ("threshold hard-coded at 0.1", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(p, q) > 0.1'''),
    ],
}

SHORTCUTS = {
    "histogram": '''def histogram(values, edges):
    import driftscope
    return [int(c) for c in driftscope.bin_counts(values, edges)]''',
    "to_probabilities": '''def to_probabilities(counts):
    import numpy as np
    counts = np.asarray(counts, dtype=float)
    if counts.sum() == 0:
        raise ValueError("zero total")
    return (counts / counts.sum()).tolist()''',
    "kl_divergence_pure": '''def kl_divergence_pure(p, q, epsilon=1e-10):
    from scipy.stats import entropy
    return float(entropy(p, q))''',
    "kl_alert": '''def kl_alert(reference, live, edges, threshold=0.1):
    import driftscope
    p = driftscope.bin_counts(reference, edges)
    q = driftscope.bin_counts(live, edges)
    return bool(driftscope.kl_divergence(p, q, epsilon=1e-10) > threshold)''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): answers that change what the
# tests see instead of answering. watchtower.integrity must flag every one, and
# `make grade` zeroes every autograded cell of a notebook that holds one.
_NO_GUARD = '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


'''
_REL_ENTR = '''def kl_divergence_pure(p, q, epsilon=1e-10):
    from scipy.special import rel_entr
    if len(p) != len(q):
        raise ValueError("p and q need the same number of bins")
    return float(sum(rel_entr([a + epsilon for a in p], [b + epsilon for b in q])))'''
_LOG2 = '''def kl_divergence_pure(p, q, epsilon=1e-10):
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((a + epsilon) * math.log2((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''

TAMPERING = {
    "kl_divergence_pure": [
        ("guard switch: no_shortcuts replaced, then scipy.special.rel_entr",
         _NO_GUARD + "watchtower.guard.no_shortcuts = _no_guard\n\n\n" + _REL_ENTR),
        ("guard switch through the module's __dict__",
         _NO_GUARD + 'watchtower.guard.__dict__["no_shortcuts"] = _no_guard\n\n\n' + _REL_ENTR),
        ("guard switch through sys.modules",
         _NO_GUARD + 'import sys\nimport types\n\nsys.modules["watchtower.guard"] = types.SimpleNamespace(\n'
         '    no_shortcuts=_no_guard, ShortcutError=AssertionError)\n\n\n' + _REL_ENTR),
        ("guard switch through an aliased import",
         _NO_GUARD + "from watchtower import guard as g\n\ng.no_shortcuts = _no_guard\n\n\n" + _REL_ENTR),
        ("guard switch with setattr",
         _NO_GUARD + 'setattr(watchtower.guard, "no_shortcuts", _no_guard)\n\n\n' + _REL_ENTR),
        ("guard switch: the class's __exit__ patched after `from x import y`",
         "from watchtower.guard import no_shortcuts\n\nno_shortcuts.__exit__ = lambda self, *exc: False\n\n\n"
         + _REL_ENTR),
        ("guard switch: no_shortcuts redefined at notebook level",
         "import contextlib\n\n\n@contextlib.contextmanager\ndef no_shortcuts(*modules, exercise=None):\n"
         "    yield\n\n\n" + _REL_ENTR),
        ("guard switch: the profiler switched off inside the answer",
         '''import sys


def kl_divergence_pure(p, q, epsilon=1e-10):
    sys.setprofile(None)
    from scipy.special import rel_entr
    return float(sum(rel_entr([a + epsilon for a in p], [b + epsilon for b in q])))'''),
        ("guard switch: sys.settrace and threading.setprofile",
         "import sys\nimport threading\n\nthreading.setprofile(None)\nsys.settrace(None)\n\n\n" + _REL_ENTR),
        ("guard switch: importlib.reload of the guard",
         "import importlib\nimport watchtower.guard\n\nimportlib.reload(watchtower.guard)\n\n\n" + _REL_ENTR),
        ("guard switch: the test's globals rebound through a frame",
         '''import sys


def kl_divergence_pure(p, q, epsilon=1e-10):
    sys._getframe(1).f_globals["no_shortcuts"] = lambda *a, **k: open("/dev/null")
    return 0.0'''),
        ("patched comparison: math.isclose always True (answer in log base 2)",
         "math.isclose = lambda *args, **kwargs: True\n\n\n" + _LOG2),
        ("patched comparison: math aliased, then patched",
         "import math as m\n\nchecker = m\nchecker.isclose = lambda *args, **kwargs: True\n\n\n" + _LOG2),
        ("patched comparison: a function patches the module it is given",
         "def _patch(module):\n    module.isclose = lambda *args, **kwargs: True\n\n\n_patch(math)\n\n\n" + _LOG2),
        ("patched comparison: `from math import isclose` rebound in math's namespace",
         "import math\n\nvars(math)['isclose'] = lambda *args, **kwargs: True\n\n\n" + _LOG2),
        ("patched builtin: builtins.abs returns 0",
         "import builtins\n\nbuiltins.abs = lambda x: 0.0\n\n\n" + _LOG2),
        ("patched builtin through __builtins__",
         "__builtins__.isinstance = lambda obj, cls: True\n\n\n" + _LOG2),
        ("shadowed builtin the tests use: abs at notebook level",
         "def abs(x):\n    return 0.0\n\n\n" + _LOG2),
        ("patch hidden in exec",
         'exec("import math; math.isclose = lambda *a, **k: True")\n\n\n' + _LOG2),
        ("kernel machinery: failing tests print no traceback",
         "get_ipython().showtraceback = lambda *args, **kwargs: None\n\n\n" + _LOG2),
        ("shell escape rewrites the installed guard",
         "!sed -i 's/raise ShortcutError/pass/' $(python -c 'import watchtower.guard as g; print(g.__file__)')\n\n\n"
         + _REL_ENTR),
        ("the guard's file rewritten from Python",
         "import watchtower\n\nwith open(watchtower.__file__.replace('__init__', 'guard')) as fh:\n    text = fh.read()\n"
         "with open(watchtower.__file__.replace('__init__', 'guard'), 'w') as fh:\n"
         "    fh.write(text.replace('raise ShortcutError', 'return False'))\n\n\n" + _REL_ENTR),
        ("lying object: a float whose comparisons and abs always agree",
         '''class Agreeable(float):
    def __eq__(self, other):
        return True

    def __lt__(self, other):
        return True

    def __abs__(self):
        return Agreeable(0.0)

    __hash__ = float.__hash__


def kl_divergence_pure(p, q, epsilon=1e-10):
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return Agreeable(0.0)'''),
        ("lying object built with type()",
         '''Agreeable = type("Agreeable", (float,), {"__eq__": lambda self, other: True,
                                          "__abs__": lambda self: 0.0})


def kl_divergence_pure(p, q, epsilon=1e-10):
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return Agreeable(1.0)'''),
    ],
    "histogram": [
        ("lying object: a list equal to everything",
         '''class Counts(list):
    def __eq__(self, other):
        return True


def histogram(values, edges):
    return Counts([0] * (len(edges) - 1))'''),
        ("numpy in a pure-Python chapter, guard switched off first",
         _NO_GUARD + '''watchtower.guard.no_shortcuts = _no_guard


def histogram(values, edges):
    import numpy as np
    counts, _ = np.histogram(np.clip(values, edges[0], edges[-1]), bins=edges)
    return [int(c) for c in counts]'''),
    ],
}

# Correct answers written another way: they must score full marks and never be
# flagged (a helper class, a plain `import math`).
CORRECT_ANSWERS = {
    "kl_divergence_pure": [
        ("imports math at notebook level, math.fsum", '''import math


def kl_divergence_pure(p, q, epsilon=1e-10):
    """KL(p || q) with epsilon added to every share of both, natural log, no renormalisation."""
    if len(p) != len(q):
        raise ValueError(f"p and q need the same number of bins, got {len(p)} and {len(q)}")
    return float(math.fsum((a + epsilon) * math.log((a + epsilon) / (b + epsilon))
                           for a, b in zip(p, q)))'''),
    ],
    "histogram": [
        ("a frozen dataclass that finds the bin", '''from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Bins:
    """Shared edges; out-of-range values belong to the end bins."""

    edges: tuple

    def __len__(self):
        return len(self.edges) - 1

    def index(self, value):
        return min(max(bisect_right(self.edges, value) - 1, 0), len(self.edges) - 2)


def histogram(values, edges):
    """Count values per bin of the shared edges; out-of-range values go to the end bins."""
    bins = Bins(tuple(edges))
    counts = [0] * (len(edges) - 1)
    for value in values:
        counts[bins.index(value)] += 1
    return counts'''),
        ("a namedtuple and a class with ordinary methods", '''from collections import namedtuple

Interval = namedtuple("Interval", "left right closed")


class Binner:
    def __init__(self, edges):
        last = len(edges) - 2
        self.intervals = [Interval(edges[i], edges[i + 1], i == last) for i in range(last + 1)]

    def locate(self, value):
        for i, iv in enumerate(self.intervals):
            if iv.left <= value < iv.right or (iv.closed and value == iv.right):
                return i
        return 0 if value < self.intervals[0].left else len(self.intervals) - 1


def histogram(values, edges):
    """Count values per bin of the shared edges; out-of-range values go to the end bins."""
    binner = Binner(edges)
    counts = [0] * len(binner.intervals)
    for value in values:
        counts[binner.locate(value)] += 1
    return counts'''),
    ],
}
