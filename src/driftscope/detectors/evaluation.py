"""Run a stream detector over a whole stream, and score its detections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from .._validation import check_change_point

__all__ = ["run_detector", "score_detections", "DetectionScore"]


def run_detector(detector: Any, stream: Iterable) -> np.ndarray:
    """Feed every value of `stream` to `detector`; return the steps it flagged.

    Parameters
    ----------
    detector : object
        Anything with ``update(x) -> bool``: driftscope's detectors, River's
        (``update`` then ``drift_detected``), or a student's. Its state is
        kept: run a fresh detector per stream.
    stream : iterable of float
        The values, in order (an error stream: 1 = wrong, 0 = right).

    Returns
    -------
    steps : numpy.ndarray
        int64 indices (from 0) of the values at which drift was flagged.

    Examples
    --------
    >>> from driftscope import DDM, run_detector
    >>> from driftscope.synthetic import drifting_stream
    >>> errors = drifting_stream(2000, change_point=1000, before=0.1, after=0.3, seed=5)
    >>> run_detector(DDM(), errors).tolist()
    [1067]
    """
    steps = []
    update = detector.update
    for i, x in enumerate(stream):
        flagged = update(x)
        if flagged is None:  # River's update returns None; it sets drift_detected
            flagged = detector.drift_detected
        if flagged:
            steps.append(i)
    return np.array(steps, dtype=np.int64)


@dataclass(frozen=True)
class DetectionScore:
    """Result of `score_detections`.

    Attributes
    ----------
    delay : int or None
        Steps from the change point to the first detection at or after it
        (0 = flagged on the first new value); None when the change was missed
        or there was none.
    false_alarms : int
        Detections before the change point (all of them when there is none).
    detections : int
        All detections.
    """

    delay: int | None
    false_alarms: int
    detections: int


def score_detections(steps: Any, change_point: int | None) -> DetectionScore:
    """Detection delay and false alarms of a detector on a stream with a known change.

    Parameters
    ----------
    steps : array_like of int
        Steps flagged (`run_detector`'s output).
    change_point : int or None
        Index of the first value after the change; None for a stationary
        stream (every detection is then a false alarm).

    Returns
    -------
    score : DetectionScore

    Examples
    --------
    >>> from driftscope import score_detections
    >>> score_detections([120, 1043, 1500], change_point=1000)
    DetectionScore(delay=43, false_alarms=1, detections=3)
    >>> score_detections([], change_point=1000).delay is None
    True
    """
    s = np.asarray(steps, dtype=np.int64).ravel()
    change_point = check_change_point(change_point)
    if change_point is None:
        return DetectionScore(None, int(s.size), int(s.size))
    after = s[s >= change_point]
    delay = int(after.min() - change_point) if after.size else None
    return DetectionScore(delay, int((s < change_point).sum()), int(s.size))
