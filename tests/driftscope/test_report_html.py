"""DriftReport.to_html: one self-contained file, checked as text and in headless Chromium."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pandas as pd
import pytest

from driftscope.report import drift_report


@pytest.fixture(scope="module")
def report():
    rng = np.random.default_rng(2043)
    n = 2000
    reference = pd.DataFrame({
        "sentence_length": rng.gamma(9, 2, n), "oov_rate": rng.beta(2, 30, n),
        "latency_ms": rng.normal(50, 5, n),
        "planet": rng.choice(["Zeta", "Orion", "Vega"], n)})
    current = pd.DataFrame({
        "sentence_length": rng.gamma(6, 2, n), "oov_rate": rng.beta(2, 30, n),
        "latency_ms": rng.normal(50, 5, n),
        "planet": rng.choice(["Zeta", "Orion", "Vega", "Kepler"], n)})
    return drift_report(reference, current, policy="watchtower")


def test_one_self_contained_file(report, tmp_path):
    path = tmp_path / "report.html"
    text = report.to_html(path, title="Vector Prime <15 Aug>")
    assert path.read_text(encoding="utf-8") == text
    assert list(tmp_path.iterdir()) == [path], "to_html must write exactly one file"
    assert not re.search(r"https?://", text), "the page must not reference the network"
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert "<table" in text and text.count("<svg") == report.n_drifted == 2
    assert "Vector Prime &lt;15 Aug&gt;" in text
    assert "new categories: &#x27;Kepler&#x27;" in text


def test_no_figure_without_drift():
    frame = pd.DataFrame({"x": np.arange(100.0)})
    text = drift_report(frame, frame).to_html()
    assert "<table" in text and "<svg" not in text and "No dataset drift" in text


@pytest.mark.slow  # starts Chromium
@pytest.mark.needs_service
def test_renders_in_headless_chromium(report, tmp_path, require):
    chromium = require("chromium")
    page = tmp_path / "report.html"
    report.to_html(page)
    shot = tmp_path / "report.png"
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-dev-shm-usage",
              f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(common + ["--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert '<table id="columns">' in html
    rows = re.findall(r'<tr class="(drifted|stable)">', html)
    assert rows.count("drifted") == 2 and len(rows) == 4, rows
    figures = re.findall(r'<figure class="drift-figure"><svg', html)
    assert len(figures) == 2, "the browser should parse one inline SVG per drifted column"
    assert "Dataset drift detected" in html
    png = subprocess.run(common + ["--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert png.returncode == 0, png.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
