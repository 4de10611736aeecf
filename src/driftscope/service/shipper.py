"""The shipper: request-log lines into the analytics store, exactly once.

For every log file the store keeps the byte offset up to which its lines are
loaded. A batch of complete lines and the new offset are written in one
transaction, and rows are keyed by ``request_id`` (``ON CONFLICT DO
NOTHING``), so a crash of the shipper or of the store at any point, or a
request retried by a client after a crash of the app, neither loses nor
duplicates a row. Labels are keyed by ``request_id`` too; a later label for
the same request replaces the earlier one.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from .requestlog import log_files
from .schema import InputSchema
from .store import Store

__all__ = ["Shipper", "REQUEST_COLUMNS"]

log = logging.getLogger("driftscope.service.shipper")

#: Columns the service writes for every request, before the schema's fields.
REQUEST_COLUMNS = ("request_id", "timestamp", "received_at", "model_version", "latency_ms",
                   "prediction", "confidence")


def _time(value: Any) -> _dt.datetime | None:
    if value is None:
        return None
    t = _dt.datetime.fromisoformat(value)
    if t.tzinfo is not None:
        t = t.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return t


class Shipper:
    """Load new log lines into the store, in batches, keeping an offset per file.

    Parameters
    ----------
    log_dir : path
        The directory of a `RequestLog` (several directories: several shippers).
    store : Store
    schema : InputSchema
    batch_bytes : int, default 4 MiB
        At most this much of a file per transaction.
    """

    def __init__(self, log_dir: str | os.PathLike, store: Store, schema: InputSchema, *,
                 batch_bytes: int = 4 * 2**20):
        self.log_dir = Path(log_dir)
        self.store = store
        self.schema = schema
        self.batch_bytes = batch_bytes
        self.columns = [*REQUEST_COLUMNS, *schema.names]
        self.shipped_requests = 0
        self.shipped_labels = 0
        self.torn_bytes = 0
        self._offsets: dict[str, int] | None = None

    def _load_offsets(self) -> dict[str, int]:
        if self._offsets is None:
            self._offsets = dict(self.store.query("SELECT file, position FROM shipper_offsets"))
        return self._offsets

    def lag_bytes(self) -> int:
        """Bytes written to the log and not yet shipped."""
        offsets = self._load_offsets()
        total = 0
        for path in log_files(self.log_dir):
            try:
                total += max(path.stat().st_size - offsets.get(path.name, 0), 0)
            except FileNotFoundError:
                pass
        return total

    def ship_once(self) -> int:
        """Ship what is there now; return the number of lines loaded."""
        offsets = self._load_offsets()
        files = log_files(self.log_dir)
        loaded = 0
        for i, path in enumerate(files):
            newest = i == len(files) - 1
            while True:
                n = self._ship_file(path, offsets.get(path.name, 0), newest)
                if n is None:
                    break
                loaded += n
        return loaded

    def _ship_file(self, path: Path, offset: int, newest: bool) -> int | None:
        try:
            with open(path, "rb") as fh:
                fh.seek(offset)
                data = fh.read(self.batch_bytes)
        except FileNotFoundError:
            return None
        if not data:
            return None
        end = data.rfind(b"\n") + 1
        torn = 0
        if end == 0:
            if newest or len(data) == self.batch_bytes:
                return None  # a line still being written, or longer than a batch: wait
            # The last line of a file nobody writes any more, without its newline:
            # a write cut by a crash, never acknowledged. Skip it.
            torn, end = len(data), len(data)
            log.warning("%s: skipping %d bytes of a line torn by a crash", path.name, torn)
        requests, labels = [], []
        for line in data[:end - torn].splitlines():
            rec = json.loads(line)
            if rec.get("type") == "label":
                labels.append((rec["request_id"], rec["label"], _time(rec["label_at"])))
            else:
                requests.append(tuple(
                    _time(rec.get(c)) if c in ("timestamp", "received_at") else rec.get(c)
                    for c in self.columns))
        position = offset + end
        with self.store.transaction() as tx:
            tx.insert("requests", self.columns, requests)
            tx.insert("labels", ("request_id", "label", "label_at"), labels,
                      update=("label", "label_at"))
            tx.execute("INSERT INTO shipper_offsets (file, position, torn_bytes) "
                       "VALUES ($1, $2, $3) ON CONFLICT (file) DO UPDATE SET "
                       "position = excluded.position, "
                       "torn_bytes = shipper_offsets.torn_bytes + excluded.torn_bytes",
                       (path.name, position, torn))
        self._offsets[path.name] = position
        self.shipped_requests += len(requests)
        self.shipped_labels += len(labels)
        self.torn_bytes += torn
        return len(requests) + len(labels)

    def run(self, stop: threading.Event, every: float = 0.5) -> None:
        """Ship every `every` seconds until `stop` is set."""
        while not stop.is_set():
            try:
                self.ship_once()
            except Exception:  # the store may be down: keep the offset, try again
                log.exception("shipping failed; retrying")
                self._offsets = None
            stop.wait(every)
