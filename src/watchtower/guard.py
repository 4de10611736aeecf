"""Shortcut guard for test cells: "write it yourself" exercises stay honest.

A test cell calls the student's function inside ``no_shortcuts``::

    from watchtower.guard import no_shortcuts

    want = [1, 3]                    # expected values: computed OUTSIDE the block
    with no_shortcuts("numpy", "scipy", "driftscope", exercise="histogram"):
        got = histogram([0.5, 1.5, 1.7, 2.0], [0, 1, 2])
    assert got == want, f"histogram(...) should be {want}, got {got}"

If the student's code used a forbidden module while the block ran, the block
ends with :class:`ShortcutError` (an ``AssertionError``, so nbgrader scores the
cell zero) whose message says what was called and why that is not allowed::

    ShortcutError: kl_divergence_pure called scipy.stats.entropy; this exercise
    asks you to write it yourself (no numpy, scipy or driftscope in the answer).

How it decides (two independent checks, both needed):

1. **Dynamic** (``sys.setprofile``): every Python-level call made while the block
   runs is seen. A call *into* a forbidden module (the callee frame's
   ``f_globals['__name__']`` is ``numpy`` / ``numpy.*`` ...) is a violation when a
   student frame is on the stack below it, even through a non-forbidden library
   (``pandas`` calling ``numpy`` on the student's behalf counts). C functions
   called directly from student code are seen as ``c_call`` events.
2. **Static**: every student code object that ran in the block (and the code
   objects nested in it: closures, lambdas, comprehensions) is disassembled; the
   global names it loads are resolved in its namespace. A name bound to a
   forbidden module, or to a function/class/ufunc defined in one (``np``,
   ``np.log`` via ``np``, ``from numpy import log``), or an ``import`` of a forbidden
   module, is a violation. This catches ufuncs such as ``np.log`` that produce no
   profile events.

"Student code" is code whose globals are the test cell's namespace (the
notebook's ``__main__``) and that is not the test cell itself: the cell's own
calls (and its comprehensions) never trip the guard, and neither do library
internals that the student did not reach. Violations are recorded, never raised
inside student code, so ``try/except`` in the answer cannot swallow them; the
block raises after it ends (replacing any assertion error from inside it).

The guard also checks itself (best effort: the student's code shares its
interpreter). ``watchtower.guard`` refuses to have ``no_shortcuts``,
``ShortcutError`` or its helpers replaced (``AttributeError`` in the answer that
tries, and the attempt is remembered), always hands the original to
``from watchtower.guard import no_shortcuts``, and every block first compares
the guard's functions, its module, ``sys.setprofile``/``sys.getprofile`` and the
builtins it relies on with what they were at import: if anything changed, the
block fails with a message saying what (:func:`tampering`). What the kernel
cannot see (``sys.modules['watchtower.guard']`` swapped before the test cell
imports it, the guard's file rewritten on disk) the grading process's static
check catches: :mod:`watchtower.integrity`.
"""

from __future__ import annotations

import builtins
import dis
import sys
import types
from typing import Any, Iterable, Iterator

__all__ = ["ShortcutError", "no_shortcuts", "static_violations", "tampering"]

_MAX_REASONS = 3


class ShortcutError(AssertionError):
    """The student's answer used a module the exercise forbids."""


def _is_forbidden(name: Any, prefixes: tuple[str, ...]) -> bool:
    if not isinstance(name, str) or not name:
        return False
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _nested_codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """``code`` and every code object nested in it (closures, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _nested_codes(const)


def _module_of(value: Any) -> str | None:
    """The module a value belongs to, for modules and callables; else None."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    if callable(value):
        module = getattr(value, "__module__", None)
        if not isinstance(module, str):
            module = getattr(type(value), "__module__", None)
        self_ = getattr(value, "__self__", None)
        if isinstance(self_, types.ModuleType) and module in (None, "builtins"):
            module = self_.__name__
        return module if isinstance(module, str) else None
    return None


def _lookup_public(module: str, name: str, code: types.CodeType | None = None,
                   func: Any = None) -> str | None:
    """The shortest public dotted path under which the function is reachable."""
    parts = module.split(".")
    for i in range(1, len(parts) + 1):
        mod = sys.modules.get(".".join(parts[:i]))
        if mod is None:
            continue
        obj = getattr(mod, "__dict__", {}).get(name)
        if obj is None:
            continue
        for cand in (obj, getattr(obj, "__wrapped__", None)):
            if cand is None:
                continue
            if (func is not None and cand is func) or (
                    code is not None and getattr(cand, "__code__", None) is code):
                return f"{mod.__name__}.{name}"
    return None


