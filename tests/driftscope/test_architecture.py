"""The package's seams, checked on its source: anyone can rerun these in a second."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "driftscope"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _dotted(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(package: str, name: str) -> bool:
    base = PACKAGE.parent.joinpath(*package.split("."))
    return (base / f"{name}.py").exists() or (base / name / "__init__.py").exists()


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    here = _dotted(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    if node.level:
        here = here[: len(here) - node.level + 1]
        return ".".join(here + ([node.module] if node.module else []))
    return node.module or ""


def _own_private_names(tree: ast.AST) -> set[str]:
    """Private names a module defines itself: functions, classes, attributes, variables."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return {n for n in names if n.startswith("_")}


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_uses_another_modules_private_names(path):
    """`from m import _x`, `m._x`, `obj._x` (not defined here) and `X.__new__(X)` are refused."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _own_private_names(tree)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            source = _resolve(path, node)
            if not source.startswith("driftscope"):
                # A third party's private name is a pinned, commented exception
                # (SciPy's exact KS p-value in _kernels.py), not a seam of ours.
                continue
            for alias in node.names:
                if (alias.name.startswith("_") and not _is_dunder(alias.name)
                        and not _is_module(source, alias.name)):
                    problems.append(f"line {node.lineno}: imports {alias.name} from {source}")
        elif isinstance(node, ast.Attribute):
            if node.attr == "__new__" and not (isinstance(node.value, ast.Call)
                                               and getattr(node.value.func, "id", "") == "super"):
                problems.append(f"line {node.lineno}: builds an object through __new__")
            elif (node.attr.startswith("_") and not _is_dunder(node.attr)
                  and node.attr not in own):
                problems.append(f"line {node.lineno}: reaches into .{node.attr}")
    assert not problems, f"{path.relative_to(PACKAGE)}: " + "; ".join(problems)


def test_the_report_does_not_branch_on_policy_names():
    """`grep -rn "policy ==" src/driftscope` finds nothing: policies own their behaviour."""
    hits = [f"{p.relative_to(PACKAGE)}:{i}" for p in MODULES
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"policy\s*(==|!=|\bin\b)\s*[\"'(\[]", line)]
    assert not hits, hits


def test_the_data_set_rule_is_worded_by_the_policies():
    """The data-set rule's words come from the policies (`Policy.rule`); the report and its
    renderers print `DriftReport.rule` and never word a rule themselves."""
    hits = {f"{p.relative_to(PACKAGE).as_posix()}:{i}": line for p in MODULES
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"""["']the data set drifts""", line)}
    assert hits and all(h.startswith("policies/") for h in hits), sorted(hits)
    share = [h for h, line in hits.items() if "drifts from" in line]
    assert len(share) == 1, f"the share rule is worded in {share}; use policies.share_rule"


def test_policies_are_listed_once():
    """The CLI's choices and help come from the registry, and every policy follows the protocol."""
    from driftscope.cli import build_parser
    from driftscope.policies import POLICIES, Policy

    report = build_parser()._subparsers._group_actions[0].choices["report"]
    action = next(a for a in report._actions if a.dest == "policy")
    assert list(action.choices) == list(POLICIES)
    for name, cls in POLICIES.items():
        assert cls.name == name and name in action.help
        assert isinstance(cls.from_params(), Policy)


def test_the_docs_name_the_registered_policies():
    """The README and `drift_report`'s docstring name every registered policy and no other."""
    from driftscope.engines import ENGINES
    from driftscope.policies import POLICIES
    from driftscope.report import drift_report

    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r'policy="(\w+)"', readme))
    assert named == set(POLICIES), f"README.md names {sorted(named)}, registered: {sorted(POLICIES)}"
    policy_doc = drift_report.__doc__.split("policy : ")[1].split("columns : ")[0]
    named = set(re.findall(r'``"(\w+)"``', policy_doc)) - set(ENGINES)  # it names the engine too
    assert named == set(POLICIES), \
        f"drift_report's policy parameter names {sorted(named)}, registered: {sorted(POLICIES)}"


