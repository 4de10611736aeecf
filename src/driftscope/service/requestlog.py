"""The request log: one JSON line per request, appended before the answer is sent.

The Fluentd-style log between the API and the analytics store. Each process
writes its own files, named so that sorting the names sorts them by creation
(``log-<nanoseconds>.jsonl``), and opens a fresh file when it starts and
whenever the current file reaches ``max_bytes``: a file is never appended to by
two processes, and a line torn by a crash can only be the last line of a file
that is no longer written (the shipper skips it; its request was never
acknowledged). A line reaches the operating system in one ``write`` call before
the request is answered, so killing the process loses no acknowledged request
(``fsync=True`` also survives a power cut, at a cost per request).
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from .._validation import check_positive_int

__all__ = ["RequestLog", "log_files", "LOG_GLOB"]

LOG_GLOB = "log-*.jsonl"


def log_files(directory: str | os.PathLike) -> list[Path]:
    """The log files of a directory, oldest first."""
    return sorted(Path(directory).glob(LOG_GLOB))


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot log a {type(value).__name__}")


def encode(record: dict) -> bytes:
    """One record as one line of compact JSON (non-finite numbers refused)."""
    return (json.dumps(record, default=_default, allow_nan=False, separators=(",", ":"))
            + "\n").encode()


class RequestLog:
    """Append-only JSON-lines log with rotation by size.

    Parameters
    ----------
    directory : path
        Where the files go (created if needed). One directory per process.
    max_bytes : int, default 64 MiB
        A file that reaches this size is closed and a new one opened.
    fsync : bool, default False
        ``os.fsync`` after every line.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> log = RequestLog(d, max_bytes=110)
    >>> for i in range(3):
    ...     log.append({"type": "request", "request_id": f"r{i}", "x": 1.5})
    >>> [p.read_text().count("\\n") for p in log_files(d)]
    [2, 1]
    >>> log.close()
    """

    def __init__(self, directory: str | os.PathLike, *, max_bytes: int = 64 * 2**20,
                 fsync: bool = False):
        max_bytes = check_positive_int(max_bytes, "max_bytes")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.fsync = fsync
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._size = 0
        self.path: Path | None = None

    def _open_next(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        while True:  # a fresh name, later than every existing one
            path = self.directory / f"log-{time.time_ns():020d}.jsonl"
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644)
                break
            except FileExistsError:
                continue
        self.path, self._size = path, 0

    def append(self, record: dict) -> None:
        """Write one record as one line; return once the OS has it."""
        line = encode(record)
        with self._lock:
            if self._fd is None or (self._size and self._size + len(line) > self.max_bytes):
                self._open_next()
            written = os.write(self._fd, line)
            if written != len(line):  # a full disk: never leave half a line behind silently
                raise OSError(f"request log {self.path}: wrote {written} of {len(line)} bytes")
            if self.fsync:
                os.fsync(self._fd)
            self._size += written

    @property
    def bytes_written(self) -> int:
        return self._size

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
