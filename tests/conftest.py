"""Suite-wide rules: no silent skips under CI=true, and the ``require`` fixture (see needs.py)."""

from __future__ import annotations

import pytest
from needs import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 (hooks)
from needs import require as _require


@pytest.fixture
def require():
    """``require(part)``: a program's path or a module; skips (fails under CI=true) when missing."""
    return _require
