"""Check a course checkout before class, one kernel per chapter: ``python -m watchtower.check``.

Usage::

    python -m watchtower.check                        # every assignment in solutions/
    python -m watchtower.check 01-kl-divergence -v    # one chapter, every answer listed
    python -m watchtower.check --course-dir ~/course-2043 --answers ~/course-2043/wrong

For each assignment, ``solutions/<id>/<id>.ipynb`` runs once, top to bottom, in
one fresh kernel (``PYTHONHASHSEED=0``, ``MPLBACKEND=Agg``, in a temporary copy of
its folder, as nbgrader runs it), and:

1. every cell runs without error and its outputs equal the stored ones,
   compared as nbval compares them and sanitised with
   ``tests/course/nbval_sanitize.cfg`` (cells tagged ``nbval-ignore-output``
   run but are not compared; images never are);
2. just before each exercise's solution cell, every answer listed for the
   exercise in ``tests/course/wrong_answers/<id>.py`` is tried in a forked copy
   of the kernel (:mod:`watchtower._probe`): the answer replaces the solution
   cell, then the notebook runs on to the exercise's last test cell. The test
   cells of exercise ``x`` are the autograded cells named ``test_x`` and
   ``test_x_<part>`` (partial credit), with their hidden tests. nbgrader
   scores a test cell zero exactly when it raises, so

   - a ``WRONG_ANSWERS`` entry must make at least one of them raise;
   - a ``SHORTCUTS`` entry must make every one that uses ``no_shortcuts`` raise
     ``ShortcutError`` with a message that says "write it yourself";
   - a ``CORRECT_ANSWERS`` entry (a right answer written another way) must
     pass all of them;

3. the answer file covers the chapter: at least two wrong answers per
   exercise, a shortcut wherever a test cell forbids one, no unknown names.
   Other entries of the file (``TAMPERING``) are left to their own checker.

Exit status 1 when anything fails; one line per problem says what and where.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import importlib.util
import json
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import nbformat

from ._nbgrader import REPO, assignments, nbgrader_env

__all__ = ["Answers", "ChapterCheck", "Exercise", "Trial", "answer_module", "check_assignment",
           "coverage_problems", "exercises", "load_answers", "main", "output_differences", "sanitize_patterns"]

#: The text a shortcut's error must carry (the guard's message).
SHORTCUT_MARK = "write it yourself"
#: Output keys nbval never compares (volatile ids, images, tracebacks).
SKIP_KEYS = frozenset({"metadata", "traceback", "prompt_number", "output_type", "name",
                       "execution_count", "application/vnd.jupyter.widget-view+json",
                       "image/png", "image/jpeg"})
IGNORE_OUTPUT = ("nbval-ignore-output", "NBVAL_IGNORE_OUTPUT")
SKIP_CELL = ("nbval-skip", "NBVAL_SKIP")
RAISES = ("raises-exception", "nbval-raises-exception", "NBVAL_RAISES_EXCEPTION")


# ------------------------------------------------------------------ the course
def default_answers_dir(course: Path) -> Path:
    return course / "tests" / "course" / "wrong_answers"


def default_sanitize_file(course: Path) -> Path:
    return course / "tests" / "course" / "nbval_sanitize.cfg"


@dataclass(frozen=True)
class Answers:
    """The answers listed for a chapter, by exercise: ``(name, source)`` pairs."""

    wrong: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    shortcuts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    correct: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def total(self, kind: str) -> int:
        return sum(len(v) for v in getattr(self, kind).values())


def answer_module(path: Path) -> ModuleType:
    """The answer file at ``path`` as a fresh module (its dicts as written, e.g. ``TAMPERING``)."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location("answers_" + re.sub(r"\W", "_", path.stem), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_answers(path: Path) -> Answers:
    """WRONG_ANSWERS, SHORTCUTS and CORRECT_ANSWERS of an answer file (empty when absent).

    ``SHORTCUTS`` values may be one source or a list of ``(name, source)``.
    """
    path = Path(path)
    if not path.exists():
        return Answers()
    module = answer_module(path)
    shortcuts = {ex: ([("shortcut", value)] if isinstance(value, str) else list(value))
                 for ex, value in getattr(module, "SHORTCUTS", {}).items()}
    return Answers(wrong={ex: list(v) for ex, v in getattr(module, "WRONG_ANSWERS", {}).items()},
                   shortcuts=shortcuts,
                   correct={ex: list(v) for ex, v in getattr(module, "CORRECT_ANSWERS", {}).items()})


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


