"""Stream detectors: one value in, "has it drifted?" out.

=============  ===============================================================
`PageHinkley`  CUSUM of deviations from the running mean (any numeric stream)
`DDM`          error rate plus its standard deviation (a 0/1 error stream)
`ADWIN`        adaptive window, cut when its two parts differ in mean
=============  ===============================================================

Each has ``update(x) -> bool`` (drift flagged at this step) and a read-only
``drift_detected`` (DDM also ``warning_detected``); the state resets at the
next ``update`` after a detection. They make the same decisions as River
0.26's detectors of the same names, step for step (tests/driftscope/test_detectors.py).
NaN, inf and non-numbers in ``update`` are errors (`NonFiniteError`,
`DtypeError`), never dropped. They share `DriftDetector` (module
``driftscope.detectors.base``): parameters stored under their own names,
state in ``_reset()``, the read-only flags, `clone` and `repr`.
"""

from .adwin import ADWIN
from .base import DriftDetector
from .ddm import DDM
from .page_hinkley import PageHinkley

__all__ = ["PageHinkley", "DDM", "ADWIN", "DriftDetector"]
