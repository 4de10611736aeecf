"""DDM: the Drift Detection Method of Gama et al. on a 0/1 error stream."""

from __future__ import annotations

import math

from .._validation import as_stream_outcome, check_count, check_nonnegative, check_not_below
from .base import DriftDetector

__all__ = ["DDM"]


class DDM(DriftDetector):
    r"""Drift Detection Method: a warning, then drift, when the error rate rises.

    Fed a 0/1 error stream (1 = the model was wrong), DDM tracks the error
    rate and its binomial standard deviation, remembers where their sum was
    lowest, and warns, then flags drift, when the sum climbs a number of
    those standard deviations above it. The same equations as River 0.26's
    ``river.drift.binary.DDM``, so both flag the same steps.

    Parameters
    ----------
    warm_start : int
        No warning or drift while ``n <= warm_start`` values have been seen
        (since the last reset).
    warning_threshold : float
        Warning level, in standard deviations (default 2, about 95%).
    drift_threshold : float
        Drift level, in standard deviations (default 3, about 99%);
        at least `warning_threshold`.

    Attributes
    ----------
    drift_detected : bool
        Whether the last `update` flagged drift (read-only).
    warning_detected : bool
        Whether the last `update` is in the warning zone without drift
        (read-only).

    Notes
    -----
    After ``n`` values (counted from the last reset) with mean
    :math:`p_n` (the error rate) and
    :math:`s_n = \sqrt{p_n (1 - p_n) / n}`, once ``n > warm_start``:

    .. math::

        \text{if } p_n + s_n \le p_{min} + s_{min}:\quad
            p_{min}, s_{min} \leftarrow p_n, s_n

    (:math:`p_{min} + s_{min}` starts at :math:`+\infty`, so the first step
    after the warm start sets them), then

    .. math::

        \text{drift} &= p_n + s_n > p_{min} + d \cdot s_{min} \\
        \text{warning} &= p_n + s_n > p_{min} + w \cdot s_{min}
            \text{ and not drift}

    with :math:`w` = `warning_threshold` and :math:`d` = `drift_threshold`.
    River's docstring writes :math:`\ge`; its code, and this, use
    :math:`>`. The next `update` after a detection starts from scratch.

    River accepts any number; values other than 0 and 1 are an error here,
    since DDM's standard deviation assumes a Bernoulli stream.

    References
    ----------
    .. [1] J. Gama, P. Medas, G. Castillo, P. Rodrigues, "Learning with drift
       detection", SBIA 2004, LNCS 3171, 286-295.
    .. [2] River, ``river/drift/binary/ddm.py`` (version 0.26).

    Examples
    --------
    A model's error rate rises from 10% to 30% at step 1000:

    >>> from driftscope import DDM
    >>> from driftscope.synthetic import drifting_stream
    >>> errors = drifting_stream(2000, change_point=1000, before=0.1, after=0.3, seed=5)
    >>> ddm = DDM()
    >>> drifts, warnings = [], []
    >>> for i, e in enumerate(errors):
    ...     if ddm.update(e):
    ...         drifts.append(i)
    ...     elif ddm.warning_detected:
    ...         warnings.append(i)
    >>> warnings[0], drifts
    (1023, [1067])
    """

    def __init__(self, warm_start: int = 30, warning_threshold: float = 2.0,
                 drift_threshold: float = 3.0):
        self.warm_start = check_count(warm_start, "warm_start")
        self.warning_threshold = check_nonnegative(warning_threshold, "warning_threshold")
        self.drift_threshold = check_nonnegative(drift_threshold, "drift_threshold")
        check_not_below(self.drift_threshold, "drift_threshold", self.warning_threshold,
                        "warning_threshold", why="drift is the stronger signal")
        self._reset()

    def _reset(self) -> None:
        super()._reset()
        self._n = 0.0
        self._p = 0.0
        self._p_min = math.inf  # placeholders; set at the first step after warm_start
        self._s_min = math.inf
        self._ps_min = math.inf
        self._warning = False

    @property
    def warning_detected(self) -> bool:
        """Whether the last `update` is in the warning zone (and not drift)."""
        return self._warning

    def update(self, x) -> bool:
        """Add one outcome (1 = error, 0 = correct); return whether drift is flagged.

        Parameters
        ----------
        x : {0, 1}
            The next value of the error stream (int, bool or float).

        Returns
        -------
        bool
            The new `drift_detected`.

        Raises
        ------
        DtypeError
            If `x` is not a real number, or a number other than 0 and 1.
        NonFiniteError
            If `x` is NaN or infinite.
        """
        x = as_stream_outcome(x, "DDM")
        if self._drift:  # the detection was reported; start afresh
            self._reset()
        # River's stats.Mean: the same operations, so the same rounding.
        self._n += 1.0
        n = self._n
        self._p += (1.0 / n) * (x - self._p)
        p = self._p
        s = math.sqrt(p * (1 - p) / n)  # binomial standard deviation of the rate
        if n > self.warm_start:
            if p + s <= self._ps_min:
                self._p_min, self._s_min = p, s
                self._ps_min = p + s
            self._warning = p + s > self._p_min + self.warning_threshold * self._s_min
            if p + s > self._p_min + self.drift_threshold * self._s_min:
                self._drift = True
                self._warning = False  # drift supersedes the warning
        return self._drift
