"""Tamper-proof grading: a static check of a submission, run by the grader, never in its kernel.

The shortcut guard (:mod:`watchtower.guard`) runs inside the student's own kernel,
so a determined answer can reach it: replace ``no_shortcuts``, patch
``math.isclose``, return an object whose ``__eq__`` always says yes. This module
reads the notebook nbgrader executed (its ``ast``, never running it) in the
grading process and reports every answer cell that does such a thing::

    from watchtower.integrity import check_notebook
    findings = check_notebook(autograded_nb, source_nb)
    for f in findings:
        print(f)     # cell 9 (kl_divergence_pure), line 3: assigns ... [module-attribute]

What is an *answer*: every code cell of the submission that is not one of the
course's own cells (a non-solution cell of the instructor's notebook, compared by
``grade_id`` and source). That is the solution cells, any cell the student
added, and any course cell the student edited or stripped of its metadata.

Two kinds of finding (:attr:`Finding.kind`); ``make grade`` acts on them
(:mod:`watchtower.grade`, rules in ``AUTHORING.md``):

``"tampering"``
    The answer changes what the tests see. Every autograded cell of the notebook
    scores zero.
``"forbidden"``
    The answer cell of an exercise imports or uses a module that the exercise's
    test cells forbid (read statically from their ``no_shortcuts(...)`` calls).
    That exercise's test cells (``test_<exercise>``, ``test_<exercise>_*``) score zero.

The rules, each with its id (:attr:`Finding.rule`):

============================  ==============================================================
``module-attribute``          assigns or deletes an attribute of an imported module or of
                              anything imported from one (``math.isclose = ...``,
                              ``np.testing.assert_allclose = ...``, ``guard.no_shortcuts = ...``,
                              ``no_shortcuts.__exit__ = ...``), also through aliases
                              (``m = math``), ``sys.modules[...]``, ``importlib.import_module``,
                              ``getattr`` or a function parameter that receives a module
``test-machinery``            importing ``unittest`` (``mock.patch("math.isclose", ...)``,
                              ``mock.ANY``), ``mock``, ``pytest`` (``MonkeyPatch``,
                              ``approx`` with a huge tolerance), ``doctest``
``module-item``               any use of ``sys.modules``, a module's ``__dict__`` or
                              ``vars(module)``, and writes into a namespace or an import table:
                              ``sys.modules[...] = ``, ``del sys.modules[...]``,
                              ``vars(mod)[...] = ``, ``mod.__dict__.update(...)``,
                              ``sys.meta_path.insert(...)``
``setattr-module``            ``setattr``/``delattr`` on a module or an imported object,
                              ``setattr``/``delattr`` passed around as a value or with a computed
                              attribute name on anything but ``self``, or
                              ``.__setattr__``/``.__delattr__`` outside a class body
``builtins``                  any use of ``__builtins__`` or IPython's ``__builtin__``, any
                              import of ``builtins`` (its ``exec``, ``setattr``, ``globals`` are
                              the builtins other rules watch, under another name)
``tracing``                   ``sys.setprofile``, ``sys.settrace``, ``threading.setprofile``,
                              ``threading.settrace`` (the guard's own profiler)
``reload``                    ``importlib.reload`` (re-runs a module, e.g. a patched guard)
``introspection``             the interpreter's frames and object graph: ``sys._getframe``,
                              ``inspect.currentframe``/``stack``, ``gc.get_objects``/
                              ``get_referrers``, ``ctypes``, ``f_globals``/``f_back``/
                              ``__globals__``/``__closure__``/``__code__``/``__subclasses__``/
                              ``__self__``/``__getattribute__``, such a name in a string
                              (``getattr(print, "__se" + "lf__")``: string literals joined
                              with ``+``, f-strings or ``"".join([...])`` are read as one), and
                              ``getattr``/``hasattr`` with a name spelled at run time (a piece
                              holding ``__``, ``chr``, a decoder, ``join``, a reversal)
``dynamic-code``              ``exec``, ``eval``, ``compile``, ``__import__``,
                              ``importlib.import_module`` of a name built at run time (code or
                              modules the check cannot read)
``notebook-machinery``        the kernel and the grader: ``get_ipython``, ``In``/``Out``,
                              ``exit``/``quit`` (IPython's, whose ``._ip`` is the shell),
                              IPython/ipykernel/nbgrader/nbformat imports, magics other than
                              ``%time``/``%timeit``/``%matplotlib``, shell escapes (``!cmd``)
``installed-files``           where the course's code lives on disk: ``__file__``/``__path__``/
                              ``__spec__`` of a module, ``inspect.getfile``, ``find_spec``,
                              ``importlib.metadata``, ``pkgutil``, paths naming ``site-packages``,
                              ``src/watchtower``, opening a ``.py``/``.pth`` file; and processes
                              (``subprocess``, ``multiprocessing``, ``concurrent``,
                              ``os.system``, ``os.popen``, ``os.exec*``: they outlive the
                              kernel), ``shutil``, and the grader's files (``sqlite3``, strings
                              naming ``gradebook`` or ``nbgrader_config``)
``rebinds-test-name``         binds, at notebook level (``=``, ``:=`` even in a comprehension,
                              ``def``, ``class``, ``import``, ``for``, ``with``, a ``match``
                              capture; ``from x import *`` always), a name the test cells rely on: a name a
                              course cell imports (``np``, ``math``, ``no_shortcuts``,
                              ``ShortcutError``) to anything but the same import, a function a
                              course cell defines and a test cell calls, or a builtin a test
                              cell uses (``abs``, ``isinstance``); any use of ``globals()``,
                              ``locals()``/``vars()`` at notebook level
``lying-dunder``              a class defining a method the tests' comparisons, arithmetic or
                              type checks would call (``__eq__``, ``__lt__``, ``__abs__``,
                              ``__bool__``, ``__float__``, ``__sub__``, ``__class__``,
                              ``__instancecheck__``, ``__array_ufunc__`` ...; the full list is
                              :data:`LYING_DUNDERS`), or such a name as a string or keyword
                              (``type("X", (), {"__eq__": ...})``), a class built by
                              ``type(name, bases, namespace)`` or ``types.new_class``. Dataclasses,
                              namedtuples and classes with ordinary methods are not flagged.
``forbidden-import``          (kind ``"forbidden"``) an exercise's answer cell imports or uses a
                              module its test cells forbid
============================  ==============================================================
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

__all__ = ["Finding", "LYING_DUNDERS", "check_notebook", "check_answer_sources",
           "course_context", "CourseContext", "answer_cells", "forbidden_modules"]

#: Methods a lying result would define: whatever the tests' ``==``, ``<``, ``abs``,
#: ``bool``, ``float``, arithmetic, ``isinstance`` or numpy would call on it.
LYING_DUNDERS = frozenset("""
__eq__ __ne__ __lt__ __le__ __gt__ __ge__ __cmp__
__bool__ __float__ __int__ __index__ __complex__ __round__ __trunc__ __floor__ __ceil__
__abs__ __neg__ __pos__ __invert__
__add__ __radd__ __iadd__ __sub__ __rsub__ __isub__ __mul__ __rmul__ __imul__
__truediv__ __rtruediv__ __itruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__
__pow__ __rpow__ __divmod__ __rdivmod__ __and__ __rand__ __or__ __ror__ __xor__ __rxor__
__class__ __instancecheck__ __subclasscheck__ __subclasshook__
__array__ __array_ufunc__ __array_function__ __array_interface__ __array_priority__
__array_wrap__ __array_finalize__
""".split())

#: Dotted names an answer may not use at all (rule id, what it is).
FORBIDDEN_REFERENCES = {
    "sys.setprofile": "tracing", "sys.settrace": "tracing",
    "threading.setprofile": "tracing", "threading.settrace": "tracing",
    "threading.setprofile_all_threads": "tracing", "threading.settrace_all_threads": "tracing",
    "sys.monitoring": "tracing",
    "importlib.reload": "reload", "imp.reload": "reload",
    "sys._getframe": "introspection", "sys._current_frames": "introspection",
    "inspect.currentframe": "introspection", "inspect.stack": "introspection",
    "inspect.trace": "introspection", "inspect.getouterframes": "introspection",
    "inspect.getinnerframes": "introspection", "gc.get_objects": "introspection",
    "gc.get_referrers": "introspection", "gc.get_referents": "introspection",
    "inspect.getfile": "installed-files", "inspect.getsourcefile": "installed-files",
    "inspect.getabsfile": "installed-files", "importlib.util.find_spec": "installed-files",
    "importlib.machinery": "installed-files", "importlib.resources": "installed-files",
    "site.getsitepackages": "installed-files", "sysconfig.get_paths": "installed-files",
    "importlib.metadata": "installed-files", "pkgutil": "installed-files",
    "types.new_class": "lying-dunder",
    "os.system": "installed-files", "os.popen": "installed-files", "os.fork": "installed-files",
    "os.kill": "installed-files",
}
FORBIDDEN_PREFIXES = {
    "os.exec": "installed-files", "os.spawn": "installed-files", "os.posix_spawn": "installed-files",
    "importlib.util": "installed-files", "importlib._": "dynamic-code",
    "importlib.__import__": "dynamic-code",
}
#: Modules an answer may not import (rule id).
FORBIDDEN_MODULES = {
    "ctypes": "introspection", "_ctypes": "introspection", "cffi": "introspection",
    "gc": "introspection",
    "IPython": "notebook-machinery", "ipykernel": "notebook-machinery",
    "jupyter_client": "notebook-machinery", "nbformat": "notebook-machinery",
    "nbclient": "notebook-machinery", "nbconvert": "notebook-machinery",
    "nbgrader": "notebook-machinery", "traitlets": "notebook-machinery",
    "subprocess": "installed-files", "pty": "installed-files", "site": "installed-files",
    "sysconfig": "installed-files", "runpy": "dynamic-code", "code": "dynamic-code",
    "codeop": "dynamic-code", "marshal": "dynamic-code",
    # the builtins module itself (writes to it were already module-attribute; its exec,
    # setattr, globals ... are the builtins the rules below watch, under another name)
    "builtins": "builtins", "__builtin__": "builtins",
    # patchers by name (mock.patch("math.isclose"), MonkeyPatch.setattr) and objects equal
    # to anything (mock.ANY, pytest.approx with a huge tolerance)
    "unittest": "test-machinery", "mock": "test-machinery", "pytest": "test-machinery",
    "_pytest": "test-machinery", "doctest": "test-machinery",
    # processes that outlive the kernel, and the grader's own database (gradebook.db)
    "multiprocessing": "installed-files", "concurrent": "installed-files",
    "sqlite3": "installed-files", "_sqlite3": "installed-files", "shutil": "installed-files",
}
#: Attributes that reach the interpreter's internals, on any object.
INTROSPECTION_ATTRIBUTES = frozenset({
    "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "tb_frame", "gi_frame",
    "cr_frame", "ag_frame", "__globals__", "__closure__", "__code__", "__subclasses__",
    "__builtins__", "__self__", "__getattribute__", "__reduce__", "__reduce_ex__",
})
#: Attributes of a *module* that say where it lives on disk.
FILE_ATTRIBUTES = frozenset({"__file__", "__path__", "__spec__", "__loader__", "__cached__"})
#: Names of the notebook machinery.
NOTEBOOK_NAMES = frozenset({"get_ipython", "In", "Out", "_ih", "_oh", "_dh", "_i", "_ii", "_iii",
                            "exit", "quit",  # IPython's ExitAutocall: its ._ip is the shell
                            "__IPYTHON__"})
DYNAMIC_CODE = frozenset({"exec", "eval", "compile", "__import__"})
#: Magics an answer may use (they change nothing the tests see).
ALLOWED_MAGICS = frozenset({"time", "timeit", "matplotlib", "precision", "who", "whos", "pinfo",
                            "pinfo2", "pdef", "pdoc", "psource"})
#: Path fragments of the course's installed code.
INSTALLED_PATHS = ("site-packages", "dist-packages", "src/watchtower", "src/driftscope", ".venv",
                   "watchtower/guard", "gradebook", "nbgrader_config", "__pycache__", ".pyc")
#: Names that reach the notebook's namespace (where the test cells look up every name).
NAMESPACE_CALLS = frozenset({"globals", "locals", "vars"})
#: Configuration a notebook may change (not tampering): dotted prefixes.
CONFIGURATION = ("pandas.options.", "matplotlib.rcParams", "matplotlib.pyplot.rcParams",
                 "os.environ", "numpy.set_printoptions", "warnings.")
MUTATORS = frozenset({"update", "pop", "popitem", "setdefault", "clear", "__setitem__",
                      "__delitem__", "append", "insert", "extend", "remove", "appendleft"})
#: Names the guard module exports: an answer never defines them.
GUARD_NAMES = frozenset({"no_shortcuts", "ShortcutError", "static_violations"})
_BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Finding:
    """One thing the static check found in an answer cell."""

    kind: str          # "tampering" or "forbidden"
    rule: str          # the rule's id (see the module docstring)
    cell: int          # 1-based position of the cell in the notebook
    cell_id: str       # the cell's nbgrader grade_id, "" for a cell the student added
    line: int          # 1-based line within the cell
    message: str
    exercise: str | None = None  # kind "forbidden": the exercise whose test cells it costs

    @property
    def where(self) -> str:
        name = self.cell_id or "a cell added by the student"
        return f"cell {self.cell} ({name}), line {self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.rule}]"


# ----------------------------------------------------------------- sources
def _nbgrader(cell) -> dict:
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[ \t]*\n?",
                     re.M | re.S)
_RESTORED = re.compile(r"^# This cell \(id:[^\n]*\n(?:[^\n]*\n)*?\n", re.S)


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def to_python(source: str) -> str:
    """A cell's source as Python (IPython magics and ``!`` escapes become calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - the course always has IPython
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(to_python(source))
    except SyntaxError:
        return None


