"""policy="evidently" against Evidently 0.7.23 itself, run on the same frames.

Every frame mixes the column kinds Evidently tells apart (floats, few-valued
floats, small and large integer columns, strings, booleans, pandas
categoricals, NaN, +/-inf, a constant column, free text with empty strings
and missing values, a message repeated with few variants, which is
categorical) at the reference sizes around its 1,000-row switch, unshifted
and shifted. Per column the test name, threshold and verdict must be
Evidently's and the score within 1e-9 (text: equal); the drifted share and
the dataset verdict must be Evidently's too.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _evidently import evidently

from driftscope.errors import AllNaNError, EmptyVocabularyError
from driftscope.report import drift_report

TOLERANCE = 1e-9
# Evidently itself runs on every case (about a minute of CPU): the slow tier, on one
# worker, so the module's comparisons are computed once per run (--dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("evidently-agreement")]


def run_evidently(reference: pd.DataFrame, current: pd.DataFrame):
    """Per-column {test, score, threshold, drifted}, the drifted share and the dataset verdict."""
    ev = evidently()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Evidently's run() takes the *current* data first.
        snapshot = ev.Report([ev.DataDriftPreset()], include_tests=True).run(current, reference)
    d = snapshot.dict()
    columns, share = {}, None
    for metric in d["metrics"]:
        config = metric["config"]
        if config["type"].endswith("DriftedColumnsCount"):
            share = metric["value"]["share"]
        elif config["type"].endswith("ValueDrift"):
            columns[config["column"]] = {"test": config["method"], "score": float(metric["value"]),
                                         "threshold": config["threshold"]}
    dataset_drift = None
    for test in d["tests"]:
        failed = str(test["status"]).endswith("FAIL")
        if test["name"].startswith("Value Drift for column "):
            columns[test["name"][len("Value Drift for column "):]]["drifted"] = failed
        elif test["name"].startswith("Share of Drifted Columns"):
            dataset_drift = failed  # the test is "share < drift_share"
    return columns, share, dataset_drift


WORDS = np.array([f"{a}{b}" for a in ("zor", "kal", "vex", "thu", "mir")
                  for b in ("an", "ek", "il", "ox", "um", "ra")])


def messages(n: int, rng: np.random.Generator, shift: float) -> pd.Series:
    """Free text: 2 to 8 words, Zipf-like; shifted, the common words change; some empty, some None."""
    p = np.roll(1.0 / np.arange(1, WORDS.size + 1), 3 if shift else 0)
    p /= p.sum()
    out = pd.Series([" ".join(rng.choice(WORDS, k, p=p)) for k in rng.integers(2, 9, n)],
                    dtype=object)
    out[rng.random(n) < 0.05] = ""
    out[rng.random(n) < 0.03] = None
    return out


def mixed_frame(n: int, rng: np.random.Generator, shift: float) -> pd.DataFrame:
    def p(base, moved):
        return moved if shift else base

    return pd.DataFrame({
        "f": rng.normal(shift, 1, n),
        "f_nan": np.where(rng.random(n) < 0.1, np.nan, rng.normal(shift, 1, n)),
        "f_inf": np.where(rng.random(n) < 0.02, np.inf, rng.exponential(1 + shift, n)),
        "f_few": rng.choice([0.0, 1.5, 3.0, 4.5], n, p=p([.4, .3, .2, .1], [.25, .25, .25, .25])),
        "f_binary": rng.choice([0.0, 1.0], n, p=p([.5, .5], [.4, .6])),
        "i_small": rng.integers(0, 5 if shift else 4, n),
        "i_big": rng.integers(0, 100, n) + int(10 * shift),
        "s": rng.choice(list("abcd"), n, p=p([.4, .3, .2, .1], [.3, .3, .2, .2])),
        "s_binary": rng.choice(["x", "y"], n),
        "s_nan": pd.Series(rng.choice(["u", "v", "w", None], n), dtype=object),
        "b": rng.random(n) < 0.3 + 0.1 * shift,
        "const": np.ones(n),
        "cat": pd.Categorical(rng.choice(["lo", "mid", "hi"], n)),
        "msg": messages(n, rng, shift),
        # One message most of the time: few distinct values, so categorical.
        "status_msg": rng.choice(["all systems nominal", "relay lag", "dock busy"], n,
                                 p=p([.9, .05, .05], [.8, .1, .1])),
    })


CASES = [(200, 150), (999, 999), (1000, 1300), (1001, 800), (5000, 5000)]
# Evidently's percentile rule trains a thousand random classifiers per text column;
# the free-text column rides along in one case on each side of its 1,000-row switch
# (tests/driftscope/test_text.py compares the text rule on seven more frames).
TEXT_CASES = {(200, 150), (5000, 5000)}


@pytest.fixture(scope="module")
def comparisons():
    rng = np.random.default_rng(2043)
    out = []
    for n_ref, n_cur in CASES:
        for shift in (0.0, 0.3):
            reference, current = mixed_frame(n_ref, rng, 0.0), mixed_frame(n_cur, rng, shift)
            if (n_ref, n_cur) not in TEXT_CASES:
                reference, current = reference.drop(columns="msg"), current.drop(columns="msg")
            out.append(((n_ref, n_cur, shift), run_evidently(reference, current),
                        drift_report(reference, current, policy="evidently")))
    return out


def test_same_columns_tests_scores_and_verdicts(comparisons):
    worst, n_columns = 0.0, 0
    for case, (expected, _, _), report in comparisons:
        assert sorted(report.columns) == sorted(expected), (
            f"{case}: Evidently tested {sorted(expected)}, driftscope {sorted(report.columns)}")
        for column, want in expected.items():
            got = report[column]
            n_columns += 1
            assert got.test == want["test"], f"{case} {column}: test {got.test!r}, Evidently {want['test']!r}"
            if got.test == "Percentile text content drift":
                # The row's threshold is the random classifiers' ROC AUC; Evidently's "0.95" is noted.
                assert f"Evidently's threshold {want['threshold']}" in got.note, (case, got.note)
            else:
                assert got.threshold == want["threshold"], f"{case} {column}: threshold {got.threshold}"
            diff = abs(got.statistic - want["score"])
            worst = max(worst, diff)
            assert diff <= TOLERANCE, (
                f"{case} {column} ({got.test}): score {got.statistic!r}, Evidently {want['score']!r}")
            assert got.drifted == want["drifted"], (
                f"{case} {column}: drifted={got.drifted}, Evidently says {want['drifted']} "
                f"(score {want['score']}, threshold {want['threshold']})")
    assert n_columns == 2 * sum(15 if case in TEXT_CASES else 14 for case in CASES)


def test_same_drifted_share_and_dataset_verdict(comparisons):
    for case, (_, share, dataset_drift), report in comparisons:
        assert report.drifted_share == pytest.approx(share, abs=1e-12), (
            f"{case}: drifted share {report.drifted_share}, Evidently {share}")
        assert report.dataset_drift == dataset_drift, (
            f"{case}: dataset_drift={report.dataset_drift}, Evidently {dataset_drift}")


def test_cases_cover_both_sides_of_every_switch(comparisons):
    tests = {r.test for _, _, report in comparisons for r in report}
    assert tests == {"K-S p_value", "chi-square p_value", "Z-test p_value",
                     "Wasserstein distance (normed)", "Jensen-Shannon distance",
                     "Percentile text content drift", "Absolute text content drift"}
    text = {(r.test, r.drifted) for _, _, report in comparisons for r in report if r.kind == "text"}
    assert {drifted for _, drifted in text} == {True, False}, text
    assert {report["status_msg"].kind for _, _, report in comparisons} == {"categorical"}
    assert {report.dataset_drift for _, _, report in comparisons} == {True, False}


def test_unseen_category_and_skipped_dtypes_match_evidently():
    rng = np.random.default_rng(7)
    n = 300
    reference = pd.DataFrame({
        "x": rng.normal(size=n), "s": rng.choice(list("abc"), n),
        "u8": rng.integers(0, 50, n).astype("uint8"),           # Evidently: unknown, not tested
        "nullable": pd.array(rng.integers(0, 50, n), dtype="Int64"),
        "when": pd.date_range("2043-07-01", periods=n, freq="h"),
    })
    current = reference.copy()
    current["s"] = rng.choice(list("abcd"), n)                   # "d" is new
    current["when"] = pd.date_range("2043-08-15", periods=n, freq="h")
    expected, share, dataset_drift = run_evidently(reference, current)
    report = drift_report(reference, current)
    assert sorted(report.columns) == sorted(expected) == ["s", "x"]
    assert set(report.skipped) == {"u8", "nullable", "when"}
    assert report["s"].statistic == expected["s"]["score"] == 0.0
    assert report["s"].drifted and "'d'" in report["s"].note
    assert report.drifted_share == share and report.dataset_drift == dataset_drift


def test_infinities_without_nan_are_counted_as_evidently_counts_them():
    # Evidently's DriftedColumnsCount keeps +/-inf when the column has no NaN,
    # its ValueDrift drops them: the two can disagree, and so does driftscope.
    rng = np.random.default_rng(11)
    n = 2000
    reference = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    current = pd.DataFrame({"a": rng.normal(0.5, 1, n), "b": rng.normal(size=n)})
    current.loc[:5, "a"] = np.inf
    expected, share, dataset_drift = run_evidently(reference, current)
    report = drift_report(reference, current)
    assert report["a"].drifted == expected["a"]["drifted"] is True
    assert abs(report["a"].statistic - expected["a"]["score"]) <= TOLERANCE
    assert report.drifted_share == share == 0.0
    assert report.dataset_drift == dataset_drift is False
    assert "inconsistency" in report["a"].note


def test_all_missing_column_is_an_error_as_in_evidently():
    ev = evidently()
    reference = pd.DataFrame({"x": np.arange(10.0), "empty": np.nan})
    current = pd.DataFrame({"x": np.arange(10.0), "empty": np.nan})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="empty column 'empty'"):
            ev.Report([ev.DataDriftPreset()]).run(current, reference)
    with pytest.raises(AllNaNError, match=r"reference \(column 'empty'\): all 10 values are missing"):
        drift_report(reference, current)


def test_identifier_column_is_text_as_in_evidently():
    # Evidently calls a column of distinct ids "text" and runs its classifier on it;
    # so does driftscope, with the same score and verdict (new ids: nothing to learn).
    rng = np.random.default_rng(5)
    reference = pd.DataFrame({"x": rng.normal(size=300), "id": [f"r{i}" for i in range(300)]})
    current = pd.DataFrame({"x": rng.normal(size=300), "id": [f"c{i}" for i in range(300)]})
    expected, share, dataset_drift = run_evidently(reference, current)
    report = drift_report(reference, current)
    assert report["id"].kind == "text" and report["id"].test == expected["id"]["test"]
    assert report["id"].statistic == expected["id"]["score"]
    assert report["id"].drifted == expected["id"]["drifted"]
    assert report.drifted_share == share and report.dataset_drift == dataset_drift
    # The watchtower policy leaves single-token identifiers out, with the reason.
    assert "identifier" in drift_report(reference, current, policy="watchtower").skipped["id"]


def test_text_column_errors_as_in_evidently():
    ev = evidently()
    # Distinct texts made only of English stop words: Evidently's vectorizer has no word.
    reference = pd.DataFrame({"x": np.arange(40.0), "t": ["the " * i + "and" for i in range(40)]})
    current = pd.DataFrame({"x": np.arange(40.0), "t": ["of " * i + "it" for i in range(40)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="empty vocabulary"):
            ev.Report([ev.DataDriftPreset()]).run(current, reference)
    with pytest.raises(EmptyVocabularyError, match=r"column 't': no word to learn from"):
        drift_report(reference, current)
    assert drift_report(reference, current, columns=["x"]).columns == ["x"]


@pytest.mark.parametrize("name, reference, current", [
    # One message repeated in every current row: 1 distinct value of 40, categorical.
    ("a single repeated message", ["all systems nominal"] * 30 + ["relay lag"] * 10,
     ["all systems nominal"] * 40),
    # The same message in every row of both windows: categorical, nothing moved.
    ("the same message everywhere", ["all systems nominal"] * 40, ["all systems nominal"] * 40),
    # Exactly half distinct is not "more than half": still categorical.
    ("half distinct", [f"relay {i % 20}" for i in range(40)], [f"relay {i % 20}" for i in range(40)]),
    # One more distinct value than half: text, and the domain classifier runs.
    ("just over half distinct", [f"relay {i % 21} lag" for i in range(40)],
     [f"relay {i % 21} lag" for i in range(40)][::-1]),
])
def test_message_column_kind_score_and_verdict_are_evidentlys(name, reference, current):
    rng = np.random.default_rng(11)
    ref = pd.DataFrame({"x": rng.normal(size=len(reference)), "status": reference})
    cur = pd.DataFrame({"x": rng.normal(size=len(current)), "status": current})
    expected, share, dataset_drift = run_evidently(ref, cur)
    report = drift_report(ref, cur, policy="evidently")
    row = report["status"]
    want = expected["status"]
    assert row.test == want["test"], f"{name}: test {row.test!r}, Evidently {want['test']!r}"
    assert row.kind == ("text" if "text content" in want["test"] else "categorical"), name
    assert row.drifted == want["drifted"], f"{name}: drifted {row.drifted}, Evidently {want['drifted']}"
    if row.kind == "text":
        assert row.statistic == want["score"], f"{name}: {row.statistic!r} vs {want['score']!r}"
    else:
        assert abs(row.statistic - want["score"]) <= 1e-9, f"{name}: {row.statistic!r} vs {want['score']!r}"
    assert report.drifted_share == share and report.dataset_drift == dataset_drift, name
