"""Check that pyproject.toml and environment.yml pin the same packages with the same bounds."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += [r for r in extra if not r.startswith(project["name"])]
    return {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in lines}


def _conda_pins():
    pins, in_pip_block = {}, False
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        if re.match(r"^\s*- pip:\s*$", line):
            in_pip_block = True
            continue
        match = re.match(r"^  - ([A-Za-z0-9_.\-]+)(.*)$", line)
        if match and not in_pip_block:
            name, spec = match.group(1).lower(), match.group(2).strip()
            if name not in {"python", "pip"}:
                pins[name] = str(Requirement(f"x{spec}").specifier)
    return pins


def test_same_packages_and_bounds():
    """Check that every package has the same bounds in pyproject.toml and environment.yml."""
    pyproject, conda = _pyproject_pins(), _conda_pins()
    assert set(pyproject) == set(conda), (
        f"only in pyproject.toml: {sorted(set(pyproject) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(pyproject))}"
    )
    differing = {n: (pyproject[n], conda[n]) for n in pyproject if pyproject[n] != conda[n]}
    assert not differing, f"bounds differ (pyproject, environment.yml): {differing}"


def test_every_pin_has_upper_bound():
    """Check that every dependency is pinned to a tested range (a lower and an upper bound)."""
    loose = {n: s for n, s in _pyproject_pins().items() if "<" not in s or ">" not in s}
    assert not loose, f"dependencies without a tested range: {loose}"


def test_pandas_below_3():
    """Check that pandas stays below 3, which Evidently 0.7.23 cannot import with."""
    spec = _pyproject_pins()["pandas"]
    assert "<3" in spec.replace(" ", ""), f"pandas must be pinned below 3, got {spec!r}"