# ----------------------------------------------------------------- course context
@dataclass
class CourseContext:
    """What the instructor's notebook tells the check."""

    course_sources: dict[str, set[str]]   # grade_id -> accepted sources of a course cell
    exercises: list[str]                  # solution cells' grade_ids (code), in order
    test_cells: dict[str, str]            # autograded test cell grade_id -> source
    forbidden: dict[str, tuple[str, ...]]  # exercise -> module prefixes its tests forbid
    course_imports: dict[str, str]        # name -> dotted target bound by course cells' imports
    protected: dict[str, str]             # name -> why an answer may not rebind it


def forbidden_modules(test_source: str, default_exercise: str | None = None) -> dict[str, set[str]]:
    """Exercise -> module prefixes, read from the ``no_shortcuts(...)`` calls of a test cell."""
    tree = parse(test_source)
    found: dict[str, set[str]] = {}
    if tree is None:
        return found
    constants: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.Tuple, ast.List))
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                        for e in node.value.elts)):
            constants[node.targets[0].id] = tuple(e.value for e in node.value.elts)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _call_name(node.func) == "no_shortcuts"):
            continue
        modules: set[str] = set()
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                modules.add(arg.value)
            elif isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                modules.update(constants.get(arg.value.id, ()))
        exercise = default_exercise
        for kw in node.keywords:
            if kw.arg == "exercise" and isinstance(kw.value, ast.Constant):
                exercise = kw.value.value
        if exercise:
            found.setdefault(exercise, set()).update(modules)
    return found


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _imports(tree: ast.AST) -> Iterator[tuple[str, str, ast.stmt]]:
    """(bound name, dotted target, node) for every import in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    yield alias.asname, alias.name, node
                else:
                    top = alias.name.split(".")[0]
                    yield top, top, node
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    yield "*", base, node  # binds unknown names: the module is what counts
                else:
                    yield alias.asname or alias.name, f"{base}.{alias.name}", node


def _folded_string(node: ast.AST) -> str | None:
    """The string an expression of string literals spells: ``'__se' + 'lf__'``, ``f'{"a"}b'``,
    ``''.join(['a', 'b'])``; None for anything else."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _folded_string(node.left), _folded_string(node.right)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None or value.conversion != -1:
                    return None
                value = value.value
            part = _folded_string(value)
            if part is None:
                return None
            parts.append(part)
        return "".join(parts)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and len(node.args) == 1 and not node.keywords
            and isinstance(node.args[0], (ast.List, ast.Tuple))):
        sep = _folded_string(node.func.value)
        parts = [_folded_string(e) for e in node.args[0].elts]
        if sep is not None and all(part is not None for part in parts):
            return sep.join(parts)
    return None


