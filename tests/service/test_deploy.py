"""The shipped configuration: valid for promtool and amtool once rendered, dashboard queries valid."""

from __future__ import annotations

import json
import subprocess

import pytest

from watchtower.serve import DEPLOY, render_alertmanager, render_prometheus

from ._servers import require

pytestmark = pytest.mark.needs_service


def test_rules_file_passes_promtool():
    promtool = require("promtool", "it checks the alerting rules")
    out = subprocess.run([promtool, "check", "rules", str(DEPLOY / "prometheus/rules/service.yml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("for_override", [None, "2s"])
def test_rendered_prometheus_config_passes_promtool(tmp_path, for_override):
    promtool = require("promtool", "it checks the Prometheus configuration")
    path = render_prometheus(tmp_path, app="127.0.0.1:1", monitor="127.0.0.1:2",
                             alertmanager="127.0.0.1:3", scrape_interval="1s",
                             evaluation_interval="1s", for_override=for_override)
    out = subprocess.run([promtool, "check", "config", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    rules = (tmp_path / "rules" / "service.yml").read_text()
    assert ("for: 2s" in rules) == (for_override == "2s")
    assert "127.0.0.1:2" in path.read_text() and "${" not in path.read_text()


def test_rendered_alertmanager_config_passes_amtool(tmp_path):
    amtool = require("amtool", "it checks the Alertmanager configuration")
    path = render_alertmanager(tmp_path, monitor="127.0.0.1:2", group_wait="1s",
                               group_interval="1s")
    out = subprocess.run([amtool, "check-config", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "http://127.0.0.1:2/alerts" in path.read_text()


def test_dashboard_queries_parse(tmp_path):
    promtool = require("promtool", "it parses PromQL")
    dashboard = json.loads((DEPLOY / "grafana" / "service-dashboard.json").read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    assert len(exprs) >= 10 and len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    # promtool has no "check query"; a rule file of recording rules parses every expression.
    rules = tmp_path / "q.yml"
    rules.write_text("groups:\n  - name: q\n    rules:\n" + "".join(
        f"      - record: q{i}\n        expr: {json.dumps(e.replace('$__rate_interval', '1m'))}\n"
        for i, e in enumerate(exprs)))
    out = subprocess.run([promtool, "check", "rules", str(rules)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
