"""`make test`'s groups hold: every test of one `xdist_group` runs on one worker.

Each chapter's kernel work, and each module whose fixture runs a peer on many
frames (Evidently, a PostgreSQL server, a Dask cluster), is one group, so that
the work happens once per run. pytest 9.2 with pytest-xdist 3.8 drops the groups
without a word (the tests spread over both workers and every worker repeats the
fixtures), hence the pin in pyproject.toml; this test notices if it happens again.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

SAMPLE = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("module_group")

@pytest.mark.parametrize("i", range(6))
def test_grouped(i):
    print("WORKER", os.environ["PYTEST_XDIST_WORKER"])

@pytest.mark.xdist_group("decorated")
@pytest.mark.parametrize("i", range(6))
def test_decorated(i):
    pass
"""

FREE = """
import time
import pytest

@pytest.mark.parametrize("i", range(6))
def test_free(i):
    time.sleep(0.05)
"""


@pytest.mark.slow  # starts two pytest workers
def test_groups_stay_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(SAMPLE)
    (tmp_path / "test_free.py").write_text(FREE)
    run = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v",
                          "-p", "no:cacheprovider", "-p", "no:nbval", "-p", "no:faker", "-p", "no:anyio",
                          "-p", "no:hypothesispytest", str(tmp_path)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    workers: dict[str, set[str]] = {}
    for worker, test in re.findall(r"\[(gw\d+)\] .*? PASSED \S+::(test_\w+)", run.stdout):
        workers.setdefault(test, set()).add(worker)
    assert set(workers) == {"test_grouped", "test_decorated", "test_free"}, run.stdout
    for test in ("test_grouped", "test_decorated"):
        assert len(workers[test]) == 1, (
            f"{test}'s group ran on workers {sorted(workers[test])}: pytest-xdist's loadgroup "
            "does not group with this pytest (see the pin in pyproject.toml)")
