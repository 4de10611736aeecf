"""`make demo` (python -m watchtower.demo) and `python -m driftscope`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from watchtower import demo

# Whole command-line runs over the generated world: the slow tier.
pytestmark = pytest.mark.slow


def test_demo_writes_data_and_reports(tmp_path, capsys):
    out = tmp_path / "reports"
    assert demo.main(["--out", str(out), "--requests-per-day", "300"]) == 0
    printed = capsys.readouterr().out
    for name in (demo.REFERENCE_CSV, demo.CURRENT_CSV, demo.HTML, demo.JSON):
        assert (out / name).is_file(), f"the demo should write {name}, it wrote {sorted(p.name for p in out.iterdir())}"
    html = (out / demo.HTML).read_text(encoding="utf-8")
    assert '<table id="columns">' in html and "formality" in html, "the HTML report should hold the per-column table"
    report = json.loads((out / demo.JSON).read_text(encoding="utf-8"))
    assert report["dataset_drift"] is True, "late August has drifted: the report should say so"
    assert "DATASET DRIFT (exit code 1)" in printed and str((out / demo.HTML).resolve()) in printed


def test_python_m_driftscope_runs_the_cli(tmp_path):
    missing = tmp_path / "nope.csv"
    done = subprocess.run([sys.executable, "-m", "driftscope", "report", str(missing), str(missing)],
                          capture_output=True, text=True)
    assert done.returncode == 2, f"a missing file is exit code 2, got {done.returncode}: {done.stderr}"
    assert "no such file" in done.stderr
