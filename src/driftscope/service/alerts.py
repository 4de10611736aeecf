"""From a firing alert to a Slack message: the evidence, and where the URL comes from.

Alertmanager posts its webhook JSON to the service; the service turns each
firing alert into a Slack incoming-webhook message carrying the evidence (the
feature, its statistic against the threshold, the window, a link) and posts it
to the configured URL. The URL is a secret (whoever has it can post to the
channel): it comes from the environment or a file and is never logged.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Mapping

__all__ = ["slack_message", "slack_webhook_url", "alerts_token", "post_json", "SLACK_URL_ENV",
           "SLACK_URL_FILE_ENV", "ALERTS_TOKEN_ENV", "ALERTS_TOKEN_FILE_ENV", "RETRAIN_LABEL",
           "queues_retraining"]

log = logging.getLogger("driftscope.service.alerts")

#: The Slack incoming-webhook URL, or the path of a file holding it.
SLACK_URL_ENV = "DRIFTSCOPE_SLACK_WEBHOOK_URL"
SLACK_URL_FILE_ENV = "DRIFTSCOPE_SLACK_WEBHOOK_FILE"
#: The bearer token Alertmanager must send to ``POST /alerts``, or the path of a file
#: holding it (the file Alertmanager's ``credentials_file`` names).
ALERTS_TOKEN_ENV = "DRIFTSCOPE_ALERTS_TOKEN"
ALERTS_TOKEN_FILE_ENV = "DRIFTSCOPE_ALERTS_TOKEN_FILE"
#: The alert label that asks for retraining: the rules put ``retrain: "true"`` on the alerts
#: that mean the model's inputs or performance changed (drift, estimated accuracy), not on
#: the service's plumbing (shipper lag, a stale window), which a new model would not fix.
RETRAIN_LABEL = "retrain"


def queues_retraining(alert: Mapping[str, Any]) -> bool:
    """Whether Alertmanager's `alert` asks for retraining: firing and labelled ``retrain="true"``.

    Examples
    --------
    >>> queues_retraining({"status": "firing", "labels": {"alertname": "DriftscopeColumnDrift",
    ...                                                    "retrain": "true"}})
    True
    >>> queues_retraining({"status": "firing", "labels": {"alertname": "DriftServiceShipperLag"}})
    False
    >>> queues_retraining({"status": "resolved", "labels": {"retrain": "true"}})
    False
    """
    labels = alert.get("labels") or {}
    return alert.get("status", "firing") == "firing" and labels.get(RETRAIN_LABEL) == "true"


def _secret(env: Mapping[str, str], name: str, file_name: str) -> str | None:
    """The value of `name`, else the first line of the file named by `file_name`."""
    value = env.get(name, "").strip()
    if value:
        return value
    path = env.get(file_name, "").strip()
    if path:
        text = Path(path).read_text().strip()
        return text.splitlines()[0].strip() if text else None
    return None


def slack_webhook_url(environ: Mapping[str, str] | None = None) -> str | None:
    """The webhook URL from ``DRIFTSCOPE_SLACK_WEBHOOK_URL`` or the file named by
    ``DRIFTSCOPE_SLACK_WEBHOOK_FILE`` (first line); None when neither is set."""
    return _secret(os.environ if environ is None else environ, SLACK_URL_ENV, SLACK_URL_FILE_ENV)


def alerts_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The bearer token of the alert webhook, from ``DRIFTSCOPE_ALERTS_TOKEN`` or the file
    named by ``DRIFTSCOPE_ALERTS_TOKEN_FILE`` (first line); None when neither is set."""
    return _secret(os.environ if environ is None else environ, ALERTS_TOKEN_ENV,
                   ALERTS_TOKEN_FILE_ENV)


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.4g}" if isinstance(x, float) else str(x)


