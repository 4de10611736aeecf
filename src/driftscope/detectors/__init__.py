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

`run_detector` feeds a whole stream and returns the flagged steps;
`score_detections` turns them into a detection delay and false alarms.
"""

from .adwin import ADWIN
from .base import DriftDetector
from .ddm import DDM
from .evaluation import DetectionScore, run_detector, score_detections
from .page_hinkley import PageHinkley

__all__ = ["PageHinkley", "DDM", "ADWIN", "DriftDetector", "run_detector", "score_detections",
           "DetectionScore"]
