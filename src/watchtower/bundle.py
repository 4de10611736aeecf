"""Build what students get: ``make student-bundle`` (COURSE.md section 10).

``python -m watchtower.bundle [--output dist/watchtower-student.tar.gz]``

An archive of the release, ``watchtower-student/`` inside: ``notebooks/`` (the
student release, no answers or hidden tests), ``story/``, the packages
(``src/``), ``docs/``, ``pyproject.toml``, ``environment.yml``, the README and a
Makefile with the student targets only (``install``, ``lab``, ``clean``). Never
``solutions/``, ``tests/`` (the wrong answers live there), the instructor
Makefile, benchmarks or the gradebook. The bundle is built from the files git
tracks (so nothing untracked slips in) and checked before it is written.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PREFIX = "watchtower-student"
SHIPPED_DIRS = ("notebooks", "story", "src", "docs")
SHIPPED_FILES = ("pyproject.toml", "environment.yml", "README.md")
# Text that only the instructor's notebooks hold (nbgrader markers).
INSTRUCTOR_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")

STUDENT_MAKEFILE = """\
# The Watchtower, student bundle: make lab opens the chapters in JupyterLab.
#   make lab                              set up .venv (first run) and open notebooks/
#   make lab ARGS="--port 8899 --no-browser"   options for jupyter lab
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PYTHONHASHSEED := 0
export DO_NOT_TRACK := 1
export EVIDENTLY_DISABLE_TELEMETRY := 1

.PHONY: install lab clean

$(STAMP): pyproject.toml
\t@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
\t$(BIN)/python -m pip install --quiet -e ".[dev]"
\t@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
\t$(BIN)/python -m watchtower.lab $(ARGS)

clean:
\trm -rf $(VENV) build *.egg-info src/*.egg-info
"""


def tracked_files(repo: Path = REPO) -> list[str]:
    """The files of the release, as git tracks them (relative paths, sorted)."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "--", *SHIPPED_DIRS, *SHIPPED_FILES],
                            check=True, capture_output=True, text=True).stdout.split()
    return sorted(path for path in listed if (repo / path).is_file())


def check(files: list[str], repo: Path = REPO) -> None:
    """Refuse to bundle anything a student must not receive."""
    for path in files:
        top = path.split("/", 1)[0]
        if top not in SHIPPED_DIRS and path not in SHIPPED_FILES:
            raise ValueError(f"{path}: not part of the student release")
        if path.endswith(".ipynb"):
            text = (repo / path).read_text(encoding="utf-8")
            for marker in INSTRUCTOR_MARKERS:
                if marker in text:
                    raise ValueError(f"{path} holds {marker!r}: run `make release` first")
    missing = [d for d in ("notebooks", "src") if not any(p.startswith(d + "/") for p in files)]
    if missing:
        raise ValueError(f"nothing tracked under {', '.join(missing)}")


def build(output: Path, repo: Path = REPO) -> list[str]:
    """Write the bundle to ``output``; return the archive's member names."""
    files = tracked_files(repo)
    check(files, repo)
    output.parent.mkdir(parents=True, exist_ok=True)
    names = []
    # Fixed mtime and owner: the same release gives the same archive members.
    with tarfile.open(output, "w:gz") as tar:
        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(f"{PREFIX}/{name}")
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
            names.append(info.name)
        for path in files:
            add(path, (repo / path).read_bytes())
        add("Makefile", STUDENT_MAKEFILE.encode())
    return names


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=REPO / "dist" / f"{PREFIX}.tar.gz")
    args = parser.parse_args(argv)
    try:
        names = build(args.output)
    except (ValueError, subprocess.CalledProcessError) as error:
        sys.exit(f"student-bundle: {error}")
    notebooks = sorted({n.split("/")[2] for n in names if n.startswith(f"{PREFIX}/notebooks/")})
    print(f"{args.output}: {len(names)} files, chapters {', '.join(notebooks)}; "
          f"unpack it and run `make lab`")


if __name__ == "__main__":
    main()
