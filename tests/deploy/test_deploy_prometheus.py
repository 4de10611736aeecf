"""The Prometheus rules and the Grafana dashboard of deploy/, checked by the real promtool.

* ``promtool check rules`` on deploy/prometheus/rules/drift.yml;
* ``promtool test rules`` on tests/deploy/drift_rules_test.yml: a series that must
  fire and series that must not; the same for the service's health rules
  (deploy/prometheus/rules/service.yml, tests/deploy/service_rules_test.yml);
* one alert for one condition: no two alerting rules that the Drift Service's
  Prometheus loads watch the same metric (column drift is DriftscopeColumnDrift only);
* driftscope.alert_states against promtool's own rule evaluation, step by step
  (pending and firing, gaps included), for several ``for:`` clauses;
* every metric name used by the rules and the dashboard is one driftscope exports.

promtool comes with Debian's ``prometheus`` package (.ci/run installs it). On a
machine without it these tests skip with the reason; under ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import driftscope as ds

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "deploy" / "prometheus" / "rules" / "drift.yml"
RULE_TESTS = Path(__file__).with_name("drift_rules_test.yml")
SERVICE_RULES = REPO / "deploy" / "prometheus" / "rules" / "service.yml"
SERVICE_RULE_TESTS = Path(__file__).with_name("service_rules_test.yml")
DASHBOARD = REPO / "deploy" / "grafana" / "drift-dashboard.json"
SERIES = 'driftscope_column_drifted{column="oov_rate",kind="numerical",policy="watchtower",test="PSI + K-S (BH)"}'


@pytest.fixture(scope="module")
def promtool():
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("promtool is not installed, but CI=true: .ci/run must install Debian's prometheus")
        pytest.skip("promtool is not installed (Debian: apt install prometheus)")
    return path


def run(promtool, *args, cwd=None):
    proc = subprocess.run([promtool, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.needs_service
def test_check_rules(promtool):
    code, out = run(promtool, "check", "rules", str(RULES))
    assert code == 0, out
    assert "SUCCESS: 2 rules found" in out, out


@pytest.mark.needs_service
def test_rule_unit_tests_fire_and_stay_quiet(promtool):
    code, out = run(promtool, "test", "rules", RULE_TESTS.name, cwd=RULE_TESTS.parent)
    assert code == 0, out


def run_unit_tests_on(promtool, tmp_path, rules_file, rule_tests, text):
    """promtool's unit tests `rule_tests` against `text` as `rules_file`, in a copy of the layout.

    The unit-test files name their rule files relative to themselves
    (``../../deploy/prometheus/rules/...``), so the copy keeps that layout.
    """
    rules = tmp_path / "deploy" / "prometheus" / "rules"
    rules.mkdir(parents=True)
    (rules / rules_file.name).write_text(text)
    tests = tmp_path / "tests" / "deploy"
    tests.mkdir(parents=True)
    shutil.copy(rule_tests, tests / rule_tests.name)
    return run(promtool, "test", "rules", rule_tests.name, cwd=tests)


@pytest.mark.needs_service
def test_rule_unit_tests_can_fail(promtool, tmp_path):
    # the same unit tests against a rule that waits one day less must fail
    code, out = run_unit_tests_on(promtool, tmp_path, RULES, RULE_TESTS,
                                  RULES.read_text().replace("for: 2d", "for: 1d"))
    assert code != 0 and "FAILED" in out, out


@pytest.mark.needs_service
def test_service_rule_unit_tests_fire_and_stay_quiet(promtool):
    code, out = run(promtool, "test", "rules", SERVICE_RULE_TESTS.name, cwd=SERVICE_RULE_TESTS.parent)
    assert code == 0, out


@pytest.mark.needs_service
def test_service_rule_unit_tests_can_fail(promtool, tmp_path):
    # rules that wait half as long must fail the same unit tests
    text = SERVICE_RULES.read_text()
    assert "for: 10m" in text and "for: 30m" in text
    code, out = run_unit_tests_on(promtool, tmp_path, SERVICE_RULES, SERVICE_RULE_TESTS,
                                  text.replace("for: 10m", "for: 5m").replace("for: 30m", "for: 15m"))
    assert code != 0 and "FAILED" in out, out


def test_one_alert_for_one_condition():
    """The service's Prometheus loads drift.yml and service.yml: no metric is watched twice."""
    yaml = pytest.importorskip("yaml")
    from watchtower.serve import RULE_FILES

    template = (REPO / "deploy" / "prometheus" / "prometheus.yml").read_text()
    loaded = re.findall(r"\$\{rules_dir\}/(\S+\.yml)", template)
    assert tuple(loaded) == RULE_FILES, loaded
    watchers: dict[str, list[str]] = {}
    for name in RULE_FILES:
        for group in yaml.safe_load((RULES.parent / name).read_text())["groups"]:
            for rule in group["rules"]:
                if "alert" in rule:
                    for metric in _used_names(rule["expr"]):
                        watchers.setdefault(metric, []).append(rule["alert"])
    twice = {m: alerts for m, alerts in watchers.items() if len(alerts) > 1}
    assert not twice, f"one condition, several alerts: {twice}"
    assert watchers["driftscope_column_drifted"] == ["DriftscopeColumnDrift"]


def _values(series):
    """promtool's expanding notation: one value per day, '_' for no sample."""
    return " ".join("_" if np.isnan(v) else str(int(v)) for v in series)


