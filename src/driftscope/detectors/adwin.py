"""ADWIN: an adaptive window that drops its old part when the mean has moved."""

from __future__ import annotations

import math

from .._validation import as_stream_value, check_count, check_positive_int, check_probability
from ..errors import NumericOverflowError
from .base import DriftDetector

__all__ = ["ADWIN"]

#: Below this magnitude no sum, square or bound of a window (at most 2**63
#: values) can overflow; from it on every update is checked (and undone if it
#: overflows).
_LARGE = 2.0 ** 400


class ADWIN(DriftDetector):
    r"""ADaptive WINdowing: drift when two parts of the window differ in mean.

    Keeps a window of recent values, compressed into an exponential
    histogram (buckets summarising 1, 2, 4, ... values, at most
    `max_buckets` of each size), and every `clock` steps checks each split
    of the window into an older and a newer part: if their means differ by
    more than a Hoeffding/Bernstein-style bound, the oldest bucket is
    dropped and drift is flagged. A port of River 0.26's ``ADWIN`` (Rust,
    itself a port of its earlier Cython code), with the same arithmetic in
    the same order, so both flag the same steps.

    Parameters
    ----------
    delta : float
        Confidence value in (0, 1); smaller means fewer, surer detections.
    clock : int
        Check for a cut every `clock` updates (1 = every update).
    max_buckets : int
        Buckets of each size kept before the two oldest are merged.
    min_window_length : int
        Both parts of a split must cover at least this many values.
    grace_period : int
        No check until the window holds more than this many values.

    Attributes
    ----------
    drift_detected : bool
        Whether the last `update` flagged drift (read-only).
    width : int
        Number of values in the window.
    estimation : float
        Mean of the window (0.0 when empty).
    variance : float
        Population variance of the window (0.0 when empty). River's
        ``ADWIN.variance`` returns ``width`` times this: the sum of squared
        deviations, despite its docstring.

    Notes
    -----
    At step ``t`` (counted from the last reset), when ``t % clock == 0``
    and ``width > grace_period``, the buckets are scanned from the oldest to
    the newest; before each bucket but the newest one, :math:`W_0` is the
    part scanned so far (:math:`n_0` values, mean :math:`\mu_0`) and
    :math:`W_1` the rest. With :math:`n = n_0 + n_1`, :math:`\sigma^2` the
    window's population variance, :math:`m` = `min_window_length`,

    .. math::

        \delta' &= \ln(2 \ln(n) / \delta), \quad
        \frac{1}{m'} = \frac{1}{n_0 - m + 1} + \frac{1}{n_1 - m + 1} \\
        \varepsilon &= \sqrt{\frac{2}{m'} \sigma^2 \delta'}
            + \frac{2}{3} \delta' \frac{1}{m'}

    and a cut is :math:`n_0 \ge m`, :math:`n_1 \ge m` and
    :math:`|\mu_0 - \mu_1| > \varepsilon`. On a cut the oldest bucket is
    dropped and the scan starts over; the step is a detection if there was
    at least one cut. As in River, the next `update` after a detection
    then empties the whole window (not only the old part, as in [1]_).

    Each update costs O(1) amortised; each check O(`max_buckets` log(width)).

    References
    ----------
    .. [1] A. Bifet, R. Gavaldà, "Learning from time-changing data with
       adaptive windowing", SIAM International Conference on Data Mining
       (SDM), 443-448, 2007.
    .. [2] River, ``river/drift/adwin.py`` and ``rust_src/adwin.rs``
       (version 0.26).

    Examples
    --------
    The mean of a noisy stream moves from 0 to 1 at step 1000:

    >>> from driftscope import ADWIN
    >>> from driftscope.synthetic import drifting_stream
    >>> stream = drifting_stream(2000, change_point=1000, before=0.0, after=1.0,
    ...                          kind="values", seed=5)
    >>> adwin = ADWIN()
    >>> [i for i, x in enumerate(stream) if adwin.update(x)]
    [1055]
    >>> adwin.width, round(adwin.estimation, 2)
    (944, 1.04)

    The window restarted at step 1056 and holds the new level only.
    """

    def __init__(self, delta: float = 0.002, clock: int = 32, max_buckets: int = 5,
                 min_window_length: int = 5, grace_period: int = 10):
        self.delta = check_probability(delta, "delta")
        self.clock = check_positive_int(clock, "clock")
        self.max_buckets = check_positive_int(max_buckets, "max_buckets")
        self.min_window_length = check_positive_int(min_window_length, "min_window_length")
        self.grace_period = check_count(grace_period, "grace_period")
        self._reset()

    def _reset(self) -> None:
        super()._reset()
        # Level i of the exponential histogram holds the totals and the sums of
        # squared deviations of buckets of 2**i values, oldest first.
        self._totals: list[list[float]] = [[]]
        self._variances: list[list[float]] = [[]]
        self._width = 0.0  # floats, as in River, so every division rounds alike
        self._total = 0.0
        self._m2 = 0.0  # sum of squared deviations from the window's mean
        self._tick = 0
        self._large = False  # a value >= _LARGE entered since the last reset

    @property
    def width(self) -> int:
        """Number of values in the window."""
        return int(self._width)

    @property
    def estimation(self) -> float:
        """Mean of the window (0.0 when empty)."""
        return self._total / self._width if self._width else 0.0

    @property
    def variance(self) -> float:
        """Population variance of the window (0.0 when empty)."""
        return self._m2 / self._width if self._width else 0.0

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
            If `x` takes the window's sums beyond the float64 range; the
            window is dropped and the detector restarts from the next value,
            as after a detection (it never goes silent).
        """
        x = as_stream_value(x, "ADWIN")
        if self._drift:  # the detection was reported; start afresh (River drops the window)
            self._reset()
        if self._large or abs(x) >= _LARGE:
            return self._checked_step(x)
        return self._step(x)

    def _step(self, x: float) -> bool:
        self._insert(x)
        self._tick += 1
        drift = False
        if self._tick % self.clock == 0 and self._width > self.grace_period:
            while self._cut_found():
                self._delete_oldest()
                drift = True
        self._drift = drift
        return drift

    def _checked_step(self, x: float) -> bool:
        """`_step` for values near the float range; an overflowing sum restarts the detector."""
        self._large = True
        drift = self._step(x)
        state = [self._total, self._m2]
        for level in self._totals + self._variances:
            state.extend(level)
        if all(map(math.isfinite, state)):
            return drift

        self._reset()
        raise NumericOverflowError(
            f"ADWIN.update: x = {x!r} takes the window's sums beyond the float64 range "
            "(1.8e308), so the window was dropped and the detector restarts from the next "
            "value; rescale the stream", name="x")

    def _insert(self, x: float) -> None:
        # Streaming update of the sum of squared deviations (Welford/Babcock).
        width = self._width = self._width + 1.0
        if width > 1.0:
            d = x - self._total / (width - 1.0)
            self._m2 += (width - 1.0) * d * d / width
        self._total += x
        totals, variances = self._totals, self._variances
        totals[0].append(x)
        variances[0].append(0.0)
        # A full level passes its two oldest buckets, merged, to the next one.
        full, i = self.max_buckets + 1, 0
        while len(totals[i]) == full:
            size = float(1 << i)
            t0, t1 = totals[i][0], totals[i][1]
            mu0, mu1 = t0 / size, t1 / size
            merged_m2 = variances[i][0] + variances[i][1] + size * 0.5 * (mu0 - mu1) * (mu0 - mu1)
            if i + 1 == len(totals):
                totals.append([])
                variances.append([])
            totals[i + 1].append(t0 + t1)
            variances[i + 1].append(merged_m2)
            del totals[i][:2], variances[i][:2]
            i += 1

    def _cut_found(self) -> bool:
        """Scan the splits from the oldest bucket on; True at the first cut."""
        width, m2, delta, mwl = self._width, self._m2, self.delta, self.min_window_length
        n0, n1, u0, u1 = 0.0, width, 0.0, self._total
        totals = self._totals
        for i in range(len(totals) - 1, -1, -1):
            size = float(1 << i)
            level = totals[i]
            for k, t in enumerate(level):
                n0 += size
                n1 -= size
                u0 += t
                u1 -= t
                if i == 0 and k == len(level) - 1:  # W1 would be empty
                    return False
                if n1 >= mwl and n0 >= mwl:
                    delta_prime = math.log(2.0 * math.log(width) / delta)
                    m_recip = 1.0 / (n0 - mwl + 1.0) + 1.0 / (n1 - mwl + 1.0)
                    arg = 2.0 * m_recip * (m2 / width) * delta_prime
                    if arg == math.inf:  # a variance near the float limit: the same bound, factored
                        root = math.sqrt(2.0 * m_recip * delta_prime) * math.sqrt(m2 / width)
                    else:
                        # A rounding-negative m2 gives NaN in River: never a cut.
                        root = math.sqrt(arg) if arg >= 0.0 else math.inf
                    if abs(u0 / n0 - u1 / n1) > root + 2.0 / 3.0 * delta_prime * m_recip:
                        return True
        return False

    def _delete_oldest(self) -> None:
        i = len(self._totals) - 1
        size = float(1 << i)
        u, v = self._totals[i].pop(0), self._variances[i].pop(0)
        mu = u / size
        self._width -= size
        self._total -= u
        mu_window = self._total / self._width
        self._m2 -= v + size * self._width * (mu - mu_window) * (mu - mu_window) / (size + self._width)
        # Drop the emptied top levels. River drops one, which is all there is
        # when max_buckets >= 2; with 1, merging can leave lower levels empty
        # too and River's next deletion panics ("slice index starts at 1").
        while len(self._totals) > 1 and not self._totals[-1]:
            self._totals.pop()
            self._variances.pop()
