"""The prediction API: FastAPI app factory for any scikit-learn style model.

``POST /predict`` answers with the model and records the request (inputs,
prediction, confidence, model version, timing) as one line of the request
log before answering; ``POST /labels`` takes delayed ground truth by request
id (bearer token); ``GET /metrics`` for Prometheus; ``GET /healthz``.
Malformed requests get a 422 naming the field and the problem and are never
recorded.
"""


import datetime as _dt
import os
import secrets
import threading
import time
import uuid
from typing import Any, Callable

from .registry import ModelRegistry
from .requestlog import RequestLog
from .schema import InputSchema

__all__ = ["create_app", "prediction_record", "label_record", "predict_one", "TOKEN_ENV"]

#: Environment variable holding the bearer token of ``POST /labels``.
TOKEN_ENV = "DRIFTSCOPE_LABEL_TOKEN"


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


def _utc(t: _dt.datetime | None) -> _dt.datetime | None:
    if t is not None and t.tzinfo is not None:
        t = t.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return t


def predict_one(model: Any, inputs: Any) -> tuple[Any, float | None]:
    """The model's prediction for one request, and its probability when it has one."""
    if hasattr(model, "predict_proba"):
        proba = model.predict_proba(inputs)[0]
        best = int(proba.argmax())
        return model.classes_[best], float(proba[best])
    return model.predict(inputs)[0], None


def prediction_record(inputs: dict, *, request_id: str, timestamp: _dt.datetime,
                      received_at: _dt.datetime, model_version: str, latency_ms: float,
                      prediction: Any, confidence: float | None) -> dict:
    """The log line of one answered request (what the shipper loads into ``requests``)."""
    return {"type": "request", "request_id": request_id, "timestamp": timestamp,
            "received_at": received_at, "model_version": model_version,
            "latency_ms": latency_ms, "prediction": prediction, "confidence": confidence,
            **inputs}


def label_record(request_id: str, label: Any, label_at: _dt.datetime) -> dict:
    """The log line of one label."""
    return {"type": "label", "request_id": request_id, "label": label, "label_at": label_at}


class _Served:
    """The model being served, reloaded when the registry's champion changes."""

    def __init__(self, model: Any, version: str, registry: ModelRegistry | None,
                 poll_seconds: float = 1.0):
        self.model, self.version, self.registry = model, version, registry
        self._poll, self._checked, self._mtime = poll_seconds, 0.0, None
        self._lock = threading.Lock()
        if registry is not None:
            self._refresh(force=True)

    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < self._poll:
            return
        with self._lock:
            self._checked = now
            mtime = self.registry.pointer_mtime()
            if mtime == self._mtime:
                return
            version = self.registry.champion_version()
            if version is not None and version != self.version:
                self.model, self.version = self.registry.load(version), version
            self._mtime = mtime

    def current(self) -> tuple[Any, str]:
        if self.registry is not None:
            self._refresh()
        return self.model, self.version


