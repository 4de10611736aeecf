"""Run instructor notebooks top to bottom and store their outputs, reproducibly.

Usage::

    python -m watchtower.execute solutions/01-kl-divergence/01-kl-divergence.ipynb
    python -m watchtower.execute            # every solutions/*/*.ipynb

The kernel starts in the notebook's folder with ``PYTHONHASHSEED=0`` and
``MPLBACKEND=Agg`` (as in nbval and the autograder), no timing metadata is
recorded and execution counts restart at 1, so re-running an unchanged notebook
changes no bytes except where outputs really changed. Stops at the first cell
that raises (a reference solution must run clean).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from ._nbgrader import KERNEL_ENV, REPO

__all__ = ["execute_notebook", "main"]


def execute_notebook(path: Path, timeout: int = 120) -> None:
    """Execute ``path`` in place (outputs stored, volatile metadata left out)."""
    nb = nbformat.read(path, as_version=4)
    old = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m watchtower.execute", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default: %(default)s)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "solutions").glob("*/*.ipynb"))
    for path in paths:
        print(f"executing {path}", flush=True)
        execute_notebook(path.resolve(), args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
