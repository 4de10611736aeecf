"""Evidently 0.7's API for the agreement tests, imported on first use.

Importing Evidently costs about six CPU seconds in every process that collects
the tests; the fast tier never calls it, so the modules that compare with it
import it here, inside the tests, rather than at module level.
"""

from __future__ import annotations

import functools
import os
from types import SimpleNamespace

from needs import require


@functools.cache
def evidently() -> SimpleNamespace:
    """Report, DataDriftPreset and the legacy text helpers (skips, or fails under CI, without Evidently)."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")
    require("evidently")
    from evidently import Report
    from evidently.legacy.utils.data_drift_utils import (
        get_text_data_for_plots,
        roc_auc_random_classifier_percentile,
    )
    from evidently.presets import DataDriftPreset

    return SimpleNamespace(Report=Report, DataDriftPreset=DataDriftPreset,
                           get_text_data_for_plots=get_text_data_for_plots,
                           roc_auc_random_classifier_percentile=roc_auc_random_classifier_percentile)