@dataclass(frozen=True)
class Exercise:
    """An autograded exercise: its solution cell and its test cells (cell indices)."""

    name: str
    solution: int
    tests: tuple[int, ...] = ()
    guarded: tuple[int, ...] = ()  # test cells that forbid shortcuts (no_shortcuts)


def exercise_of(test_id: str, names) -> str | None:
    """The exercise a test cell belongs to: ``test_x`` or ``test_x_<part>``, longest ``x`` wins.

    >>> exercise_of("test_psi_severity", ["psi", "psi_severity"])
    'psi_severity'
    >>> exercise_of("test_psi_edges", ["psi", "psi_severity"])
    'psi'
    """
    found = [n for n in names if test_id == f"test_{n}" or test_id.startswith(f"test_{n}_")]
    return max(found, key=len) if found else None


def exercises(nb) -> tuple[dict[str, Exercise], list[str]]:
    """The notebook's exercises by name, and the autograded test cells that fit none."""
    solutions = {_nbgrader(c)["grade_id"]: i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and _nbgrader(c).get("solution")}
    tests: dict[str, list[int]] = defaultdict(list)
    orphans = []
    for i, c in enumerate(nb.cells):
        meta = _nbgrader(c)
        if c.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            name = exercise_of(meta.get("grade_id", ""), solutions)
            if name is None or i < solutions[name]:
                orphans.append(meta.get("grade_id", f"cell {i}"))
            else:
                tests[name].append(i)
    found = {}
    for name, index in solutions.items():
        mine = tuple(tests.get(name, ()))
        found[name] = Exercise(name, index, mine,
                               tuple(i for i in mine if "no_shortcuts(" in nb.cells[i].source))
    return found, orphans


def coverage_problems(nb, answers: Answers, label: str = "the answer file") -> list[str]:
    """What the answer file lacks: >= 2 wrong answers each, shortcuts where guarded, known names."""
    found, orphans = exercises(nb)
    problems = [f"test cell {gid} belongs to no exercise: name it test_<exercise> or "
                f"test_<exercise>_<part>, after the exercise's solution cell" for gid in orphans]
    for name, ex in found.items():
        if not ex.tests:
            problems.append(f"{name}: no autograded test cell test_{name}")
        if len(answers.wrong.get(name, [])) < 2:
            problems.append(f"{name}: needs at least 2 wrong answers in {label}")
        if ex.guarded and not answers.shortcuts.get(name):
            problems.append(f"{name}: its test forbids shortcuts, so {label} needs a SHORTCUTS "
                            "answer proving it")
    for kind in ("wrong", "shortcuts", "correct"):
        for name in sorted(set(getattr(answers, kind)) - set(found)):
            problems.append(f"{name}: listed in {label} ({kind}) but no solution cell has this grade_id")
    return problems


# ------------------------------------------------------------------ outputs
def sanitize_patterns(path: Path | None) -> list[tuple[str, str]]:
    """``regex:`` / ``replace:`` pairs of an nbval sanitize file, in order."""
    if path is None or not Path(path).exists():
        return []
    text = Path(path).read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def _marked(cell, markers: tuple[str, ...]) -> bool:
    tags = cell.get("metadata", {}).get("tags", []) or []
    comments = {line.strip().lstrip("#").strip() for line in cell.source.splitlines()
                if line.strip().startswith("#")}
    return any(m in tags or m in comments for m in markers)


