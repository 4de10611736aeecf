"""The PostgreSQL backend: a real server, the same SQL and the same answers as DuckDB."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from driftscope.service import DuckDBStore, PostgresStore, Shipper, open_store, window_profile
from watchtower.station_service import label_body, request_body

from needs import require as require_part

from ._servers import postgres_server
from .test_service import TOKEN, make_app

# A real PostgreSQL server per module: the slow tier, on one worker.
pytestmark = [pytest.mark.needs_service, pytest.mark.slow, pytest.mark.xdist_group("postgres")]
psycopg = require_part("psycopg")


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg(pg_url):
    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    for table in ("requests", "labels", "shipper_offsets", "drift_runs", "alerts",
                  "model_versions", "retraining_decisions"):
        store.execute(f"DROP TABLE IF EXISTS {table}")
    yield store
    store.close()


def log_traffic(spec, frame, tmp_path, name="a"):
    client = make_app(spec, tmp_path / name)
    for row in frame.itertuples():
        assert client.post("/predict", json=request_body(row)).status_code == 200
    known = frame[frame.label_at <= frame.timestamp.max()]
    client.post("/labels", json={"labels": [label_body(r) for r in known.itertuples()]},
                headers={"Authorization": f"Bearer {TOKEN}"})
    return tmp_path / name / "log"


def test_repr_hides_the_password():
    assert "secret" not in repr(PostgresStore("postgresql://u:secret@127.0.0.1:5999/db"))


def test_same_rows_and_same_sketches_as_duckdb(spec, august, pg, tmp_path):
    frame = august[(august.timestamp >= "2043-08-18") & (august.timestamp < "2043-08-23")]
    log_dir = log_traffic(spec, frame, tmp_path)
    duck = DuckDBStore(":memory:")
    for store in (pg, duck):
        store.create_tables(spec.schema)
        Shipper(log_dir, store, spec.schema).ship_once()
        Shipper(log_dir, store, spec.schema).ship_once()  # a restarted shipper: nothing new
    sql = ("SELECT request_id, \"timestamp\", prediction, confidence, planet, sentence_length, "
           "oov_rate, formality FROM requests ORDER BY request_id")
    assert pg.query(sql) == duck.query(sql)
    assert len(pg.query(sql)) == len(frame)
    lab = "SELECT request_id, label, label_at FROM labels ORDER BY request_id"
    assert pg.query(lab) == duck.query(lab) and pg.query(lab)
    reference = spec.reference_profile()
    start, end = dt.datetime(2043, 8, 19), dt.datetime(2043, 8, 22, 12)
    assert window_profile(pg, reference, start, end) == window_profile(duck, reference, start, end)


def test_a_rolled_back_batch_leaves_nothing_behind(spec, august, pg, tmp_path, monkeypatch):
    log_dir = log_traffic(spec, august.iloc[:20], tmp_path)
    pg.create_tables(spec.schema)
    shipper = Shipper(log_dir, pg, spec.schema)
    real = pg.insert

    def fail_labels(table, *a, **k):
        if table == "labels":
            raise psycopg.OperationalError("server closed the connection")
        return real(table, *a, **k)

    monkeypatch.setattr(pg, "insert", fail_labels)
    with pytest.raises(psycopg.OperationalError):
        shipper.ship_once()
    assert pg.scalar("SELECT COUNT(*) FROM requests") == 0
    monkeypatch.setattr(pg, "insert", real)
    shipper._offsets = None
    shipper.ship_once()
    assert pg.scalar("SELECT COUNT(*) FROM requests") == 20


def test_several_replicas_ship_at_once(spec, august, pg, tmp_path):
    halves = [august.iloc[0:300], august.iloc[300:600], august.iloc[600:900]]
    dirs = [log_traffic(spec, h, tmp_path, name=f"replica{i}") for i, h in enumerate(halves)]
    pg.create_tables(spec.schema)
    errors = []

    def ship(d):
        try:
            store = open_store(pg.url)  # its own connection, as another process would have
            Shipper(d, store, spec.schema, batch_bytes=4096).ship_once()
            store.close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ship, args=(d,)) for d in dirs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert pg.scalar("SELECT COUNT(*) FROM requests") == 900
    assert pg.scalar("SELECT COUNT(DISTINCT request_id) FROM requests") == 900
