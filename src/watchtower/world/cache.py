"""The generated logs kept on disk between kernels, opt in with ``WATCHTOWER_WORLD_CACHE``.

Building the full logs draws every message of three months and trains the
Translator: seconds of work in every fresh kernel. A course check runs each
chapter's notebook several times (the check, the solution, the blank release,
a wrong submission), each in a new kernel, and the logs are the same every
time: they depend only on their arguments and on the generator's code. When
``WATCHTOWER_WORLD_CACHE`` names a folder, :func:`translator_logs` keeps its
larger results there, keyed by the arguments, the world's source files and the
versions of the libraries that shape the numbers (NumPy draws the messages,
scikit-learn fits the model, pandas builds the frame).

``make test``, ``make check`` and ``make lab`` set it to ``.cache/world``;
``make grade`` does not use it, because a graded submission could write to the
folder and change what the next student's notebook reads.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Callable

import pandas as pd

ENV = "WATCHTOWER_WORLD_CACHE"
#: Logs smaller than this are rebuilt: they cost less than a file each.
MIN_ROWS = 20_000
#: The folder keeps the most recently used files only.
MAX_FILES = 24
_SOURCES = ("translator.py", "language.py", "timeline.py")
_LIBRARIES = ("numpy", "pandas", "scikit-learn")


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def _path(folder: str, key: tuple) -> Path:
    name = hashlib.sha256(f"{key!r} {_fingerprint()}".encode()).hexdigest()[:32]
    return Path(folder) / f"logs-{name}.pkl"


def cached(build: Callable[[], pd.DataFrame], key: tuple) -> pd.DataFrame:
    """``build()``, or its earlier result for the same ``key`` when the cache is on.

    Every call returns a new frame, so callers may change it freely. A file
    that cannot be read (a half-written or foreign file) is rebuilt; a folder
    that cannot be written only costs the time of building.
    """
    folder = os.environ.get(ENV)
    if not folder:
        return build()
    path = _path(folder, key)
    try:
        frame = pd.read_pickle(path)
        os.utime(path)
        return frame
    except Exception:  # missing, truncated or unreadable: build it again
        pass
    frame = build()
    if len(frame) >= MIN_ROWS:
        _store(frame, path)
    return frame


def _store(frame: pd.DataFrame, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: parallel test workers never read half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as fh:
            aside = Path(fh.name)
        try:
            frame.to_pickle(aside)
            os.replace(aside, path)
        finally:
            aside.unlink(missing_ok=True)
        files = sorted(path.parent.glob("logs-*.pkl"), key=lambda p: p.stat().st_mtime)
        for old in files[:-MAX_FILES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
