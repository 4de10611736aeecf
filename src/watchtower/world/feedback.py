"""A feedback loop: a model that decides where to look, then learns from what it finds.

The classic case is predictive patrolling. A "crime-risk" model ranks districts
by recorded crime; patrols go where the risk is highest; crime is only
recorded where patrols look; the new records train tomorrow's model. A small
head start becomes certainty, whatever the true rates are: the model confirms
its own bias, and its "accuracy" on the data it collects looks excellent.

Two fixes can be switched on: ``explore`` sends a share of the patrols to
random districts, and ``adjust_for_exposure`` makes the model estimate crime
per unit of detection effort (recorded crime divided by the probability of
recording it) instead of raw counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["feedback_loop"]

_HISTORY_DAYS = 5.0


def feedback_loop(
    days: int = 200,
    *,
    true_rates: Sequence[float] = (8.0, 10.0, 10.0, 12.0, 10.0),
    history: Sequence[float] = (60.0, 50.0, 50.0, 50.0, 50.0),
    patrols: int = 20,
    detection: float = 0.05,
    explore: float = 0.0,
    adjust_for_exposure: bool = False,
    seed: int = 2043,
) -> pd.DataFrame:
    """Simulate a risk model that sends patrols and is retrained on what they record.

    Each day, for every district ``d``:

    1. the model's predicted risk is its share of the estimated crime so far:
       raw recorded counts (``history`` plus everything recorded since), or,
       with ``adjust_for_exposure``, recorded counts divided by the detection
       effort that produced them (the sum over days of the probability of
       recording a crime; ``history`` counts as 5 fully watched days), an
       estimate of the true daily rate;
    2. ``round(explore * patrols)`` patrols go to uniformly random districts,
       the others to the district with the highest predicted risk (ties go to
       the first);
    3. ``crimes ~ Poisson(true_rates[d])`` happen, each recorded with
       probability ``1 - (1 - detection) ** patrols_in_d`` (nothing is recorded
       where nobody looks);
    4. the records are added to the model's data.

    Parameters
    ----------
    days : int
        Number of simulated days.
    true_rates : sequence of float
        Mean daily crimes per district (the truth the model never sees).
    history : sequence of float
        Crime recorded per district before the simulation (the model's
        starting data, as if from 5 fully watched days); a small imbalance is
        enough to start the loop.
    patrols : int
        Patrols per day.
    detection : float
        Probability that one patrol records a given crime in its district.
    explore : float
        Share of patrols sent at random, in [0, 1].
    adjust_for_exposure : bool
        Estimate risk per unit of detection effort instead of raw counts.
    seed : int
        Seed.

    Returns
    -------
    pandas.DataFrame
        One row per day and district: ``day`` (0-based), ``district`` (0-based),
        ``true_rate``, ``true_share`` (the district's share of all true
        crime), ``predicted_risk`` (the model's share before the day's
        patrols), ``patrols``, ``crimes`` (happened) and ``recorded``.

    Examples
    --------
    >>> sim = feedback_loop(100, seed=1)
    >>> last = sim[sim.day == 99].set_index("district")
    >>> last.patrols.tolist()          # every patrol in district 0...
    [20, 0, 0, 0, 0]
    >>> round(float(last.predicted_risk[0]), 2), round(float(last.true_share[0]), 2)
    (0.75, 0.16)
    >>> fair = feedback_loop(100, explore=0.5, adjust_for_exposure=True, seed=1)
    >>> int(fair[fair.day == 99].set_index("district").predicted_risk.idxmax())
    3
    """
    rates = np.asarray(true_rates, dtype=float)
    prior = np.asarray(history, dtype=float)
    k = rates.size
    if k < 2 or prior.shape != rates.shape:
        raise ValueError(
            f"true_rates and history need the same length >= 2, got {rates.size} and {prior.size}"
        )
    if np.any(rates < 0) or np.any(prior < 0):
        raise ValueError("true_rates and history must be >= 0")
    if not 0.0 <= explore <= 1.0:
        raise ValueError(f"explore must be in [0, 1], got {explore!r}")
    if not 0.0 < detection <= 1.0:
        raise ValueError(f"detection must be in (0, 1], got {detection!r}")
    days, patrols = int(days), int(patrols)
    if days < 1 or patrols < 0:
        raise ValueError(f"need days >= 1 and patrols >= 0, got days={days}, patrols={patrols}")

    rng = np.random.default_rng(int(seed))
    n_random = int(round(explore * patrols))
    recorded_sum = np.zeros(k)
    exposure_sum = np.zeros(k)  # sum over days of the recording probability
    out = {
        key: np.zeros((days, k))
        for key in ("predicted_risk", "patrols", "crimes", "recorded")
    }
    for day in range(days):
        if adjust_for_exposure:
            # Crime per unit of detection effort; the history counts as 5 fully watched days.
            estimate = (prior + recorded_sum) / (_HISTORY_DAYS + exposure_sum)
        else:
            estimate = prior + recorded_sum
        risk = estimate / estimate.sum() if estimate.sum() > 0 else np.full(k, 1.0 / k)

        allocation = np.bincount(rng.integers(0, k, n_random), minlength=k)
        allocation[int(np.argmax(risk))] += patrols - n_random
        crimes = rng.poisson(rates)
        p_record = 1.0 - (1.0 - detection) ** allocation
        recorded = rng.binomial(crimes, p_record)

        recorded_sum += recorded
        exposure_sum += p_record
        for key, value in (
            ("predicted_risk", risk),
            ("patrols", allocation),
            ("crimes", crimes),
            ("recorded", recorded),
        ):
            out[key][day] = value

    frame = pd.DataFrame(
        {
            "day": np.repeat(np.arange(days), k),
            "district": np.tile(np.arange(k), days),
            "true_rate": np.tile(rates, days),
            "true_share": np.tile(rates / rates.sum(), days),
            "predicted_risk": out["predicted_risk"].ravel(),
            "patrols": out["patrols"].ravel().astype(np.int64),
            "crimes": out["crimes"].ravel().astype(np.int64),
            "recorded": out["recorded"].ravel().astype(np.int64),
        }
    )
    return frame
