"""Prediction drift and performance without labels (driftscope.performance), and detector scoring.

Cross-checks: the calibrator against scikit-learn's IsotonicRegression, the CBPE
standard deviation against the exact Poisson-binomial distribution, the chi-square
against SciPy, the timeline against a plain pandas computation with the station clock,
run_detector against River's detectors.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import driftscope as ds
from driftscope.synthetic import drifting_stream

# --- prediction shares and prediction drift ----------------------------------------------------


def test_prediction_shares_by_hand():
    got = ds.prediction_shares(["b", "a", "b", "b"], classes=["a", "b", "c"])
    assert got == {"a": 0.25, "b": 0.75, "c": 0.0}
    assert list(got) == ["a", "b", "c"]  # the order of `classes`
    assert ds.prediction_shares(["b", "a", "b", "b"]) == {"a": 0.25, "b": 0.75}


def test_prediction_shares_of_a_categorical_series_keep_the_given_classes():
    s = pd.Series(pd.Categorical(["x", "y", "x"], categories=["x", "y", "z"]))
    assert ds.prediction_shares(s, classes=["z", "y", "x"]) == {"z": 0.0, "y": 1 / 3, "x": 2 / 3}


@pytest.mark.parametrize("classes, match", [(["a"], "'b'.*not among classes"),
                                            ([], "classes: is empty"),
                                            (["a", "b", "a"], "twice")])
def test_prediction_shares_bad_classes(classes, match):
    with pytest.raises(ds.ParameterError, match=match):
        ds.prediction_shares(["a", "b"], classes=classes)


def test_prediction_drift_against_scipy():
    rng = np.random.default_rng(3)
    ref = rng.choice(["greeting", "trade", "distress", "request"], 3000, p=[0.3, 0.3, 0.15, 0.25])
    cur = rng.choice(["greeting", "trade", "distress", "request"], 1000, p=[0.6, 0.2, 0.08, 0.12])
    got = ds.prediction_drift(ref, cur)
    classes = sorted(set(ref))
    r = np.array([(ref == c).sum() for c in classes], float)
    q = np.array([(cur == c).sum() for c in classes], float)
    want = stats.chisquare(q, r * q.sum() / r.sum())
    assert got.statistic == pytest.approx(want.statistic, rel=1e-12)
    assert got.pvalue == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)
    rs, qs = r / r.sum(), q / q.sum()
    assert got.psi == pytest.approx(float(np.sum((qs - rs) * np.log(qs / rs))), rel=1e-12)
    assert list(got.reference_shares) == classes and got.n_reference == 3000 and got.n_current == 1000
    statistic, pvalue = got
    assert (statistic, pvalue) == (got.statistic, got.pvalue)
    # the same as the categorical test of the package on the raw labels
    assert got.statistic == pytest.approx(ds.chi_square_test(ref, cur).statistic, rel=1e-12)


def test_prediction_drift_with_a_class_never_predicted():
    got = ds.prediction_drift(["a"] * 50 + ["b"] * 50, ["a"] * 30 + ["b"] * 70, classes=["a", "b", "c"])
    assert got.statistic == 16.0  # (30 - 50)^2 / 50 + (70 - 50)^2 / 50, "c" adds nothing
    assert got.pvalue == pytest.approx(stats.chi2.sf(16.0, 1))
    assert got.current_shares == {"a": 0.3, "b": 0.7, "c": 0.0}


def test_prediction_drift_quiet_on_the_same_shares():
    got = ds.prediction_drift(["ok"] * 99 + ["fraud"], ["ok"] * 99 + ["fraud"])
    assert got.statistic == 0.0 and got.pvalue == 1.0 and got.psi == 0.0


# --- expected accuracy (CBPE) ------------------------------------------------------------------


def poisson_binomial_pmf(p):
    pmf = np.array([1.0])
    for pi in p:
        pmf = np.convolve(pmf, [1 - pi, pi])
    return pmf


def test_expected_accuracy_mean_and_exact_std():
    c = np.array([0.95, 0.6, 0.8, 0.7, 0.99, 0.51, 0.88])
    got = ds.expected_accuracy(c)
    pmf = poisson_binomial_pmf(c)
    k = np.arange(c.size + 1) / c.size  # accuracy for k correct
    mean = float(np.sum(pmf * k))
    std = math.sqrt(float(np.sum(pmf * (k - mean) ** 2)))
    assert got.accuracy == pytest.approx(mean, rel=1e-12)
    assert got.std == pytest.approx(std, rel=1e-9)
    assert got.n == 7 and got.n_dropped == 0


def test_expected_accuracy_is_unbiased_and_its_std_is_right_on_calibrated_data():
    # 400 days of 300 requests whose confidences are exact probabilities of being right
    rng = np.random.default_rng(11)
    z = []
    for _ in range(400):
        c = rng.beta(6, 2, 300)
        correct = rng.random(300) < c
        accuracy, std = ds.expected_accuracy(c)
        z.append((correct.mean() - accuracy) / std)
    z = np.array(z)
    assert abs(z.mean()) < 0.2, z.mean()  # standard error of the mean of 400 N(0, 1): 0.05
    assert 0.85 < z.std() < 1.15, z.std()


def test_expected_accuracy_bad_values():
    with pytest.raises(ds.InvalidDistributionError, match=r"confidence: must be probabilities in \[0, 1\], got 1.3"):
        ds.expected_accuracy([0.5, 1.3])
    with pytest.raises(ds.EmptySampleError, match="confidence"):
        ds.expected_accuracy([])


# --- realised accuracy -------------------------------------------------------------------------


def test_realised_accuracy_skips_unlabelled_requests():
    got = ds.realised_accuracy(pd.Series(["a", "b", "a", "b", "a"]),
                               pd.Series(pd.Categorical(["a", "a", None, "b", np.nan])))
    assert got.accuracy == pytest.approx(2 / 3) and got.n_labelled == 3 and got.n_unlabelled == 2


def test_realised_accuracy_errors():
    with pytest.raises(ds.LengthMismatchError, match="labels: has 1 values but predictions has 2"):
        ds.realised_accuracy(["a", "b"], ["a"])
    with pytest.raises(ds.EmptySampleError, match="none of the 2 requests has a label yet"):
        ds.realised_accuracy(["a", "b"], [None, np.nan])
    with pytest.raises(ds.ShapeError, match="predictions"):
        ds.realised_accuracy([["a"], ["b"]], ["a", "b"])


# --- calibration -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_isotonic_calibrator_equals_scikit_learn(seed):
    isotonic = pytest.importorskip("sklearn.isotonic")
    rng = np.random.default_rng(seed)
    score = np.round(rng.uniform(0.3, 1.0, 3000), 2)  # many ties
    correct = rng.random(3000) < score ** 3
    ours = ds.IsotonicCalibrator().fit(score, correct)
    theirs = isotonic.IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(score, correct)
    new = np.concatenate([rng.uniform(0.0, 1.0, 500), [0.0, 1.0, 0.3, 0.305]])
    np.testing.assert_allclose(ours.transform(new), theirs.predict(new), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.transform(score), theirs.predict(score), rtol=0, atol=1e-12)
    assert np.all(np.diff(ours.values_) >= 0)


def test_isotonic_calibrator_fixes_an_over_confident_model():
    rng = np.random.default_rng(5)
    score = rng.uniform(0.8, 1.0, 20000)
    correct = rng.random(20000) < 0.5 + 2 * (score - 0.9)  # P(right) from 0.3 to 0.7
    cal = ds.IsotonicCalibrator().fit(score[:10000], correct[:10000])
    later = cal.transform(score[10000:])
    assert ds.expected_accuracy(score[10000:]).accuracy > 0.89
    assert abs(ds.expected_accuracy(later).accuracy - correct[10000:].mean()) < 0.02


def test_isotonic_calibrator_errors():
    cal = ds.IsotonicCalibrator()
    with pytest.raises(ds.ParameterError, match="call fit"):
        cal.transform([0.5])
    with pytest.raises(ds.NonFiniteError, match="confidence: 1 value"):
        cal.fit([0.5, np.nan], [1, 0])
    with pytest.raises(ds.InvalidDistributionError, match="correct: must be booleans or 0/1"):
        cal.fit([0.5, 0.6], [1, 2])
    with pytest.raises(ds.LengthMismatchError, match="correct: has 1 values"):
        cal.fit([0.5, 0.6], [1])
    cal.fit([0.5, 0.6], [0, 1])
    with pytest.raises(ds.InvalidDistributionError, match="confidence"):
        cal.transform([1.5])
    assert "2 thresholds" in repr(cal)


# --- the timeline with delayed labels ----------------------------------------------------------


@pytest.fixture(scope="module")
def logs():
    from watchtower.world import translator_logs

    return translator_logs("2043-09-01", "2043-09-12", requests_per_day=300)


def test_performance_timeline_against_pandas(logs):
    as_of = pd.Timestamp("2043-09-10 12:00")
    got = ds.performance_timeline(logs, as_of=as_of)
    seen = logs[logs.timestamp < as_of]
    day = seen.timestamp.dt.normalize()
    want_conf = seen.groupby(day).confidence.mean()
    known = seen[seen.label_at <= as_of]
    want_acc = (known.prediction.astype(str) == known.label.astype(str)).groupby(
        known.timestamp.dt.normalize()).mean()
    assert list(got.index) == list(want_conf.index)  # 1 to 10 Sep: days with requests
    np.testing.assert_allclose(got.expected_accuracy, want_conf, rtol=1e-12)
    assert got.requests.tolist() == seen.groupby(day).size().tolist()
    labelled = known.groupby(known.timestamp.dt.normalize()).size()
    assert got.labelled.reindex(labelled.index).tolist() == labelled.tolist()
    np.testing.assert_allclose(got.realised_accuracy.reindex(want_acc.index), want_acc, rtol=1e-12)
    # the newest days have no label yet: NaN, with labelled == 0
    assert got.loc["2043-09-10", "labelled"] == 0 and np.isnan(got.loc["2043-09-10", "realised_accuracy"])


def test_performance_timeline_never_reads_a_future_label(logs):
    as_of = pd.Timestamp("2043-09-08")
    scrambled = logs.copy()
    late = scrambled.label_at > as_of
    scrambled.loc[late, "label"] = scrambled.loc[late, "prediction"]  # a label from the future
    scrambled.loc[scrambled.timestamp >= as_of, "confidence"] = 0.0  # requests from the future
    pd.testing.assert_frame_equal(ds.performance_timeline(scrambled, as_of=as_of),
                                  ds.performance_timeline(logs, as_of=as_of))


def test_performance_timeline_weekly_and_errors(logs):
    weekly = ds.performance_timeline(logs, as_of="2043-09-13", freq="7D")
    assert weekly.requests.sum() == len(logs)
    assert list(weekly.index) == [pd.Timestamp("2043-09-01"), pd.Timestamp("2043-09-08")]
    shifted = ds.performance_timeline(logs, as_of="2043-09-13", freq="7D", origin="2043-08-29")
    assert list(shifted.index) == [pd.Timestamp("2043-08-29"), pd.Timestamp("2043-09-05"),
                                   pd.Timestamp("2043-09-12")]
    with pytest.raises(ds.ParameterError, match="freq must be a fixed length"):
        ds.performance_timeline(logs, as_of="2043-09-13", freq="W")
    with pytest.raises(ds.ParameterError, match="no column 'score'"):
        ds.performance_timeline(logs, as_of="2043-09-13", confidence="score")
    with pytest.raises(ds.ParameterError, match="as_of must be a time"):
        ds.performance_timeline(logs, as_of="soon")


# --- running and scoring detectors -------------------------------------------------------------


def test_run_detector_matches_river_step_for_step():
    river_drift = pytest.importorskip("river.drift")
    errors = drifting_stream(6000, change_point=3000, before=0.2, after=0.35, seed=4)
    pairs = [(ds.DDM(), river_drift.binary.DDM()),
             (ds.PageHinkley(mode="both"), river_drift.PageHinkley()),
             (ds.ADWIN(), river_drift.ADWIN())]
    for ours, theirs in pairs:
        got, want = ds.run_detector(ours, errors), ds.run_detector(theirs, errors)
        assert got.tolist() == want.tolist() and got.size > 0, type(ours).__name__


def test_score_detections():
    assert ds.score_detections([5, 1200, 1300], 1000) == ds.DetectionScore(200, 1, 3)
    assert ds.score_detections([5, 7], None) == ds.DetectionScore(None, 2, 2)
    assert ds.score_detections(np.array([], dtype=int), 0) == ds.DetectionScore(None, 0, 0)
    assert ds.score_detections([1000], 1000).delay == 0
    with pytest.raises(ds.ParameterError, match="change_point"):
        ds.score_detections([1], -3)
