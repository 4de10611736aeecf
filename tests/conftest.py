"""Suite-wide rules: no silent skips under CI=true, and the ``require`` fixture (see needs.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from needs import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 (hooks)
from needs import require as _require

# Notebook kernels started by the tests (checks, autograding) read the station's
# logs from one kept copy instead of building them each time (watchtower.world.cache).
os.environ.setdefault("WATCHTOWER_WORLD_CACHE", str(Path(__file__).resolve().parents[1] / ".cache" / "world"))


@pytest.fixture
def require():
    """``require(part)``: a program's path or a module; skips (fails under CI=true) when missing."""
    return _require
