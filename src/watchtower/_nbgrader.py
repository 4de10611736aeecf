"""Shared helpers for running the real nbgrader command line on this course."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: The repository root: where ``nbgrader_config.py``, ``solutions/`` and ``notebooks/`` live.
REPO = Path(__file__).resolve().parents[2]

#: Environment for everything that starts a kernel: reproducible and headless.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "DO_NOT_TRACK": "1",
    "EVIDENTLY_DISABLE_TELEMETRY": "1",
    # Fewer threads and malloc arenas: less reserved address space, so a
    # memory limit (RLIMIT_AS) measures what a notebook really uses.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def nbgrader_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ plus :data:`KERNEL_ENV` (and ``extra``)."""
    env = dict(os.environ)
    env.update(KERNEL_ENV)
    env.pop("JPY_PARENT_PID", None)
    # nbgrader runs the `alembic` command (gradebook migrations) from PATH:
    # put this interpreter's bin/ first, even when the venv is not activated.
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    if extra:
        env.update(extra)
    return env


def nbgrader_command(*args: str) -> list[str]:
    """``nbgrader <args>`` run with this interpreter (so the venv's nbgrader)."""
    return [sys.executable, "-m", "nbgrader", *args]


def assignments(solutions: Path) -> list[str]:
    """Assignment ids: folders of ``solutions/`` that hold a notebook, sorted."""
    if not solutions.is_dir():
        return []
    return sorted(
        d.name for d in solutions.iterdir()
        if d.is_dir() and not d.name.startswith(".") and any(d.glob("*.ipynb"))
    )


def run_nbgrader(args: list[str], *, root: Path, cwd: Path = REPO, timeout: float | None = None,
                 extra_env: dict[str, str] | None = None,
                 config_overrides: list[str] | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader`` with the course config, ``root`` as course root.

    The working directory is the repository so that its ``nbgrader_config.py``
    is read; ``--CourseDirectory.root`` (command line wins over the file) points
    nbgrader at ``root`` and its ``root/gradebook.db``.
    """
    cmd = nbgrader_command(*args, f"--CourseDirectory.root={root}", *(config_overrides or []))
    return subprocess.run(cmd, cwd=cwd, env=nbgrader_env(extra_env), capture_output=True,
                          text=True, timeout=timeout)
