"""Autograde every submission, write feedback and ``grades.csv``: ``make grade``.

Usage::

    python -m watchtower.grade [--course-dir DIR] [--time-limit SECONDS]
                               [--memory-limit MB] [--cell-timeout SECONDS]
                               [--assignment ID ...] [--student ID ...]
                               [--no-feedback] [--output FILE]

The course directory (default: the repository) follows nbgrader's layout::

    DIR/solutions/<assignment>/<assignment>.ipynb          instructor source
    DIR/submitted/<student>/<assignment>/<assignment>.ipynb  collected submissions
                                                           (e.g. ``nbgrader collect``/``zip_collect``)

What it does, with the real nbgrader command line and ``nbgrader_config.py``:

1. ``nbgrader generate_assignment`` for every assignment in ``DIR/solutions``
   (fills ``DIR/gradebook.db`` with the source cells and hidden tests; the
   release goes to a temporary folder, ``notebooks/`` is not touched).
2. ``nbgrader autograde <assignment> --student <student>``, one process per
   submission, under limits: ``--time-limit`` seconds of wall clock for the whole
   submission (default 300; the process and its kernel are killed), an address
   space limit of ``--memory-limit`` MB (default 3072; ``RLIMIT_AS`` on nbgrader
   and the kernel it starts, so an unbounded allocation ends in ``MemoryError``)
   and ``--cell-timeout`` seconds per cell (default: the config's 60 s; the cell
   is interrupted). A submission that hits any of these limits scores **zero**
   for that notebook, with the reason in ``grades.csv`` and in its feedback; the
   rest of the class is graded normally. Edited or deleted test cells are
   restored from the gradebook (nbgrader checksums, ``add_missing_cells``); a
   syntax error only costs the cells that depend on it; a missing or unreadable
   notebook scores zero with a note. Nothing a submission does stops the run.
   Then the **tamper check** (:mod:`watchtower.integrity`, rules in ``AUTHORING.md``)
   reads the autograded notebook's answer cells in this process, never in the
   student's kernel: an answer that tampers with what the tests see (patches a
   module, switches off the shortcut guard, rebinds a name the tests use, returns
   an object with lying comparison methods ...) zeroes **every autograded cell of
   the notebook**; an exercise's answer that imports or uses a module its test
   cells forbid zeroes **that exercise's test cells**. The gradebook gets the
   zeros as manual overrides (``manual_score = 0``: the instructor sees and can
   revise them in formgrader); the reason, naming the cell and the line, goes to
   ``grades.csv`` and to the top of the student's feedback. Around each submission
   the grader also compares the course's files (``solutions/``, ``submitted/``,
   ``nbgrader_config.py``, the installed ``watchtower`` and ``driftscope``) and the
   gradebook's manual scores with what they were before its kernel ran: whatever
   the kernel wrote there is put back and the notebook scores zero, with what
   changed in the notes (``_Seal``).
3. ``nbgrader generate_feedback`` writes ``DIR/feedback/<student>/<assignment>/``.
4. ``DIR/grades.csv`` (or ``--output``): one row per student; columns
   ``student_id``, one score column per assignment (points, autograded plus any
   manual grades already entered), ``total``, ``max_score`` and ``notes``
   (limits hit, errors, missing work, cells waiting for manual grading).

Exit status: 0 when every submission was graded or scored zero for a reason
recorded in the notes; 1 when the setup failed (no solutions, nbgrader could
not generate an assignment).

Examples::

    make grade                                        # the repository is the course
    python -m watchtower.grade --course-dir ~/course-2043 --time-limit 120
    python -m watchtower.grade --assignment 01-kl-divergence --student kael
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ._nbgrader import REPO, assignments, nbgrader_command, nbgrader_env, run_nbgrader
from .integrity import Finding, check_notebook, course_context, exercise_of
from .world.cache import ENV as WORLD_CACHE

__all__ = ["Result", "grade_course", "write_grades_csv", "main"]

DEFAULT_TIME_LIMIT = 300.0
DEFAULT_MEMORY_LIMIT_MB = 3072
#: Error names in an autograded notebook that mean "a resource limit was hit".
LIMIT_ERRORS = {
    "CellTimeoutError": "a cell ran longer than the per-cell time limit",
    "MemoryError": "the notebook ran out of memory (memory limit)",
    "DeadKernelError": "the kernel died (memory limit or crash)",
}


@dataclass
class Result:
    """The outcome of one submission."""

    student: str
    assignment: str
    status: str = "graded"  # graded | limit | error | missing | not submitted
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    needs_manual_grade: bool = False


# ----------------------------------------------------------------- processes
def _limits(memory_bytes: int | None):
    def apply() -> None:  # runs in the child, before exec
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _descendants(pid: int) -> list[int]:
    """All descendants of ``pid`` (Linux /proc; the kernel runs in its own session)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_tree(proc: subprocess.Popen) -> None:
    for pid in [*_descendants(proc.pid), proc.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _run_limited(cmd: list[str], *, time_limit: float, memory_mb: int | None,
                 log_path: Path) -> tuple[int | None, float]:
    """Run ``cmd`` with the limits; returns (exit code or None on timeout, seconds)."""
    start = time.monotonic()
    env = nbgrader_env()
    # A submission could write to the world cache and change what the next one reads.
    env.pop(WORLD_CACHE, None)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=_limits(memory_mb * 1024 * 1024 if memory_mb else None))
        try:
            code: int | None = proc.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            code = None
        else:
            # nbgrader shuts its kernel down; make sure nothing is left running.
            for pid in _descendants(proc.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    return code, time.monotonic() - start


# ----------------------------------------------------------------- gradebook
def _gradebook(course: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", "watchtower")


def _zero_submission(course: Path, assignment: str, student: str) -> None:
    """Score every cell of a submission zero (it hit a limit or could not run)."""
    import warnings

    from nbgrader.api import MissingEntry

    with warnings.catch_warnings(), _gradebook(course) as gb:
        warnings.simplefilter("ignore")  # SQLAlchemy autoflush chatter on new submissions
        gb.update_or_create_student(student)
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0.0
                grade.manual_score = None
                grade.needs_manual_grade = False
        gb.db.commit()


def _read_score(course: Path, result: Result) -> None:
    from nbgrader.api import MissingEntry

    with _gradebook(course) as gb:
        result.max_score = float(gb.find_assignment(result.assignment).max_score)
        try:
            submission = gb.find_submission(result.assignment, result.student)
        except MissingEntry:
            result.score = 0.0
            return
        result.score = float(submission.score)
        result.needs_manual_grade = bool(submission.needs_manual_grade)


def _max_score(course: Path, assignment: str) -> float:
    from nbgrader.api import MissingEntry

    with _gradebook(course) as gb:
        try:
            return float(gb.find_assignment(assignment).max_score)
        except MissingEntry:
            return 0.0


# ----------------------------------------------------------------- diagnosis
def _limit_errors(autograded: Path) -> list[str]:
    """Resource-limit errors recorded in the autograded notebooks."""
    found = []
    for path in sorted(autograded.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") in LIMIT_ERRORS:
                    found.append(f"{LIMIT_ERRORS[output['ename']]} (cell {index + 1} of {path.name})")
    return list(dict.fromkeys(found))


def _error_summary(log: str) -> str:
    if "CellTimeoutError" in log or "Timeout waiting for" in log:
        return "a cell ran longer than the per-cell time limit and did not stop when interrupted"
    if any(m in log for m in ("No notebooks found", "No notebooks were matched",
                              "Skipping unknown notebook")):
        return "missing notebook: the submission has no notebook with the assignment's name"
    if "MemoryError" in log:
        return "the autograder ran out of memory (memory limit)"
    for marker in ("NotJSONError", "JSONDecodeError", "Notebook does not appear to be JSON",
                   "ValidationError", "BadZipFile"):
        if marker in log:
            return "the notebook file could not be read (not a valid notebook)"
    errors = [line.strip() for line in log.splitlines() if "ERROR" in line or "Error:" in line]
    return "nbgrader could not grade it: " + (errors[-1][:200] if errors else "unknown error")


def _tampering(submitted: Path, released: Path, source: Path) -> list[str]:
    """Notes for locked cells of the release that the submission edited or deleted.

    nbgrader restores them from the gradebook (checksums, ``add_missing_cells``)
    and grades the originals; the note tells the instructor it happened.
    """
    try:
        sub = nbformat.read(submitted, as_version=4)
        rel = nbformat.read(released, as_version=4)
        src = nbformat.read(source, as_version=4)
    except Exception:
        return []

    def locked(nb):
        return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
                if c.get("metadata", {}).get("nbgrader", {}).get("locked")
                and "grade_id" in c.metadata["nbgrader"]}

    mine, original, instructor = locked(sub), locked(rel), locked(src)
    notes = []
    for gid, text in original.items():
        if gid not in mine:
            notes.append(f"locked cell {gid} was deleted; nbgrader put it back and graded it")
        elif mine[gid].strip() not in (text.strip(), instructor.get(gid, "").strip()):
            notes.append(f"locked cell {gid} was edited; nbgrader restored the original and graded it")
    return notes


def _write_note(course: Path, result: Result) -> None:
    """Feedback for a submission nbgrader could not grade normally."""
    folder = course / "feedback" / result.student / result.assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    text = "; ".join(result.notes)
    (folder / f"{result.assignment}.html").write_text(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(result.assignment)}: feedback</title></head><body>\n"
        f"<h1>{html.escape(result.assignment)}</h1>\n"
        f"<p>Score: 0 / {result.max_score:g}.</p>\n"
        f"<p>{html.escape(text)}</p>\n"
        "<p>Run the notebook from top to bottom (Kernel, Restart and Run All) before "
        "submitting: every cell should finish within seconds.</p>\n</body></html>\n",
        encoding="utf-8")


# ----------------------------------------------------------------- tamper check
def _zero_cells(course: Path, assignment: str, student: str, notebook: str,
                cells: set[str] | None) -> list[str]:
    """Override autograded cells with zero (all of them when ``cells`` is None); their ids."""
    import warnings

    from nbgrader.api import MissingEntry

    zeroed = []
    with warnings.catch_warnings(), _gradebook(course) as gb:
        warnings.simplefilter("ignore")
        try:
            submitted = gb.find_submission_notebook(notebook, assignment, student)
        except MissingEntry:
            return zeroed
        for grade in submitted.grades:
            if grade.cell.cell_type != "code":
                continue  # manually graded answers keep the instructor's grade
            if cells is not None and grade.name not in cells:
                continue
            grade.auto_score = 0.0
            grade.manual_score = 0.0
            grade.needs_manual_grade = False
            zeroed.append(grade.name)
        gb.db.commit()
    return zeroed


def _feedback_notice(path: Path, intro: str, items: list[str], zeroed: dict[str, str]) -> None:
    """Say why at the top of the autograded notebook (feedback) and under each zeroed cell.

    ``items`` are Markdown, already escaped: what the grader found, one per line.
    """
    nb = nbformat.read(path, as_version=4)
    lines = ["## Tamper-proof grading", "", intro, ""] + [f"- {item}" for item in items]
    lines += ["", "Scored zero: " + ", ".join(f"`{c}`" for c in zeroed) + ". "
              "The rules and their reasons are in the course's AUTHORING.md (*Tamper-proof grading*); "
              "your instructor sees these zeros as overrides and can revise them."]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("\n".join(lines)))
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in zeroed and cell.cell_type == "code":
            cell.setdefault("outputs", []).append(nbformat.v4.new_output(
                "stream", name="stderr", text=f"Scored 0 by the tamper check: {zeroed[gid]}\n"))
    nbformat.write(nb, path)


