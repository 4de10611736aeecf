"""driftscope: fast, exact drift statistics and drift reports.

The reference package of The Watchtower course. See the README for a tour.

Statistics take arrays (lists, NumPy arrays, pandas Series) and return floats
or named results that unpack like SciPy's. Missing values (NaN, None, inf) in
samples are dropped and counted; empty or all-missing input, non-numeric data
where numbers are needed and invalid distributions raise a `DriftscopeError`
subclass (a `ValueError`, see `driftscope.errors`) that names the input and
the problem.

=========================  =================================================
binning                    `bin_edges`, `bin_counts`, `category_counts`
divergences (bins)         `kl_divergence`, `js_divergence`, `js_distance`,
                           `hellinger`, `total_variation`, `psi_from_counts`
numeric samples            `psi`, `ks_test`, `wasserstein`
categorical samples        `chi_square_test`, `z_test`
texts                      `text_drift` (a domain classifier, as Evidently;
                           needs the ``text`` extra)
many columns at once       `bonferroni`, `benjamini_hochberg`
data frames                `drift_report` (policies in `POLICIES`: "evidently",
                           "watchtower"; "sketch" from profiles)
errors                     `driftscope.errors` (`DriftscopeError` and its
                           subclasses)
streams                    `HistogramSketch`, `CategorySketch`, `Profile`
stream detectors           `PageHinkley`, `DDM`, `ADWIN`, `run_detector`,
                           `score_detections`
labels arrive late         `prediction_shares`, `prediction_drift`,
                           `expected_accuracy` (CBPE), `IsotonicCalibrator`,
                           `realised_accuracy`, `performance_timeline`
many machines              `driftscope.distributed` (`profile_dask`,
                           `drift_report_dask`; needs the ``distributed`` extra)
over time                  `windowed_drift` (daily, hourly, sliding windows)
alert rules                `alert_states`, `alert_periods`,
                           `alert_notifications` (Prometheus' semantics)
Prometheus                 `driftscope.metrics.DriftCollector` (needs the
                           ``service`` extra)
=========================  =================================================

Every statistic has one implementation, in ``driftscope._kernels``: the
public functions validate their input and call it, and the report policies,
the sketches and the distributed engine call the same kernels.
"""

from ._results import ChiSquareResult, KSResult, MultipleTestResult, Statistic, ZTestResult
from .errors import (
    AllNaNError,
    ColumnMismatchError,
    DriftscopeError,
    DtypeError,
    EmptySampleError,
    InvalidDistributionError,
    InvalidPValueError,
    LengthMismatchError,
    NonFiniteError,
    NumericOverflowError,
    ParameterError,
    ShapeError,
    SketchMismatchError,
)
from .binning import bin_counts, bin_edges, category_counts
from .categorical import chi_square_test, z_test
from .divergence import (
    hellinger,
    js_distance,
    js_divergence,
    kl_divergence,
    psi,
    psi_from_counts,
    total_variation,
)
from .multitest import benjamini_hochberg, bonferroni
from .twosample import ks_test, wasserstein

__version__ = "0.1.0"

__all__ = [
    # binning
    "bin_edges",
    "bin_counts",
    "category_counts",
    # divergences between distributions, and PSI
    "kl_divergence",
    "js_divergence",
    "js_distance",
    "hellinger",
    "total_variation",
    "psi",
    "psi_from_counts",
    # two-sample tests and distances
    "ks_test",
    "wasserstein",
    "chi_square_test",
    "z_test",
    # multiple testing
    "bonferroni",
    "benjamini_hochberg",
    # results
    "KSResult",
    "ChiSquareResult",
    "ZTestResult",
    "MultipleTestResult",
    "Statistic",
    # errors
    "DriftscopeError",
    "EmptySampleError",
    "AllNaNError",
    "NonFiniteError",
    "InvalidDistributionError",
    "InvalidPValueError",
    "LengthMismatchError",
    "DtypeError",
    "ShapeError",
    "ParameterError",
    "NumericOverflowError",
]

# Reports are appended below.
from .policies import ColumnDrift
from .report import DriftReport, drift_report

__all__ += ["drift_report", "DriftReport", "ColumnDrift", "ColumnMismatchError"]

# Streaming sketches: O(bins) profiles, mergeable by addition (driftscope.sketch).
from .sketch import (
    CategorySketch,
    HistogramSketch,
    KSBound,
    Profile,
    sketch_hellinger,
    sketch_js_distance,
    sketch_kl,
    sketch_ks_bound,
    sketch_psi,
)

__all__ += ["HistogramSketch", "CategorySketch", "Profile", "KSBound", "SketchMismatchError",
            "sketch_psi", "sketch_kl", "sketch_js_distance", "sketch_hellinger", "sketch_ks_bound"]

# Stream detectors: update(x) -> bool, the same decisions as River's (driftscope.detectors).
from .detectors import ADWIN, DDM, DetectionScore, PageHinkley, run_detector, score_detections

__all__ += ["PageHinkley", "DDM", "ADWIN", "run_detector", "score_detections", "DetectionScore"]

# Monitoring over time: windows, alert rules with Prometheus' semantics (driftscope.windows,
# driftscope.alerts); driftscope.metrics exports them through prometheus_client.
from .alerts import alert_notifications, alert_periods, alert_states
from .windows import WindowedDrift, windowed_drift

__all__ += ["windowed_drift", "WindowedDrift", "alert_states", "alert_periods", "alert_notifications"]

# Text columns: a domain classifier, Evidently's test (driftscope.text; needs the text extra).
from .errors import EmptyVocabularyError
from .text import TextDriftResult, text_drift

__all__ += ["text_drift", "TextDriftResult", "EmptyVocabularyError"]

# Performance while the labels are late: prediction drift, CBPE, realised accuracy.
from .performance import (  # noqa: E402
    AccuracyEstimate,
    IsotonicCalibrator,
    PredictionDriftResult,
    RealisedAccuracy,
    expected_accuracy,
    performance_timeline,
    prediction_drift,
    prediction_shares,
    realised_accuracy,
)

__all__ += ["prediction_shares", "prediction_drift", "PredictionDriftResult", "expected_accuracy",
            "AccuracyEstimate", "realised_accuracy", "RealisedAccuracy", "IsotonicCalibrator",
            "performance_timeline"]