def _public_name(module: str, name: str, code: types.CodeType | None = None,
                 func: Any = None) -> str:
    """``numpy.lib._histograms_impl`` + ``histogram`` -> ``numpy.histogram``."""
    found = _lookup_public(module, name, code=code, func=func)
    if found:
        return found
    public = []
    for part in module.split("."):
        if part.startswith("_"):
            break
        public.append(part)
    return ".".join(public or module.split(".")[:1]) + "." + name


def _describe_frame(frame: types.FrameType) -> str:
    """A readable name for the forbidden function a frame runs."""
    code = frame.f_code
    module = frame.f_globals.get("__name__", "?")
    found = _lookup_public(module, code.co_name, code=code)
    if found:
        return found
    if code.co_freevars:
        # A decorator's wrapper (scipy's axis_nan_policy, functools.wraps ...):
        # name the wrapped function it closes over instead.
        try:
            local_vars = frame.f_locals
        except Exception:  # pragma: no cover
            local_vars = {}
        for var in code.co_freevars:
            func = local_vars.get(var)
            if isinstance(func, types.FunctionType):
                fmod = getattr(func, "__module__", "") or ""
                if fmod.split(".")[0] == module.split(".")[0]:
                    return _public_name(fmod, func.__name__, func=func)
    return _public_name(module, code.co_name)


def static_violations(func_or_code: Any, *forbidden: str,
                      namespace: dict | None = None) -> list[str]:
    """Names a function (or code object) loads that belong to forbidden modules.

    >>> import math
    >>> def area(r):
    ...     return math.pi * r ** 2
    >>> static_violations(area, "numpy")
    []
    >>> def shortcut(values):
    ...     import statistics
    ...     return statistics.fmean(values)
    >>> static_violations(shortcut, "statistics")
    ['shortcut imports statistics']
    """
    prefixes = tuple(forbidden)
    if isinstance(func_or_code, types.CodeType):
        code = func_or_code
        globs = namespace if namespace is not None else {}
    else:
        code = func_or_code.__code__
        globs = namespace if namespace is not None else func_or_code.__globals__
    reasons: list[str] = []
    owner = code.co_name
    for sub in _nested_codes(code):
        for ins in dis.get_instructions(sub):
            if ins.opname == "IMPORT_NAME":
                mod = ins.argval
                if _is_forbidden(mod, prefixes):
                    reasons.append(f"{owner} imports {mod}")
            elif ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                name = ins.argval
                if name in globs:
                    value = globs[name]
                elif hasattr(builtins, name):
                    continue
                else:
                    continue
                mod = _module_of(value)
                if not _is_forbidden(mod, prefixes):
                    continue
                if isinstance(value, types.ModuleType):
                    alias = "" if name == mod else f" (as '{name}')"
                    reasons.append(f"{owner} uses the module {mod}{alias}")
                else:
                    target = _public_name(mod, getattr(value, "__name__", name), func=value)
                    alias = "" if target.endswith("." + name) else f" (as '{name}')"
                    reasons.append(f"{owner} uses {target}{alias}")
    # keep order, drop duplicates
    return list(dict.fromkeys(reasons))