def _tamper_check(course: Path, assignment: str, student: str) -> list[str]:
    """Run the static check on the autograded notebooks; zero and explain; return notes."""
    notes: list[str] = []
    folder = course / "autograded" / student / assignment
    for source_path in sorted((course / "solutions" / assignment).glob("*.ipynb")):
        graded = folder / source_path.name
        if not graded.exists():
            continue
        source = nbformat.read(source_path, as_version=4)
        context = course_context(source)
        try:
            findings = check_notebook(nbformat.read(graded, as_version=4), source, context)
        except Exception as exc:  # an unreadable notebook was already reported by nbgrader
            notes.append(f"tamper check could not read {graded.name}: {exc}")
            continue
        if not findings:
            continue
        tampering = [f for f in findings if f.kind == "tampering"]
        zeroed: dict[str, str] = {}
        if tampering:
            reason = f"tampering: {tampering[0]}" + (
                f" (and {len(tampering) - 1} more)" if len(tampering) > 1 else "")
            for cell in _zero_cells(course, assignment, student, source_path.stem, None):
                zeroed[cell] = reason
            notes.append(f"{reason}; every autograded cell scores zero")
        else:
            by_exercise: dict[str, list[Finding]] = {}
            for f in findings:
                by_exercise.setdefault(f.exercise or "", []).append(f)
            for exercise, found in by_exercise.items():
                tests = {gid for gid in context.test_cells
                         if exercise_of(gid, context.exercises) == exercise}
                reason = f"forbidden module: {found[0]}"
                cells = _zero_cells(course, assignment, student, source_path.stem, tests)
                for cell in cells:
                    zeroed[cell] = reason
                verb = "scores" if len(cells) == 1 else "score"
                notes.append(f"{reason}; {', '.join(sorted(cells)) or 'no test cell'} {verb} zero")
        _feedback_notice(graded, "The grader read your answer cells (without running them) and found:",
                         [f"**{html.escape(f.where)}**: {html.escape(f.message)} (rule `{f.rule}`)"
                          for f in findings], zeroed)
    return notes