#: Calls that spell a string the check cannot read: chr codes, decoders, joins, replacements.
_SPELLING_CALLS = frozenset({"chr", "join", "decode", "fromhex", "b64decode", "b32decode",
                             "a85decode", "unhexlify", "translate", "replace", "format", "reversed",
                             "lower", "upper", "swapcase", "strip", "lstrip", "rstrip"})


def _obfuscated(node: ast.AST) -> bool:
    """An attribute name built to hide what it is: a piece with ``__``, a decoder, a reversal.

    ``getattr(row, column)`` and ``getattr(row, f"{column}_share")`` are not.
    """
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, (str, bytes)):
            if (b"__" if isinstance(sub.value, bytes) else "__") in sub.value:
                return True
        elif isinstance(sub, ast.Call):
            func = sub.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in _SPELLING_CALLS:
                return True
        elif isinstance(sub, ast.Slice) and sub.step is not None:
            return True
    return False


def _top_level_defs(tree: ast.Module) -> set[str]:
    return {n.name for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _loaded_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _bound_names(tree: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
             and isinstance(n.ctx, (ast.Store, ast.Del))}
    names |= {n.name for n in ast.walk(tree)
              if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    names |= {name for name, _, _ in _imports(tree)}
    return names


def exercise_of(test_id: str, exercises: Iterable[str]) -> str | None:
    """``test_psi_edges`` -> ``psi``: the exercise a test cell belongs to (longest match)."""
    best = None
    for ex in exercises:
        if test_id == f"test_{ex}" or test_id.startswith(f"test_{ex}_"):
            if best is None or len(ex) > len(best):
                best = ex
    return best


def course_context(source_nb) -> CourseContext:
    """Read the instructor's notebook (``solutions/<id>/<id>.ipynb``)."""
    course_sources: dict[str, set[str]] = {}
    exercises: list[str] = []
    test_cells: dict[str, str] = {}
    course_trees: list[ast.Module] = []
    helper_defs: set[str] = set()
    exercise_defs: set[str] = set()
    for cell in source_nb["cells"]:
        meta = _nbgrader(cell)
        if cell.get("cell_type") != "code":
            continue
        src = _source(cell)
        gid = meta.get("grade_id")
        if meta.get("solution"):
            if gid:
                exercises.append(gid)
            tree = parse(src)
            if tree is not None:
                exercise_defs |= _top_level_defs(tree)
            continue
        if gid:
            course_sources[gid] = {_norm(src), _norm(_HIDDEN.sub("", src))}
        tree = parse(src)
        if tree is None:
            continue
        course_trees.append(tree)
        if meta.get("grade"):
            test_cells[gid] = src
        else:
            helper_defs |= _top_level_defs(tree)
    forbidden: dict[str, set[str]] = {}
    for gid, src in test_cells.items():
        for ex, mods in forbidden_modules(src, exercise_of(gid, exercises)).items():
            forbidden.setdefault(ex, set()).update(mods)
    course_imports: dict[str, str] = {}
    for tree in course_trees:
        for name, target, _ in _imports(tree):
            course_imports.setdefault(name, target)
    test_loads: set[str] = set()
    for src in test_cells.values():
        tree = parse(src)
        if tree is not None:
            test_loads |= _loaded_names(tree)
    protected: dict[str, str] = {}
    for name in GUARD_NAMES:
        protected[name] = "the test cells' shortcut guard"
    for name, target in course_imports.items():
        protected[name] = f"the course imports it ({target})"
    for name in helper_defs & test_loads:
        protected[name] = "a course cell defines it and a test cell calls it"
    for name in test_loads & _BUILTIN_NAMES:
        protected[name] = "a builtin the test cells use"
    for name in set(exercises) | exercise_defs:
        protected.pop(name, None)
    return CourseContext(course_sources, exercises, test_cells,
                         {ex: tuple(sorted(m)) for ex, m in forbidden.items()},
                         course_imports, protected)


def answer_cells(nb, context: CourseContext) -> list[tuple[int, str, str]]:
    """(1-based position, grade_id or "", source) of every code cell that is not the course's."""
    found = []
    for index, cell in enumerate(nb["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        meta = _nbgrader(cell)
        gid = meta.get("grade_id") or ""
        src = _source(cell)
        if gid in context.course_sources and not meta.get("solution"):
            text = _RESTORED.sub("", src, count=1) if src.startswith("# This cell (id:") else src
            if _norm(text) in context.course_sources[gid]:
                continue
        found.append((index, gid, src))
    return found


# ----------------------------------------------------------------- the analysis
class _Scope:
    def __init__(self, node: ast.AST | None, parent: "_Scope | None") -> None:
        self.node = node
        self.parent = parent
        self.bound: set[str] = set()
        self.globals: set[str] = set()
        self.modules: dict[str, str] = {}  # name -> dotted path ("?" when unknown)


def _scopes(tree: ast.AST, root: _Scope, inner: dict[ast.AST, _Scope]) -> dict[ast.AST, _Scope]:
    """Map every node to the scope it runs in; ``inner`` gets each function's own scope."""
    table: dict[ast.AST, _Scope] = {tree: root}

    def handle(node: ast.AST, scope: _Scope) -> None:
        table[node] = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if not isinstance(node, ast.Lambda):
                scope.bound.add(node.name)
                for dec in node.decorator_list:
                    handle(dec, scope)
            new = _Scope(node, scope)
            inner[node] = new
            args = node.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                      *(x for x in (args.vararg, args.kwarg) if x)]:
                new.bound.add(a.arg)
            for d in [*args.defaults, *(d for d in args.kw_defaults if d)]:
                handle(d, scope)
            for stmt in node.body if isinstance(node.body, list) else [node.body]:
                handle(stmt, new)
            return
        if isinstance(node, ast.ClassDef):
            scope.bound.add(node.name)
        elif isinstance(node, ast.Global):
            scope.globals.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            scope.bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            scope.bound.update(name for name, _, _ in _imports(node))
        for child in ast.iter_child_nodes(node):
            handle(child, scope)

    for child in ast.iter_child_nodes(tree):
        handle(child, root)
    return table


class _Checker:
    """Flow-insensitive analysis of all answer cells together (they share ``__main__``)."""

    def __init__(self, context: CourseContext, answers: list[tuple[int, str, str]]) -> None:
        self.context = context
        self.findings: list[Finding] = []
        self.root = _Scope(None, None)
        self.cells: list[tuple[int, str, ast.Module]] = []
        self.scope_of: dict[ast.AST, _Scope] = {}
        self.inner: dict[ast.AST, _Scope] = {}
        for name, target in context.course_imports.items():
            self.root.modules[name] = target
        for index, gid, src in answers:
            tree = parse(src)
            if tree is None:
                continue  # a syntax error: nbgrader already scores what depends on it
            self.cells.append((index, gid, tree))
            self.scope_of.update(_scopes(tree, self.root, self.inner))
        self._taint()

    # -- what is a module --------------------------------------------------
    def _scope(self, node: ast.AST) -> _Scope:
        return self.scope_of.get(node, self.root)

    def _lookup(self, name: str, scope: _Scope) -> str | None:
        if name in ("__builtins__", "__builtin__"):  # __builtin__: IPython's alias
            return "builtins"
        s: _Scope | None = scope
        while s is not None:
            if s.parent is None:
                return s.modules.get(name)
            if name in s.globals:
                return self.root.modules.get(name)
            if name in s.bound:
                return s.modules.get(name)
            s = s.parent
        return None

    def module_path(self, node: ast.expr, scope: _Scope) -> str | None:
        """The dotted path of a module-like expression (module, or something imported), or None."""
        if isinstance(node, ast.Name):
            return self._lookup(node.id, scope)
        if isinstance(node, ast.Attribute):
            base = self.module_path(node.value, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Subscript):
            base = self.module_path(node.value, scope)
            if base is None:
                return None
            key = node.slice
            if base.endswith("sys.modules") and isinstance(key, ast.Constant):
                return str(key.value)
            return f"{base}[]"
        if isinstance(node, ast.NamedExpr):
            return self.module_path(node.value, scope)
        if isinstance(node, ast.IfExp):
            return self.module_path(node.body, scope) or self.module_path(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                p = self.module_path(v, scope)
                if p:
                    return p
            return None
        if isinstance(node, ast.Call):
            fname = self.ref_path(node.func, scope)
            first = node.args[0] if node.args else None
            if fname in ("importlib.import_module", "importlib.reload", "__import__"):
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    return first.value
                return "?"
            if fname in ("vars", "getattr", "sys.modules.get", "inspect.getmodule",
                         "sys.modules.__getitem__", "type") and first is not None:
                base = self.module_path(first, scope)
                if base and fname == "getattr" and len(node.args) > 1 and isinstance(
                        node.args[1], ast.Constant):
                    return f"{base}.{node.args[1].value}"
                if fname.startswith("sys.modules") and isinstance(first, ast.Constant):
                    return str(first.value)
                return base
        return None

    def ref_path(self, node: ast.expr, scope: _Scope) -> str | None:
        """Dotted path of a reference: a module path, or a builtin's name."""
        path = self.module_path(node, scope)
        if path:
            return path
        if isinstance(node, ast.Name) and node.id in _BUILTIN_NAMES:
            if self._lookup_bound(node.id, scope):
                return None
            return node.id
        return None

    def _lookup_bound(self, name: str, scope: _Scope) -> bool:
        s: _Scope | None = scope
        while s is not None:
            if name in s.bound:
                return True
            s = s.parent
        return name in self.context.course_imports

    def _taint(self) -> None:
        """Names bound to modules: imports, aliases, parameters given a module (fixpoint)."""
        funcs: dict[str, list[ast.AST]] = {}
        for _, _, tree in self.cells:
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    funcs.setdefault(node.name, []).append(node)
                elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)):
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            funcs.setdefault(t.id, []).append(node.value)
        for _, _, tree in self.cells:
            for name, target, node in _imports(tree):
                self._scope(node).modules[name] = target
        changed = True
        rounds = 0
        while changed and rounds < 20:
            changed = False
            rounds += 1
            for _, _, tree in self.cells:
                for node in ast.walk(tree):
                    changed |= self._taint_node(node, funcs)

    def _mark(self, target: ast.expr, path: str, scope: _Scope) -> bool:
        if isinstance(target, ast.Name):
            s = self.root if target.id in scope.globals else scope
            if s.modules.get(target.id) is None:
                s.modules[target.id] = path
                return True
        elif isinstance(target, (ast.Tuple, ast.List)):
            return any([self._mark(e, path, scope) for e in target.elts])
        elif isinstance(target, ast.Starred):
            return self._mark(target.value, path, scope)
        return False

    def _contained_module(self, value: ast.expr, scope: _Scope) -> str | None:
        path = self.module_path(value, scope)
        if path:
            return path
        if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
            for e in value.elts:
                p = self._contained_module(e.value if isinstance(e, ast.Starred) else e, scope)
                if p:
                    return p
        if isinstance(value, ast.Dict):
            for e in value.values:
                p = self._contained_module(e, scope)
                if p:
                    return p
        return None

    def _taint_node(self, node: ast.AST, funcs: dict[str, list[ast.AST]]) -> bool:
        scope = self._scope(node)
        changed = False
        if isinstance(node, ast.Assign):
            path = self._contained_module(node.value, scope)
            if path:
                for t in node.targets:
                    changed |= self._mark(t, path, scope)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            path = self._contained_module(node.value, scope)
            if path:
                changed |= self._mark(node.target, path, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            path = self._contained_module(node.iter, scope)
            if path:
                changed |= self._mark(node.target, path, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                path = self._contained_module(item.context_expr, scope)
                if path and item.optional_vars is not None:
                    changed |= self._mark(item.optional_vars, path, scope)
        elif isinstance(node, ast.Call):
            args = [(i, a) for i, a in enumerate(node.args)]
            kws = [(k.arg, k.value) for k in node.keywords if k.arg]
            hits = [(i, p) for i, a in args if (p := self._contained_module(a, scope))]
            hits += [(k, p) for k, v in kws if (p := self._contained_module(v, scope))]
            if hits:
                # A function or lambda handed a module alongside (map, a direct call of a
                # lambda, functools.partial ...): all its parameters may hold the module.
                passed = [node.func] if isinstance(node.func, ast.Lambda) else []
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    if isinstance(arg, ast.Lambda):
                        passed.append(arg)
                    elif isinstance(arg, ast.Name):
                        passed.extend(funcs.get(arg.id, []))
                path = hits[0][1]
                for fn in passed:
                    fscope = self.inner.get(fn)
                    if fscope is None:
                        continue
                    for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs,
                              *(x for x in (fn.args.vararg, fn.args.kwarg) if x)]:
                        if fscope.modules.get(a.arg) is None:
                            fscope.modules[a.arg] = path
                            changed = True
            if hits and isinstance(node.func, ast.Name):
                for fn in funcs.get(node.func.id, []):
                    fscope = self.inner.get(fn)
                    if fscope is None:
                        continue
                    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
                    for key, path in hits:
                        name = params[key] if isinstance(key, int) and key < len(params) else (
                            key if isinstance(key, str) else (fn.args.vararg.arg if fn.args.vararg else None))
                        if name and fscope.modules.get(name) is None:
                            fscope.modules[name] = path
                            changed = True
        return changed

    # -- reporting ----------------------------------------------------------
    def report(self, cell: tuple[int, str, ast.Module], node: ast.AST, rule: str, message: str,
               kind: str = "tampering", exercise: str | None = None) -> None:
        index, gid, _ = cell
        finding = Finding(kind, rule, index, gid, getattr(node, "lineno", 1), message, exercise)
        if finding not in self.findings:
            self.findings.append(finding)

    def run(self) -> list[Finding]:
        for cell in self.cells:
            self._check_cell(cell)
        for cell in self.cells:
            self._check_forbidden(cell)
        self._setattr_refs()
        return self.findings

    @staticmethod
    def _configuration(path: str) -> bool:
        return any(path == p.rstrip(".") or path.startswith(p) for p in CONFIGURATION)

    def _store_targets(self, node: ast.AST) -> list[ast.expr]:
        if isinstance(node, ast.Assign):
            return list(node.targets)
        if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            return [node.target]
        if isinstance(node, ast.Delete):
            return list(node.targets)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            return [node.target]
        if isinstance(node, (ast.With, ast.AsyncWith)):
            return [i.optional_vars for i in node.items if i.optional_vars is not None]
        if isinstance(node, ast.NamedExpr):
            # (abs := ...) binds in the enclosing scope, even inside a comprehension
            return [node.target]
        return []

    def _flatten(self, targets: list[ast.expr]) -> Iterator[ast.expr]:
        for t in targets:
            if isinstance(t, (ast.Tuple, ast.List)):
                yield from self._flatten(list(t.elts))
            elif isinstance(t, ast.Starred):
                yield from self._flatten([t.value])
            else:
                yield t

    def _check_cell(self, cell: tuple[int, str, ast.Module]) -> None:
        tree = cell[2]
        magic_calls: set[int] = set()
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("run_line_magic", "run_cell_magic")
                    and isinstance(node.func.value, ast.Call)
                    and isinstance(node.func.value.func, ast.Name)
                    and node.func.value.func.id == "get_ipython"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in ALLOWED_MAGICS):
                magic_calls.add(id(node.func.value.func))
        for node in ast.walk(tree):
            scope = self._scope(node)
            # stores and deletions
            for target in self._flatten(self._store_targets(node)):
                self._check_store(cell, node, target, scope)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name, target, _ in _imports(node):
                    top = target.lstrip(".").split(".")[0]
                    if top in FORBIDDEN_MODULES:
                        self.report(cell, node, FORBIDDEN_MODULES[top],
                                    f"imports {target}: answers never need it")
                    if target in FORBIDDEN_REFERENCES or any(
                            target.startswith(p) for p in FORBIDDEN_PREFIXES):
                        rule = FORBIDDEN_REFERENCES.get(target) or next(
                            r for p, r in FORBIDDEN_PREFIXES.items() if target.startswith(p))
                        self.report(cell, node, rule, f"imports {target}")
                    if scope is self.root or name in scope.globals:
                        self._check_rebind(cell, node, name, scope, import_target=target)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if scope is self.root or node.name in scope.globals:
                    self._check_rebind(cell, node, node.name, scope)
            if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
                if scope is self.root or node.name in scope.globals:
                    self._check_rebind(cell, node, node.name, scope)
            if isinstance(node, ast.MatchMapping) and node.rest:
                if scope is self.root or node.rest in scope.globals:
                    self._check_rebind(cell, node, node.rest, scope)
            if (isinstance(node, ast.ImportFrom) and scope is self.root
                    and any(alias.name == "*" for alias in node.names)):
                self.report(cell, node, "rebinds-test-name",
                            f"imports * from {node.module} at notebook level (it can rebind any "
                            "name the test cells use, e.g. abs or round)")
            if isinstance(node, ast.ClassDef):
                self._check_class(cell, node)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self._check_name(cell, node, scope, magic_calls)
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                self._check_attribute(cell, node, scope)
            if isinstance(node, ast.Call):
                self._check_call(cell, node, scope)
            text = _folded_string(node)
            if text is not None:
                if text in LYING_DUNDERS:
                    self.report(cell, node, "lying-dunder",
                                f"names the method {text} in a string (builds a class or "
                                "patches a method the tests' comparisons call)")
                elif text in INTROSPECTION_ATTRIBUTES or text in ("__dict__", "__globals__"):
                    self.report(cell, node, "introspection",
                                f"names the attribute {text} in a string (getattr past the check)")
                elif any(p in text for p in INSTALLED_PATHS):
                    self.report(cell, node, "installed-files",
                                f"names a path of the course's installed code or of the grader's files ({text[:60]!r})")
            if isinstance(node, ast.keyword) and node.arg in LYING_DUNDERS:
                self.report(cell, node.value, "lying-dunder",
                            f"passes the method {node.arg} as a keyword")

    def _check_store(self, cell, node, target: ast.expr, scope: _Scope) -> None:
        verb = "deletes" if isinstance(node, ast.Delete) else "assigns"
        if isinstance(target, ast.Attribute):
            if target.attr in LYING_DUNDERS:
                self.report(cell, node, "lying-dunder",
                            f"{verb} the method {target.attr} of an object after its class was made")
            base = self.module_path(target.value, scope)
            if base and not self._configuration(f"{base}.{target.attr}"):
                self.report(cell, node, "module-attribute",
                            f"{verb} {base}.{target.attr}, an attribute of an imported module "
                            "or of something imported from one")
        elif isinstance(target, ast.Subscript):
            base = self.module_path(target.value, scope)
            if base and not self._configuration(base):
                self.report(cell, node, "module-item",
                            f"{verb} an item of {base} (a module's namespace or import table)")
            if (isinstance(target.value, ast.Call) and isinstance(target.value.func, ast.Name)
                    and target.value.func.id in ("globals", "locals")):
                self.report(cell, node, "rebinds-test-name",
                            f"{verb} a name through {target.value.func.id}()")
        elif isinstance(target, ast.Name):
            if target.id in ("__builtins__", "__builtin__"):
                self.report(cell, node, "builtins", f"{verb} {target.id}")
            elif isinstance(node, ast.comprehension):
                pass  # a comprehension's variable is its own
            elif scope is self.root or target.id in scope.globals:
                self._check_rebind(cell, node, target.id, scope)

    def _check_rebind(self, cell, node, name: str, scope: _Scope,
                      import_target: str | None = None) -> None:
        why = self.context.protected.get(name)
        if why is None:
            return
        if import_target is not None and self.context.course_imports.get(name) == import_target:
            return  # the same import again: harmless
        self.report(cell, node, "rebinds-test-name",
                    f"rebinds {name} at notebook level, which the test cells rely on ({why})")

    def _check_class(self, cell, node: ast.ClassDef) -> None:
        for stmt in node.body:
            names: list[str] = []
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [stmt.name]
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = [t.id for t in self._flatten(targets) if isinstance(t, ast.Name)]
            for name in names:
                if name in LYING_DUNDERS:
                    self.report(cell, stmt, "lying-dunder",
                                f"class {node.name} defines {name}: the tests' comparisons, "
                                "arithmetic or type checks would ask the answer itself")
        for kw in node.keywords:
            if kw.arg == "metaclass":
                self.report(cell, node, "lying-dunder",
                            f"class {node.name} has a metaclass (it can answer isinstance)")

    def _check_name(self, cell, node: ast.Name, scope: _Scope, magic_calls: set[int]) -> None:
        name = node.id
        if self._lookup_bound(name, scope) and name not in ("__builtins__", "__builtin__"):
            return
        if name in ("__builtins__", "__builtin__"):
            self.report(cell, node, "builtins", f"uses {name}")
        elif name == "globals":
            self.report(cell, node, "rebinds-test-name",
                        "uses globals() (the notebook's namespace, where the test cells look up "
                        "every name they call)")
        elif name in DYNAMIC_CODE:
            self.report(cell, node, "dynamic-code", f"uses {name} (code the check cannot read)")
        elif name in NOTEBOOK_NAMES and id(node) not in magic_calls:
            self.report(cell, node, "notebook-machinery",
                        f"uses {name} (the kernel or a magic/shell command, not Python)")

    def _check_attribute(self, cell, node: ast.Attribute, scope: _Scope) -> None:
        if node.attr in INTROSPECTION_ATTRIBUTES:
            self.report(cell, node, "introspection",
                        f"reads .{node.attr} (the interpreter's internals)")
        base = self.module_path(node.value, scope)
        if base is None:
            return
        path = f"{base}.{node.attr}"
        if path == "sys.modules" or node.attr == "__dict__":
            self.report(cell, node, "module-item",
                        f"uses {path} (the import table or a module's namespace; answers never need it)")
        if node.attr in FILE_ATTRIBUTES:
            self.report(cell, node, "installed-files", f"reads {path} (where the module lives)")
        self._check_reference(cell, node, path)

    def _check_reference(self, cell, node, path: str) -> None:
        rule = FORBIDDEN_REFERENCES.get(path) or next(
            (r for p, r in FORBIDDEN_PREFIXES.items() if path.startswith(p)), None)
        if rule is None:
            for ref, r in FORBIDDEN_REFERENCES.items():
                if path.startswith(ref + "."):
                    rule = r
        if rule:
            self.report(cell, node, rule, f"uses {path}")

    def _check_call(self, cell, node: ast.Call, scope: _Scope) -> None:
        fname = self.ref_path(node.func, scope)
        first = node.args[0] if node.args else None
        attr = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if fname in ("setattr", "delattr") or attr in ("__setattr__", "__delattr__"):
            what = fname or attr
            if first is not None and self.module_path(first, scope):
                self.report(cell, node, "setattr-module",
                            f"calls {what} on {self.module_path(first, scope)}, a module or "
                            "something imported from one")
        if fname in ("importlib.import_module", "__import__") and first is not None:
            name = _folded_string(first)
            if name is None:
                self.report(cell, node, "dynamic-code",
                            "imports a module whose name is built at run time")
            elif name.lstrip(".").split(".")[0] in FORBIDDEN_MODULES:
                top = name.lstrip(".").split(".")[0]
                self.report(cell, node, FORBIDDEN_MODULES[top],
                            f"imports {name}: answers never need it")
        if fname in ("locals", "vars") and not node.args and scope is self.root:
            self.report(cell, node, "rebinds-test-name",
                        f"uses {fname}() at notebook level (the notebook's namespace, where the "
                        "test cells look up every name they call)")
        if (fname in ("getattr", "hasattr") and len(node.args) > 1
                and _folded_string(node.args[1]) is None and _obfuscated(node.args[1])):
            self.report(cell, node, "introspection",
                        f"calls {fname} with an attribute name spelled at run time (the check "
                        "cannot read which attribute)")
        if fname == "type" and len(node.args) == 3:
            self.report(cell, node, "lying-dunder",
                        "builds a class at run time with type(name, bases, namespace)")
        if fname in ("setattr", "delattr") and len(node.args) > 1 and not (
                isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            if not (isinstance(first, ast.Name) and first.id == "self"):
                self.report(cell, node, "setattr-module",
                            f"calls {fname} with a computed attribute name")
        if fname == "open" or attr in ("write_text", "write_bytes"):
            texts = [n.value for a in node.args for n in ast.walk(a)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if any(t.endswith((".py", ".pth")) for t in texts):
                self.report(cell, node, "installed-files", "opens a Python source file")
        if fname == "vars" and first is not None and self.module_path(first, scope):
            self.report(cell, node, "module-item",
                        f"uses vars({self.module_path(first, scope)}) (a module's namespace)")
        if attr in MUTATORS and isinstance(node.func, ast.Attribute):
            base = self.module_path(node.func.value, scope)
            if base and not self._configuration(base) and (
                    base.startswith("sys.") or base.endswith("__dict__") or base == "builtins"
                    or isinstance(node.func.value, ast.Call)):
                self.report(cell, node, "module-item",
                            f"calls {base}.{attr}(...) (changes a module's namespace or an import table)")
            if (isinstance(node.func.value, ast.Call) and isinstance(node.func.value.func, ast.Name)
                    and node.func.value.func.id in ("globals", "locals")):
                self.report(cell, node, "rebinds-test-name",
                            f"changes names through {node.func.value.func.id}().{attr}")
        if fname == "open" or attr in ("write_text", "write_bytes", "open"):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if self._contained_module(arg, scope):
                    self.report(cell, node, "installed-files",
                                "opens a file whose path comes from a module")
                    break

    def _setattr_refs(self) -> None:
        for cell in self.cells:
            calls = {id(n.func) for n in ast.walk(cell[2]) if isinstance(n, ast.Call)}
            in_class = {id(n) for c in ast.walk(cell[2]) if isinstance(c, ast.ClassDef)
                        for n in ast.walk(c)}
            for node in ast.walk(cell[2]):
                if (isinstance(node, ast.Attribute) and node.attr in ("__setattr__", "__delattr__")
                        and id(node) not in in_class):
                    self.report(cell, node, "setattr-module",
                                f"uses .{node.attr} outside a class (sets attributes past the "
                                "object's own rules)")
                if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                        and node.id in ("setattr", "delattr") and id(node) not in calls
                        and not self._lookup_bound(node.id, self._scope(node))):
                    self.report(cell, node, "setattr-module",
                                f"passes {node.id} around as a value")

    def _check_forbidden(self, cell: tuple[int, str, ast.Module]) -> None:
        index, gid, tree = cell
        prefixes = self.context.forbidden.get(gid)
        if not prefixes:
            return

        def forbidden(path: str | None) -> bool:
            if not path:
                return False
            path = path.lstrip(".")
            return any(path == p or path.startswith(p + ".") for p in prefixes)

        rule = f"no {', '.join(prefixes)} in this answer"
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                path = self.module_path(node, self._scope(node))
                if path and path != "?" and forbidden(path):
                    self.report(cell, node, "forbidden-import",
                                f"imports {path} at run time: exercise '{gid}' forbids it ({rule})",
                                kind="forbidden", exercise=gid)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                           else [t for _, t, _ in _imports(node)])
                for target in targets:
                    if forbidden(target):
                        self.report(cell, node, "forbidden-import",
                                    f"imports {target.lstrip('.')}: exercise '{gid}' forbids it ({rule})",
                                    kind="forbidden", exercise=gid)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                path = self.module_path(node, self._scope(node))
                if forbidden(path):
                    self.report(cell, node, "forbidden-import",
                                f"uses {node.id} ({path}): exercise '{gid}' forbids it ({rule})",
                                kind="forbidden", exercise=gid)


def check_answer_sources(answers: list[tuple[int, str, str]], context: CourseContext) -> list[Finding]:
    """Findings for the given answer cells: (1-based position, grade_id or "", source)."""
    checker = _Checker(context, answers)
    checker.run()
    return sorted(checker.findings, key=lambda f: (f.cell, f.line, f.rule))


def check_notebook(nb, source_nb, context: CourseContext | None = None) -> list[Finding]:
    """Findings for a submitted (or autograded) notebook against the instructor's notebook."""
    context = context or course_context(source_nb)
    return check_answer_sources(answer_cells(nb, context), context)


def main(argv: list[str] | None = None) -> int:
    """``python -m watchtower.integrity SOURCE.ipynb SUBMISSION.ipynb ...``: print findings."""
    import argparse

    import nbformat

    parser = argparse.ArgumentParser(prog="python -m watchtower.integrity",
                                     description="Static tamper check of submitted notebooks.")
    parser.add_argument("source", help="the instructor's notebook (solutions/<id>/<id>.ipynb)")
    parser.add_argument("submissions", nargs="+")
    args = parser.parse_args(argv)
    source = nbformat.read(args.source, as_version=4)
    context = course_context(source)
    status = 0
    for path in args.submissions:
        findings = check_notebook(nbformat.read(path, as_version=4), source, context)
        for f in findings:
            print(f"{path}: {f.kind}: {f}")
        status |= bool(findings)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