def _join_names(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


class no_shortcuts:
    """Context manager: fail the block if student code used a forbidden module.

    ``forbidden`` are module prefixes (``"numpy"`` forbids ``numpy`` and every
    ``numpy.*``); ``exercise`` (optional) names the exercise in the message.
    Compute expected values outside the block; inside, call only the
    student's functions. Usable once per ``with``.
    """

    def __init__(self, *forbidden: str, exercise: str | None = None) -> None:
        if not forbidden or not all(isinstance(p, str) and p for p in forbidden):
            raise ValueError("no_shortcuts needs at least one module prefix, e.g. 'numpy'")
        self.forbidden = tuple(forbidden)
        self.exercise = exercise
        self.violations: list[str] = []
        self._seen: dict[types.CodeType, dict] = {}
        self._active = False

    # -- the profiler -------------------------------------------------------
    def _student_frame(self, frame: types.FrameType | None) -> types.FrameType | None:
        """The innermost student frame on the stack (a named function if any)."""
        first = None
        while frame is not None and frame is not self._block_frame:
            if frame.f_globals is self._namespace and frame.f_code not in self._test_codes:
                if not frame.f_code.co_name.startswith("<"):
                    return frame
                first = first or frame
            frame = frame.f_back
        return first

    def _record(self, reason: str) -> None:
        if reason not in self.violations and len(self.violations) < 50:
            self.violations.append(reason)

    def _profile(self, frame: types.FrameType, event: str, arg: Any) -> None:
        try:
            if event == "call":
                globs = frame.f_globals
                if globs is self._namespace:
                    code = frame.f_code
                    if code not in self._test_codes and code not in self._seen:
                        self._seen[code] = globs
                    return
                if not _is_forbidden(globs.get("__name__"), self.forbidden):
                    return
                caller = frame.f_back
                if caller is not None and _is_forbidden(
                        caller.f_globals.get("__name__"), self.forbidden):
                    return  # a call inside the forbidden library itself
                if frame.f_code.co_name.endswith("_dispatcher"):
                    return  # numpy's __array_function__ dispatchers: the real call follows
                student = self._student_frame(caller)
                if student is not None:
                    self._record(f"{student.f_code.co_name} called {_describe_frame(frame)}")
            elif event == "c_call":
                module = _module_of(arg)
                if not _is_forbidden(module, self.forbidden):
                    return
                if _is_forbidden(frame.f_globals.get("__name__"), self.forbidden):
                    return
                student = self._student_frame(frame)
                if student is not None:
                    name = getattr(arg, "__name__", repr(arg))
                    self._record(f"{student.f_code.co_name} called "
                                 f"{_public_name(module, name, func=arg)}")
        except Exception:  # never let the guard break the student's code
            pass

    # -- context manager ----------------------------------------------------
    def __enter__(self) -> "no_shortcuts":
        if self._active:
            raise RuntimeError("no_shortcuts is not re-entrant; use a new one per block")
        self._block_frame = sys._getframe(1)
        self._namespace = self._block_frame.f_globals
        # The test cell's own code: the block's frame and the comprehensions,
        # generator expressions and lambdas written in it (not named functions
        # defined in the same code, which is what a student's answer looks like
        # when everything sits in one module).
        self._test_codes = {
            code for code in _nested_codes(self._block_frame.f_code)
            if code is self._block_frame.f_code or code.co_name.startswith("<")
        }
        problems = tampering()
        if problems:
            more = f" and {len(problems) - 2} more" if len(problems) > 2 else ""
            self._record("the shortcut guard was tampered with (" + "; ".join(problems[:2])
                         + more + ")")
        self._previous = sys.getprofile()
        self._active = True
        sys.setprofile(self._profile)
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        current = sys.getprofile()
        sys.setprofile(self._previous)
        self._active = False
        if current is not self._profile and getattr(current, "__self__", None) is not self:
            self._record("the answer switched off the shortcut guard (sys.setprofile)")
        nested = {sub for code in self._seen for sub in list(_nested_codes(code))[1:]}
        for code, globs in list(self._seen.items()):
            if code in nested:
                continue  # analysed with the function it belongs to
            for reason in static_violations(code, *self.forbidden, namespace=globs):
                self._record(reason)
        self._block_frame = None  # break the frame reference cycle
        if not self.violations:
            return False
        raise ShortcutError(self.message()) from exc

    def message(self) -> str:
        reasons = self.violations[:_MAX_REASONS]
        more = len(self.violations) - len(reasons)
        text = "; ".join(reasons)
        if more > 0:
            text += f" (and {more} more)"
        what = f"exercise '{self.exercise}' asks" if self.exercise else "this exercise asks"
        return (f"{text}; {what} you to write it yourself "
                f"(no {_join_names(self.forbidden)} in the answer).")


# ----------------------------------------------------------------- self-check
_PROTECTED = ("ShortcutError", "no_shortcuts", "static_violations", "tampering",
              "_is_forbidden", "_nested_codes", "_module_of", "_lookup_public", "_public_name",
              "_describe_frame", "_join_names")


def tampering(*, _state: dict | None = None) -> list[str]:
    """What changed in the guard, or in what it relies on, since it was imported ([] if nothing).

    The state it compares with was captured at import and is kept with the
    function itself (read-only mappings), so rebinding the module's private
    names (``_ORIGINALS`` ...) is reported rather than believed.

    >>> tampering()
    []
    """
    state = _state or {}
    _ATTEMPTS, _MODULE = state["_ATTEMPTS"], state["_MODULE"]
    _ORIGINALS, _CLASS_ATTRS = state["_ORIGINALS"], state["_CLASS_ATTRS"]
    _CODES, _RELIED_ON, _SYS_HOOKS = state["_CODES"], state["_RELIED_ON"], state["_SYS_HOOKS"]
    problems = list(dict.fromkeys(_ATTEMPTS))
    if sys.modules.get(__name__) is not _MODULE:
        problems.append(f"sys.modules['{__name__}'] was replaced")
    namespace = types.ModuleType.__getattribute__(_MODULE, "__dict__")
    for name, value in state.items():
        if namespace.get(name) is not value:
            problems.append(f"{__name__}.{name} was replaced")
    if type(_MODULE) is not state["_GuardedModule"]:
        problems.append(f"the class of {__name__} was replaced")
    for name, original in _ORIGINALS.items():
        if namespace.get(name) is not original:
            problems.append(f"{__name__}.{name} was replaced")
    for name, attrs in _CLASS_ATTRS.items():
        current = vars(_ORIGINALS[name] if name in _ORIGINALS else state[name])
        for attr, value in attrs.items():
            if current.get(attr) is not value:
                problems.append(f"{name}.{attr} was replaced")
        for attr in set(current) - set(attrs):
            problems.append(f"{name}.{attr} was added")
    for qualname, code in _CODES.items():
        obj = _ORIGINALS[qualname.split(".")[0]]
        for part in qualname.split(".")[1:]:
            obj = _CLASS_ATTRS[qualname.split(".")[0]].get(part)
        if getattr(obj, "__code__", None) is not code:
            problems.append(f"the code of {qualname} was replaced")
    for name, value in _RELIED_ON.items():
        if getattr(builtins, name, None) is not value:
            problems.append(f"builtins.{name} was replaced")
    if (sys.setprofile, sys.getprofile, sys._getframe, dis.get_instructions) != _SYS_HOOKS:
        problems.append("sys.setprofile, sys.getprofile, sys._getframe or dis.get_instructions "
                        "was replaced")
    return list(dict.fromkeys(problems))


_ORIGINALS = types.MappingProxyType({name: globals()[name] for name in _PROTECTED})


def _codes() -> dict[str, types.CodeType]:
    found = {}
    for name, obj in _ORIGINALS.items():
        if isinstance(obj, types.FunctionType):
            found[name] = obj.__code__
        elif isinstance(obj, type):
            for attr, value in vars(obj).items():
                if isinstance(value, types.FunctionType):
                    found[f"{name}.{attr}"] = value.__code__
    return found


_CODES = types.MappingProxyType(_codes())
_RELIED_ON = types.MappingProxyType({name: getattr(builtins, name) for name in (
    "isinstance", "getattr", "hasattr", "callable", "len", "list", "dict", "set", "tuple", "any",
    "all", "type", "super", "AssertionError", "Exception")})
_SYS_HOOKS = (sys.setprofile, sys.getprofile, sys._getframe, dis.get_instructions)
_MODULE = sys.modules[__name__]
_ATTEMPTS: list[str] = []


class _GuardedModule(types.ModuleType):
    """``watchtower.guard`` itself: nothing in it can be swapped from a notebook."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Every name: the private state (_ORIGINALS ...) is what the checks compare with.
        _ATTEMPTS.append(f"an answer assigned {__name__}.{name}")
        raise AttributeError(f"{__name__}.{name} cannot be replaced from a notebook: "
                             "the shortcut guard stays on (and the attempt is graded)")

    def __delattr__(self, name: str) -> None:
        _ATTEMPTS.append(f"an answer deleted {__name__}.{name}")
        raise AttributeError(f"{__name__}.{name} cannot be deleted from a notebook")

    def __getattribute__(self, name: str) -> Any:  # replaced below by _sealed_getattribute's
        return super().__getattribute__(name)


def _sealed_getattribute(originals, attempts):
    """``_GuardedModule.__getattribute__``, holding the originals in its closure, not in a
    global an answer could rebind through the module's ``__dict__``."""
    def __getattribute__(self, name: str) -> Any:
        if name in originals:
            original = originals[name]
            if types.ModuleType.__getattribute__(self, "__dict__").get(name) is not original:
                attempts.append(f"{__name__}.{name} was replaced in the module's namespace")
            return original
        return types.ModuleType.__getattribute__(self, name)
    return __getattribute__


_GuardedModule.__getattribute__ = _sealed_getattribute(_ORIGINALS, _ATTEMPTS)


_CLASS_ATTRS = types.MappingProxyType({
    name: types.MappingProxyType(dict(vars(obj)))
    for name, obj in [*_ORIGINALS.items(), ("_GuardedModule", _GuardedModule)]
    if isinstance(obj, type)})
tampering.__kwdefaults__ = {"_state": types.MappingProxyType({
    name: globals()[name] for name in ("_ORIGINALS", "_CODES", "_CLASS_ATTRS", "_RELIED_ON",
                                       "_SYS_HOOKS", "_MODULE", "_ATTEMPTS", "_GuardedModule")})}
types.ModuleType.__setattr__(_MODULE, "__class__", _GuardedModule)
