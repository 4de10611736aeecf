"""DriftCollector: the families of DriftReport.to_prometheus, through prometheus_client."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("prometheus_client")
from prometheus_client import CollectorRegistry, generate_latest  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

import driftscope as ds  # noqa: E402
from driftscope.metrics import WINDOW_FAMILIES, DriftCollector  # noqa: E402

RNG = np.random.default_rng(2043)
REFERENCE = pd.DataFrame({"x": RNG.normal(0, 1, 800), "c": RNG.choice(["a", "b"], 800)})
CURRENT = pd.DataFrame({"x": RNG.normal(0.6, 1, 400), "c": RNG.choice(["a", "b"], 400)})


def samples(text):
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.mark.parametrize("policy", ["watchtower", "evidently"])
def test_collector_exposes_the_report_families(policy):
    report = ds.drift_report(REFERENCE, CURRENT, policy=policy)
    registry = CollectorRegistry()
    collector = DriftCollector(registry=registry, labels={"model": "translator"})
    collector.update(report, window_start="2043-08-15", window_end="2043-08-16", rows=400)
    exposed = samples(generate_latest(registry).decode())
    rendered = samples(report.to_prometheus(labels={"model": "translator"}))
    assert rendered and all(exposed[key] == pytest.approx(value) for key, value in rendered.items())
    extra = {name for name, _ in exposed} - {name for name, _ in rendered}
    assert extra == {"driftscope_window_start_timestamp_seconds", "driftscope_window_end_timestamp_seconds",
                     "driftscope_window_rows", "driftscope_windows_total"}
    assert registry.get_sample_value("driftscope_window_end_timestamp_seconds", {"model": "translator"}) \
        == pd.Timestamp("2043-08-16", tz="UTC").timestamp()
    assert registry.get_sample_value("driftscope_windows_total",
                                     {"model": "translator", "outcome": "scored"}) == 1


def test_naming_conventions():
    registry = CollectorRegistry()
    DriftCollector(registry=registry).update(ds.drift_report(REFERENCE, CURRENT, policy="watchtower"),
                                             window_start="2043-08-15", window_end="2043-08-16", rows=400)
    families = list(text_string_to_metric_families(generate_latest(registry).decode()))
    for family in families:
        assert family.name.startswith("driftscope_")
        assert family.documentation
        if family.name.endswith("timestamp_seconds"):
            assert family.type == "gauge"
        for s in family.samples:
            # low cardinality: no label that names a time, a window or a request
            assert set(s.labels) <= {"column", "kind", "test", "policy", "outcome"}, s.labels
    types = {f.name: f.type for f in families}
    assert types["driftscope_windows"] == "counter"
    assert set(WINDOW_FAMILIES) == {"window_start_timestamp_seconds", "window_end_timestamp_seconds",
                                    "window_rows", "windows"}


def test_update_replaces_and_skip_removes_column_series():
    registry = CollectorRegistry()
    collector = DriftCollector(registry=registry)
    collector.update(ds.drift_report(REFERENCE, CURRENT, policy="watchtower"))
    assert registry.get_sample_value("driftscope_column_drifted", {
        "column": "c", "kind": "categorical", "test": "Jensen-Shannon + chi-square (BH)", "policy": "watchtower"}) is not None
    collector.update(ds.drift_report(REFERENCE[["x"]], CURRENT[["x"]], policy="watchtower"))
    text = generate_latest(registry).decode()
    assert 'column="c"' not in text and 'column="x"' in text  # no stale series
    collector.skip(window_start="2043-08-17", window_end="2043-08-18", rows=12)
    text = generate_latest(registry).decode()
    assert "driftscope_column_" not in text
    assert registry.get_sample_value("driftscope_window_rows") == 12
    assert registry.get_sample_value("driftscope_windows_total", {"outcome": "too_few_rows"}) == 1
    assert registry.get_sample_value("driftscope_windows_total", {"outcome": "scored"}) == 2


@pytest.mark.parametrize("kwargs, match", [
    ({"prefix": "drift-scope"}, "prefix"),
    ({"labels": {"column": "x"}}, "used by driftscope"),
    ({"labels": {"__x": "y"}}, "not a valid"),
])
def test_bad_names(kwargs, match):
    with pytest.raises(ds.ParameterError, match=match):
        DriftCollector(**kwargs)


def test_bad_window_values():
    collector = DriftCollector()
    report = ds.drift_report(REFERENCE, CURRENT, policy="watchtower")
    with pytest.raises(ds.ParameterError, match="rows"):
        collector.update(report, rows=-1)
    with pytest.raises(ds.ParameterError, match="window_end must be a time"):
        collector.update(report, window_end="someday")
    assert collector.report is None  # refused, not half-applied