def _flatten(outputs, patterns) -> dict[str, list]:
    """Outputs as nbval compares them: streams merged by name, MIME data flattened."""
    def clean(value):
        if isinstance(value, list):
            value = "".join(value)
        if isinstance(value, str):
            for regex, replace in patterns:
                value = re.sub(regex, replace, value)
        return value

    flat: dict[str, list] = defaultdict(list)
    streams: dict[str, int] = {}
    for out in outputs:
        if out.get("output_type") == "stream":
            key = out.get("name", "stdout")
            text = "".join(out.get("text", ""))
            if key in streams:
                flat[key][streams[key]] += text
            else:
                streams[key] = len(flat[key])
                flat[key].append(text)
            continue
        for key, value in out.items():
            if key in SKIP_KEYS:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in SKIP_KEYS:
                        flat[mime].append(data)
            else:
                flat[key].append(value)
    for key, at in streams.items():  # a progress bar's \r rewrites leave only the last line
        flat[key][at] = re.sub(r"^.*\r(?=[^\n])", "", flat[key][at], flags=re.MULTILINE)
    return {k: [clean(v) for v in values] for k, values in flat.items()}


def output_differences(stored, fresh, patterns) -> str | None:
    """How ``fresh`` outputs differ from ``stored`` ones after sanitising, or None."""
    want, got = _flatten(stored, patterns), _flatten(fresh, patterns)
    if set(want) != set(got):
        missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
        return (f"missing output {missing} " if missing else "") + (f"unexpected output {extra}" if extra else "")
    for key in want:
        if len(want[key]) != len(got[key]):
            return f"{key}: {len(want[key])} stored outputs, {len(got[key])} now"
        for old, new in zip(want[key], got[key]):
            if old != new:
                diff = difflib.unified_diff(str(old).splitlines(), str(new).splitlines(),
                                            "stored", "now", lineterm="", n=1)
                return f"{key} differs:\n" + "\n".join(list(diff)[:20])
    return None


# ------------------------------------------------------------------ trials
@dataclass
class Trial:
    """One answer tried in a forked kernel, and what its exercise's test cells did."""

    exercise: str
    kind: str  # "wrong" | "shortcut" | "correct"
    name: str
    cells: dict[str, dict | None] = field(default_factory=dict)  # test grade_id -> error or None
    guarded: tuple[str, ...] = ()
    timed_out: bool = False
    crashed: str | None = None

    @property
    def raised(self) -> list[str]:
        return [gid for gid, err in self.cells.items() if err is not None]

    def problem(self) -> str | None:
        """Why this trial fails its requirement, or None."""
        what = f"{self.kind} answer '{self.name}' for {self.exercise}"
        if self.crashed:
            return f"{what}: the trial crashed ({self.crashed})"
        if self.timed_out:
            if self.kind == "wrong":
                return None  # nbgrader's cell timeout scores it zero too
            return f"{what}: timed out"
        if self.kind == "wrong" and not self.raised:
            return f"{what} passes every test cell ({', '.join(self.cells)}): nothing catches it"
        if self.kind == "correct" and self.raised:
            errors = "; ".join(f"{gid}: {self.cells[gid]['ename']}: {self.cells[gid]['evalue'][:300]}"
                               for gid in self.raised)
            return f"{what} fails: {errors}"
        if self.kind == "shortcut":
            if not self.guarded:
                return f"{what}: none of its test cells uses no_shortcuts"
            for gid in self.guarded:
                err = self.cells.get(gid)
                if err is None:
                    return f"{what} passes {gid}"
                if not err["shortcut"] or SHORTCUT_MARK not in err["evalue"]:
                    return (f"{what}: {gid} raised {err['ename']} instead of a ShortcutError saying "
                            f"'{SHORTCUT_MARK}': {err['evalue'][:300]}")
        return None


