"""The analytics store: DuckDB (a file, the default) or PostgreSQL, behind one small interface.

Both backends run the same SQL text (``$1``-style parameters, ``DOUBLE
PRECISION``, ``TEXT``, ``TIMESTAMP``, ``INSERT ... ON CONFLICT``); only how a
batch of rows travels to the server differs. Timestamps are naive UTC.

DuckDB allows one writing process per file: run the shipper, the drift job and
the retraining worker in one process (`driftscope.service.monitor`), or use
PostgreSQL when several processes write.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterable, Iterator, Sequence

from .schema import InputSchema

__all__ = ["Store", "DuckDBStore", "PostgresStore", "open_store", "quote"]


def quote(name: str) -> str:
    """A SQL identifier, double-quoted."""
    return '"' + str(name).replace('"', '""') + '"'


def _tables(schema: InputSchema | None) -> list[str]:
    fields = ""
    if schema is not None:
        types = {"numeric": "DOUBLE PRECISION", "categorical": "TEXT", "text": "TEXT"}
        fields = "".join(f", {quote(f.name)} {types[f.kind]}" for f in schema.fields)
    return [
        f"""CREATE TABLE IF NOT EXISTS requests (
            request_id TEXT PRIMARY KEY, "timestamp" TIMESTAMP NOT NULL,
            received_at TIMESTAMP NOT NULL, model_version TEXT, latency_ms DOUBLE PRECISION,
            prediction TEXT, confidence DOUBLE PRECISION{fields})""",
        """CREATE TABLE IF NOT EXISTS labels (
            request_id TEXT PRIMARY KEY, label TEXT NOT NULL, label_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS shipper_offsets (
            file TEXT PRIMARY KEY, position BIGINT NOT NULL, torn_bytes BIGINT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS drift_runs (
            run_at TIMESTAMP NOT NULL, window_start TIMESTAMP NOT NULL,
            window_end TIMESTAMP NOT NULL, n_rows BIGINT NOT NULL, column_name TEXT NOT NULL,
            test TEXT, statistic DOUBLE PRECISION, threshold DOUBLE PRECISION,
            pvalue DOUBLE PRECISION, drifted BOOLEAN NOT NULL, dataset_drift BOOLEAN NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS alerts (
            received_at TIMESTAMP NOT NULL, status TEXT, alertname TEXT, column_name TEXT,
            starts_at TEXT, summary TEXT)""",
        """CREATE TABLE IF NOT EXISTS model_versions (
            version TEXT PRIMARY KEY, created_at TIMESTAMP NOT NULL, parent TEXT,
            n_train BIGINT, path TEXT)""",
        """CREATE TABLE IF NOT EXISTS retraining_decisions (
            decided_at TIMESTAMP NOT NULL, reason TEXT, champion TEXT, challenger TEXT,
            champion_score DOUBLE PRECISION, challenger_score DOUBLE PRECISION,
            n_train BIGINT, n_eval BIGINT, promoted BOOLEAN NOT NULL, note TEXT)""",
    ]


class Store:
    """What the service needs from a database: a few statements, batches, transactions."""

    dialect = "?"

    def __init__(self):
        self._local = threading.local()

    # -- backend hooks ---------------------------------------------------
    def _connect(self) -> Any:  # a connection for the calling thread
        raise NotImplementedError

    def _insert_batch(self, cur: Any, table: str, columns: Sequence[str],
                      rows: list[tuple], conflict: str) -> None:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------
    @property
    def _con(self) -> Any:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self._connect()
        return con

    def create_tables(self, schema: InputSchema | None = None) -> None:
        """Create the service's tables if they do not exist (requests with `schema`'s fields)."""
        for sql in _tables(schema):
            self.execute(sql)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cur = self._con.execute(sql, list(params))
        return [tuple(r) for r in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Everything inside commits together, or not at all."""
        raise NotImplementedError
        yield self

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
               key: str = "request_id", update: Sequence[str] = ()) -> None:
        """Insert rows; a row whose `key` exists is skipped, or its `update` columns replaced.

        Duplicates of a key inside the batch keep the first row (``update=()``)
        or the last one. Idempotent: inserting the same batch twice changes nothing.
        """
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        k = list(columns).index(key)
        unique: dict[Any, tuple] = {}
        for r in rows:
            if update or r[k] not in unique:
                unique[r[k]] = r
        if update:
            sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
            conflict = f"ON CONFLICT ({quote(key)}) DO UPDATE SET {sets}"
        else:
            conflict = f"ON CONFLICT ({quote(key)}) DO NOTHING"
        self._insert_batch(self._con, table, list(columns), list(unique.values()), conflict)

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


class DuckDBStore(Store):
    """A DuckDB file (or ``":memory:"``); one process writes it, its threads share it."""

    dialect = "duckdb"

    def __init__(self, path: str = ":memory:"):
        import duckdb

        super().__init__()
        self.path = str(path)
        self._root = duckdb.connect(self.path)
        self._root_lock = threading.Lock()

    def _connect(self) -> Any:
        with self._root_lock:
            return self._root.cursor()  # a thread's own cursor on the shared database

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _insert_batch(self, cur, table, columns, rows, conflict):
        import pandas as pd

        # A data frame travels as one columnar scan; executemany would be row by row.
        # Object columns keep None as None (SQL NULL): pandas would turn it into NaN.
        frame = pd.DataFrame({c: pd.Series([r[i] for r in rows], dtype=object)
                              for i, c in enumerate(columns)})
        name = f"_batch_{threading.get_ident()}"
        cur.register(name, frame)
        try:
            cols = ", ".join(quote(c) for c in columns)
            cur.execute(f"INSERT INTO {quote(table)} ({cols}) SELECT {cols} FROM {name} {conflict}")
        finally:
            cur.unregister(name)

    def close(self) -> None:
        super().close()
        with self._root_lock:
            self._root.close()

    def __repr__(self) -> str:
        return f"DuckDBStore({self.path!r})"


class PostgresStore(Store):
    """A PostgreSQL database (psycopg 3); any number of processes may write."""

    dialect = "postgresql"

    def __init__(self, url: str):
        super().__init__()
        self.url = url

    def _connect(self) -> Any:
        import psycopg

        # RawCursor: server-side $1 parameters, the same text DuckDB runs.
        return psycopg.connect(self.url, autocommit=True, cursor_factory=psycopg.RawCursor)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        with self._con.transaction():
            yield self

    def create_tables(self, schema: InputSchema | None = None) -> None:
        # Two processes starting together (a monitor and a shipper, several shippers) would
        # race: CREATE TABLE IF NOT EXISTS is not atomic in PostgreSQL (a duplicate-key
        # error on its catalog). A transaction-scoped advisory lock takes turns.
        with self.transaction():
            self.execute("SELECT pg_advisory_xact_lock(hashtext('driftscope.create_tables'))")
            super().create_tables(schema)

    def _insert_batch(self, cur, table, columns, rows, conflict):
        cols = ", ".join(quote(c) for c in columns)
        marks = ", ".join(f"${i + 1}" for i in range(len(columns)))
        with cur.cursor() as c:
            c.executemany(f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks}) {conflict}", rows)

    def __repr__(self) -> str:
        # Never show a password.
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        host = parts.hostname or ""
        return f"PostgresStore('postgresql://{host}:{parts.port or 5432}{parts.path}')"


def open_store(url: str) -> Store:
    """``"postgresql://..."`` (or ``postgres://``) for PostgreSQL; a path, ``duckdb:///path``
    or ``":memory:"`` for DuckDB."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresStore(url)
    if url.startswith("duckdb://"):
        url = url[len("duckdb://"):] or ":memory:"
    return DuckDBStore(url)
