"""Small synthetic samples and streams: two normals, and a stream with a change point."""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_choice,
    check_count,
    check_finite,
    check_fraction,
    check_nonnegative,
    check_positive,
    check_positive_int,
)

__all__ = ["shifted_normal", "drifting_stream"]


def shifted_normal(
    n: int,
    shift: float,
    seed: int = 2043,
    *,
    loc: float = 0.0,
    scale: float = 1.0,
    n_live: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A reference sample and a live sample whose mean moved by ``shift``.

    ``reference ~ Normal(loc, scale)`` and ``live ~ Normal(loc + shift, scale)``.
    With a tiny ``shift`` and a large ``n`` a two-sample test calls the
    difference "significant" although it is meaningless: the p-value falls
    with the sample size, an effect size does not.

    Parameters
    ----------
    n : int
        Size of the reference sample (and of the live one unless ``n_live``).
    shift : float
        Mean shift of the live sample, in the units of the data.
    seed : int
        Seed; the same seed gives the same reference for every ``shift``.
    loc, scale : float
        Mean and standard deviation of the reference.
    n_live : int, optional
        Size of the live sample (default ``n``).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``reference``, ``live`` (float64).

    Examples
    --------
    >>> from scipy.stats import ks_2samp
    >>> small = shifted_normal(1_000, 0.02, seed=1)
    >>> big = shifted_normal(1_000_000, 0.02, seed=1)
    >>> bool(ks_2samp(*small).pvalue > 0.05), bool(ks_2samp(*big).pvalue < 1e-6)
    (True, True)
    """
    n = check_positive_int(n, "n")
    n_live = n if n_live is None else check_positive_int(n_live, "n_live")
    shift, loc = check_finite(shift, "shift"), check_finite(loc, "loc")
    scale = check_positive(scale, "scale", why="the standard deviation of both samples")
    seed = check_count(seed, "seed")
    ref_rng, live_rng = (np.random.default_rng([seed, k]) for k in (1, 2))
    reference = ref_rng.normal(loc, scale, n)
    live = live_rng.normal(loc, scale, n_live) + shift
    return reference, live


def drifting_stream(
    n: int = 2000,
    *,
    change_point: int = 1000,
    before: float = 0.1,
    after: float = 0.3,
    kind: str = "errors",
    width: int = 0,
    noise: float = 1.0,
    seed: int = 2043,
) -> np.ndarray:
    """A stream whose level moves from ``before`` to ``after`` at ``change_point``.

    Parameters
    ----------
    n : int
        Length of the stream.
    change_point : int
        Index of the first value drawn from the new level (the middle of the
        transition when ``width > 0``).
    before, after : float
        Level before and after: an error rate for ``kind="errors"``, a mean for
        ``kind="values"``.
    kind : {"errors", "values"}
        ``"errors"``: 0/1 integers (1 = the model was wrong), Bernoulli with the
        level as probability, the input of DDM. ``"values"``: floats,
        ``Normal(level, noise)``, the input of Page-Hinkley.
    width : int
        0 for an abrupt change; otherwise a gradual one: the probability of the
        new level follows a logistic curve of this width (as River's
        ``ConceptDriftStream``).
    noise : float
        Standard deviation for ``kind="values"``.
    seed : int
        Seed.

    Returns
    -------
    numpy.ndarray
        int64 for ``"errors"``, float64 for ``"values"``.

    Examples
    --------
    >>> s = drifting_stream(2000, change_point=1000, before=0.1, after=0.4, seed=7)
    >>> s.dtype, s.shape
    (dtype('int64'), (2000,))
    >>> round(float(s[:1000].mean()), 2), round(float(s[1000:].mean()), 2)
    (0.1, 0.4)
    >>> v = drifting_stream(500, change_point=250, before=0.0, after=2.0, kind="values")
    >>> bool(v[250:].mean() - v[:250].mean() > 1.5)
    True
    """
    n, change_point = check_positive_int(n, "n"), check_count(change_point, "change_point")
    width, seed = check_count(width, "width"), check_count(seed, "seed")
    noise = check_nonnegative(noise, "noise")
    kind = check_choice(kind, "kind", ("errors", "values"))
    for name, rate in (("before", before), ("after", after)):
        if kind == "errors":
            check_fraction(rate, name, open_interval=False)
        else:
            check_finite(rate, name)
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    if width == 0:
        new = i >= change_point
    else:
        p_new = 1.0 / (1.0 + np.exp(-4.0 * (i - change_point) / width))
        new = rng.random(n) < p_new
    level = np.where(new, after, before)
    if kind == "errors":
        return (rng.random(n) < level).astype(np.int64)
    return rng.normal(0.0, noise, n) + level
