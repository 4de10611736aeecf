"""The station clock: a chapter sees only what Kael could know on its log date.

Each chapter has a log date (``story/timeline.md``, "Kael's log entries"). Its
``as_of`` is that date at 00:00 station time. :func:`known_at` cuts the logs at
``as_of``: requests sent before it, and labels whose ``label_at`` is at or before
it. A monitor that reads labels from the future is the classic mistake of the
field; data handed out through :func:`station_logs` cannot contain one.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pandas as pd

__all__ = ["LOG_DATES", "as_of", "known_at", "station_logs"]

#: Log date of every chapter (the twin of the table in ``story/timeline.md``;
#: a test keeps them equal, and equal to each log entry's "Mission date").
LOG_DATES: dict[str, _dt.date] = {
    "00-watchtower": _dt.date(2043, 8, 30),
    "01-kl-divergence": _dt.date(2043, 8, 31),
    "02-ks-test": _dt.date(2043, 9, 1),
    "03-false-alarms": _dt.date(2043, 9, 2),
    "04-evidently": _dt.date(2043, 9, 3),
    "05-continuous-monitoring": _dt.date(2043, 9, 5),
    "06-ground-truth-delay": _dt.date(2043, 9, 8),
    "07-concept-drift": _dt.date(2043, 9, 16),
    "08-feedback-and-retraining": _dt.date(2043, 9, 20),
    "09-drift-service": _dt.date(2043, 9, 25),
    "10-mastery-check": _dt.date(2043, 9, 30),
}


def as_of(chapter_id: str) -> pd.Timestamp:
    """The chapter's ``as_of``: its log date at 00:00 station time.

    Examples
    --------
    >>> as_of("05-continuous-monitoring")
    Timestamp('2043-09-05 00:00:00')
    """
    try:
        return pd.Timestamp(LOG_DATES[chapter_id])
    except KeyError:
        known = ", ".join(LOG_DATES)
        raise KeyError(f"no log date for chapter {chapter_id!r}; known chapters: {known}") from None


def _cutoff(when: Any) -> pd.Timestamp:
    if isinstance(when, str) and when in LOG_DATES:
        return as_of(when)
    try:
        cutoff = pd.Timestamp(when)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"as_of must be a time such as '2043-09-05' or a chapter id, got {when!r}") from exc
    if cutoff is pd.NaT:
        raise ValueError(f"as_of must be a time such as '2043-09-05' or a chapter id, got {when!r}")
    return cutoff


def known_at(logs: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """The logs as Kael sees them at ``as_of``: the past only, labels that arrived.

    Keeps the requests sent before ``as_of`` (``timestamp < as_of``); in a copy,
    ``label`` and ``label_at`` are missing wherever the label arrives later
    (``label_at > as_of``). ``as_of`` is a time (a date means its midnight) or
    a chapter id.

    Examples
    --------
    >>> from watchtower.world import translator_logs
    >>> logs = translator_logs("2043-08-01", "2043-08-07", requests_per_day=100)
    >>> now = known_at(logs, "2043-08-05")
    >>> bool((now.timestamp < pd.Timestamp("2043-08-05")).all())
    True
    >>> bool((now.label_at.dropna() <= pd.Timestamp("2043-08-05")).all())
    True
    """
    from .translator import labels_known_at

    cutoff = _cutoff(as_of)
    past = logs.loc[logs["timestamp"] < cutoff]
    return labels_known_at(past, cutoff).reset_index(drop=True)


def station_logs(chapter_id: str, *, start: Any = "2043-07-01", **kwargs: Any) -> pd.DataFrame:
    """The Translator's logs from ``start`` up to the chapter's log date, as then known.

    ``kwargs`` go to :func:`~watchtower.world.translator_logs` (seed, rate, ...).

    Examples
    --------
    >>> logs = station_logs("00-watchtower", start="2043-08-28", requests_per_day=100)
    >>> str(logs.timestamp.max().date())
    '2043-08-29'
    """
    from .translator import translator_logs

    cutoff = as_of(chapter_id)
    last_day = cutoff - pd.Timedelta(days=1)
    return known_at(translator_logs(start, last_day, **kwargs), cutoff)
