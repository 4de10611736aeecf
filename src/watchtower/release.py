"""Write the student release ``notebooks/`` from the instructor sources ``solutions/``.

Usage (``make release`` runs the first form)::

    python -m watchtower.release                 # regenerate notebooks/<id>/ for every assignment
    python -m watchtower.release --check         # exit 1 (and list the files) if notebooks/ is stale
    python -m watchtower.release --output DIR    # write the release somewhere else

Every assignment ``solutions/<id>/`` goes through the real
``nbgrader generate_assignment`` (solutions replaced by the code stub of
``nbgrader_config.py``, hidden tests and instructor-only cells removed, outputs
cleared, checksums computed), in a temporary course directory with its own
throw-away gradebook, so nothing outside ``notebooks/`` changes. The result is
normalised (no execution counts, timings or other volatile metadata; nbformat's
canonical JSON) so that running the release twice gives byte-identical files;
``notebooks/<id>/`` is then replaced as a whole and release folders whose
source is gone are removed. Never edit ``notebooks/`` by hand.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from ._nbgrader import REPO, assignments, run_nbgrader

__all__ = ["build_release", "compare_trees", "normalise_notebook", "main"]

#: Cell metadata that only records one run of one machine.
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")


class ReleaseError(RuntimeError):
    """nbgrader could not generate an assignment."""


def normalise_notebook(path: Path) -> None:
    """Rewrite a released notebook in canonical, run-independent form."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.get("language_info", {}).pop("version", None)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("toc", None)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)


def build_release(output: Path, solutions: Path = REPO / "solutions",
                  ids: list[str] | None = None) -> list[str]:
    """Generate the release of ``ids`` (default: all) into ``output/<id>/``.

    ``output`` itself is created if needed; each ``output/<id>/`` is replaced.
    Returns the assignment ids written.
    """
    ids = assignments(solutions) if ids is None else ids
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="watchtower-release-") as tmp:
        root = Path(tmp)
        shutil.copytree(solutions, root / "solutions",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc"))
        # One nbgrader process for all assignments (its start-up dominates).
        pattern = ids[0] if len(ids) == 1 else "*"
        if pattern == "*":
            for extra in set(assignments(root / "solutions")) - set(ids):
                shutil.rmtree(root / "solutions" / extra)
        proc = run_nbgrader(["generate_assignment", pattern, "--force"], root=root)
        failed = [a for a in ids if not (root / "notebooks" / a).is_dir()]
        if proc.returncode != 0 or failed:
            raise ReleaseError(
                f"nbgrader generate_assignment failed (exit {proc.returncode}) "
                f"for {', '.join(failed) or 'some assignments'}:\n{proc.stdout}\n{proc.stderr}")
        for assignment in ids:
            released = root / "notebooks" / assignment
            for nb_path in released.rglob("*.ipynb"):
                normalise_notebook(nb_path)
            dest = output / assignment
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(released, dest)
    return ids


# Folders a notebook run leaves behind (checkpoints, the HTML reports chapter 04
# writes next to itself): never part of a release, so never "stale".
_SCRATCH = {".ipynb_checkpoints", "__pycache__", "reports"}


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two directory trees (missing on one side included)."""
    def files(root: Path) -> set[str]:
        if not root.is_dir():
            return set()
        return {
            str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and not _SCRATCH.intersection(p.parts)
        }

    fa, fb = files(a), files(b)
    differ = sorted(fa ^ fb)
    for rel in sorted(fa & fb):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            differ.append(rel)
    return sorted(differ)


def _release_dirs(root: Path) -> set[str]:
    return {d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")} \
        if root.is_dir() else set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m watchtower.release",
        description="Regenerate notebooks/<id>/ from solutions/<id>/ with nbgrader generate_assignment.")
    parser.add_argument("--solutions", type=Path, default=REPO / "solutions",
                        help="instructor sources (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=REPO / "notebooks",
                        help="release folder to write (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the release folder differs from a fresh release")
    parser.add_argument("assignment", nargs="*", help="assignment ids (default: all in solutions/)")
    args = parser.parse_args(argv)

    ids = args.assignment or assignments(args.solutions)
    if not ids:
        print(f"no assignments found in {args.solutions}", file=sys.stderr)
        return 1
    try:
        if args.check:
            with tempfile.TemporaryDirectory(prefix="watchtower-check-") as tmp:
                fresh = Path(tmp)
                build_release(fresh, args.solutions, ids)
                stale = []
                for assignment in ids:
                    stale += [f"{assignment}/{rel}" for rel in
                              compare_trees(fresh / assignment, args.output / assignment)]
                if not args.assignment:
                    stale += [f"{d}/ (no source in solutions/)"
                              for d in sorted(_release_dirs(args.output) - set(ids))]
            if stale:
                print("notebooks/ is stale; run `make release`. Differences:", file=sys.stderr)
                for rel in stale:
                    print(f"  {rel}", file=sys.stderr)
                return 1
            print(f"release is up to date ({len(ids)} assignments)")
            return 0
        build_release(args.output, args.solutions, ids)
        if not args.assignment:
            for orphan in sorted(_release_dirs(args.output) - set(ids)):
                shutil.rmtree(args.output / orphan)
                print(f"removed {args.output / orphan} (no source in solutions/)")
    except ReleaseError as err:
        print(err, file=sys.stderr)
        return 1
    for assignment in ids:
        print(f"released {assignment} -> {args.output / assignment}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
