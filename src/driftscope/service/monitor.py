"""The monitor: shipper, drift job, alert receiver and retraining worker in one process.

With DuckDB this is the one process that writes the store (DuckDB allows one
writing process); with PostgreSQL the shipper may also run on its own
(``python -m driftscope.service ship``) and several monitors may not (one
drift job is enough). The monitor serves:

``GET /metrics``
    The latest window's drift report and the window itself, under the names of
    `driftscope.metrics.DriftCollector` (``driftscope_column_drifted``,
    ``driftscope_window_end_timestamp_seconds``, ...: the names chapter 05 and
    ``deploy/prometheus/rules/drift.yml`` use), and the service's own gauges
    (``driftscope_service_*``).
``POST /alerts``
    Alertmanager's webhook, with the bearer token of ``DRIFTSCOPE_ALERTS_TOKEN``
    (or of the file named by ``DRIFTSCOPE_ALERTS_TOKEN_FILE``): each alert
    becomes a Slack message with the evidence. A retraining job is queued only
    for a firing alert labelled ``retrain="true"`` (`queues_retraining`; the rules
    files put it on the alerts that mean the model's inputs or performance
    changed); the others, such as the shipper's lag, only go to Slack. Without
    the token: 401; with no token configured: 503.
``GET /healthz``
"""


import datetime as _dt
import json
import logging
import queue
import threading

from driftscope.metrics import DriftCollector

from .alerts import ALERTS_TOKEN_ENV, ALERTS_TOKEN_FILE_ENV, post_json, queues_retraining, \
    slack_message, slack_webhook_url
from .alerts import alerts_token as _alerts_token_from_env
from .drift import DriftJob
from .registry import ModelRegistry
from .retraining import Retrainer, default_trainer
from .shipper import Shipper
from .spec import ServiceSpec
from .store import Store

__all__ = ["Monitor", "create_monitor_app"]

log = logging.getLogger("driftscope.service.monitor")


