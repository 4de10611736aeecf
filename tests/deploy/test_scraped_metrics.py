"""Every metric that a loaded alert rule or a Grafana panel queries is one that Prometheus scrapes.

A rule on a name nobody exports loads, passes ``promtool check rules`` and its own unit
tests (which feed it the series by hand), and never fires. So the names are read from
the real thing: the Drift Service's app and monitor are started (in process, on the
station's logs), one drift window is judged, and their ``GET /metrics`` answers are
parsed. Each ``driftscope_*`` name in the rule files that the service's Prometheus loads
(``prometheus.yml``) and in every dashboard of ``deploy/grafana`` must be among them, and
among the scraped job's own when the query names a ``job``.
"""

from __future__ import annotations

import json
import re

import pytest

from needs import require

require("fastapi")
require("duckdb")
yaml = require("yaml")
parser = require("prometheus_client.parser")

from watchtower.serve import DEPLOY, RULE_FILES  # noqa: E402

#: A metric name in a query, with the label matchers that follow it.
QUERIED = re.compile(r"\b(driftscope_[a-z0-9_]+)\b(\{[^}]*\})?")
JOB = re.compile(r'\bjob\s*=\s*"([^"]+)"')


def queried(expr: str) -> list[tuple[str, str | None]]:
    """``(metric, job or None)`` for each driftscope metric that `expr` reads."""
    return [(name, (JOB.search(sel or "") or [None, None])[1]) for name, sel in QUERIED.findall(expr)]


def test_queried_parses_names_and_jobs():
    assert queried('histogram_quantile(0.99, sum by (le) (rate(driftscope_service_predict_seconds_bucket'
                   '[1m])))') == [("driftscope_service_predict_seconds_bucket", None)]
    assert queried('time() - max(driftscope_window_end_timestamp_seconds{job="driftscope-monitor", '
                   'model="x"}) > 2 * 86400') == [("driftscope_window_end_timestamp_seconds",
                                                  "driftscope-monitor")]


def scrape_jobs() -> dict[str, str]:
    """Prometheus' job name -> the component it scrapes (``app`` or ``monitor``)."""
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    jobs = {}
    for scrape in config["scrape_configs"]:
        (target,) = [t for c in scrape["static_configs"] for t in c["targets"]]
        jobs[scrape["job_name"]] = re.fullmatch(r"\$\{(\w+)\}", target).group(1)
    return jobs


def rule_queries() -> list[tuple[str, str]]:
    """``(where, expr)`` of every alerting rule that the service's Prometheus loads."""
    out = []
    for name in RULE_FILES:
        for group in yaml.safe_load((DEPLOY / "prometheus" / "rules" / name).read_text())["groups"]:
            out += [(f"{name}: {r['alert']}", r["expr"]) for r in group["rules"] if "alert" in r]
    return out


def dashboard_queries() -> list[tuple[str, str]]:
    """``(where, expr)`` of every panel target and annotation of every Grafana dashboard."""
    out = []
    for path in sorted((DEPLOY / "grafana").glob("*.json")):
        board = json.loads(path.read_text())
        out += [(f"{path.name}: {p['title']}", t["expr"]) for p in board["panels"] for t in p["targets"]]
        out += [(f"{path.name}: annotation {a['name']}", a["expr"])
                for a in board.get("annotations", {}).get("list", []) if "expr" in a]
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The sample names of the app's and the monitor's ``GET /metrics``, after one judged window."""
    from fastapi.testclient import TestClient

    from driftscope.service import DuckDBStore, ModelRegistry, Monitor, create_app, create_monitor_app
    from watchtower.station_service import label_body, request_body, translator_spec
    from watchtower.world import translator_logs

    tmp = tmp_path_factory.mktemp("scrape")
    spec = translator_spec()
    logs = translator_logs("2043-08-14", "2043-08-17", requests_per_day=60)
    app = TestClient(create_app(spec.load_model(), spec.schema, log_dir=tmp / "log",
                                version=spec.version, to_model_input=spec.to_model_input,
                                label_token="t"))
    for row in logs.itertuples():
        assert app.post("/predict", json=request_body(row)).status_code == 200
    app.post("/labels", json={"labels": [label_body(r) for r in logs.dropna(subset=["label"])
                                         .head(5).itertuples()]}, headers={"Authorization": "Bearer t"})
    monitor = Monitor(spec, DuckDBStore(str(tmp / "store.duckdb")), ModelRegistry(tmp / "models"),
                      log_dirs=[tmp / "log"])
    monitor.ship_once()
    result = monitor.drift_once()
    assert result is not None and result.report is not None, "the drift job judged no window"
    texts = {"app": app.get("/metrics").text,
             "monitor": TestClient(create_monitor_app(monitor, alerts_token="x")).get("/metrics").text}
    return {component: {s.name for f in parser.text_string_to_metric_families(text) for s in f.samples}
            for component, text in texts.items()}


@pytest.mark.parametrize("source", ["rules", "dashboards"])
def test_every_queried_metric_is_scraped(exported, source):
    jobs = scrape_jobs()
    assert set(jobs.values()) == set(exported), jobs
    everything = set().union(*exported.values())
    queries = rule_queries() if source == "rules" else dashboard_queries()
    assert queries, f"no {source} found"
    unknown = []
    for where, expr in queries:
        for name, job in queried(expr):
            if job is not None:
                assert job in jobs, f"{where}: job={job!r} is not a job of prometheus.yml ({sorted(jobs)})"
            if name not in (exported[jobs[job]] if job else everything):
                unknown.append(f"{where}: {name}" + (f' (job="{job}")' if job else ""))
    assert not unknown, (f"{source} query metrics that no scraped component exports, so they can "
                         f"never have data: {unknown}")


def test_one_name_for_the_window_under_the_service(exported):
    """The service publishes its window under driftscope.metrics' names, not names of its own."""
    from driftscope.metrics import WINDOW_FAMILIES

    monitor = exported["monitor"]
    for family in WINDOW_FAMILIES:
        name = f"driftscope_{family}" + ("_total" if family == "windows" else "")
        assert name in monitor, f"the monitor does not export {name}"
    twins = sorted(n for n in monitor if n.startswith("driftscope_service_window"))
    assert not twins, f"a second name for the window: {twins}"
