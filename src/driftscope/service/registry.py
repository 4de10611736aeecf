"""Model versions on disk: every version kept, one champion served.

``<directory>/<version>.pkl`` holds each version (pickle: load only models you
trained yourself) and ``champion.json`` names the one being served; promotion
replaces that file atomically, and every app polling it switches at its next
request.
"""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path
from typing import Any

__all__ = ["ModelRegistry"]


class ModelRegistry:
    """A directory of pickled model versions and a champion pointer."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pointer = self.directory / "champion.json"

    def save(self, model: Any, version: str) -> Path:
        path = self.directory / f"{version}.pkl"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(model))
        os.replace(tmp, path)
        return path

    def load(self, version: str) -> Any:
        return pickle.loads((self.directory / f"{version}.pkl").read_bytes())

    def promote(self, version: str) -> None:
        if not (self.directory / f"{version}.pkl").exists():
            raise FileNotFoundError(f"model version {version!r} is not in {self.directory}")
        tmp = self._pointer.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": version, "promoted_at": time.time()}))
        os.replace(tmp, self._pointer)

    def champion_version(self) -> str | None:
        try:
            return json.loads(self._pointer.read_text())["version"]
        except FileNotFoundError:
            return None

    def pointer_mtime(self) -> float:
        try:
            return self._pointer.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def versions(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.pkl"))