class Monitor:
    """The background side of the service.

    Parameters
    ----------
    spec : ServiceSpec
    store : Store
    registry : ModelRegistry
    log_dirs : list of paths
        Request logs to ship (empty: another process ships).
    ship_every, drift_every : float
        Seconds between shipper passes and drift-job runs.
    dashboard_url : str, optional
        The link in Slack messages.
    """

    def __init__(self, spec: ServiceSpec, store: Store, registry: ModelRegistry, *,
                 log_dirs: list = (), ship_every: float = 0.5, drift_every: float = 60.0,
                 dashboard_url: str | None = None, retrain_options: dict | None = None):
        from prometheus_client import CollectorRegistry, Counter, Gauge

        self.spec, self.store, self.registry = spec, store, registry
        store.create_tables(spec.schema)
        if registry.champion_version() is None:
            registry.save(spec.load_model(), spec.version)
            registry.promote(spec.version)
            store.execute("INSERT INTO model_versions VALUES ($1, $2, NULL, NULL, $3) "
                          "ON CONFLICT (version) DO NOTHING",
                          [spec.version, _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None),
                           str(registry.directory / f"{spec.version}.pkl")])
        self.shippers = [Shipper(d, store, spec.schema) for d in log_dirs]
        self.drift = DriftJob(store, spec.reference_profile(), window=spec.window,
                              min_rows=spec.min_rows, drift_options=spec.drift_options)
        champion = registry.load(registry.champion_version())
        self.retrainer = Retrainer(store, registry, spec.schema,
                                   trainer=spec.trainer or default_trainer(champion),
                                   to_model_input=spec.to_model_input,
                                   base=spec.labelled_reference(), **(retrain_options or {}))
        self.ship_every, self.drift_every = ship_every, drift_every
        self.dashboard_url = dashboard_url
        self._stop = threading.Event()
        self._jobs: queue.Queue = queue.Queue(maxsize=1)
        self._threads: list[threading.Thread] = []
        self.slack_posts = 0

        m = self.metrics = CollectorRegistry()
        # The window and its verdicts under driftscope's names (one name for one meaning):
        # the rules and dashboards written for DriftCollector work on the service unchanged.
        self.collector = DriftCollector(registry=m)
        self._g = {
            "est": Gauge("driftscope_service_estimated_accuracy", "Mean confidence of the "
                         "window's predictions: accuracy estimated without labels.", registry=m),
            "acc": Gauge("driftscope_service_accuracy", "Accuracy on the window's requests "
                         "whose label is known.", registry=m),
            "labelled": Gauge("driftscope_service_labelled_rows", "Requests of the window with "
                              "a known label.", registry=m),
            "job": Gauge("driftscope_service_drift_job_seconds", "Duration of the last drift "
                         "job run.", registry=m),
            "lag": Gauge("driftscope_service_shipper_lag_bytes", "Request-log bytes not yet "
                         "in the store.", registry=m),
            "stored": Gauge("driftscope_service_store_rows", "Rows in the store, by table.",
                            ["table"], registry=m),
            "champion": Gauge("driftscope_service_champion_info", "1 for the champion model "
                              "version.", ["model_version"], registry=m),
        }
        self._alerts = Counter("driftscope_service_alerts_received", "Alerts received from "
                               "Alertmanager, by status.", ["status"], registry=m)
        self._retrains = Counter("driftscope_service_retrainings", "Retraining decisions, by "
                                 "outcome.", ["outcome"], registry=m)
        for key in ("est", "acc", "labelled", "job"):
            self._g[key].set(float("nan"))  # no window judged yet: no value, not a zero
        for outcome in ("promoted", "kept", "skipped"):
            self._retrains.labels(outcome)
        for status in ("firing", "resolved"):
            self._alerts.labels(status)

    # -- loops -------------------------------------------------------------
    def start(self) -> None:
        def loop(name, fn, every):
            def run():
                while not self._stop.is_set():
                    try:
                        fn()
                    except Exception:
                        log.exception("%s failed; retrying", name)
                    self._stop.wait(every)
            t = threading.Thread(target=run, name=name, daemon=True)
            t.start()
            self._threads.append(t)

        if self.shippers:
            loop("shipper", self.ship_once, self.ship_every)
        loop("drift", self.drift_once, self.drift_every)
        t = threading.Thread(target=self._retrain_worker, name="retrain", daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=10)

    def ship_once(self) -> int:
        n = 0
        for s in self.shippers:
            try:
                n += s.ship_once()
            except Exception:
                s._offsets = None  # reload from the store: the failed batch was rolled back
                raise
        if self.shippers:
            self._g["lag"].set(sum(s.lag_bytes() for s in self.shippers))
        return n

    def drift_once(self):
        result = self.drift.run_once()
        for table in ("requests", "labels"):
            self._g["stored"].labels(table).set(self.store.scalar(f"SELECT COUNT(*) FROM {table}"))
        if result is None:
            return None
        window = {"window_start": result.start, "window_end": result.end, "rows": result.n_rows}
        if result.report is None:
            self.collector.skip(**window)  # too few rows: the column series disappear
        else:
            self.collector.update(result.report, **window)
        g = self._g
        g["labelled"].set(result.n_labelled)
        g["job"].set(result.seconds)
        for key, value in (("est", result.estimated_accuracy), ("acc", result.accuracy)):
            g[key].set(float("nan") if value is None else value)
        return result

    # -- alerts and retraining -------------------------------------------------
    def evidence(self, column: str | None) -> dict | None:
        """The drift job's latest row for `column` (the most drifted column when None)."""
        last = self.store.scalar("SELECT MAX(run_at) FROM drift_runs")
        if last is None:
            return None
        where, params = "run_at = $1", [last]
        if column:
            where += " AND column_name = $2"
            params.append(column)
        rows = self.store.query(
            "SELECT column_name, test, statistic, threshold, window_start, window_end, n_rows "
            f"FROM drift_runs WHERE {where} ORDER BY drifted DESC, statistic DESC LIMIT 1", params)
        if not rows:
            return None
        c, test, stat, thr, ws, we, n = rows[0]
        return {"feature": c, "test": test, "statistic": stat, "threshold": thr,
                "window_start": f"{ws:%Y-%m-%d %H:%M}", "window_end": f"{we:%Y-%m-%d %H:%M}",
                "n_rows": n}

    def receive_alerts(self, payload: dict) -> dict:
        """Handle one Alertmanager webhook notification."""
        url = slack_webhook_url()
        posted, why = 0, []  # why: the alerts that ask for retraining (RETRAIN_LABEL)
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        for alert in payload.get("alerts", []):
            status = alert.get("status", "firing")
            self._alerts.labels(status if status in ("firing", "resolved") else "firing").inc()
            labels = alert.get("labels") or {}
            # Evidence from the drift job only for alerts about a column.
            evidence = self.evidence(labels["column"]) if labels.get("column") else None
            message = slack_message(alert, evidence, link=self.dashboard_url)
            log.info("alert %s: %s", status, message["text"])
            self.store.execute("INSERT INTO alerts VALUES ($1, $2, $3, $4, $5, $6)",
                               [now, status, labels.get("alertname"), labels.get("column"),
                                alert.get("startsAt"), message["text"]])
            if url is not None and post_json(url, message):
                posted += 1
            if queues_retraining(alert):
                why.append(labels.get("alertname", "?") + (f" ({labels['column']})"
                                                           if labels.get("column") else ""))
        self.slack_posts += posted
        queued = False
        if why:
            try:
                self._jobs.put_nowait("alert: " + ", ".join(sorted(set(why))))
                queued = True
            except queue.Full:  # one job is waiting already; it will see the same data
                pass
        return {"alerts": len(payload.get("alerts", [])), "slack_posts": posted,
                "retraining_queued": queued}

    def _retrain_worker(self) -> None:
        while not self._stop.is_set():
            try:
                reason = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                d = self.retrainer.run_once(reason)
                self._retrains.labels("promoted" if d.promoted else
                                      "kept" if d.challenger else "skipped").inc()
            except Exception:
                log.exception("retraining failed")

    def metrics_text(self) -> bytes:
        from prometheus_client import generate_latest

        self._g["champion"].clear()
        self._g["champion"].labels(self.registry.champion_version() or "none").set(1)
        return generate_latest(self.metrics)


