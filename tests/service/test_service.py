"""The Drift Service: API, request log, shipper, DuckDB store, drift job, alerts, retraining."""

from __future__ import annotations

import datetime as dt
import json
import logging

import numpy as np
import pandas as pd
import pytest

from driftscope import drift_report
from driftscope.service import (
    DuckDBStore,
    ModelRegistry,
    Monitor,
    RequestLog,
    Shipper,
    bucket_case,
    create_app,
    create_monitor_app,
    log_files,
    retraining_decision,
    slack_message,
    slack_webhook_url,
    window_profile,
)
from watchtower.station_service import label_body, request_body

TOKEN = "test-token-123"


def make_app(spec, tmp_path, **kw):
    from fastapi.testclient import TestClient

    app = create_app(spec.load_model(), spec.schema, log_dir=tmp_path / "log", version=spec.version,
                     to_model_input=spec.to_model_input, label_token=TOKEN, **kw)
    return TestClient(app)


def lines(tmp_path):
    return [json.loads(x) for p in log_files(tmp_path / "log") for x in p.read_text().splitlines()]


def good_body(august, i=0):
    return request_body(august.iloc[i])


# -- the API -------------------------------------------------------------------------------

def test_predict_answers_with_the_model_and_records_the_request(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    row = august.iloc[3]
    r = client.post("/predict", json=request_body(row))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["request_id"] == row.request_id
    assert body["prediction"] == row.prediction  # the generator's model is the served one
    assert body["confidence"] == pytest.approx(row.confidence, abs=1e-4)
    assert body["model_version"] == "v1"
    (rec,) = lines(tmp_path)
    assert rec["type"] == "request" and rec["request_id"] == row.request_id
    assert rec["text"] == row.text and rec["planet"] == row.planet
    assert rec["prediction"] == row.prediction and rec["model_version"] == "v1"
    assert rec["timestamp"].startswith(str(row.timestamp.date())) and rec["latency_ms"] > 0


def test_request_id_and_time_default_to_the_server(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    body = good_body(august)
    del body["request_id"], body["timestamp"]
    r = client.post("/predict", json=body)
    assert r.status_code == 200 and len(r.json()["request_id"]) == 32
    (rec,) = lines(tmp_path)
    assert rec["timestamp"] == rec["received_at"]


@pytest.mark.parametrize("change, field, problem", [
    ({"sentence_length": "twelve"}, "sentence_length", "valid number"),
    ({"oov_rate": None}, "oov_rate", "valid number"),
    ({"formality": float("nan")}, "formality", "finite number"),
    ({"text": ""}, "text", "at least 1 character"),
    ({"planet": 5}, "planet", "valid string"),
    ({"colour": "red"}, "colour", "Extra inputs"),
    ({"timestamp": "yesterday"}, "timestamp", "datetime"),
    ({"request_id": "has space"}, "request_id", "pattern"),
])
def test_malformed_requests_get_422_naming_the_field_and_are_not_recorded(
        spec, august, tmp_path, change, field, problem):
    client = make_app(spec, tmp_path)
    body = {**good_body(august), **change}
    r = client.post("/predict", content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert any(e["field"] == field and problem in e["problem"] for e in r.json()["errors"]), r.text
    assert field in r.json()["detail"]
    assert lines(tmp_path) == []


def test_missing_field_and_non_json_body_are_422(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    body = good_body(august)
    del body["formality"]
    r = client.post("/predict", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "formality"
    r = client.post("/predict", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert lines(tmp_path) == []


def test_unseen_category_is_data_not_an_error(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    r = client.post("/predict", json={**good_body(august), "planet": "Barnard b"})
    assert r.status_code == 200
    assert lines(tmp_path)[0]["planet"] == "Barnard b"


def test_labels_need_the_bearer_token(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    payload = {"labels": [{"request_id": "VP-1", "label": "trade"}]}
    assert client.post("/labels", json=payload).status_code == 401
    bad = client.post("/labels", json=payload, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert lines(tmp_path) == []
    ok = client.post("/labels", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json() == {"accepted": 1}
    (rec,) = lines(tmp_path)
    assert rec["type"] == "label" and rec["label"] == "trade"
    malformed = client.post("/labels", json={"labels": [{"request_id": "VP-1"}]},
                            headers={"Authorization": f"Bearer {TOKEN}"})
    assert malformed.status_code == 422 and "labels.0.label" in malformed.json()["detail"]


def test_labels_are_disabled_without_a_token(spec, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.delenv("DRIFTSCOPE_LABEL_TOKEN", raising=False)
    client = TestClient(create_app(spec.load_model(), spec.schema, log_dir=tmp_path / "log",
                                   to_model_input=spec.to_model_input))
    r = client.post("/labels", json={"labels": [{"request_id": "a", "label": "b"}]},
                    headers={"Authorization": "Bearer anything"})
    assert r.status_code == 503 and "DRIFTSCOPE_LABEL_TOKEN" in r.json()["detail"]
    monkeypatch.setenv("DRIFTSCOPE_LABEL_TOKEN", "from-env")
    client = TestClient(create_app(spec.load_model(), spec.schema, log_dir=tmp_path / "log2",
                                   to_model_input=spec.to_model_input))
    r = client.post("/labels", json={"labels": [{"request_id": "a", "label": "b"}]},
                    headers={"Authorization": "Bearer from-env"})
    assert r.status_code == 200


def test_metrics_and_healthz(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    for i in range(3):
        client.post("/predict", json=good_body(august, i))
    client.post("/predict", json={"text": "x"})
    text = client.get("/metrics").text
    assert 'driftscope_service_requests_total{endpoint="/predict",status="200"} 3.0' in text
    assert 'driftscope_service_requests_total{endpoint="/predict",status="422"} 1.0' in text
    assert "driftscope_service_predict_seconds_count 3.0" in text
    assert 'driftscope_service_model_info{model_version="v1"} 1.0' in text
    assert client.get("/healthz").json() == {"status": "ok", "model_version": "v1"}


# -- request log and shipper -----------------------------------------------------------------

def ship_all(tmp_path, spec, store=None):
    store = store or DuckDBStore(":memory:")
    store.create_tables(spec.schema)
    shipper = Shipper(tmp_path / "log", store, spec.schema)
    shipper.ship_once()
    return store, shipper


def test_shipper_loads_every_line_once_across_rotated_files(spec, august, tmp_path):
    client = make_app(spec, tmp_path, max_log_bytes=2_000)
    rows = august.iloc[:40]
    for row in rows.itertuples():
        assert client.post("/predict", json=request_body(row)).status_code == 200
    labelled = rows.dropna(subset=["label"])
    client.post("/labels", json={"labels": [label_body(r) for r in labelled.itertuples()]},
                headers={"Authorization": f"Bearer {TOKEN}"})
    assert len(log_files(tmp_path / "log")) > 3  # rotated by size
    store, shipper = ship_all(tmp_path, spec)
    assert shipper.ship_once() == 0  # nothing new: nothing loaded again
    got = store.query("SELECT request_id, prediction, planet, sentence_length FROM requests "
                      "ORDER BY request_id")
    want = sorted((r.request_id, r.prediction, r.planet, float(r.sentence_length))
                  for r in rows.itertuples())
    assert got == want
    assert store.scalar("SELECT COUNT(*) FROM labels") == len(labelled)
    files = store.query("SELECT COUNT(*) FROM shipper_offsets")[0][0]
    assert files == len(log_files(tmp_path / "log"))


def test_retried_request_and_reshipped_log_do_not_duplicate(spec, august, tmp_path):
    client = make_app(spec, tmp_path)
    for i in (0, 1, 1, 2, 2, 2):  # clients retrying after a lost answer
        client.post("/predict", json=good_body(august, i))
    store, shipper = ship_all(tmp_path, spec)
    assert store.scalar("SELECT COUNT(*) FROM requests") == 3
    store.execute("DELETE FROM shipper_offsets")  # the offsets lost: ship everything again
    Shipper(tmp_path / "log", store, spec.schema).ship_once()
    assert store.scalar("SELECT COUNT(*) FROM requests") == 3


def test_a_failed_batch_is_rolled_back_and_shipped_later(spec, august, tmp_path, monkeypatch):
    client = make_app(spec, tmp_path)
    for i in range(5):
        client.post("/predict", json=good_body(august, i))
    client.post("/labels", json={"labels": [{"request_id": august.request_id[0], "label": "x"}]},
                headers={"Authorization": f"Bearer {TOKEN}"})
    store = DuckDBStore(":memory:")
    store.create_tables(spec.schema)
    shipper = Shipper(tmp_path / "log", store, spec.schema)
    real = store.insert

    def crash_on_labels(table, *a, **k):
        if table == "labels":
            raise ConnectionError("store went away")
        return real(table, *a, **k)

    monkeypatch.setattr(store, "insert", crash_on_labels)
    with pytest.raises(ConnectionError):
        shipper.ship_once()
    assert store.scalar("SELECT COUNT(*) FROM requests") == 0  # the requests went back too
    assert store.scalar("SELECT COUNT(*) FROM shipper_offsets") == 0
    monkeypatch.setattr(store, "insert", real)
    shipper._offsets = None
    shipper.ship_once()
    assert store.scalar("SELECT COUNT(*) FROM requests") == 5
    assert store.scalar("SELECT COUNT(*) FROM labels") == 1


def test_a_line_torn_by_a_crash_is_skipped_once_the_file_is_closed(spec, august, tmp_path):
    log = RequestLog(tmp_path / "log")
    log.append({"type": "request", "request_id": "a", "timestamp": "2043-08-01T00:00:00",
                "received_at": "2043-08-01T00:00:00", "text": "ka", "planet": "P",
                "channel": "text", "sentence_length": 1, "oov_rate": 0.0, "formality": 0.5})
    with open(log.path, "ab") as fh:
        fh.write(b'{"type": "request", "request_id": "b", "tim')  # killed mid-write
    store, shipper = ship_all(tmp_path, spec)
    assert store.scalar("SELECT COUNT(*) FROM requests") == 1  # the newest file may still grow
    RequestLog(tmp_path / "log").append({"type": "label", "request_id": "a", "label": "trade",
                                         "label_at": "2043-08-03T00:00:00"})  # a restarted app
    shipper.ship_once()
    assert shipper.torn_bytes == len(b'{"type": "request", "request_id": "b", "tim')
    assert store.query("SELECT request_id FROM requests") == [("a",)]
    assert store.scalar("SELECT COUNT(*) FROM labels") == 1


def test_log_refuses_non_finite_numbers(tmp_path):
    log = RequestLog(tmp_path)
    with pytest.raises(ValueError):
        log.append({"x": float("nan")})
    assert [p.stat().st_size for p in log_files(tmp_path)] in ([], [0])


# -- the drift job ---------------------------------------------------------------------------

@pytest.mark.parametrize("n_edges", [2, 3, 4, 5, 12, 101])
def test_bucket_case_matches_searchsorted(n_edges):
    import duckdb

    rng = np.random.default_rng(n_edges)
    interior = np.unique(rng.normal(size=n_edges - 2).round(2)) if n_edges > 2 else np.array([])
    edges = np.concatenate(([-np.inf], interior, [np.inf]))
    values = np.concatenate((rng.normal(size=300).round(2), interior, [-1e300, 1e300]))
    sql, params = bucket_case("x", edges)
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x DOUBLE)")
    con.executemany("INSERT INTO t VALUES (?)", [[float(v)] for v in values] + [[None]])
    got = [r[0] for r in con.execute(f"SELECT {sql} FROM t", params).fetchall()]
    want = np.searchsorted(interior, values, side="right").tolist() + [None]
    assert got == want


def stored_window(spec, frame, tmp_path):
    """`frame` logged through the app and shipped into DuckDB."""
    client = make_app(spec, tmp_path)
    for row in frame.itertuples():
        client.post("/predict", json=request_body(row))
    store, _ = ship_all(tmp_path, spec)
    return store


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_sql_bucket_counts_give_the_in_memory_sketches_and_report(spec, august, tmp_path):
    window = august[(august.timestamp >= "2043-08-20") & (august.timestamp < "2043-08-25")]
    store = stored_window(spec, window, tmp_path)
    reference = spec.reference_profile()
    current = window_profile(store, reference, dt.datetime(2043, 8, 20), dt.datetime(2043, 8, 25))
    frame = window[list(reference)].copy()
    for c in ("planet", "channel", "prediction"):
        frame[c] = frame[c].astype(str)
    in_memory = reference.sketch_like(frame)
    assert current == in_memory
    sql = drift_report(reference, current, policy="sketch").to_frame()
    mem = drift_report(reference, in_memory, policy="sketch").to_frame()
    pd.testing.assert_frame_equal(sql, mem)
    assert {"oov_rate", "sentence_length"} <= set(sql[sql.drifted].column)  # slang is here


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_monitor_publishes_the_report_and_quiet_days_do_not_drift(spec, august, tmp_path):
    from fastapi.testclient import TestClient

    quiet = august[august.timestamp < "2043-08-15"]
    store = stored_window(spec, quiet, tmp_path)
    mon = Monitor(spec, store, ModelRegistry(tmp_path / "models"), drift_every=3600)
    result = mon.drift_once()
    assert result.n_rows == int((quiet.timestamp >= quiet.timestamp.max() - pd.Timedelta("1D")).sum())
    assert result.report is not None and not result.report.dataset_drift
    text = TestClient(create_monitor_app(mon)).get("/metrics").text
    assert 'driftscope_column_drift_score{column="oov_rate"' in text
    assert "driftscope_dataset_drift{" in text and "driftscope_window_rows " in text
    runs = store.query("SELECT COUNT(*), SUM(CASE WHEN drifted THEN 1 ELSE 0 END) FROM drift_runs")
    assert runs == [(6, 0)]


def test_too_small_a_window_publishes_no_verdict(spec, august, tmp_path):
    store = stored_window(spec, august.iloc[:10], tmp_path)
    mon = Monitor(spec, store, ModelRegistry(tmp_path / "models"))
    result = mon.drift_once()
    assert result.report is None and result.n_rows == 10
    assert b"driftscope_column_drift_score" not in mon.metrics_text()


# -- alerts and retraining -------------------------------------------------------------------

ALERT = {"status": "firing", "labels": {"alertname": "DriftscopeColumnDrift", "column": "oov_rate",
                                       "severity": "page", "retrain": "true"},
         "annotations": {"summary": "oov_rate drifted"}, "startsAt": "2026-01-01T00:00:00Z",
         "generatorURL": "http://127.0.0.1:9090/graph"}


def test_slack_message_carries_the_evidence():
    msg = slack_message(ALERT, {"feature": "oov_rate", "test": "PSI", "statistic": 0.4,
                                "threshold": 0.1, "window_start": "2043-08-20 00:00",
                                "window_end": "2043-08-21 00:00", "n_rows": 55})
    assert msg["text"].startswith("[FIRING] DriftscopeColumnDrift: oov_rate drifted (PSI 0.4")
    assert "2043-08-20 00:00 to 2043-08-21 00:00" in msg["text"]
    assert msg["text"].endswith("http://127.0.0.1:9090/graph")
    assert json.dumps(msg)  # plain JSON
    resolved = slack_message({**ALERT, "status": "resolved"},
                             {"feature": "oov_rate", "test": "PSI", "statistic": 0.04,
                              "threshold": 0.1, "window_start": "a", "window_end": "b"})
    assert resolved["text"].startswith("[RESOLVED] DriftscopeColumnDrift: oov_rate is back "
                                       "(PSI 0.04, threshold 0.1)")


def test_a_model_without_probabilities_stores_null_confidence(spec, august, tmp_path):
    from fastapi.testclient import TestClient

    client = TestClient(create_app(_Constant("trade"), spec.schema, log_dir=tmp_path / "log",
                                   to_model_input=spec.to_model_input))
    r = client.post("/predict", json=good_body(august))
    assert r.json()["prediction"] == "trade" and r.json()["confidence"] is None
    store, _ = ship_all(tmp_path, spec)
    assert store.query("SELECT confidence, prediction FROM requests") == [(None, "trade")]


def test_webhook_url_from_env_or_secret_file(tmp_path):
    secret = tmp_path / "slack-url"
    secret.write_text("https://hooks.example/T/B/xyz\n")
    assert slack_webhook_url({"DRIFTSCOPE_SLACK_WEBHOOK_FILE": str(secret)}) == \
        "https://hooks.example/T/B/xyz"
    assert slack_webhook_url({"DRIFTSCOPE_SLACK_WEBHOOK_URL": "https://a/b",
                              "DRIFTSCOPE_SLACK_WEBHOOK_FILE": str(secret)}) == "https://a/b"
    assert slack_webhook_url({}) is None


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_alert_posts_to_slack_queues_retraining_and_never_logs_the_url(
        spec, august, tmp_path, monkeypatch, caplog):
    from http.server import BaseHTTPRequestHandler, HTTPServer
    import threading

    received = []

    class Slack(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(500 if len(received) == 2 else 200)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = HTTPServer(("127.0.0.1", 0), Slack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/services/SECRET-PART"
    monkeypatch.setenv("DRIFTSCOPE_SLACK_WEBHOOK_URL", url)
    caplog.set_level(logging.DEBUG)
    try:
        store = stored_window(spec, august[august.timestamp >= "2043-08-20"], tmp_path)
        mon = Monitor(spec, store, ModelRegistry(tmp_path / "models"), drift_every=3600)
        mon.drift_once()
        out = mon.receive_alerts({"alerts": [ALERT], "groupLabels": {"alertname": "x"}})
        assert out == {"alerts": 1, "slack_posts": 1, "retraining_queued": True}
        assert "oov_rate drifted (PSI + chi-square on bins (BH)" in received[0]["text"]
        out = mon.receive_alerts({"alerts": [ALERT]})  # Slack answers 500 this time
        assert out["slack_posts"] == 0 and out["retraining_queued"] is False  # one job waits
        assert store.scalar("SELECT COUNT(*) FROM alerts") == 2
    finally:
        server.shutdown()
    assert "SECRET-PART" not in caplog.text
    assert any("Slack webhook answered 500" in r.getMessage() for r in caplog.records)


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_only_drift_and_accuracy_alerts_queue_retraining(spec, august, tmp_path, monkeypatch):
    """Every alert goes to Slack; retraining only for those whose rule labels it retrain="true"."""
    from http.server import BaseHTTPRequestHandler, HTTPServer
    import threading

    import yaml

    from watchtower.serve import DEPLOY, RULE_FILES

    received = []

    class Slack(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    rules = {r["alert"]: r for name in RULE_FILES
             for g in yaml.safe_load((DEPLOY / "prometheus" / "rules" / name).read_text())["groups"]
             for r in g["rules"] if "alert" in r}
    retraining = {"DriftscopeColumnDrift", "DriftServiceEstimatedAccuracyLow"}  # inputs, performance
    assert retraining < set(rules) and "DriftServiceShipperLag" in rules
    for name, rule in rules.items():  # the set is explicit in the rules files, spelled one way
        assert rule.get("labels", {}).get("retrain") == ("true" if name in retraining else None), name
    server = HTTPServer(("127.0.0.1", 0), Slack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("DRIFTSCOPE_SLACK_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/x")
    try:
        store = stored_window(spec, august[august.timestamp >= "2043-08-20"], tmp_path)
        mon = Monitor(spec, store, ModelRegistry(tmp_path / "models"), drift_every=3600)
        mon.drift_once()

        def fire(name, status="firing"):
            # the labels Prometheus attaches: the rule's labels clause (and the column's)
            labels = {"alertname": name, **rules[name].get("labels", {})}
            if name == "DriftscopeColumnDrift":
                labels["column"] = "oov_rate"
            return {"status": status, "labels": labels, "annotations": {"summary": name},
                    "startsAt": "2043-08-21T00:00:00Z"}

        for name in sorted(rules, key=lambda n: (n in retraining, n)):  # the others first
            out = mon.receive_alerts({"alerts": [fire(name)]})
            assert out["slack_posts"] == 1, (name, out)
            assert out["retraining_queued"] is (name in retraining), (name, out)
            if out["retraining_queued"]:
                assert mon._jobs.get_nowait().startswith(f"alert: {name}")
            assert mon._jobs.empty()
        # a resolved drift alert is news, not a reason to retrain
        out = mon.receive_alerts({"alerts": [fire("DriftscopeColumnDrift", "resolved")]})
        assert out == {"alerts": 1, "slack_posts": 1, "retraining_queued": False}
        # one notification with both kinds: one job, for the drift only
        out = mon.receive_alerts({"alerts": [fire("DriftServiceShipperLag"),
                                             fire("DriftscopeColumnDrift")]})
        assert out == {"alerts": 2, "slack_posts": 2, "retraining_queued": True}
        assert mon._jobs.get_nowait() == "alert: DriftscopeColumnDrift (oov_rate)"
        assert len(received) == len(rules) + 3
        assert any(m["text"].startswith("[FIRING] DriftServiceShipperLag") for m in received)
    finally:
        server.shutdown()


def test_retraining_decision_rule():
    assert retraining_decision(0.5, 0.6) and not retraining_decision(0.6, 0.6)
    assert not retraining_decision(0.6, 0.5)
    with pytest.raises(ValueError, match="finite"):
        retraining_decision(float("nan"), 0.5)


def test_service_configuration_errors_are_driftscope_errors(tmp_path):
    """The service checks its configuration in driftscope._validation, as the library does."""
    from driftscope.errors import DtypeError, ParameterError
    from driftscope.service import Field, InputSchema, load_spec

    bad = [
        (lambda: Field("Length", "numeric"), "must be a lower-case identifier"),
        (lambda: Field("label", "numeric"), "is reserved by the service"),
        (lambda: Field("length", "float"), "kind must be one of"),
        (lambda: InputSchema([]), "non-empty sequence of Field"),
        (lambda: InputSchema([Field("a", "text"), Field("a", "numeric")]), "duplicate name"),
        (lambda: InputSchema([Field("a", "text")], model_inputs=["b"]), "not among the fields"),
        (lambda: retraining_decision(0.5, float("inf")), "challenger_score must be a finite"),
        (lambda: RequestLog(tmp_path, max_bytes=0), "max_bytes must be an integer >= 1"),
        (lambda: load_spec("no_colon"), "package.module:name"),
    ]
    for make, match in bad:
        with pytest.raises(ParameterError, match=match):
            make()
    with pytest.raises(DtypeError, match="string:digits must be a ServiceSpec, got str"):
        load_spec("string:digits")


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_retraining_promotes_a_better_challenger_and_the_app_serves_it(spec, tmp_path):
    from fastapi.testclient import TestClient
    from watchtower.world import translator_logs

    logs = translator_logs("2043-08-25", "2043-09-05", requests_per_day=80)
    registry = ModelRegistry(tmp_path / "models")
    client = TestClient(create_app(spec.load_model(), spec.schema, log_dir=tmp_path / "log",
                                   to_model_input=spec.to_model_input, label_token=TOKEN,
                                   registry=registry))
    store = DuckDBStore(":memory:")
    mon = Monitor(spec, store, registry, log_dirs=[tmp_path / "log"])
    for row in logs.itertuples():
        client.post("/predict", json=request_body(row))
    known = logs[logs.label_at <= logs.timestamp.max()]
    client.post("/labels", json={"labels": [label_body(r) for r in known.itertuples()]},
                headers={"Authorization": f"Bearer {TOKEN}"})
    mon.ship_once()
    d = mon.retrainer.run_once("test")
    assert d.n_train + d.n_eval == len(known)
    assert d.challenger == "v2" and d.challenger_score > d.champion_score and d.promoted
    rows = store.query("SELECT champion, challenger, promoted FROM retraining_decisions")
    assert rows == [("v1", "v2", True)]
    assert [v for (v,) in store.query("SELECT version FROM model_versions ORDER BY version")] == \
        ["v1", "v2"]
    import time

    time.sleep(1.1)  # the app polls the champion pointer once a second
    assert client.post("/predict", json=request_body(logs.iloc[0])).json()["model_version"] == "v2"


def test_retraining_without_enough_labels_is_recorded_not_promoted(spec, august, tmp_path):
    store = stored_window(spec, august.iloc[:30], tmp_path)
    mon = Monitor(spec, store, ModelRegistry(tmp_path / "models"))
    d = mon.retrainer.run_once("alert")
    assert not d.promoted and d.challenger is None and "not enough labels" in d.note
    assert store.scalar("SELECT COUNT(*) FROM retraining_decisions") == 1


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_a_worse_challenger_is_recorded_and_not_promoted(spec, tmp_path):
    from watchtower.world import translator_logs

    logs = translator_logs("2043-08-01", "2043-08-06", requests_per_day=80)
    store = DuckDBStore(":memory:")
    registry = ModelRegistry(tmp_path / "models")
    mon = Monitor(spec, store, registry)
    mon.retrainer.trainer = lambda X, y: _Constant("greeting")
    client = make_app(spec, tmp_path)
    for row in logs.itertuples():
        client.post("/predict", json=request_body(row))
    known = logs[logs.label_at <= logs.timestamp.max()]
    client.post("/labels", json={"labels": [label_body(r) for r in known.itertuples()]},
                headers={"Authorization": f"Bearer {TOKEN}"})
    Shipper(tmp_path / "log", store, spec.schema).ship_once()
    d = mon.retrainer.run_once("alert")
    assert d.challenger == "v2" and not d.promoted and d.challenger_score < d.champion_score
    assert registry.champion_version() == "v1" and registry.versions() == ["v1", "v2"]


class _Constant:
    def __init__(self, value):
        self.value = value

    def predict(self, X):
        return np.full(len(X), self.value, dtype=object)


ALERTS_TOKEN = "alerts-token-456"
AUTH = {"Authorization": f"Bearer {ALERTS_TOKEN}"}


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_alertmanager_webhook_endpoint(spec, august, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.delenv("DRIFTSCOPE_SLACK_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("DRIFTSCOPE_SLACK_WEBHOOK_FILE", raising=False)
    store = stored_window(spec, august[august.timestamp >= "2043-08-20"], tmp_path)
    client = TestClient(create_monitor_app(Monitor(spec, store, ModelRegistry(tmp_path / "m")),
                                           alerts_token=ALERTS_TOKEN))
    r = client.post("/alerts", json={"version": "4", "status": "firing", "alerts": [ALERT]},
                    headers=AUTH)
    assert r.status_code == 200 and r.json()["retraining_queued"] is True
    assert store.query("SELECT alertname, column_name FROM alerts") == \
        [("DriftscopeColumnDrift", "oov_rate")]
    assert client.post("/alerts", json={"status": "firing"}, headers=AUTH).status_code == 422
    assert client.post("/alerts", content=b"nope", headers=AUTH).status_code == 422


@pytest.mark.slow  # the app, the store and the monitor over days of logs
def test_alert_webhook_needs_the_bearer_token(spec, august, tmp_path, monkeypatch, caplog):
    """Whoever can post an alert can write to Slack and queue retraining: 401 without the token."""
    from fastapi.testclient import TestClient

    monkeypatch.delenv("DRIFTSCOPE_SLACK_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("DRIFTSCOPE_SLACK_WEBHOOK_FILE", raising=False)
    store = stored_window(spec, august[august.timestamp >= "2043-08-20"], tmp_path)
    secret = tmp_path / "alerts-token"
    secret.write_text(ALERTS_TOKEN + "\n")  # as Alertmanager's credentials_file holds it
    monkeypatch.delenv("DRIFTSCOPE_ALERTS_TOKEN", raising=False)
    monkeypatch.setenv("DRIFTSCOPE_ALERTS_TOKEN_FILE", str(secret))
    caplog.set_level("DEBUG")
    client = TestClient(create_monitor_app(Monitor(spec, store, ModelRegistry(tmp_path / "m"))))
    body = {"version": "4", "status": "firing", "alerts": [ALERT]}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": ALERTS_TOKEN},
                    {"Authorization": f"Basic {ALERTS_TOKEN}"}):
        r = client.post("/alerts", json=body, headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
    assert store.scalar("SELECT COUNT(*) FROM alerts") == 0, "a refused alert was recorded"
    r = client.post("/alerts", json=body, headers=AUTH)
    assert r.status_code == 200 and r.json()["alerts"] == 1
    assert store.scalar("SELECT COUNT(*) FROM alerts") == 1
    assert ALERTS_TOKEN not in caplog.text


def test_alert_webhook_is_disabled_without_a_token(spec, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.delenv("DRIFTSCOPE_ALERTS_TOKEN", raising=False)
    monkeypatch.delenv("DRIFTSCOPE_ALERTS_TOKEN_FILE", raising=False)
    store = DuckDBStore(str(tmp_path / "s.duckdb"))
    client = TestClient(create_monitor_app(Monitor(spec, store, ModelRegistry(tmp_path / "m"))))
    r = client.post("/alerts", json={"alerts": [ALERT]}, headers=AUTH)
    assert r.status_code == 503 and "DRIFTSCOPE_ALERTS_TOKEN" in r.json()["detail"]
    monkeypatch.setenv("DRIFTSCOPE_ALERTS_TOKEN", ALERTS_TOKEN)
    client = TestClient(create_monitor_app(Monitor(spec, store, ModelRegistry(tmp_path / "m"))))
    assert client.post("/alerts", json={"alerts": []}, headers=AUTH).status_code == 200
