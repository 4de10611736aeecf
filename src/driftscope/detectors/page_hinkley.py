"""Page-Hinkley test: a CUSUM of deviations from the running mean."""

from __future__ import annotations

import math

from .._validation import (
    as_stream_value,
    check_choice,
    check_factor,
    check_nonnegative,
    check_positive_int,
)
from ..errors import NumericOverflowError
from .base import DriftDetector

__all__ = ["PageHinkley"]

_MODES = ("up", "down", "both")


class PageHinkley(DriftDetector):
    r"""Page-Hinkley change detector for the mean of a stream.

    Flags the step at which the cumulative deviation of the values from
    their running mean has grown (``mode="up"``), shrunk (``"down"``) or
    either (``"both"``) by more than `threshold` since its extreme. The same
    equations as River 0.26's ``river.drift.PageHinkley``, so both flag the
    same steps.

    Parameters
    ----------
    min_instances : int
        No drift is flagged before this many values (since the last reset).
    delta : float
        Tolerated drift per step, >= 0: deviations smaller than this do not
        accumulate.
    threshold : float
        Detection threshold :math:`\lambda`, >= 0.
    alpha : float
        Forgetting factor of the cumulative sums, in (0, 1]; 1 forgets nothing.
    mode : {"up", "down", "both"}
        Direction of change to detect. River's default is ``"both"``.

    Attributes
    ----------
    drift_detected : bool
        Whether the last `update` flagged drift (read-only).

    Notes
    -----
    After ``n`` values ``x_1, ..., x_n`` (counted from the last reset),
    with :math:`\bar x_n` their mean (including :math:`x_n`):

    .. math::

        d_n &= x_n - \bar x_n \\
        S^{up}_n &= \alpha S^{up}_{n-1} + d_n - \delta, \quad
        m^{up}_n = \min(m^{up}_{n-1}, S^{up}_n) \\
        S^{down}_n &= \alpha S^{down}_{n-1} + d_n + \delta, \quad
        M^{down}_n = \max(M^{down}_{n-1}, S^{down}_n)

    with :math:`S_0 = 0`, :math:`m^{up}_0 = +\infty`, :math:`M^{down}_0 = -1`
    (River's value; since :math:`S^{down}_1 = \delta \ge 0` it acts as
    :math:`-\infty`). When ``n >= min_instances``, drift is
    :math:`S^{up}_n - m^{up}_n > \lambda` ("up"),
    :math:`M^{down}_n - S^{down}_n > \lambda` ("down"), or either ("both").
    The next `update` after a detection starts from scratch (``n = 0``).

    The mean is updated as River's ``stats.Mean``,
    :math:`\bar x_n = \bar x_{n-1} + (1 / n)(x_n - \bar x_{n-1})`, so the
    floating-point results are the same.

    References
    ----------
    .. [1] E. S. Page, "Continuous inspection schemes", Biometrika 41(1/2),
       100-115, 1954.
    .. [2] River, ``river/drift/page_hinkley.py`` (version 0.26).

    Examples
    --------
    The mean of a noisy stream moves from 0 to 2 at step 500:

    >>> from driftscope import PageHinkley
    >>> from driftscope.synthetic import drifting_stream
    >>> stream = drifting_stream(1000, change_point=500, before=0.0, after=2.0,
    ...                          kind="values", seed=1)
    >>> ph = PageHinkley()
    >>> [i for i, x in enumerate(stream) if ph.update(x)]
    [508]

    Drift is flagged at step 508, and the detector restarted at step 509.
    """

    def __init__(self, min_instances: int = 30, delta: float = 0.005, threshold: float = 50.0,
                 alpha: float = 1 - 0.0001, mode: str = "up"):
        self.min_instances = check_positive_int(min_instances, "min_instances")
        self.delta = check_nonnegative(delta, "delta")
        self.threshold = check_nonnegative(threshold, "threshold")
        self.alpha = check_factor(alpha, "alpha")  # 1: no forgetting
        self.mode = check_choice(mode, "mode", _MODES)
        self._reset()

    def _reset(self) -> None:
        super()._reset()
        self._n = 0.0
        self._mean = 0.0
        self._s_up = 0.0
        self._m_up = math.inf
        self._s_down = 0.0
        self._m_down = -1.0  # River's start; replaced at the first step (S_down = delta >= 0)

    def update(self, x) -> bool:
        """Add one value; return whether drift is flagged at this step.

        Parameters
        ----------
        x : float
            The next value of the stream.

        Returns
        -------
        bool
            The new `drift_detected`.

        Raises
        ------
        DtypeError
            If `x` is not a real number (a string, None, ...).
        NonFiniteError
            If `x` is NaN or infinite.
        NumericOverflowError
            If `x` takes the cumulative sums beyond the float64 range; the
            detector then restarts from the next value, as after a detection
            (it never goes silent).
        """
        x = as_stream_value(x, "PageHinkley")
        if self._drift:  # the detection was reported; start afresh
            self._reset()
        # River's stats.Mean: the same operations, so the same rounding.
        n = self._n + 1.0
        mean = self._mean + (1.0 / n) * (x - self._mean)
        d = x - mean
        s_up = self.alpha * self._s_up + d - self.delta
        s_down = self.alpha * self._s_down + d + self.delta
        if not (math.isfinite(s_up) and math.isfinite(s_down)):
            mean, d, s_up, s_down = self._rescued(x, n)
        self._n, self._mean, self._s_up, self._s_down = n, mean, s_up, s_down
        if s_up < self._m_up:
            self._m_up = s_up
        if s_down > self._m_down:
            self._m_down = s_down
        if n >= self.min_instances:
            up = s_up - self._m_up > self.threshold
            down = self._m_down - s_down > self.threshold
            mode = self.mode
            self._drift = up if mode == "up" else down if mode == "down" else (up or down)
        return self._drift

    def _rescued(self, x: float, n: float) -> tuple[float, float, float, float]:
        """The step's state where River's arithmetic overflows, or an error that changes nothing.

        ``x - mean`` overflows for values of opposite signs near 1.8e308
        although the new mean does not; computed as a weighted mean it stays
        finite. Sums that are themselves beyond the float range cannot be
        tracked: the detector restarts (as after a detection) and says so.
        """

        mean = self._mean * (1.0 - 1.0 / n) + x / n
        d = x - mean
        s_up = self.alpha * self._s_up + d - self.delta
        s_down = self.alpha * self._s_down + d + self.delta
        if not (math.isfinite(s_up) and math.isfinite(s_down)):
            self._reset()
            raise NumericOverflowError(
                f"PageHinkley.update: x = {x!r} takes the cumulative deviation beyond the "
                "float64 range (1.8e308), so the detector restarts from the next value; "
                "rescale the stream", name="x")
        return mean, d, s_up, s_down