# ----------------------------------------------------------------- what a kernel must not change
_GRADES = ("SELECT g.id, g.auto_score, g.manual_score, g.extra_credit, sa.student_id, a.name "
           "FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id "
           "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
           "JOIN assignment a ON sa.assignment_id = a.id")


def _file_states(roots: list[Path]) -> dict[Path, tuple[int, int, int, int]]:
    """Every file under ``roots`` (bytecode caches aside) with what a write changes.

    The inode change time is in the tuple because a write cannot set it back
    (``os.utime`` can forge the modification time, not this one).
    """
    found = {}
    for root in roots:
        paths = [root] if not root.is_dir() else root.rglob("*")
        for path in paths:
            if "__pycache__" in path.parts or path.is_dir():
                continue
            st = path.lstat()
            found[path] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


def _read_grades(db: Path) -> tuple[dict[str, tuple], dict[str, str | None]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        grades = {row[0]: row[1:] for row in con.execute(_GRADES)}
        comments = dict(con.execute("SELECT id, manual_comment FROM comment"))
    return grades, comments


class _Seal:
    """The course's files and the gradebook's scores, as they were before a student's kernel ran.

    The kernel runs as the grader's user in the course directory, so an answer can
    write any file there: set its own manual scores in ``gradebook.db`` (nbgrader's
    autograde keeps a manual score), another student's, rewrite the instructor's
    notebook the static check reads, another student's submission, or the installed
    guard. The grading process compares all of that before and after each
    submission, puts it back, and says what changed (a finding of the tamper check
    that no source code can hide).
    """

    def __init__(self, course: Path, backup: Path) -> None:
        import driftscope
        import watchtower

        self.course = course
        self.db = course / "gradebook.db"
        roots = [course / "solutions", course / "submitted", course / "nbgrader_config.py",
                 Path(watchtower.__file__).parent, Path(driftscope.__file__).parent]
        self.roots = [r for r in dict.fromkeys(r.resolve() for r in roots) if r.exists()]
        self.backup = backup
        self._copies: dict[Path, Path] = {}
        for i, root in enumerate(self.roots):
            copy = backup / str(i)
            if root.is_dir():
                shutil.copytree(root, copy, symlinks=True,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                backup.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root, copy)
            self._copies[root] = copy
        self.files = _file_states(self.roots)
        # The gradebook changes between submissions (nbgrader writes it): `before` reads it.
        self.grades: dict[str, tuple] = {}
        self.comments: dict[str, str | None] = {}

    def _copy_of(self, path: Path) -> Path:
        for root, copy in self._copies.items():
            if path == root:
                return copy
            if root in path.parents:
                return copy / path.relative_to(root)
        raise KeyError(path)  # pragma: no cover - every path comes from a root

    def before(self) -> None:
        """Remember the gradebook just before a submission runs."""
        self.grades, self.comments = _read_grades(self.db)
        shutil.copy2(self.db, self.backup / "gradebook.db")

    def after(self, student: str, assignment: str) -> list[str]:
        """What the submission changed (now put back), as readable paths and cells; [] if nothing."""
        changed: list[str] = []
        now = _file_states(self.roots)
        for path, state in self.files.items():
            if now.get(path) != state:
                changed.append(f"{self._name(path)} ({'changed' if path in now else 'deleted'})")
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.is_symlink() or path.exists():
                    path.unlink()
                shutil.copy2(self._copy_of(path), path, follow_symlinks=False)
        for path in set(now) - set(self.files):
            changed.append(f"{self._name(path)} (created)")
            path.unlink()
        self.files = _file_states(self.roots)
        changed += self._restore_grades(student, assignment)
        return changed

    def _name(self, path: Path) -> str:
        for root in (self.course, *self.roots):
            if root in path.parents:
                return str(path.relative_to(root.parent if root != self.course else root))
        return str(path)

    def _restore_grades(self, student: str, assignment: str) -> list[str]:
        try:
            grades, comments = _read_grades(self.db)
        except sqlite3.Error as exc:
            shutil.copy2(self.backup / "gradebook.db", self.db)
            return [f"gradebook.db (unreadable after the notebook ran: {exc}; put back)"]
        fixes, changed = [], []
        for gid, now in grades.items():
            old = self.grades.get(gid)
            mine = now[3:] == (student, assignment)
            if old is None:  # created by this autograde: nbgrader sets no manual score
                want = (now[0], None, None)
            else:
                want = (now[0] if mine else old[0], old[1], old[2])
            if now[:3] != want:
                changed.append(f"gradebook.db (scores of {now[3]}'s {now[4]})")
                fixes.append((*want, gid))
        with sqlite3.connect(self.db) as con:
            con.executemany("UPDATE grade SET auto_score = ?, manual_score = ?, extra_credit = ? "
                            "WHERE id = ?", fixes)
            for cid, text in comments.items():
                old = self.comments.get(cid)
                if text != old:
                    changed.append("gradebook.db (a manual comment)")
                    con.execute("UPDATE comment SET manual_comment = ? WHERE id = ?", (old, cid))
        return list(dict.fromkeys(changed))


def _sealed_notice(course: Path, assignment: str, student: str, reason: str) -> None:
    """Zero every autograded cell of the submission and say why at the top of its feedback."""
    folder = course / "autograded" / student / assignment
    for source_path in sorted((course / "solutions" / assignment).glob("*.ipynb")):
        zeroed = _zero_cells(course, assignment, student, source_path.stem, None)
        graded = folder / source_path.name
        if graded.exists():
            _feedback_notice(graded, "The grader watched what your notebook wrote while it ran:",
                             [html.escape(reason)], dict.fromkeys(zeroed, reason))


# ----------------------------------------------------------------- main loop
def grade_submission(course: Path, assignment: str, student: str, *, time_limit: float,
                     memory_mb: int | None, cell_timeout: float | None, logs: Path,
                     release: Path | None = None, seal: _Seal | None = None) -> Result:
    result = Result(student, assignment)
    if seal is not None:
        seal.before()
    cmd = nbgrader_command("autograde", assignment, f"--student={student}", "--force",
                           f"--CourseDirectory.root={course}")
    if cell_timeout:
        cmd += [f"--Execute.timeout={int(cell_timeout)}",
                f"--ExecutePreprocessor.timeout={int(cell_timeout)}"]
    log_path = logs / f"{student}--{assignment}.log"
    code, result.seconds = _run_limited(cmd, time_limit=time_limit, memory_mb=memory_mb,
                                        log_path=log_path)
    log = log_path.read_text(errors="replace")
    autograded = course / "autograded" / student / assignment
    changed = seal.after(student, assignment) if seal is not None else []
    if code is None:
        result.status = "limit"
        result.notes.append(f"stopped after {time_limit:g} s (time limit for the whole notebook)")
    elif code != 0:
        summary = _error_summary(log)
        result.status = "limit" if "limit" in summary else "error"
        result.notes.append(summary)
    else:
        limits = _limit_errors(autograded)
        if limits:
            result.status = "limit"
            result.notes.extend(limits)
        else:
            result.notes.extend(_tamper_check(course, assignment, student))
        if changed and result.status == "graded":
            reason = ("tampering: the notebook changed the course's files or the gradebook "
                      "while it ran: " + ", ".join(changed[:3])
                      + (f" (and {len(changed) - 3} more)" if len(changed) > 3 else "")
                      + "; put back")
            _sealed_notice(course, assignment, student, reason)
            result.notes.append(f"{reason}; every autograded cell scores zero")
        if result.status == "graded" and release is not None:
            result.notes.extend(_tampering(
                course / "submitted" / student / assignment / f"{assignment}.ipynb",
                release / assignment / f"{assignment}.ipynb",
                course / "solutions" / assignment / f"{assignment}.ipynb"))
    if changed and result.status != "graded":
        result.notes.append("the notebook changed the course's files or the gradebook while it "
                            "ran (put back): " + ", ".join(changed[:3]))
    if result.status != "graded":
        _zero_submission(course, assignment, student)
        if autograded.exists():
            shutil.rmtree(autograded)  # generate_feedback must not pick it up
    _read_score(course, result)
    if result.status != "graded":
        result.score = 0.0
        _write_note(course, result)
    elif result.needs_manual_grade:
        result.notes.append("some cells wait for manual grading (formgrader)")
    return result


def grade_course(course: Path, *, time_limit: float = DEFAULT_TIME_LIMIT,
                 memory_mb: int | None = DEFAULT_MEMORY_LIMIT_MB,
                 cell_timeout: float | None = None, only_assignments: list[str] | None = None,
                 only_students: list[str] | None = None, feedback: bool = True,
                 echo=print) -> tuple[list[str], list[Result]]:
    """Grade every submission of ``course``; returns (assignment ids, results)."""
    course = course.resolve()
    ids = assignments(course / "solutions")
    if only_assignments:
        ids = [a for a in ids if a in only_assignments]
    if not ids:
        raise SystemExit(f"no assignments in {course / 'solutions'}")

    with tempfile.TemporaryDirectory(prefix="watchtower-grade-") as tmp:
        tmp_path = Path(tmp)
        proc = run_nbgrader(
            ["generate_assignment", ids[0] if len(ids) == 1 else "*", "--force",
             f"--CourseDirectory.release_directory={tmp_path / 'release'}"], root=course)
        if proc.returncode != 0:
            raise SystemExit(f"nbgrader generate_assignment failed:\n{proc.stdout}\n{proc.stderr}")

        submitted = course / "submitted"
        students = sorted(d.name for d in submitted.iterdir()
                          if d.is_dir() and not d.name.startswith(".")) if submitted.is_dir() else []
        if only_students:
            students = [s for s in students if s in only_students]
        logs = course / "autograded" / ".logs"
        logs.mkdir(parents=True, exist_ok=True)
        seal = _Seal(course, tmp_path / "sealed")

        results: list[Result] = []
        for student in students:
            for assignment in ids:
                if not (submitted / student / assignment).is_dir():
                    result = Result(student, assignment, status="not submitted",
                                    max_score=_max_score(course, assignment),
                                    notes=["not submitted"])
                else:
                    result = grade_submission(course, assignment, student, time_limit=time_limit,
                                              memory_mb=memory_mb, cell_timeout=cell_timeout,
                                              logs=logs, release=tmp_path / "release",
                                              seal=seal)
                    echo(f"{student:>20} {assignment:<28} {result.score:6g} / {result.max_score:<4g}"
                         f" {result.seconds:6.1f} s  {result.status}"
                         + (f": {'; '.join(result.notes)}" if result.notes else ""))
                results.append(result)

    if feedback:
        for assignment in ids:
            if not any(r.assignment == assignment and r.status == "graded" for r in results):
                continue
            proc = run_nbgrader(["generate_feedback", assignment, "--force"], root=course)
            if proc.returncode != 0:
                echo(f"warning: nbgrader generate_feedback {assignment} failed; see its log below\n"
                     f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return ids, results


def write_grades_csv(path: Path, ids: list[str], results: list[Result]) -> None:
    """One row per student: a score column per assignment, total, max_score, notes."""
    by_student: dict[str, dict[str, Result]] = {}
    for r in results:
        by_student.setdefault(r.student, {})[r.assignment] = r
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", *ids, "total", "max_score", "notes"])
        for student in sorted(by_student):
            row = by_student[student]
            scores = [row[a].score if a in row else 0.0 for a in ids]
            max_total = sum(row[a].max_score for a in ids if a in row)
            notes = "; ".join(f"{a}: {n}" for a in ids if a in row for n in row[a].notes)
            writer.writerow([student, *(f"{s:g}" for s in scores), f"{sum(scores):g}",
                             f"{max_total:g}", notes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watchtower.grade",
        description="Autograde submitted/<student>/<assignment>/ with nbgrader, under time and "
                    "memory limits; write feedback and grades.csv.")
    parser.add_argument("--course-dir", type=Path, default=REPO,
                        help="nbgrader course root with solutions/ and submitted/ (default: the repository)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help="wall-clock seconds per submission (default: %(default)s)")
    parser.add_argument("--memory-limit", type=int, default=DEFAULT_MEMORY_LIMIT_MB,
                        help="address-space limit in MB for nbgrader and its kernel, 0 for none "
                             "(default: %(default)s)")
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help="seconds per cell (default: nbgrader_config.py, 60)")
    parser.add_argument("--assignment", action="append", help="grade only this assignment (repeatable)")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    parser.add_argument("--output", type=Path, default=None,
                        help="CSV to write (default: COURSE_DIR/grades.csv)")
    args = parser.parse_args(argv)

    course = args.course_dir.resolve()
    started = time.monotonic()
    ids, results = grade_course(
        course, time_limit=args.time_limit, memory_mb=args.memory_limit or None,
        cell_timeout=args.cell_timeout, only_assignments=args.assignment,
        only_students=args.student, feedback=not args.no_feedback)
    output = args.output or course / "grades.csv"
    write_grades_csv(output, ids, results)
    students = len({r.student for r in results})
    print(f"graded {sum(r.status != 'not submitted' for r in results)} submissions of "
          f"{students} students in {time.monotonic() - started:.0f} s -> {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
