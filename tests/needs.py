"""What a test needs from the machine: ``require("promtool")``, ``require("river.drift")``.

A test that needs a real part (a program such as Chromium, promtool, Prometheus,
Alertmanager or PostgreSQL, or an optional package such as Evidently, River or
Dask) asks for it with :func:`require`, at module level or inside the test::

    from needs import require

    river_drift = require("river.drift")          # the module
    promtool = require("promtool")                # the program's path
    pg_bin = require("postgresql")                # the folder with initdb, pg_ctl, postgres

On a student's machine a missing part skips the test, with the reason and how
to install it. Under ``CI=true`` it fails the test instead: a green CI run must
never hide a test that did not run (``tests/conftest.py`` also turns any other
skip into a failure there). The ``require`` fixture is the same function.
"""

from __future__ import annotations

import glob
import importlib
import os
import shutil
from pathlib import Path

import pytest

__all__ = ["pytest_make_collect_report", "pytest_runtest_makereport", "require", "under_ci"]

#: Programs the tests start: the names they go by and how to install them.
PROGRAMS: dict[str, tuple[tuple[str, ...], str]] = {
    "chromium": (("chromium", "chromium-browser", "google-chrome"), "apt-get install chromium"),
    "promtool": (("promtool",), "apt-get install prometheus"),
    "prometheus": (("prometheus",), "apt-get install prometheus"),
    "alertmanager": (("prometheus-alertmanager", "alertmanager"), "apt-get install prometheus-alertmanager"),
    "initdb": (("initdb",), "apt-get install postgresql"),
    "pg_ctl": (("pg_ctl",), "apt-get install postgresql"),
    "postgres": (("postgres",), "apt-get install postgresql"),
}
#: Debian keeps PostgreSQL's server programs off PATH.
POSTGRES_DIRS = "/usr/lib/postgresql/*/bin"
#: How to install the optional packages the tests use.
PACKAGES = {"evidently": '".[course]"', "river": '".[course]"', "sklearn": '".[text]"',
            "dask": '".[distributed]"', "distributed": '".[distributed]"',
            "fastapi": '".[service]"', "uvicorn": '".[service]"', "httpx": '".[service]"',
            "duckdb": '".[service]"', "psycopg": '".[service]"', "prometheus_client": '".[service]"'}


def under_ci() -> bool:
    """True when ``CI`` is set to true (as ``.ci/run`` does)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(reason: str):
    """Skip with ``reason``; under ``CI=true`` fail instead."""
    if under_ci():
        pytest.fail(f"{reason}; CI=true, so this fails instead of skipping (.ci/run must provide it)",
                    pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def _postgres_dirs() -> list[str]:
    def version(path: str) -> tuple:
        return tuple(int(p) if p.isdigit() else 0 for p in Path(path).parent.name.split("."))
    return sorted(glob.glob(POSTGRES_DIRS), key=version, reverse=True)


def _program(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    for folder in _postgres_dirs():
        for name in names:
            path = shutil.which(name, path=folder)
            if path:
                return path
    return None


def require(part: str):
    """The program (its path) or module a test needs; skip, or fail under CI, when it is missing.

    ``part`` is a program of :data:`PROGRAMS`, ``"postgresql"`` (the folder of
    the newest ``initdb``/``pg_ctl``/``postgres``), a module to import, or any
    other program on ``PATH``.
    """
    if part == "postgresql":
        initdb = _program(("initdb",))
        if initdb:
            return str(Path(initdb).parent)
        missing("PostgreSQL is not installed (apt-get install postgresql)")
    if part in PROGRAMS:
        names, how = PROGRAMS[part]
        path = _program(names)
        if path:
            return path
        missing(f"{part} is not installed ({how})")
    try:
        return importlib.import_module(part)
    except ImportError as exc:
        path = shutil.which(part)
        if path:
            return path
        extra = PACKAGES.get(part.split(".")[0])
        how = f" (pip install -e {extra})" if extra else ""
        missing(f"{part} is not available: {exc}{how}")


# ------------------------------------------------------------------ no silent skips under CI
# Hooks (tests/conftest.py registers them; ``pytest -p needs`` elsewhere): under
# CI=true any skip, at collection or in a test, is reported as a failure.
def _fail_if_skipped_under_ci(report) -> None:
    if under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run everything: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _fail_if_skipped_under_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    _fail_if_skipped_under_ci(report)
    return report
