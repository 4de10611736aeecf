"""driftscope without extras, in a fresh virtual environment: it installs, imports and reports.

The core dependencies (numpy, scipy, pandas, matplotlib, tqdm) must be enough
for the library and its command line; scikit-learn, Evidently, Dask and the
course's packages are extras. The environment is built with ``python -m venv``
and ``pip install <repository>`` (pip's cache makes it quick after the first
time), so a dependency the code imports but pyproject.toml does not declare
fails here. Slow: about a minute with a warm cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# One worker builds the environment once: the module's tests share it (--dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env,
                          timeout=900, **kwargs)


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory):
    where = tmp_path_factory.mktemp("bare") / "venv"
    made = _run([sys.executable, "-m", "venv", where])
    assert made.returncode == 0, made.stderr
    python = where / "bin" / "python"
    # pip builds the wheel with setuptools inside the tree it is given (build/); build from
    # a copy so that the checkout stays untouched and no two builds share that folder.
    source = where.parent / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    done = _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", source])
    assert done.returncode == 0, f"pip install driftscope (no extras) failed:\n{done.stderr[-3000:]}"
    return where


def test_core_import_needs_no_extra(bare_venv):
    python = bare_venv / "bin" / "python"
    probe = _run([python, "-c",
                  "import importlib.util as u, sys, driftscope, driftscope.cli, driftscope.policies;"
                  "print(sorted(m for m in ('sklearn', 'evidently', 'dask', 'seaborn', 'river')"
                  " if u.find_spec(m) is not None));"
                  "print(sorted(m for m in ('sklearn', 'evidently', 'dask') if m in sys.modules))"])
    assert probe.returncode == 0, probe.stderr
    installed, imported = probe.stdout.split("\n")[:2]
    assert installed == "[]", f"extras installed without being asked for: {installed}"
    assert imported == "[]"
    typed = _run([python, "-c", "import driftscope, pathlib;"
                  "print((pathlib.Path(driftscope.__file__).parent / 'py.typed').exists())"])
    assert typed.stdout.strip() == "True", "py.typed is not shipped"


def test_cli_reports_on_a_wide_csv(bare_venv, tmp_path):
    rng = np.random.default_rng(2043)
    n, k = 400, 60
    reference = pd.DataFrame({f"f{i}": rng.normal(size=n) for i in range(k)})
    current = pd.DataFrame({f"f{i}": rng.normal(1.0 if i < 10 else 0.0, 1, n) for i in range(k)})
    reference["planet"] = rng.choice(["Zeta", "Orion"], n)
    current["planet"] = rng.choice(["Zeta", "Orion"], n)
    reference.to_csv(tmp_path / "reference.csv", index=False)
    current.to_csv(tmp_path / "current.csv", index=False)
    driftscope = bare_venv / "bin" / "driftscope"
    from driftscope import drift_report

    for policy in ("evidently", "watchtower", "sketch"):
        # The same report as the development install makes in this process.
        want = drift_report(pd.read_csv(tmp_path / "reference.csv"),
                            pd.read_csv(tmp_path / "current.csv"), policy=policy)
        assert want.n_drifted >= 10  # the ten shifted columns at least
        done = _run([driftscope, "report", tmp_path / "reference.csv", tmp_path / "current.csv",
                     "--policy", policy, "--json", tmp_path / f"{policy}.json", "--no-progress"])
        assert done.returncode == int(want.dataset_drift), \
            f"{policy}: exit {done.returncode}\n{done.stderr[-2000:]}"
        verdict = "DATASET DRIFT" if want.dataset_drift else "no dataset drift"
        assert f"{verdict}: {want.n_drifted} of {k + 1} columns drifted" in done.stdout, \
            done.stdout[-500:]
        assert (tmp_path / f"{policy}.json").exists()
    help_text = _run([driftscope, "report", "--help"]).stdout
    assert "evidently" in help_text and "watchtower" in help_text and "sketch" in help_text
