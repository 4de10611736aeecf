"""needs.require and the CI rule: a missing part skips on a laptop and fails under CI=true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from needs import require

TESTS = Path(__file__).resolve().parent

SAMPLE = """
import pytest
from needs import require

def test_present():
    assert require("json").dumps(1) == "1"
    assert require("python3")   # a program on PATH

def test_missing_program():
    require("no-such-program-watchtower")

def test_missing_module():
    require("no_such_module_watchtower")

def test_plain_skip():
    pytest.skip("some reason")

@pytest.mark.xfail(reason="known", strict=True)
def test_expected_failure():
    assert False
"""


def _run(tmp_path, ci):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(TESTS), "CI": ci,
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only needs.py: a quick start
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "needs", "-p", "no:cacheprovider",
                           "-q", "-rA", "test_sample.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    counts = dict((k, int(n)) for n, k in re.findall(r"(\d+) (passed|failed|skipped|xfailed)", proc.stdout))
    return counts, proc.stdout


def test_missing_parts_skip_on_a_laptop(tmp_path):
    counts, out = _run(tmp_path, "")
    assert counts == {"passed": 1, "skipped": 3, "xfailed": 1}, out
    assert "no-such-program-watchtower is not available" in out


def test_missing_parts_fail_under_ci(tmp_path):
    counts, out = _run(tmp_path, "true")
    assert counts == {"passed": 1, "failed": 3, "xfailed": 1}, out
    assert "CI=true" in out


def test_require_returns_what_it_found():
    assert require("json").__name__ == "json"
    assert Path(require("sh")).name == "sh"
    with pytest.raises((pytest.skip.Exception, pytest.fail.Exception)):
        require("no_such_module_watchtower")