def _rule_file(for_windows: int) -> str:
    text = RULES.read_text()
    assert "for: 2d" in text
    return text.replace("for: 2d", f"for: {for_windows}d") if for_windows else text.replace("for: 2d", "for: 0s")


def _ALERTS(state: str) -> str:
    labels = SERIES[SERIES.index("{") + 1:-1]
    return f'ALERTS{{alertname="DriftscopeColumnDrift",alertstate="{state}",{labels},retrain="true",severity="page"}}'


@pytest.mark.needs_service
@pytest.mark.parametrize("for_windows", [0, 1, 2, 3])
def test_alert_states_agree_with_promtool(promtool, tmp_path, for_windows):
    """The same series, evaluated by driftscope.alert_states and by Prometheus' rule engine."""
    rng = np.random.default_rng(100 + for_windows)
    tests = []
    for k in range(8):
        series = rng.choice([0.0, 1.0, 1.0, 1.0, np.nan], size=14)
        states = ds.alert_states(series, threshold=0.5, for_windows=for_windows)
        checks = [{"expr": 'ALERTS{alertname="DriftscopeColumnDrift"}', "eval_time": f"{day}d",
                   "exp_samples": [] if state == "inactive" else [{"labels": _ALERTS(state), "value": 1}]}
                  for day, state in enumerate(states)]
        tests.append({"interval": "1d", "input_series": [{"series": SERIES, "values": _values(series)}],
                      "promql_expr_test": checks})
    (tmp_path / "drift.yml").write_text(_rule_file(for_windows))
    (tmp_path / "agree_test.yml").write_text(json.dumps(
        {"rule_files": ["drift.yml"], "evaluation_interval": "1d", "tests": tests}, indent=1))
    code, out = run(promtool, "test", "rules", "agree_test.yml", cwd=tmp_path)
    assert code == 0, f"alert_states and promtool disagree (for_windows={for_windows}):\n{out[-3000:]}"


def _exported_names() -> set[str]:
    prometheus_client = pytest.importorskip("prometheus_client")
    from prometheus_client.parser import text_string_to_metric_families

    from driftscope.metrics import DriftCollector

    rng = np.random.default_rng(1)
    reference = pd.DataFrame({"x": rng.normal(size=300), "c": rng.choice(["a", "b"], 300)})
    registry = prometheus_client.CollectorRegistry()
    DriftCollector(registry=registry).update(ds.drift_report(reference, reference, policy="watchtower"),
                                             window_start="2043-08-01", window_end="2043-08-02", rows=300)
    text = prometheus_client.generate_latest(registry).decode()
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples}


def _used_names(text: str) -> set[str]:
    return set(re.findall(r"\bdriftscope_[a-z_]+\b", text))


def test_rules_and_dashboard_use_exported_metric_names():
    exported = _exported_names()
    rules = _used_names(RULES.read_text())
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    exprs += [a["expr"] for a in dashboard["annotations"]["list"]]
    used = rules | _used_names("\n".join(exprs))
    assert used, "no driftscope metric found in the rules or the dashboard"
    assert used <= exported, f"not exported by driftscope: {sorted(used - exported)}"
    # the dashboard shows the verdicts, the scores and the health of the windows
    families = {"driftscope_column_drift_score", "driftscope_column_drift_threshold",
                "driftscope_column_pvalue", "driftscope_column_drifted", "driftscope_drifted_columns",
                "driftscope_dataset_drift", "driftscope_window_rows",
                "driftscope_window_end_timestamp_seconds", "driftscope_windows_total"}
    missing = families - used
    assert not missing, f"the dashboard shows no panel for {sorted(missing)}"


def test_dashboard_is_importable_json():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"] and dashboard["schemaVersion"] >= 36
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for p in dashboard["panels"]:
        assert p["targets"] and p["datasource"]["uid"] == "${DS_PROMETHEUS}", p["title"]
        assert set(p["gridPos"]) == {"x", "y", "w", "h"} and p["gridPos"]["x"] + p["gridPos"]["w"] <= 24


def test_chapter_05_shows_the_rule_of_the_rules_file():
    """The notebook quotes the rule; the quote must stay the rule Prometheus loads."""
    yaml = pytest.importorskip("yaml")
    import nbformat

    notebook = REPO / "solutions" / "05-continuous-monitoring" / "05-continuous-monitoring.ipynb"
    cell = next(c for c in nbformat.read(notebook, as_version=4).cells if c.get("id") == "prometheus_rule")
    quoted = yaml.safe_load(re.search(r"```yaml\n(.*?)```", cell.source, re.S).group(1))[0]
    rule = next(r for r in yaml.safe_load(RULES.read_text())["groups"][0]["rules"]
                if r.get("alert") == quoted["alert"])
    assert {k: rule[k] for k in quoted} == quoted


@pytest.mark.needs_service
def test_dashboard_queries_parse(promtool, tmp_path):
    """promtool has no "check query"; a file of recording rules makes it parse every expression."""
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    exprs += [a["expr"] for a in dashboard["annotations"]["list"]]
    rules = tmp_path / "queries.yml"
    rules.write_text("groups:\n  - name: queries\n    rules:\n" + "".join(
        f"      - record: query_{i}\n        expr: {json.dumps(e)}\n" for i, e in enumerate(exprs)))
    code, out = run(promtool, "check", "rules", str(rules))
    assert code == 0, out
    assert f"SUCCESS: {len(exprs)} rules found" in out, out