@dataclass
class ChapterCheck:
    """The outcome of checking one assignment."""

    assignment: str
    trials: list[Trial] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cells_run: int = 0
    seconds: float = 0.0
    trial_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.all_problems()

    def all_problems(self) -> list[str]:
        return self.problems + [p for t in self.trials if (p := t.problem())]

    def met(self, kind: str) -> tuple[int, int]:
        """(trials of this kind that meet their requirement, trials of this kind)."""
        mine = [t for t in self.trials if t.kind == kind]
        return sum(t.problem() is None for t in mine), len(mine)

    def summary(self) -> str:
        (w, nw), (s, ns), (c, nc) = self.met("wrong"), self.met("shortcut"), self.met("correct")
        return (f"{self.assignment}: {self.cells_run} cells and {len(self.trials)} trials in "
                f"{self.seconds:.1f} s (trials {self.trial_seconds:.1f} s); wrong answers caught "
                f"{w}/{nw}, shortcuts refused {s}/{ns}, correct answers pass {c}/{nc}")


def _trials_for(ex: Exercise, answers: Answers, nb) -> list[Trial]:
    ids = {i: _nbgrader(nb.cells[i])["grade_id"] for i in ex.tests}
    guarded = tuple(ids[i] for i in ex.guarded)
    out = []
    for kind, table in (("wrong", answers.wrong), ("shortcut", answers.shortcuts),
                        ("correct", answers.correct)):
        for name, _source in table.get(ex.name, []):
            out.append(Trial(ex.name, kind, name, guarded=guarded))
    return out


def _sources_for(ex: Exercise, answers: Answers) -> list[str]:
    return [source for table in (answers.wrong, answers.shortcuts, answers.correct)
            for _name, source in table.get(ex.name, [])]


def _run_trials(client, nb, ex: Exercise, answers: Answers, scratch: Path,
                variant_timeout: float) -> list[Trial]:
    from nbclient.exceptions import CellExecutionError

    trials = _trials_for(ex, answers, nb)
    if not trials or not ex.tests:
        return []
    last = max(ex.tests)
    cells = [{"source": nb.cells[i].source,
              "record": _nbgrader(nb.cells[i])["grade_id"] if i in ex.tests else None}
             for i in range(ex.solution, last + 1)
             if nb.cells[i].cell_type == "code" and not _marked(nb.cells[i], SKIP_CELL)]
    spec_path, result_path = scratch / f"{ex.name}.spec.json", scratch / f"{ex.name}.result.json"
    spec_path.write_text(json.dumps({"cells": cells, "variants": _sources_for(ex, answers),
                                     "timeout": variant_timeout, "result_path": str(result_path)}))
    probe = nbformat.v4.new_code_cell(
        f"__import__('watchtower._probe', fromlist=['run']).run({str(spec_path)!r})")
    saved = client.timeout
    client.timeout = int(variant_timeout * len(trials) + 60)
    try:
        client.execute_cell(probe, ex.solution, store_history=False)
        outcomes = json.loads(result_path.read_text())
    except (CellExecutionError, OSError, ValueError) as err:
        for trial in trials:
            trial.crashed = f"the kernel could not run the trials: {str(err)[-500:]}"
        return trials
    finally:
        client.timeout = saved
    for trial, outcome in zip(trials, outcomes):
        trial.cells = outcome.get("cells", {})
        trial.timed_out = bool(outcome.get("timed_out"))
        trial.crashed = outcome.get("crashed")
    return trials