def slack_message(alert: Mapping[str, Any], evidence: Mapping[str, Any] | None = None,
                  *, link: str | None = None) -> dict:
    """A Slack incoming-webhook payload for one Alertmanager alert.

    Parameters
    ----------
    alert : mapping
        One entry of the webhook's ``alerts`` list (``status``, ``labels``,
        ``annotations``, ``startsAt``, ``generatorURL``).
    evidence : mapping, optional
        ``feature``, ``test``, ``statistic``, ``threshold``, ``window_start``,
        ``window_end``, ``n_rows``: the drift job's latest row for the feature.
    link : str, optional
        Where to look next (a dashboard); default the alert's ``generatorURL``.

    Returns
    -------
    dict
        ``{"text": ..., "blocks": [...]}``; ``text`` alone says it all.

    Examples
    --------
    >>> msg = slack_message({"status": "firing", "labels": {"alertname": "FeatureDrift",
    ...                      "column": "oov_rate"}, "annotations": {}},
    ...                     {"feature": "oov_rate", "test": "PSI", "statistic": 0.31,
    ...                      "threshold": 0.1, "window_start": "2043-08-20 00:00",
    ...                      "window_end": "2043-08-22 00:00", "n_rows": 101},
    ...                     link="http://127.0.0.1:3000/d/drift")
    >>> print(msg["text"])
    [FIRING] FeatureDrift: oov_rate drifted (PSI 0.31 > threshold 0.1) in window 2043-08-20 00:00 to 2043-08-22 00:00 (101 requests). http://127.0.0.1:3000/d/drift
    """
    labels = dict(alert.get("labels") or {})
    notes = dict(alert.get("annotations") or {})
    ev = dict(evidence or {})
    status = str(alert.get("status", "firing")).upper()
    name = labels.get("alertname", "alert")
    feature = ev.get("feature") or labels.get("column") or "the data set"
    link = link or alert.get("generatorURL") or ""
    if ev.get("statistic") is not None and status == "RESOLVED":
        what = (f"{feature} is back ({ev.get('test', 'statistic')} {_fmt(ev['statistic'])}, "
                f"threshold {_fmt(ev.get('threshold'))})")
    elif ev.get("statistic") is not None:
        what = (f"{feature} drifted ({ev.get('test', 'statistic')} {_fmt(ev['statistic'])} "
                f"> threshold {_fmt(ev.get('threshold'))})")
    else:
        what = notes.get("summary") or f"{feature} drifted"
    window = ""
    if ev.get("window_start") is not None:
        window = (f" in window {ev['window_start']} to {ev['window_end']}"
                  f" ({ev.get('n_rows', '?')} requests)")
    text = f"[{status}] {name}: {what}{window}." + (f" {link}" if link else "")
    fields = [{"type": "mrkdwn", "text": f"*Feature*\n{feature}"},
              {"type": "mrkdwn", "text": f"*Statistic*\n{ev.get('test', 'n/a')} = "
                                         f"{_fmt(ev.get('statistic'))} (threshold "
                                         f"{_fmt(ev.get('threshold'))})"},
              {"type": "mrkdwn", "text": f"*Window*\n{ev.get('window_start', 'n/a')} to "
                                         f"{ev.get('window_end', 'n/a')}"}]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*[{status}] {name}*"}},
              {"type": "section", "fields": fields}]
    if link:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"<{link}|Open>"}})
    return {"text": text, "blocks": blocks}


def post_json(url: str, payload: Mapping[str, Any], *, timeout: float = 5.0) -> bool:
    """POST `payload` as JSON; True on a 2xx answer. Failures are logged without the URL.

    The standard library's client, because HTTP clients that log their requests
    (httpx does, at INFO) would write the secret URL to the logs.
    """
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(dict(payload)).encode(),
                                     headers={"Content-Type": "application/json"},
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except urllib.error.HTTPError as exc:
        log.warning("the Slack webhook answered %d", exc.code)
    except (urllib.error.URLError, OSError) as exc:
        log.warning("posting to the Slack webhook failed: %s", type(exc).__name__)
    return False