def create_app(model: Any, schema: InputSchema, *, log_dir: str | os.PathLike | None,
               version: str = "v1", to_model_input: Callable | None = None,
               label_token: str | None = None, registry: ModelRegistry | None = None,
               max_log_bytes: int = 64 * 2**20, fsync: bool = False,
               extra_metrics: Callable[[], bytes] | None = None):
    """A FastAPI app serving `model` for requests that follow `schema`.

    Parameters
    ----------
    model : estimator
        Anything with ``predict`` (and ``predict_proba`` and ``classes_`` for a
        confidence), fitted.
    schema : InputSchema
        The fields of a request.
    log_dir : path or None
        Directory of the request log; None serves without recording (for
        measuring what recording costs).
    version : str
        The model version recorded with every prediction (overridden by the
        registry's champion when a registry is given).
    to_model_input : callable, optional
        Turns a one-row DataFrame of ``schema.model_inputs`` into what
        ``model.predict`` takes (e.g. ``lambda f: f["text"]`` for a text
        pipeline). Default: the DataFrame itself.
    label_token : str, optional
        Bearer token of ``POST /labels``; default the environment variable
        ``DRIFTSCOPE_LABEL_TOKEN``. Without one, ``POST /labels`` answers 503.
    registry : ModelRegistry, optional
        Serve the registry's champion, switching when it is promoted.
    extra_metrics : callable, optional
        Returns more exposition text for ``GET /metrics``.
    """
    import pandas as pd
    from fastapi import Depends, FastAPI, HTTPException, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response
    from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
    from pydantic import BaseModel, Field as PField, StringConstraints
    from typing import Annotated

    Body = schema.request_model()
    token = label_token if label_token is not None else os.environ.get(TOKEN_ENV) or None
    reqlog = RequestLog(log_dir, max_bytes=max_log_bytes, fsync=fsync) if log_dir else None
    served = _Served(model, version, registry)
    to_input = to_model_input or (lambda frame: frame)
    inputs_order = list(schema.model_inputs)

    metrics = CollectorRegistry()
    requests_total = Counter("driftscope_service_requests", "Requests answered, by endpoint and "
                             "status code.", ["endpoint", "status"], registry=metrics)
    latency = Histogram("driftscope_service_predict_seconds", "Time to answer POST /predict "
                        "(model and recording).", registry=metrics,
                        buckets=(.001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5))
    predictions = Counter("driftscope_service_predictions", "Predictions, by predicted class "
                          "and model version.", ["prediction", "model_version"], registry=metrics)
    confidence_h = Histogram("driftscope_service_confidence", "Probability of the predicted "
                             "class.", registry=metrics,
                             buckets=(.3, .4, .5, .6, .7, .8, .9, .95, .99, 1.0))
    labels_total = Counter("driftscope_service_labels", "Labels received.", registry=metrics)
    log_bytes = Gauge("driftscope_service_log_bytes", "Bytes in the current request-log file.",
                      registry=metrics)
    model_info = Gauge("driftscope_service_model_info", "1 for the model version being served.",
                       ["model_version"], registry=metrics)

    app = FastAPI(title="driftscope service", version="1")
    app.state.request_log = reqlog
    app.state.served = served
    app.state.metrics = metrics

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        # Name each field and its problem; nothing of a malformed request is recorded.
        errors = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if p != "body"]
            errors.append({"field": ".".join(loc) or "body", "problem": e.get("msg", ""),
                           "type": e.get("type", "")})
        endpoint = request.url.path
        requests_total.labels(endpoint, "422").inc()
        return JSONResponse(status_code=422, content={
            "detail": "; ".join(f"{x['field']}: {x['problem']}" for x in errors),
            "errors": errors})

    @app.post("/predict")
    def predict(body: Body):  # sync: FastAPI runs it in a thread; the model is CPU work
        t0 = time.perf_counter()
        received = utcnow()
        data = body.model_dump()
        rid = data.pop("request_id") or uuid.uuid4().hex
        ts = _utc(data.pop("timestamp")) or received
        frame = pd.DataFrame([[data[c] for c in inputs_order]], columns=inputs_order)
        mdl, ver = served.current()
        pred, conf = predict_one(mdl, to_input(frame))
        pred = pred.item() if hasattr(pred, "item") else pred
        model_ms = (time.perf_counter() - t0) * 1000.0
        if reqlog is not None:
            reqlog.append(prediction_record(
                data, request_id=rid, timestamp=ts, received_at=received, model_version=ver,
                latency_ms=round(model_ms, 3), prediction=pred, confidence=conf))
            log_bytes.set(reqlog.bytes_written)
        latency.observe(time.perf_counter() - t0)
        requests_total.labels("/predict", "200").inc()
        predictions.labels(str(pred), ver).inc()
        if conf is not None:
            confidence_h.observe(conf)
        return {"request_id": rid, "prediction": pred, "confidence": conf, "model_version": ver}

    label_text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
    rid_text = Annotated[str, StringConstraints(min_length=1, max_length=128)]

    class Label(BaseModel, extra="forbid"):
        request_id: rid_text
        label: label_text
        label_at: _dt.datetime | None = None

    class Labels(BaseModel, extra="forbid"):
        labels: Annotated[list[Label], PField(min_length=1, max_length=10_000)]

    bearer = HTTPBearer(auto_error=False)

    def authorised(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if token is None:
            requests_total.labels("/labels", "503").inc()
            raise HTTPException(503, f"POST /labels is disabled: set {TOKEN_ENV}")
        if creds is None or not secrets.compare_digest(creds.credentials.encode(),
                                                       token.encode()):
            requests_total.labels("/labels", "401").inc()
            raise HTTPException(401, "a valid bearer token is required",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.post("/labels", dependencies=[Depends(authorised)])
    def labels(body: Labels):
        now = utcnow()
        if reqlog is not None:
            for item in body.labels:
                reqlog.append(label_record(item.request_id, item.label,
                                           _utc(item.label_at) or now))
            log_bytes.set(reqlog.bytes_written)
        labels_total.inc(len(body.labels))
        requests_total.labels("/labels", "200").inc()
        return {"accepted": len(body.labels)}

    @app.get("/healthz")
    def healthz():
        return {"status": "ok", "model_version": served.current()[1]}

    @app.get("/metrics")
    def prom():
        model_info.clear()
        model_info.labels(served.current()[1]).set(1)
        text = generate_latest(metrics)
        if extra_metrics is not None:
            text += extra_metrics()
        return Response(text, media_type="text/plain; version=0.0.4; charset=utf-8")

    return app