# ------------------------------------------------------------------ the check
def check_assignment(assignment: str, *, course: Path = REPO, answers_dir: Path | None = None,
                     sanitize: Path | None = None, cell_timeout: int = 120,
                     variant_timeout: float = 120.0) -> ChapterCheck:
    """Run ``solutions/<assignment>`` once and try every listed answer; see the module doc."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    course = Path(course).resolve()
    answers_dir = Path(answers_dir) if answers_dir else default_answers_dir(course)
    answer_file = answers_dir / f"{assignment}.py"
    patterns = sanitize_patterns(sanitize if sanitize else default_sanitize_file(course))
    folder = course / "solutions" / assignment
    stored = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    nb = copy.deepcopy(stored)
    answers = load_answers(answer_file)
    report = ChapterCheck(assignment)
    label = str(answer_file.relative_to(course)) if answer_file.is_relative_to(course) else str(answer_file)
    report.problems += coverage_problems(nb, answers, label)
    found, _ = exercises(nb)
    at_solution = {ex.solution: ex for ex in found.values()}

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"watchtower-check-{assignment}-") as tmp:
        work = Path(tmp) / assignment
        scratch = Path(tmp) / ".trials"
        shutil.copytree(folder, work, ignore=shutil.ignore_patterns(
            ".ipynb_checkpoints", "__pycache__", "reports"))
        scratch.mkdir()
        client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(work)}})
        with client.setup_kernel(env=nbgrader_env()):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or _marked(cell, SKIP_CELL):
                    continue
                where = f"cell {index} ({_nbgrader(cell).get('grade_id') or cell.get('id', '?')})"
                if index in at_solution:
                    t0 = time.monotonic()
                    report.trials += _run_trials(client, nb, at_solution[index], answers, scratch,
                                                 variant_timeout)
                    report.trial_seconds += time.monotonic() - t0
                try:
                    client.execute_cell(cell, index)
                except (CellTimeoutError, DeadKernelError) as err:
                    report.problems.append(f"{where}: {type(err).__name__}: {str(err)[-500:]}")
                    break
                except CellExecutionError as err:
                    if not _marked(cell, RAISES):
                        report.problems.append(f"{where} raised: {str(err)[-1500:]}")
                        continue
                report.cells_run += 1
                if _marked(cell, IGNORE_OUTPUT) or stored.cells[index].get("execution_count") is None:
                    continue
                diff = output_differences(stored.cells[index].outputs, cell.outputs, patterns)
                if diff:
                    report.problems.append(f"{where}: outputs differ from the stored ones "
                                           f"(re-run python -m watchtower.execute?): {diff}")
    tried = {t.exercise for t in report.trials}
    for name, ex in found.items():
        listed = sum(len(table.get(name, [])) for table in (answers.wrong, answers.shortcuts, answers.correct))
        if listed and ex.tests and name not in tried:
            report.problems.append(f"{name}: its {listed} answers were not tried (the notebook stopped "
                                   "before its solution cell)")
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchtower.check",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all of solutions/)")
    parser.add_argument("--course-dir", type=Path, default=REPO,
                        help="course root with solutions/ (default: the repository)")
    parser.add_argument("--answers", type=Path, default=None,
                        help="folder of <id>.py answer files (default: COURSE/tests/course/wrong_answers)")
    parser.add_argument("--sanitize", type=Path, default=None,
                        help="nbval sanitize file (default: COURSE/tests/course/nbval_sanitize.cfg)")
    parser.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every answer tried")
    args = parser.parse_args(argv)
    ids = args.assignments or assignments(args.course_dir / "solutions")
    if not ids:
        parser.error(f"no assignments in {args.course_dir / 'solutions'}")
    failed = False
    for assignment in ids:
        report = check_assignment(assignment, course=args.course_dir, answers_dir=args.answers,
                                  sanitize=args.sanitize, cell_timeout=args.cell_timeout)
        print(report.summary(), flush=True)
        if args.verbose:
            for t in report.trials:
                verdict = "ok  " if t.problem() is None else "FAIL"
                where = ", ".join(t.raised) if t.raised else ("timed out" if t.timed_out else "nothing raised")
                print(f"  {verdict} {t.exercise:<24} {t.kind:<8} {t.name}  [{where}]")
        for problem in report.all_problems():
            print(f"  problem: {problem}")
        failed |= not report.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
