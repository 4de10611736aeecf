"""nbval over every instructor notebook: it runs top to bottom and its stored outputs still hold.

Each solutions/<id>/<id>.ipynb is executed by nbval in a fresh kernel of this
environment (``--nbval-current-env``), with ``tests/course/nbval_sanitize.cfg`` for
volatile text; cells tagged ``nbval-ignore-output`` (plots) are run but not
compared, and images are never compared. nbval runs in its own pytest process
so that its per-cell items do not mix with this suite's options.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from _course import ASSIGNMENTS, solution_path

from watchtower._nbgrader import REPO, nbgrader_env

SANITIZE = REPO / "tests" / "course" / "nbval_sanitize.cfg"


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_notebook_outputs_are_reproduced(assignment):
    notebook = solution_path(assignment)
    cmd = [sys.executable, "-m", "pytest", "--nbval", str(notebook),
           "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE),
           "--nbval-cell-timeout=120", "-p", "no:cacheprovider", "-o", "addopts=",
           "-q", "-W", "ignore::DeprecationWarning"]
    proc = subprocess.run(cmd, cwd=REPO, env=nbgrader_env(), capture_output=True, text=True,
                          timeout=1200)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"nbval failed on {notebook.relative_to(REPO)}:\n{out[-8000:]}"
    passed = re.search(r"(\d+) passed", out)
    assert passed and int(passed.group(1)) > 0, f"nbval ran no cells of {notebook}:\n{out[-2000:]}"
