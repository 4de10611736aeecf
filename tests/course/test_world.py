"""The world of Vector Prime (watchtower.world): every timeline event is really in the generated data.

Drift is checked with SciPy directly (``ks_2samp``, ``chi2_contingency``), not
with driftscope's own statistics, so these tests are an independent witness.

How the "no drift" checks stay robust: under the null hypothesis a p-value is
uniform on [0, 1] (KS is even conservative on discrete features such as
``sentence_length``), so a "quiet" check at ``QUIET_ALPHA = 1e-3`` fails by
chance with probability 0.001 per test, about 1% for the whole file, for an
arbitrary seed; for the fixed seeds here the result is deterministic. We also
bound the effect size (KS statistic), which does not shrink with luck. The
"drift" checks use p-values below 1e-10 and large effect sizes, which real
drift reaches by orders of magnitude at these sample sizes (July: ~46,000
requests; each window: 10,000-30,000).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import watchtower.world as ds
from watchtower.world import (
    as_of,
    known_at,
    station_logs,
    CONCEPT_WORD,
    TIMELINE,
    event,
    event_window,
    feedback_loop,
    labels_known_at,
    reference_window,
    slang_share,
    translator_logs,
    translator_model,
    window,
)
from watchtower.world.cache import ENV

QUIET_ALPHA = 1e-3  # "no drift" checks: p-value must stay above this
DRIFT_P = 1e-10  # "drift" checks: p-value must fall below this
NUMERIC = ["sentence_length", "oov_rate", "formality"]
CATEGORICAL = ["planet", "channel"]


@pytest.fixture(scope="module")
def logs() -> pd.DataFrame:
    return translator_logs()  # 1 Jul - 30 Sep 2043, seed 2043, ~1,500 requests/day


@pytest.fixture(scope="module")
def july(logs):
    return reference_window(logs)


def ks_p(a, b) -> float:
    return float(stats.ks_2samp(np.asarray(a), np.asarray(b)).pvalue)


def ks_d(a, b) -> float:
    return float(stats.ks_2samp(np.asarray(a), np.asarray(b)).statistic)


def chi2_p(a: pd.Series, b: pd.Series) -> float:
    """Chi-square test of homogeneity of a categorical column in two windows."""
    table = pd.concat(
        [a.value_counts(sort=False), b.value_counts(sort=False)], axis=1
    ).fillna(0)
    table = table[table.sum(axis=1) > 0]
    return float(stats.chi2_contingency(table.to_numpy()).pvalue)


def accuracy(frame: pd.DataFrame) -> float:
    labelled = frame[frame.label.notna()]
    return float((labelled.prediction == labelled.label).mean())


def has_concept_word(frame: pd.DataFrame) -> pd.Series:
    return frame.text.str.split().apply(lambda tokens: CONCEPT_WORD in tokens)


# ---------------------------------------------------------------- shape


def test_columns_and_dtypes(logs):
    assert tuple(logs.columns) == ds.COLUMNS
    want = {
        "timestamp": "datetime64[ms]",
        "request_id": "object",
        "planet": "category",
        "channel": "category",
        "sentence_length": "int64",
        "oov_rate": "float64",
        "formality": "float64",
        "text": "object",
        "latency_ms": "float64",
        "status": "int64",
        "prediction": "category",
        "confidence": "float64",
        "label": "category",
        "label_at": "datetime64[ms]",
    }
    got = {c: str(t) for c, t in logs.dtypes.items()}
    assert got == want, f"dtypes should be {want}, got {got}"
    assert list(logs.prediction.cat.categories) == list(ds.INTENTS)
    assert list(logs.label.cat.categories) == list(ds.INTENTS)
    assert list(logs.planet.cat.categories) == list(ds.PLANETS)
    assert logs.request_id.is_unique
    assert logs.timestamp.is_monotonic_increasing
    assert isinstance(logs.index, pd.RangeIndex)


def test_size_and_period(logs):
    days = logs.timestamp.dt.normalize().nunique()
    assert days == 92, f"1 Jul - 30 Sep is 92 days, got {days}"
    per_day = logs.groupby(logs.timestamp.dt.date).size()
    assert per_day.between(1350, 1650).all(), per_day.describe()
    assert logs.timestamp.min() >= pd.Timestamp("2043-07-01")
    assert logs.timestamp.max() < pd.Timestamp("2043-10-01")


def test_features_agree_with_text(logs):
    sample = logs.sample(3000, random_state=0)
    tokens = sample.text.str.split()
    assert (tokens.str.len() == sample.sentence_length).all()
    oov = tokens.apply(lambda ts: np.mean([ds.language.is_oov(t) for t in ts]))
    np.testing.assert_allclose(oov.to_numpy(), sample.oov_rate.to_numpy())
    assert sample.formality.between(0, 1).all()
    assert sample.confidence.between(0.25, 1).all()


def test_predictions_come_from_the_model(logs):
    sample = logs.sample(3000, random_state=1)
    model = translator_model(2043)
    got = model.predict(sample.text.tolist())
    assert (got == sample.prediction.astype(str).to_numpy()).all()
    proba = model.predict_proba(sample.text.tolist()).max(axis=1)
    np.testing.assert_allclose(proba, sample.confidence, atol=1e-4)


# ---------------------------------------------------------------- determinism


def test_same_seed_same_logs_and_slices_agree():
    a = translator_logs("2043-08-29", "2043-09-11", requests_per_day=300, seed=5)
    b = translator_logs("2043-08-29", "2043-09-11", requests_per_day=300, seed=5)
    pd.testing.assert_frame_equal(a, b)
    # A shorter period is exactly a slice of the longer one (one stream per day).
    part = translator_logs("2043-09-10", "2043-09-11", requests_per_day=300, seed=5)
    pd.testing.assert_frame_equal(
        part, window(a, "2043-09-10", "2043-09-11").reset_index(drop=True)
    )


def test_different_seed_different_logs():
    a = translator_logs("2043-08-01", "2043-08-02", requests_per_day=300, seed=5)
    b = translator_logs("2043-08-01", "2043-08-02", requests_per_day=300, seed=6)
    assert len(a) != len(b) or not a.text.equals(b.text)


def test_model_copy_is_independent():
    model = translator_model(2043)
    model.set_params(classifier__C=123.0)
    assert translator_model(2043).get_params()["classifier__C"] == 1.0


# ---------------------------------------------------------------- timeline


def test_quiet_period_no_feature_drift(logs, july):
    quiet = window(logs, "2043-08-01", "2043-08-14")
    assert len(quiet) > 19_000
    for col in NUMERIC + ["confidence"]:
        p, d = ks_p(july[col], quiet[col]), ks_d(july[col], quiet[col])
        assert p > QUIET_ALPHA, f"{col}: July vs 1-14 Aug should not drift, KS p={p:.2g}"
        assert d < 0.02, f"{col}: KS statistic should be tiny, got {d:.3f}"
    for col in CATEGORICAL + ["prediction"]:
        p = chi2_p(july[col], quiet[col])
        assert p > QUIET_ALPHA, f"{col}: July vs 1-14 Aug should not drift, chi2 p={p:.2g}"


@pytest.mark.parametrize("seed", [1, 2])
def test_quiet_period_no_feature_drift_other_seeds(seed):
    small = translator_logs("2043-07-01", "2043-08-14", requests_per_day=400, seed=seed)
    ref, quiet = reference_window(small), window(small, "2043-08-01", "2043-08-14")
    for col in NUMERIC:
        p = ks_p(ref[col], quiet[col])
        assert p > QUIET_ALPHA, f"seed {seed}, {col}: KS p={p:.2g} in a quiet period"
    for col in CATEGORICAL:
        p = chi2_p(ref[col], quiet[col])
        assert p > QUIET_ALPHA, f"seed {seed}, {col}: chi2 p={p:.2g} in a quiet period"


def test_slang_drift_appears_from_15_aug_and_grows(logs, july):
    mid = window(logs, "2043-08-15", "2043-08-21")
    late = window(logs, "2043-08-24", "2043-08-30")
    direction = {"sentence_length": -1, "oov_rate": +1, "formality": -1}
    for col, sign in direction.items():
        d_mid, d_late = ks_d(july[col], mid[col]), ks_d(july[col], late[col])
        assert ks_p(july[col], mid[col]) < DRIFT_P, f"{col} should drift by mid Aug"
        assert ks_p(july[col], late[col]) < DRIFT_P, f"{col} should drift by late Aug"
        assert d_late > 2 * d_mid, f"{col}: drift should grow, D mid={d_mid:.3f} late={d_late:.3f}"
        assert d_late > 0.2, f"{col}: late-Aug drift should be large, D={d_late:.3f}"
        shift = late[col].mean() - july[col].mean()
        assert np.sign(shift) == sign, f"{col} mean should move {sign:+d}, moved {shift:+.3f}"
    # Gradual: the daily mean OOV rate rises steadily across the slang period.
    days = window(logs, "2043-08-15", "2043-08-30")
    daily = days.groupby(days.timestamp.dt.date).oov_rate.mean()
    rho = stats.spearmanr(np.arange(len(daily)), daily.to_numpy()).statistic
    assert rho > 0.95, f"OOV rate should rise day after day, Spearman rho={rho:.2f}"
    # The planets themselves still send the same share of traffic.
    for col in CATEGORICAL:
        assert chi2_p(july[col], late[col]) > QUIET_ALPHA, col


def test_slang_brings_new_tokens(logs, july):
    known = set(" ".join(july.text).split())
    def new_share(frame):
        tokens = " ".join(frame.text).split()
        return np.mean([t not in known for t in tokens])
    early = new_share(window(logs, "2043-08-01", "2043-08-14"))
    late = new_share(window(logs, "2043-08-24", "2043-08-30"))
    assert early < 0.001, f"1-14 Aug should reuse July's words, new share {early:.4f}"
    assert late > 0.15, f"late Aug should be full of new words, new share {late:.3f}"


def test_slang_share_follows_the_timeline():
    assert slang_share(event("quiet").end) == 0.0
    ramp = [slang_share(f"2043-08-{d:02d}") for d in range(15, 32)]
    assert all(b > a for a, b in zip(ramp, ramp[1:-1])), ramp
    assert slang_share("2043-08-31") == slang_share("2043-09-20") > 0.6


def test_accuracy_falls_while_system_stays_green(logs, july):
    late = window(logs, "2043-08-24", "2043-08-30")
    acc_july, acc_late = accuracy(july), accuracy(late)
    assert acc_july > 0.85, f"the Translator should work in July, accuracy {acc_july:.3f}"
    assert acc_late < acc_july - 0.15, f"accuracy should fall: {acc_july:.3f} -> {acc_late:.3f}"
    lab = lambda f: f[f.label.notna()]  # noqa: E731
    table = [
        [(lab(f).prediction == lab(f).label).sum(), (lab(f).prediction != lab(f).label).sum()]
        for f in (july, late)
    ]
    assert stats.chi2_contingency(table).pvalue < DRIFT_P
    # System health: green every single day.
    daily_ok = logs.groupby(logs.timestamp.dt.date).status.apply(lambda s: (s == 200).mean())
    assert daily_ok.min() >= 0.99, f"status 200 share should stay >= 99%, min {daily_ok.min():.4f}"
    for q, tol in ((0.5, 0.02), (0.99, 0.05)):
        ref_q, late_q = july.latency_ms.quantile(q), late.latency_ms.quantile(q)
        assert abs(late_q / ref_q - 1) < tol, f"latency p{int(q * 100)}: {ref_q:.1f} -> {late_q:.1f}"
    assert 45 < july.latency_ms.median() < 55
    assert ks_p(july.latency_ms, late.latency_ms) > QUIET_ALPHA


def test_concept_drift_from_10_sep(logs):
    before = window(logs, "2043-09-01", "2043-09-09")
    after = window(logs, "2043-09-10", "2043-09-30")
    # Inputs (and therefore predictions) look the same...
    for col in NUMERIC:
        p = ks_p(before[col], after[col])
        assert p > QUIET_ALPHA, f"{col}: inputs should not drift across 10 Sep, KS p={p:.2g}"
    for col in CATEGORICAL + ["prediction"]:
        p = chi2_p(before[col], after[col])
        assert p > QUIET_ALPHA, f"{col}: should not drift across 10 Sep, chi2 p={p:.2g}"
    w_before = has_concept_word(before).mean()
    w_after = has_concept_word(after).mean()
    assert abs(w_before - w_after) < 0.01, f"the word is as frequent: {w_before:.3f} vs {w_after:.3f}"
    # ...but P(label | message contains the word) flips.
    def labels_given_word(frame):
        lab = frame[frame.label.notna() & has_concept_word(frame)]
        return lab.label.value_counts(normalize=True), lab
    share_b, lab_b = labels_given_word(before)
    share_a, lab_a = labels_given_word(after)
    assert share_b["greeting"] > 0.6 and share_b["distress"] < 0.1, share_b
    assert share_a["distress"] > 0.85, share_a
    assert chi2_p(lab_b.label, lab_a.label) < DRIFT_P
    # P(label | message without the word) does not change.
    def labels_without_word(frame):
        return frame[frame.label.notna() & ~has_concept_word(frame)].label
    assert chi2_p(labels_without_word(before), labels_without_word(after)) > QUIET_ALPHA
    # The model keeps its old meaning, so it is wrong on those messages.
    assert accuracy(lab_a) < accuracy(lab_b) - 0.5
    assert accuracy(after) < accuracy(before) - 0.05


def test_switching_drift_off():
    calm = translator_logs(
        "2043-07-25", "2043-09-20", requests_per_day=300, seed=3, slang=False, concept_drift=False
    )
    ref, late = reference_window(calm), window(calm, "2043-09-10", "2043-09-20")
    for col in NUMERIC:
        assert ks_p(ref[col], late[col]) > QUIET_ALPHA, col
    assert abs(accuracy(ref) - accuracy(late)) < 0.05


# ---------------------------------------------------------------- labels


def test_labels_arrive_days_later(logs):
    labelled = logs.label.notna()
    assert (labelled == logs.label_at.notna()).all(), "label and label_at missing together"
    share = labelled.mean()
    assert 0.57 < share < 0.63, f"about 60% of requests are reviewed, got {share:.3f}"
    delay = (logs.label_at - logs.timestamp)[labelled]
    assert delay.min() >= pd.Timedelta("1D"), f"labels take at least a day, min {delay.min()}"
    assert pd.Timedelta("2D") < delay.median() < pd.Timedelta("5D"), delay.median()


def test_labels_known_at(logs):
    now = pd.Timestamp("2043-08-30 12:00")
    n_labels = logs.label.notna().sum()
    seen = labels_known_at(logs, now)
    assert (seen.label_at.dropna() <= now).all()
    known = logs.label_at <= now
    pd.testing.assert_series_equal(seen.label[known], logs.label[known])
    assert seen.label[~known].isna().all()
    # On the day of the complaints, the last days' accuracy is not known yet.
    recent = window(seen, "2043-08-28", "2043-08-30")
    assert recent.label.notna().mean() < 0.05
    assert logs.label.notna().sum() == n_labels, "labels_known_at must not modify its input"


# ---------------------------------------------------------------- windows


def test_windows_are_inclusive_days(logs):
    quiet = window(logs, "2043-08-01", "2043-08-14")
    days = sorted(quiet.timestamp.dt.day.unique())
    assert days == list(range(1, 15))
    pd.testing.assert_frame_equal(quiet, event_window(logs, "quiet"))
    assert set(reference_window(logs).timestamp.dt.month) == {7}
    for ev in TIMELINE:
        assert len(event_window(logs, ev.key)) > 0, ev.key
    with pytest.raises(KeyError, match="known events"):
        event("nope")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(start="2043-08-02", end="2043-08-01"), "before start"),
        (dict(start="not a date"), "start must be a date"),
        (dict(requests_per_day=0), "requests_per_day"),
        (dict(label_rate=1.5), "label_rate"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        translator_logs(**kwargs)


def test_timeline_is_ordered():
    starts = [ev.start for ev in TIMELINE]
    assert starts == sorted(starts)
    assert all(ev.start <= ev.end for ev in TIMELINE)
    assert [ev.key for ev in TIMELINE] == ["training", "quiet", "slang", "complaints", "concept"]


# ---------------------------------------------------------------- other generators


def test_feedback_loop_confirms_its_own_bias():
    sim = feedback_loop(150, seed=11)
    last = sim[sim.day == sim.day.max()].set_index("district")
    truth = last.true_rate.idxmax()
    assert truth == 3 and last.true_rate.idxmin() == 0
    # Every patrol ends up in district 0 (the head start), the truly safest one...
    assert last.patrols.idxmax() == 0 and last.patrols[0] == 20
    assert last.predicted_risk[0] > 3 * last.true_share[0]
    # ...and nothing is recorded where nobody looks.
    assert (sim.recorded[sim.patrols == 0] == 0).all()
    assert (sim.recorded <= sim.crimes).all()
    # Exploring and correcting for exposure find the truly riskiest district.
    fair = feedback_loop(150, explore=0.5, adjust_for_exposure=True, seed=11)
    fair_last = fair[fair.day == fair.day.max()].set_index("district")
    assert fair_last.predicted_risk.idxmax() == truth
    assert np.abs(fair_last.predicted_risk - fair_last.true_share).max() < 0.05
    pd.testing.assert_frame_equal(sim, feedback_loop(150, seed=11))
    with pytest.raises(ValueError, match="explore"):
        feedback_loop(10, explore=2.0)


# ---------------------------------------------------------------- the station clock


def test_known_at_hides_the_future():
    logs = translator_logs("2043-08-01", "2043-08-10", requests_per_day=150, seed=5)
    cutoff = pd.Timestamp("2043-08-06")
    now = known_at(logs, cutoff)
    assert (now.timestamp < cutoff).all() and len(now) == int((logs.timestamp < cutoff).sum())
    assert (now.label_at.dropna() <= cutoff).all()
    arrived = logs[(logs.timestamp < cutoff) & (logs.label_at <= cutoff)]
    assert int(now.label.notna().sum()) == len(arrived) > 0
    # Labels arriving exactly at as_of count as known (label_at <= as_of).
    edge = logs.label_at.dropna().iloc[0]
    assert known_at(logs, edge).label_at.max() == edge
    assert logs.label.notna().sum() > now.label.notna().sum()  # the input is untouched
    with pytest.raises(ValueError, match="as_of"):
        known_at(logs, "not a date")


def test_station_logs_follow_the_chapter_dates():
    logs = station_logs("06-ground-truth-delay", start="2043-09-01", requests_per_day=100)
    assert logs.timestamp.max() < as_of("06-ground-truth-delay") == pd.Timestamp("2043-09-08")
    assert (logs.label_at.dropna() <= pd.Timestamp("2043-09-08")).all()
    full = translator_logs("2043-09-01", "2043-09-07", requests_per_day=100)
    pd.testing.assert_frame_equal(logs, known_at(full, "06-ground-truth-delay"))
    with pytest.raises(KeyError, match="known chapters"):
        as_of("99-nope")


def test_kept_logs_are_the_built_logs(tmp_path, monkeypatch):
    """The disk cache returns the same frame (values, dtypes, index) as building it."""
    monkeypatch.setenv(ENV, str(tmp_path))
    args = dict(start="2043-08-10", end="2043-08-25", requests_per_day=1500, seed=7)
    built = translator_logs(**args)
    (kept,) = tmp_path.glob("logs-*.pkl")
    again = translator_logs(**args)
    assert again.equals(built) and (again.dtypes == built.dtypes).all()
    again.loc[0, "latency_ms"] += 1.0
    assert translator_logs(**args).equals(built), "a caller's change reached the kept copy"
    # Another seed is another file; a damaged file is built again, not trusted.
    translator_logs(**{**args, "seed": 8})
    assert len(list(tmp_path.glob("logs-*.pkl"))) == 2
    kept.write_bytes(b"not a pickle")
    assert translator_logs(**args).equals(built)
    # Small logs are cheap to build and are not kept.
    translator_logs("2043-08-10", "2043-08-10", requests_per_day=100, seed=7)
    assert len(list(tmp_path.glob("logs-*.pkl"))) == 2
