"""The CLI on every class of failure of issue 14: exit 1 only ever means drift.

Every failure exits 2 with exactly one line on standard error that names the
input (a file, a column, an option) and the problem; inputs that used to
crash (math-text in names, huge magnitudes, wide tables) now give a verdict.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import driftscope.report
from driftscope.cli import main
from driftscope.render import MAX_FIGURES

BIG = np.finfo(np.float64).max


def _write(tmp_path, name, frame):
    path = tmp_path / name
    if name.endswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    return str(path)


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert lines[0].startswith("driftscope: error: "), lines[0]
    return lines[0]


@pytest.fixture()
def base(tmp_path):
    rng = np.random.default_rng(14)
    ref = pd.DataFrame({"x": rng.normal(0, 1, 300), "tier": rng.choice(["$", "$$", "$$$"], 300)})
    return tmp_path, ref, _write(tmp_path, "ref.parquet", ref)


# 1. A crash must not read as drift ----------------------------------------------------------

def test_an_unexpected_error_exits_2_with_one_line(base, monkeypatch, capsys):
    tmp_path, ref, ref_path = base

    def boom(*args, **kwargs):
        raise RuntimeError("something broke\ninside, over two lines")

    monkeypatch.setattr(driftscope.report, "drift_report", boom)
    assert main(["report", ref_path, ref_path]) == 2
    line = _one_error_line(capsys)
    assert "comparing" in line and "ref.parquet" in line and "RuntimeError" in line
    assert "something broke inside, over two lines" in line


@pytest.mark.parametrize("policy", ["evidently", "watchtower", "sketch"])
def test_dollar_categories_and_math_text_names_render(base, policy, capsys):
    tmp_path, ref, ref_path = base
    rng = np.random.default_rng(1)
    cur = pd.DataFrame({"x": rng.normal(3, 1, 300),
                        "tier": rng.choice(["$", "$$", "$$$"], 300, p=[.8, .1, .1])})
    ref2, cur2 = ref.rename(columns={"x": "$x^$"}), cur.rename(columns={"x": "$x^$"})
    html = tmp_path / "r.html"
    code = main(["report", _write(tmp_path, "r.parquet", ref2), _write(tmp_path, "c.parquet", cur2),
                 "--policy", policy, "--html", str(html), "-q"])
    assert code == 1, capsys.readouterr().err
    text = html.read_text(encoding="utf-8")
    assert text.count("<svg") == 2 and "$x^$" in text and "$$$" in text


# 2. Wide tables: a bounded number of figures ---------------------------------------------------

@pytest.mark.slow  # a report on a thousand columns
def test_wide_table_has_a_bounded_number_of_figures(tmp_path, capsys):
    rng = np.random.default_rng(2)
    k = MAX_FIGURES + 16
    ref = pd.DataFrame({f"c{i}": rng.normal(0, 1, 100) for i in range(k)})
    cur = pd.DataFrame({f"c{i}": rng.normal(0.8 + i / 40, 1, 100) for i in range(k)})
    html = tmp_path / "wide.html"
    assert main(["report", _write(tmp_path, "r.parquet", ref), _write(tmp_path, "c.parquet", cur),
                 "--html", str(html), "-q", "--no-progress"]) == 1
    text = html.read_text(encoding="utf-8")
    report = driftscope.report.drift_report(ref, cur)
    assert report.n_drifted > MAX_FIGURES
    assert text.count("<svg") == MAX_FIGURES
    assert text.count('<tr class="drifted"') == report.n_drifted
    assert f"Figures for the {MAX_FIGURES} most drifted of the {report.n_drifted}" in text
    # most drifted first: the smallest K-S p-value
    most = min(report.rows, key=lambda r: r.statistic).column
    first = text.index('<figure class="drift-figure">')
    assert f"<figcaption>{most}:" in text[first:text.index("</figure>", first)]


# 3. Overflow: a verdict, not an AssertionError or NaN -------------------------------------------

@pytest.mark.parametrize("policy, test", [("evidently", "Wasserstein distance (normed)"),
                                          ("watchtower", "PSI + K-S (BH)"),
                                          ("sketch", "PSI + chi-square on bins (BH)")])
def test_huge_magnitudes_give_a_verdict(tmp_path, capsys, policy, test):
    rng = np.random.default_rng(3)
    ref = pd.DataFrame({"x": rng.uniform(-1, 1, 1500) * BIG})
    cur = pd.DataFrame({"x": rng.uniform(-1, 1, 1500) * BIG * 0.1})
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    assert main(["report", _write(tmp_path, "r.parquet", ref), _write(tmp_path, "c.parquet", cur),
                 "--policy", policy, "--html", str(html), "--json", str(js)]) == 1
    out, err = capsys.readouterr()
    assert err == "" and test in out
    assert html.read_text(encoding="utf-8").count("<svg") == 1


def test_an_infinite_score_is_written_to_json(tmp_path, capsys):
    ref = pd.DataFrame({"x": np.full(1500, 0.0)})
    cur = pd.DataFrame({"x": np.linspace(1e306, 1.1e306, 1500)})
    js, prom = tmp_path / "r.json", tmp_path / "r.prom"
    assert main(["report", _write(tmp_path, "r.parquet", ref), _write(tmp_path, "c.parquet", cur),
                 "--json", str(js), "--prometheus", str(prom), "-q"]) == 1, capsys.readouterr().err
    assert '"statistic": "+Inf"' in js.read_text()
    from prometheus_client.parser import text_string_to_metric_families

    scores = [s.value for f in text_string_to_metric_families(prom.read_text())
              for s in f.samples if s.name == "driftscope_column_drift_score"]
    assert scores == [float("inf")]


# 4. Inputs that must be refused, and 5. messages that name the input ---------------------------

def test_a_csv_column_of_numbers_then_texts_is_read_as_one_type(base, capsys):
    tmp_path, ref, ref_path = base
    # pandas infers CSV types in chunks of 262,144 rows unless told otherwise; chunks of
    # different types warn on standard error (a second line) and mix floats with texts.
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("x,tier\n" + "1.5,$\n" * 270_000 + "abc,$\n" * 10, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:  # pytest would hide them from stderr
        warnings.simplefilter("always")
        assert main(["report", ref_path, str(mixed), "--columns", "x"]) == 2
    assert not caught, [str(w.message) for w in caught]
    line = _one_error_line(capsys)
    assert "'x'" in line and "mixed.csv" in line, line


@pytest.mark.parametrize("case, args, expected", [
    ("missing file", ["{ref}", "{tmp}/nope.csv"], ["nope.csv: no such file"]),
    ("dtype mismatch", ["{ref}", "{text}"], ["'x'", "text.csv"]),
    ("unknown column", ["{ref}", "{ref}", "--columns", "nope"], ["'nope'"]),
    ("bad option value", ["{ref}", "{ref}", "--drift-share", "2"], ["drift_share", "2"]),
    ("usage", ["{ref}"], ["CURRENT"]),
    ("unknown policy", ["{ref}", "{ref}", "--policy", "magic"], ["--policy", "magic"]),
    ("unwritable output", ["{ref}", "{ref}", "--html", "{tmp}/no/such/dir/r.html"],
     ["r.html", "No such file or directory"]),
    ("all missing", ["{ref}", "{nan}"], ["'x'", "missing"]),
    ("empty output path", ["{ref}", "{ref}", "--html", ""], ["--html", "empty"]),
])
def test_every_failure_exits_2_with_one_line_naming_the_input(base, case, args, expected, capsys):
    tmp_path, ref, ref_path = base
    text_path = _write(tmp_path, "text.csv", ref.assign(x=["v"] * len(ref)))
    nan_path = _write(tmp_path, "nan.parquet", ref.assign(x=np.nan))
    argv = ["report"] + [a.format(ref=ref_path, tmp=tmp_path, text=text_path, nan=nan_path)
                         for a in args]
    assert main(argv) == 2, case
    line = _one_error_line(capsys)
    for part in expected:
        assert part in line, f"{case}: {part!r} not in {line!r}"