def test_a_new_column_kind_plugs_in_without_touching_the_loop(monkeypatch):
    """A module teaches a policy a kind (here Evidently's "text") by registering a ColumnTest."""
    import numpy as np
    import pandas as pd

    from driftscope import drift_report
    from driftscope.errors import DtypeError
    from driftscope.policies import ColumnDrift, EvidentlyPolicy, Measure, register_column_test

    class LengthTest:
        """A stand-in for a text test: mean message length, drifted from 2 characters."""

        kind = "text"

        def __init__(self, current_counts=None):
            self.current_counts = current_counts

        def read(self, column, reference, current):
            return reference.dropna().str.len(), current.dropna().str.len()

        def measure(self, column, data):
            ref, cur = data
            gap = abs(float(cur.mean() - ref.mean()))
            return Measure(ColumnDrift(column, self.kind, "mean length", gap, 2.0, None, gap >= 2.0,
                                       ref.size, cur.size, 0, 0))

        def plot(self, data):
            return {"type": "categorical", "labels": ["mean"], "reference": [1.0], "current": [1.0]}

    rng = np.random.default_rng(9)
    reference = pd.DataFrame({"x": rng.normal(size=200),
                              "text": [f"message {i}" for i in range(200)]})
    current = pd.DataFrame({"x": rng.normal(size=200),
                            "text": [f"a much longer message {i}" for i in range(200)]})
    # Without a test for the kind (driftscope.policies.text_columns registers one), an error.
    monkeypatch.setattr(EvidentlyPolicy, "column_tests",
                        {k: v for k, v in EvidentlyPolicy.column_tests.items() if k != "text"})
    with pytest.raises(DtypeError, match="column 'text': Evidently treats it as text"):
        drift_report(reference, current)
    register_column_test("evidently", "text", LengthTest)
    report = drift_report(reference, current)
    assert report["text"].kind == "text" and report["text"].drifted
    assert report.engine == "frames" and report.policy == "evidently"


def test_a_policy_object_and_its_engine():
    """A configured policy object is accepted; the engine is part of the report."""
    import numpy as np
    import pandas as pd

    from driftscope import Profile, drift_report
    from driftscope.policies import SketchPolicy, WatchtowerPolicy

    rng = np.random.default_rng(3)
    reference = pd.DataFrame({"x": rng.normal(size=500)})
    current = pd.DataFrame({"x": rng.normal(0.3, 1, 500)})
    by_name = drift_report(reference, current, policy="watchtower", alpha=0.01)
    by_object = drift_report(reference, current, policy=WatchtowerPolicy(alpha=0.01))
    assert by_name.to_frame().equals(by_object.to_frame()) and by_object.params["alpha"] == 0.01
    profiles = drift_report(Profile.from_frame(reference), current, policy=SketchPolicy())
    assert profiles.engine == "profiles" and profiles.to_dict()["engine"] == "profiles"


def test_epsilon_is_the_additive_constant_only():
    """One name, one meaning: ``epsilon`` is added to every share (KL); the floor that replaces
    empty shares (PSI) is ``floor``, in the kernels as in the public functions."""
    takers = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                if any(a.arg == "epsilon" for a in args):
                    takers.add(f"{path.relative_to(PACKAGE).as_posix()}:{node.name}")
    assert takers == {"divergence.py:kl_divergence", "sketch/statistics.py:sketch_kl"}, takers


