"""Drift policies: which test each column gets, and when a column or a data set drifts.

* ``"evidently"``: `EvidentlyPolicy`, Evidently 0.7.23's `DataDriftPreset`
  reproduced (module `driftscope.policies.evidently_preset`).
* ``"watchtower"``: `WatchtowerPolicy`, the course's recommendation, effect
  size plus Benjamini-Hochberg-corrected tests (module
  `driftscope.policies.watchtower`).
* ``"sketch"``: `SketchPolicy`, the watchtower policy computable from bin and
  category counts alone, so from streaming sketches and from the partitions
  of a distributed data frame (module `driftscope.policies.sketched`).
"""

from __future__ import annotations

from ._base import CATEGORICAL, NUMERICAL, ColumnDrift, Skip
from .evidently_preset import EvidentlyPolicy
from .sketched import SketchPolicy
from .watchtower import WatchtowerPolicy

__all__ = ["POLICIES", "ColumnDrift", "Skip", "EvidentlyPolicy", "WatchtowerPolicy",
           "SketchPolicy", "NUMERICAL", "CATEGORICAL"]

POLICIES = {"evidently": EvidentlyPolicy, "watchtower": WatchtowerPolicy, "sketch": SketchPolicy}
