"""The timeline of Vector Prime: what happens to the Translator's traffic, and when.

:data:`TIMELINE` is the single machine-readable copy of the world's history;
``story/timeline.md`` tells the same events in prose (a test checks that the two
agree), and :func:`watchtower.world.translator_logs` follows it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

__all__ = ["Event", "TIMELINE", "event"]


@dataclass(frozen=True)
class Event:
    """One dated event of the station's history.

    Attributes
    ----------
    key : str
        Short identifier, stable across versions (``"slang"``, ``"concept"``...).
    start, end : datetime.date
        First and last day of the event, both included (equal for a one-day
        event).
    title : str
        What happens, in the station's words.
    visible : str
        What a monitor can see of it.
    """

    key: str
    start: _dt.date
    end: _dt.date
    title: str
    visible: str

    def __contains__(self, day: object) -> bool:
        """Whether a day (date, datetime, pandas.Timestamp or ISO string) is in the event."""
        if isinstance(day, str):
            day = _dt.date.fromisoformat(day[:10])
        if isinstance(day, _dt.datetime):
            day = day.date()
        elif hasattr(day, "date") and not isinstance(day, _dt.date):
            day = day.date()  # pandas.Timestamp
        return self.start <= day <= self.end  # type: ignore[operator]


_d = _dt.date

#: The world's history, in order. Dates are station time (UTC), both ends included.
TIMELINE: tuple[Event, ...] = (
    Event(
        "training",
        _d(2043, 7, 1),
        _d(2043, 7, 31),
        'Training period: the Translator learns "Formal Alien"',
        "the reference window",
    ),
    Event(
        "quiet",
        _d(2043, 8, 1),
        _d(2043, 8, 14),
        "Live traffic in the same language",
        "nothing: a monitor must stay quiet",
    ),
    Event(
        "slang",
        _d(2043, 8, 15),
        _d(2043, 8, 30),
        '"Slang Alien" spreads from Trappist-1e to the other worlds',
        "covariate drift: shorter sentences, more out-of-vocabulary tokens, lower "
        "formality, new tokens; accuracy falls while HTTP 200 and latency stay green",
    ),
    Event(
        "complaints",
        _d(2043, 8, 30),
        _d(2043, 8, 30),
        'Complaints: "the Translator is speaking gibberish"',
        "the story starts; system dashboards are still green",
    ),
    Event(
        "concept",
        _d(2043, 9, 10),
        _d(2043, 9, 30),
        'The word "koruna" changes meaning: a toast becomes the name of a plague',
        "concept drift: inputs look the same, P(label | input) changes; only the "
        "delayed labels reveal it",
    ),
)


def event(key: str) -> Event:
    """Return the :class:`Event` of :data:`TIMELINE` with this key.

    Examples
    --------
    >>> event("slang").start
    datetime.date(2043, 8, 15)
    >>> event("quiet").end.isoformat()
    '2043-08-14'
    >>> "2043-08-20" in event("slang"), "2043-08-31" in event("slang")
    (True, False)
    """
    for ev in TIMELINE:
        if ev.key == key:
            return ev
    known = ", ".join(ev.key for ev in TIMELINE)
    raise KeyError(f"no timeline event {key!r}; known events: {known}")