def test_the_package_does_not_import_the_course():
    """The world and the course live in watchtower; driftscope never imports them, and
    ``import driftscope`` loads neither them nor an optional dependency."""
    import subprocess
    import sys

    importers = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            importers += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for n in names
                          if n.split(".")[0] == "watchtower"]
    assert not importers, importers
    optional = ("watchtower", "sklearn", "evidently", "dask", "seaborn", "river", "fastapi",
                "prometheus_client", "duckdb", "psycopg", "tqdm")
    code = ("import sys, driftscope, driftscope.policies, driftscope.engines, driftscope.cli; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({optional!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_imported_package_is_declared():
    """Each third-party package a module of driftscope imports (at the top or on first use) is a
    dependency of pyproject.toml, core or extra, not something another package brings along."""
    import importlib.metadata
    import sys
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += [r for r in extra if Requirement(r).name != project["name"]]
    declared = {canonicalize_name(Requirement(r).name) for r in lines}
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top in ("driftscope", "__future__"):
                    continue
                names = {canonicalize_name(d) for d in distributions.get(top, [top])}
                if not names & declared:
                    undeclared.setdefault(top, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


@pytest.mark.parametrize("name", ["PageHinkley", "DDM", "ADWIN"])
def test_detectors_share_one_base(name):
    """Parameters under their own names, read-only flags, a clone with no state."""
    import driftscope as ds
    from driftscope.detectors import DriftDetector

    detector = getattr(ds, name)()
    assert isinstance(detector, DriftDetector)
    for _ in range(50):
        detector.update(1)
    clone = detector.clone()
    assert repr(clone) == repr(detector) and type(clone) is type(detector)
    assert clone.drift_detected is False
    with pytest.raises(AttributeError):
        detector.drift_detected = True


def test_hypothesis_settings_live_in_one_place():
    """Deadline, database and derandomisation come from the profile in tests/driftscope/conftest.py."""
    tests = Path(__file__).resolve().parent
    hits = [f"{p.name}:{i}" for p in sorted(tests.glob("test_*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\b(deadline|derandomize|database)\s*=", line) and "re.search" not in line]
    assert not hits, hits


# --- one validation module -----------------------------------------------------------------------
#
# The rule (driftscope._validation's docstring): every input check lives in
# _validation.py, each problem worded once, exceptions in driftscope.errors.
# Checked on the source: outside those two modules, no code builds one of the
# input-checking errors below (raised or not, under any alias). A module calls
# a validator at its boundary instead. The errors a validator builds for the
# caller to raise (`numbers_in_one_frame_only`, `not_testable`, ...) live there
# too, so each problem is worded once. The exceptions are listed below, each
# with its reason, and the list is kept exact (an entry that no longer builds
# its error fails too).

def _error_names() -> set[str]:
    """Every exception class of driftscope.errors, read from its ``__all__``."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            return set(ast.literal_eval(node.value))
    raise AssertionError("driftscope/errors.py has no __all__")


#: A result beyond the float64 range is found while computing, not by checking the input:
#: the kernels and detectors that overflow raise it where they find it.
RESULT_ERRORS = {"NumericOverflowError"}
#: driftscope's own input errors, and the built-in ones a check would raise instead.
INPUT_ERRORS = (_error_names() - RESULT_ERRORS) | {"ValueError", "TypeError"}
VALIDATION_MODULES = {"_validation.py", "errors.py"}

#: Not input checks: the object is not in a state to answer (a documented, permanent exception).
STATE_ERRORS = {
    ("windows.py", "WindowedDrift.pvalues"):
        "adjusted p-values asked of a result made without correction=",
    ("performance.py", "IsotonicCalibrator.transform"): "call fit first",
    # json.dumps' contract: its default= hook raises TypeError for what it cannot write.
    ("service/requestlog.py", "_default"): "json.dumps asks the hook and expects a TypeError",
}


def _input_error_names(tree: ast.AST) -> set[str]:
    """The names this module binds to the input errors (``from .errors import X as Y``)."""
    names = set(INPUT_ERRORS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname for a in node.names if a.name in INPUT_ERRORS and a.asname}
    return names


def _builds_input_errors(path: Path) -> dict[str, list[str]]:
    """``{"Class.function": ["line 12: ParameterError", ...]}``: where the module builds one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _input_error_names(tree)
    found: dict[str, list[str]] = {}

    def visit(node: ast.AST, scope: tuple[str, ...]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = (*scope, node.name)
        if isinstance(node, ast.Call):
            func = node.func
            called = (func.id if isinstance(func, ast.Name)
                      else func.attr if isinstance(func, ast.Attribute) else None)
            if called in names:
                found.setdefault(".".join(scope) or "<module>", []).append(
                    f"line {node.lineno}: {called}")
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(tree, ())
    return found


def _checked_modules() -> list[Path]:
    return [p for p in MODULES if p.relative_to(PACKAGE).as_posix() not in VALIDATION_MODULES]


@pytest.mark.parametrize("path", _checked_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_input_checks_live_in_the_validation_module(path):
    """No module but _validation.py builds ParameterError, EmptySampleError, ... itself."""
    module = path.relative_to(PACKAGE).as_posix()
    found = _builds_input_errors(path)
    allowed = {f for m, f in STATE_ERRORS if m == module}
    unexpected = {f: where for f, where in found.items() if f not in allowed}
    assert not unexpected, (
        f"{module} checks its input itself ({unexpected}); move the check into "
        "driftscope._validation (reuse or generalise a validator there, one wording per problem)")
    stale = allowed - set(found)
    assert not stale, f"{module}: {sorted(stale)} no longer build an input error; drop them here"


def test_the_rule_catches_a_direct_raise(tmp_path):
    """The check itself can fail: an inline check, also under an alias or through errors.X."""
    source = ("from .errors import ParameterError as PE\nfrom . import errors\n"
              "def f(x):\n    if x < 0:\n        raise PE('x must be >= 0')\n"
              "class C:\n    def g(self, y):\n        raise errors.DtypeError('y')\n")
    (tmp_path / "bad.py").write_text(source, encoding="utf-8")
    found = _builds_input_errors(tmp_path / "bad.py")
    assert found == {"f": ["line 5: PE"], "C.g": ["line 8: DtypeError"]}
