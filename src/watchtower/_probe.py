"""Kernel side of :mod:`watchtower.check`: try answers in forked copies of the kernel.

``watchtower.check`` runs a chapter's solution notebook once, in one kernel. Just
before an exercise's solution cell, it asks the kernel to call :func:`run`. The
kernel then holds everything the notebook defined before that cell. For each
variant of the exercise (a wrong answer, a shortcut, a correct answer written
another way) the kernel forks; the child runs the variant in place of the
solution cell, then the notebook's next cells up to the exercise's last test
cell, as ``nbgrader autograde`` would, and reports which of the exercise's test
cells raised. The kernel itself never runs a variant, so variants cannot leak
into one another or into the rest of the notebook.

Only the standard library and IPython: this module is imported inside the kernel.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import sys
import time

__all__ = ["run"]


def run(spec_path: str) -> None:
    """Try every variant of ``spec_path`` (JSON); write the outcomes to its ``result_path``.

    The spec holds ``cells`` (``source`` and ``record``: the test cell's
    grade_id, or null for a cell whose outcome does not count; the first cell
    is the solution cell, replaced by each variant), ``variants`` (sources)
    and ``timeout`` (seconds per variant). Each outcome is
    ``{"cells": {grade_id: null | {"ename", "evalue", "shortcut"}}}``,
    ``{"timed_out": true}`` or ``{"crashed": text}``.
    """
    from IPython import get_ipython

    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    shell = get_ipython()
    outcomes = [_in_fork(shell, spec["cells"], source, float(spec["timeout"]))
                for source in spec["variants"]]
    with open(spec["result_path"], "w", encoding="utf-8") as fh:
        json.dump(outcomes, fh)


def _in_fork(shell, cells: list[dict], variant: str, timeout: float) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        try:
            payload = json.dumps({"cells": _replay(shell, cells, variant)})
        except BaseException as exc:  # noqa: BLE001 - report anything, then leave
            payload = json.dumps({"crashed": f"{type(exc).__name__}: {exc}"})
        data = payload.encode()
        while data:
            data = data[os.write(write_fd, data):]
        os._exit(0)  # no atexit handlers: they belong to the kernel

    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if timed_out:
        return {"timed_out": True}
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"crashed": "the forked kernel died without reporting"}


def _replay(shell, cells: list[dict], variant: str) -> dict:
    """In the child: run the variant and the following cells; which test cells raised."""
    # The child shares the kernel's sockets and output threads, which did not
    # survive the fork: nothing may reach them. Output goes nowhere.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = io.StringIO()
    sys.stderr = io.StringIO()
    shell._showtraceback = lambda etype, evalue, stb: None
    shell.display_pub.publish = lambda *args, **kwargs: None
    outcome: dict = {}
    for index, cell in enumerate(cells):
        # silent: no history, no display hook, no execution count; the cell runs
        # statement by statement in the notebook's namespace, as in the kernel.
        result = shell.run_cell(variant if index == 0 else cell["source"], silent=True)
        error = result.error_before_exec or result.error_in_exec
        if cell.get("record"):
            outcome[cell["record"]] = None if error is None else {
                "ename": type(error).__name__,
                "evalue": str(error)[:4000],
                "shortcut": any(k.__name__ == "ShortcutError" for k in type(error).__mro__),
            }
    return outcome
