"""watchtower.guard.no_shortcuts: catches library shortcuts, never the test's own code."""

import math
import textwrap

import pytest

from watchtower.guard import ShortcutError, no_shortcuts, static_violations

FORBIDDEN = ("numpy", "scipy", "driftscope")


def notebook(source: str) -> dict:
    """Run ``source`` as a notebook cell would: module code in a fresh __main__ namespace."""
    namespace = {"__name__": "__main__"}
    exec(compile(textwrap.dedent(source), "<cell>", "exec"), namespace)
    return namespace


def check(namespace: dict, call: str, *forbidden: str, exercise: str | None = None):
    """Run ``call`` inside no_shortcuts from a 'test cell' sharing the namespace."""
    namespace["_forbidden"] = forbidden or FORBIDDEN
    namespace["_exercise"] = exercise
    exec(compile(
        "from watchtower.guard import no_shortcuts\n"
        "with no_shortcuts(*_forbidden, exercise=_exercise):\n"
        f"    _got = {call}\n", "<test cell>", "exec"), namespace)
    return namespace["_got"]


def test_pure_python_answer_passes():
    ns = notebook("""
        import math
        def kl(p, q):
            return sum(a * math.log(a / b) for a, b in zip(p, q))
    """)
    assert math.isclose(check(ns, "kl([0.5, 0.5], [0.9, 0.1])"), 0.5108256, rel_tol=1e-6)


def test_python_level_library_call_is_caught_with_its_public_name():
    ns = notebook("""
        from scipy.stats import entropy
        def kl_divergence_pure(p, q):
            return float(entropy(p, q))
    """)
    with pytest.raises(ShortcutError) as err:
        check(ns, "kl_divergence_pure([0.5, 0.5], [0.9, 0.1])", exercise="kl_divergence_pure")
    message = str(err.value)
    assert "kl_divergence_pure called scipy.stats.entropy" in message
    assert "write it yourself" in message and "kl_divergence_pure" in message


def test_ufunc_without_profile_events_is_caught_statically():
    ns = notebook("""
        import numpy as np
        import math
        def logs(p):
            return [float(np.log(x)) for x in p]
    """)
    with pytest.raises(ShortcutError, match=r"logs uses the module numpy \(as 'np'\)"):
        check(ns, "logs([1.0, 2.0])")


def test_from_import_of_a_ufunc_is_caught():
    ns = notebook("""
        from numpy import log
        def logs(p):
            return [float(log(x)) for x in p]
    """)
    with pytest.raises(ShortcutError, match=r"logs uses numpy\.log"):
        check(ns, "logs([1.0, 2.0])")


def test_import_inside_the_function_is_caught():
    ns = notebook("""
        def total(values):
            import numpy
            return float(numpy.add.reduce(values))
    """)
    with pytest.raises(ShortcutError, match="total imports numpy"):
        check(ns, "total([1.0, 2.0])")


def test_helper_function_of_the_student_is_followed():
    ns = notebook("""
        import numpy as np
        def _helper(values):
            return np.asarray(values).sum()
        def total(values):
            return float(_helper(values))
    """)
    with pytest.raises(ShortcutError, match="_helper"):
        check(ns, "total([1.0, 2.0])")


def test_library_reached_through_another_library_is_caught():
    ns = notebook("""
        import pandas as pd
        def total(values):
            return float(pd.Series(values).sum())
    """)
    with pytest.raises(ShortcutError, match="total called numpy"):
        check(ns, "total([1.0, 2.0])", "numpy")


def test_violation_is_reported_even_if_the_student_catches_exceptions():
    ns = notebook("""
        def sneaky(values):
            try:
                import scipy.stats
                return float(scipy.stats.entropy(values))
            except BaseException:
                return 0.0
    """)
    with pytest.raises(ShortcutError, match="sneaky"):
        check(ns, "sneaky([0.5, 0.5])")


def test_guard_replaces_a_failing_assert_inside_the_block():
    ns = notebook("""
        import numpy as np
        def f(x):
            return np.sqrt(x)
    """)
    ns["_forbidden"], ns["no_shortcuts"] = FORBIDDEN, no_shortcuts
    with pytest.raises(ShortcutError) as err:
        exec("with no_shortcuts(*_forbidden):\n    assert f(4.0) == 3\n", ns)
    assert isinstance(err.value.__cause__, AssertionError)


def test_test_cell_own_code_and_comprehensions_do_not_trip_the_guard():
    ns = notebook("""
        def ident(x):
            return x
    """)
    ns["np"] = __import__("numpy")
    got = check(ns, "[ident(float(v)) for v in np.log(np.array([1.0, 2.0]))]")
    assert got == [0.0, math.log(2.0)]


def test_guard_is_removed_after_the_block_and_restores_a_previous_profiler():
    import sys

    calls = []

    def previous(frame, event, arg):
        calls.append(event)

    sys.setprofile(previous)
    try:
        with no_shortcuts("numpy"):
            pass
        assert sys.getprofile() is previous
    finally:
        sys.setprofile(None)


def test_switching_the_guard_off_is_a_violation():
    ns = notebook("""
        import sys
        def off():
            sys.setprofile(None)
            return 1
    """)
    with pytest.raises(ShortcutError, match="switched off"):
        check(ns, "off()")


def test_non_forbidden_libraries_are_fine():
    ns = notebook("""
        import statistics, bisect
        def mid(values):
            return statistics.median(sorted(values)) + bisect.bisect_right([0, 1], 0.5)
    """)
    assert check(ns, "mid([3, 1, 2])") == 3


def test_static_violations_on_functions():
    ns = notebook("""
        import numpy as np
        import math
        def bad(x):
            return np.log(x)
        def good(x):
            return math.log(x)
    """)
    assert static_violations(ns["bad"], "numpy") == ["bad uses the module numpy (as 'np')"]
    assert static_violations(ns["good"], "numpy") == []


def test_needs_a_prefix():
    with pytest.raises(ValueError):
        no_shortcuts()
