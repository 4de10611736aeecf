"""Which tampering pattern each adversarial submission tests: ``python tests/course/tamper_patterns.py``.

Reads the ``TAMPERING`` dicts of ``tests/course/wrong_answers/*.py`` (and the
``SHORTCUTS`` for forbidden imports), runs the static check
(:mod:`watchtower.integrity`) on each against its chapter's reference notebook,
and prints, for every pattern of issue 13 and every rule of the check, the
submissions (chapter, exercise, name) that test it. A pattern is matched by
the rule the check reports (and, for the three named patterns every chapter
must have, by the entry's name). Static only: a few seconds, no kernel.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _course import ASSIGNMENTS, answer_file, solution_path, with_answers  # noqa: E402

from watchtower.integrity import check_notebook, course_context  # noqa: E402

#: Issue 13's patterns: (label, test on an entry's name and its findings).
PATTERNS = [
    ("guard switch (named)", lambda name, fs: name.startswith("guard switch")),
    ("patched comparison function (named)", lambda name, fs: name.startswith("patched comparison")),
    ("lying object (named)", lambda name, fs: name.startswith("lying object")),
    ("assignment to an attribute of an imported module",
     lambda name, fs: any(f.rule == "module-attribute" for f in fs)),
    ("setattr on a module", lambda name, fs: any(f.rule == "setattr-module" for f in fs)),
    ("writes to builtins", lambda name, fs: any(
        f.rule == "builtins" or (f.rule == "module-attribute" and " builtins." in f.message)
        for f in fs)),
    ("writes to sys.modules", lambda name, fs: any(
        f.rule == "module-item" and "sys.modules" in f.message for f in fs)),
    ("sys.setprofile / sys.settrace", lambda name, fs: any(f.rule == "tracing" for f in fs)),
    ("redefinition of a name the test cells import or use",
     lambda name, fs: any(f.rule == "rebinds-test-name" for f in fs)),
    ("lying __eq__ / __abs__ ... (lying-dunder)", lambda name, fs: any(f.rule == "lying-dunder" for f in fs)),
]
RULES = ["module-attribute", "module-item", "setattr-module", "builtins", "tracing", "reload",
         "test-machinery",
         "introspection", "dynamic-code", "notebook-machinery", "installed-files",
         "rebinds-test-name", "lying-dunder"]


def collect() -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """(pattern -> entries, rule -> entries, entries not flagged)."""
    by_pattern: dict[str, list[str]] = defaultdict(list)
    by_rule: dict[str, list[str]] = defaultdict(list)
    missed: list[str] = []
    for assignment in ASSIGNMENTS:
        source = nbformat.read(solution_path(assignment), as_version=4)
        context = course_context(source)
        module = answer_file(assignment)
        for exercise, entries in getattr(module, "TAMPERING", {}).items():
            for name, answer in entries:
                label = f"{assignment[:2]} {exercise}: {name}"
                findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
                if not [f for f in findings if f.kind == "tampering"]:
                    missed.append(label)
                for pattern, test in PATTERNS:
                    if test(name, findings):
                        by_pattern[pattern].append(label)
                for rule in sorted({f.rule for f in findings}):
                    by_rule[rule].append(label)
        for exercise, answer in getattr(module, "SHORTCUTS", {}).items():
            findings = check_notebook(with_answers(source, {exercise: answer}), source, context)
            if any(f.kind == "forbidden" and f.exercise == exercise for f in findings):
                by_pattern["forbidden import for the exercise (SHORTCUTS)"].append(
                    f"{assignment[:2]} {exercise}: SHORTCUTS")
    return by_pattern, by_rule, missed


def main() -> int:
    by_pattern, by_rule, missed = collect()
    print("# Tampering patterns -> submissions that test them\n")
    for pattern in [p for p, _ in PATTERNS] + ["forbidden import for the exercise (SHORTCUTS)"]:
        entries = by_pattern.get(pattern, [])
        print(f"## {pattern} ({len(entries)})")
        for entry in entries:
            print(f"- {entry}")
        print()
    print("# Rules of watchtower.integrity -> submissions flagged by them\n")
    for rule in RULES:
        entries = by_rule.get(rule, [])
        print(f"## {rule} ({len(entries)})")
        for entry in entries:
            print(f"- {entry}")
        print()
    if missed:
        print("# NOT flagged\n" + "\n".join(f"- {m}" for m in missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
