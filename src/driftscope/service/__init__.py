"""The Drift Service: serve a model, log every request, watch its inputs drift, act on it.

::

    client -> create_app (POST /predict, POST /labels, GET /metrics)
                | one JSON line per request (RequestLog, rotated by size)
                v
              Shipper (batches, an offset per file, idempotent on request_id)
                v
              Store: DuckDB file (default) | PostgreSQL, the same SQL
                v
              DriftJob (SQL bucket counts -> sketches -> drift_report(policy="sketch"))
                v
              Prometheus (scrapes /metrics, alert rules with ``for:``)
                v
              Alertmanager -> Monitor /alerts -> Slack message + Retrainer
                                                 (challenger vs champion)

Generic over the model: any scikit-learn style estimator with a declared
`InputSchema`, bundled with its reference data in a `ServiceSpec`. Run it with
``python -m driftscope.service app|monitor|ship --spec package.module:name``.
Needs the ``service`` extra (fastapi, uvicorn, httpx, duckdb, psycopg,
prometheus-client).
"""

from .alerts import alerts_token, queues_retraining, slack_message, slack_webhook_url
from .app import create_app, label_record, predict_one, prediction_record
from .drift import DriftJob, bucket_case, category_query, histogram_query, window_profile
from .monitor import Monitor, create_monitor_app
from .registry import ModelRegistry
from .requestlog import RequestLog, log_files
from .retraining import Retrainer, default_trainer, retraining_decision
from .schema import Field, InputSchema
from .shipper import Shipper
from .spec import ServiceSpec, load_spec
from .store import DuckDBStore, PostgresStore, Store, open_store

__all__ = [
    "Field", "InputSchema", "ServiceSpec", "load_spec",
    "create_app", "prediction_record", "label_record", "predict_one",
    "RequestLog", "log_files", "Shipper",
    "Store", "DuckDBStore", "PostgresStore", "open_store",
    "DriftJob", "bucket_case", "histogram_query", "category_query", "window_profile",
    "Monitor", "create_monitor_app", "slack_message", "slack_webhook_url", "alerts_token",
    "queues_retraining",
    "ModelRegistry", "Retrainer", "retraining_decision", "default_trainer",
]
