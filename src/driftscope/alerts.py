"""Alert rules over windows, evaluated the way Prometheus evaluates an alerting rule.

A drift score per window is weather; an alert is a decision about climate.
Prometheus' alerting rules make that decision with two parts: an expression
(here ``score > threshold``) and a ``for:`` clause, the time the expression
must stay true before anyone is woken. Evaluated once per window, a rule is
in one of three states:

``"inactive"``
    The window's score is not above the threshold, or there is no score
    (NaN: no data, or too few rows to score). Any such window resets the rule.
``"pending"``
    Active (score above the threshold) for fewer consecutive windows than the
    ``for:`` clause asks.
``"firing"``
    Active for long enough: at the k-th consecutive active window once
    ``k - 1 >= for_windows``.

"Resolved" is not a state of the rule: it is the notification Alertmanager
sends when a firing alert stops firing (`alert_notifications`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._validation import as_scores, as_times_per_state, check_count, check_members, check_threshold

__all__ = ["alert_states", "alert_periods", "alert_notifications", "STATES"]

#: The three states of an alerting rule, as Prometheus names them.
STATES: tuple[str, str, str] = ("inactive", "pending", "firing")


def alert_states(scores: Any, threshold: float, for_windows: int = 0) -> list[str]:
    """State of the alerting rule ``score > threshold`` with ``for: for_windows`` at each window.

    Parameters
    ----------
    scores : array_like
        One score per window, in time order (a list, NumPy array or pandas
        Series). NaN or None means the window has no score (no data, or too
        few rows): the rule is inactive there.
    threshold : float
        A window is active when its score is strictly above it.
    for_windows : int, default 0
        The ``for:`` clause in evaluation intervals (one interval per window):
        how many more consecutive active windows the rule waits, after the
        first one, before it fires. 0 fires at the first active window.

    Returns
    -------
    states : list of str
        ``"inactive"``, ``"pending"`` or ``"firing"`` for each window. At the
        k-th consecutive active window (k = 1, 2, ...) the state is
        ``"firing"`` when ``k - 1 >= for_windows``, else ``"pending"``.

    Raises
    ------
    DtypeError
        If `scores` are not numbers.
    ShapeError
        If `scores` is not one-dimensional.
    NonFiniteError
        If `threshold` is NaN.
    ParameterError
        If `threshold` is not a number, or `for_windows` is not an integer >= 0.

    See Also
    --------
    alert_periods : The runs of pending and firing windows, for shading a plot.
    alert_notifications : What Alertmanager would send: firing, then resolved.

    Notes
    -----
    Prometheus evaluates a rule every ``evaluation_interval``; an alert whose
    expression has been true since ``activeAt`` fires once
    ``now - activeAt >= for``. Evaluated once per window, with ``for`` equal to
    `for_windows` windows, that is the rule above; ``promtool test rules``
    agrees with it step by step (``tests/deploy``). A missing sample makes the
    expression empty, which resets a pending or firing alert, like NaN here.

    Examples
    --------
    >>> from driftscope import alert_states
    >>> alert_states([0.02, 0.15, 0.30, 0.40, 0.05, 0.20], threshold=0.1, for_windows=2)
    ['inactive', 'pending', 'pending', 'firing', 'inactive', 'pending']
    >>> alert_states([0.2, float("nan"), 0.2, 0.1], threshold=0.1)
    ['firing', 'inactive', 'firing', 'inactive']
    """
    threshold = check_threshold(threshold)
    for_windows = check_count(for_windows, "for_windows")
    # NaN > threshold is False: a window without a score is inactive and resets the run.
    active = as_scores(scores) > threshold
    states = []
    run = 0
    for is_active in active.tolist():
        run = run + 1 if is_active else 0
        states.append("inactive" if run == 0 else "firing" if run - 1 >= for_windows else "pending")
    return states


def alert_periods(states: Any, starts: Any, ends: Any) -> pd.DataFrame:
    """The runs of consecutive pending or firing windows.

    Parameters
    ----------
    states : sequence of str
        One state per window, as `alert_states` returns them.
    starts, ends : array_like
        Start and end of each window (times or numbers), in time order.

    Returns
    -------
    periods : pandas.DataFrame
        One row per run of equal non-inactive states, with columns ``state``
        (``"pending"`` or ``"firing"``), ``start`` (start of its first
        window), ``end`` (end of its last window) and ``windows`` (how many).
        Empty (with these columns) when the rule never left ``"inactive"``.

    Raises
    ------
    ParameterError
        If a state is not one of ``"inactive"``, ``"pending"``, ``"firing"``.
    ShapeError
        If `starts` or `ends` do not have one entry per state.

    See Also
    --------
    alert_states : The states.

    Examples
    --------
    >>> from driftscope import alert_periods, alert_states
    >>> states = alert_states([0.0, 0.3, 0.3, 0.3, 0.0], threshold=0.1, for_windows=1)
    >>> alert_periods(states, starts=[0, 1, 2, 3, 4], ends=[1, 2, 3, 4, 5])
         state  start  end  windows
    0  pending      1    2        1
    1   firing      2    4        2
    """
    states = check_members(states, "states", STATES)
    starts = as_times_per_state(starts, len(states), "starts")
    ends = as_times_per_state(ends, len(states), "ends")
    rows = []
    i = 0
    while i < len(states):
        j = i
        while j + 1 < len(states) and states[j + 1] == states[i]:
            j += 1
        if states[i] != "inactive":
            rows.append((states[i], starts[i], ends[j], j - i + 1))
        i = j + 1
    return pd.DataFrame(rows, columns=["state", "start", "end", "windows"])


def alert_notifications(states: Any, times: Any) -> pd.DataFrame:
    """What Alertmanager sends: ``"firing"`` when an alert starts firing, ``"resolved"`` when it stops.

    Parameters
    ----------
    states : sequence of str
        One state per window, as `alert_states` returns them.
    times : array_like
        The time of each evaluation (for example each window's end).

    Returns
    -------
    notifications : pandas.DataFrame
        Columns ``time`` and ``status`` (``"firing"`` or ``"resolved"``), one
        row per change: ``"firing"`` at the first firing window of a run,
        ``"resolved"`` at the first window after it that is not firing.
        Pending windows send nothing: that is what the ``for:`` clause is for.

    Raises
    ------
    ParameterError
        If a state is not one of ``"inactive"``, ``"pending"``, ``"firing"``.
    ShapeError
        If `times` does not have one entry per state.

    See Also
    --------
    alert_states : The states.

    Notes
    -----
    Alertmanager groups, throttles and repeats notifications
    (``group_wait``, ``repeat_interval``); this is the sequence of changes it
    receives from Prometheus, before that.

    Examples
    --------
    >>> from driftscope import alert_notifications
    >>> states = ["inactive", "pending", "firing", "firing", "inactive"]
    >>> alert_notifications(states, times=["d1", "d2", "d3", "d4", "d5"])
      time    status
    0   d3    firing
    1   d5  resolved
    """
    states = check_members(states, "states", STATES)
    times = as_times_per_state(times, len(states), "times")
    rows = []
    previous = "inactive"
    for when, state in zip(times, states):
        if state == "firing" and previous != "firing":
            rows.append((when, "firing"))
        elif previous == "firing" and state != "firing":
            rows.append((when, "resolved"))
        previous = state
    return pd.DataFrame(rows, columns=["time", "status"])
