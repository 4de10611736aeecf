"""The shipped configuration: valid for promtool and amtool once rendered, dashboard queries valid."""

from __future__ import annotations

import json
import subprocess

import pytest

from watchtower.serve import DEPLOY, RULE_FILES, render_alertmanager, render_prometheus, write_secret

from ._servers import require

pytestmark = pytest.mark.needs_service


def test_rules_files_pass_promtool():
    promtool = require("promtool", "it checks the alerting rules")
    paths = [str(DEPLOY / "prometheus" / "rules" / name) for name in RULE_FILES]
    out = subprocess.run([promtool, "check", "rules", *paths], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("for_override", [None, "2s"])
def test_rendered_prometheus_config_passes_promtool(tmp_path, for_override):
    promtool = require("promtool", "it checks the Prometheus configuration")
    path = render_prometheus(tmp_path, app="127.0.0.1:1", monitor="127.0.0.1:2",
                             alertmanager="127.0.0.1:3", scrape_interval="1s",
                             evaluation_interval="1s", for_override=for_override)
    out = subprocess.run([promtool, "check", "config", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    for name in RULE_FILES:  # every rule file the configuration loads is there, rewritten
        rules = (tmp_path / "rules" / name).read_text()
        assert ("for: 2s" in rules) == (for_override == "2s"), name
        assert f"rules/{name}" in path.read_text()
    assert "127.0.0.1:2" in path.read_text() and "${" not in path.read_text()


def test_rendered_alertmanager_config_passes_amtool(tmp_path):
    amtool = require("amtool", "it checks the Alertmanager configuration")
    token = write_secret(tmp_path / "secrets" / "alerts-token", "s3cret-webhook-token")
    assert token.stat().st_mode & 0o777 == 0o600
    path = render_alertmanager(tmp_path, monitor="127.0.0.1:2", group_wait="1s",
                               group_interval="1s", alerts_token_file=token)
    out = subprocess.run([amtool, "check-config", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    text = path.read_text()
    assert "http://127.0.0.1:2/alerts" in text
    # the webhook authenticates with the token file; the token itself is not in the config
    assert f"credentials_file: {token}" in text and "type: Bearer" in text
    assert "s3cret-webhook-token" not in text


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