def create_monitor_app(monitor: Monitor, *, alerts_token: str | None = None):
    """The monitor's HTTP side: ``/metrics``, ``/alerts``, ``/healthz``.

    `alerts_token` is the bearer token ``POST /alerts`` requires; default
    ``DRIFTSCOPE_ALERTS_TOKEN``, or the first line of the file named by
    ``DRIFTSCOPE_ALERTS_TOKEN_FILE``. Without one, ``POST /alerts`` answers 503:
    whoever can post there can queue retraining and write to Slack.
    """
    import secrets

    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse, Response

    token = alerts_token if alerts_token is not None else _alerts_token_from_env()
    app = FastAPI(title="driftscope monitor")

    def refused(request: Request) -> JSONResponse | None:
        """Why this request may not post an alert, or None when it may."""
        if token is None:
            return JSONResponse(status_code=503, content={
                "detail": f"POST /alerts is disabled: set {ALERTS_TOKEN_ENV} or "
                          f"{ALERTS_TOKEN_FILE_ENV}"})
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(),
                                                                    token.encode()):
            return JSONResponse(status_code=401, content={
                "detail": "a valid bearer token is required"},
                headers={"WWW-Authenticate": "Bearer"})
        return None

    @app.get("/metrics")
    def metrics():
        return Response(monitor.metrics_text(), media_type="text/plain; version=0.0.4")

    @app.post("/alerts")
    async def alerts(request: Request):
        if (refusal := refused(request)) is not None:
            return refusal
        try:
            payload = json.loads(await request.body())
        except ValueError:
            return JSONResponse(status_code=422, content={"detail": "body: not JSON"})
        if not isinstance(payload, dict) or not isinstance(payload.get("alerts"), list):
            return JSONResponse(status_code=422, content={
                "detail": "body: expected Alertmanager's webhook JSON with an 'alerts' list"})
        from fastapi.concurrency import run_in_threadpool

        return await run_in_threadpool(monitor.receive_alerts, payload)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok", "champion": monitor.registry.champion_version()}

    return app
