"""The world of Vector Prime: data sets for The Watchtower, generated, never downloaded.

* :func:`translator_logs`: the station Translator's request logs, driven by
  :data:`TIMELINE` (reference July, quiet early August, "Slang Alien" covariate
  drift from 15 Aug, concept drift from 10 Sep, delayed labels).
* :func:`translator_model`: the Translator itself, a scikit-learn pipeline.
* :func:`window`, :func:`event_window`, :func:`reference_window`,
  :func:`labels_known_at`: slices of the logs.
* :func:`station_logs`, :func:`known_at`, :func:`as_of`: the station clock; a
  chapter sees only requests sent before its log date and labels that arrived.
* :func:`feedback_loop`: a predictive-patrol simulation whose model feeds on its
  own decisions.

Everything is deterministic for a seed.
"""

from .clock import LOG_DATES, as_of, known_at, station_logs
from .feedback import feedback_loop
from .language import CONCEPT_WORD, INTENTS, LEXICON
from .timeline import TIMELINE, Event, event
from .translator import (
    CHANNELS,
    COLUMNS,
    FEATURES,
    PLANETS,
    event_window,
    labels_known_at,
    reference_window,
    slang_share,
    translator_logs,
    translator_model,
    window,
)

__all__ = [
    "LOG_DATES",
    "as_of",
    "known_at",
    "station_logs",
    "TIMELINE",
    "Event",
    "event",
    "INTENTS",
    "LEXICON",
    "CONCEPT_WORD",
    "PLANETS",
    "CHANNELS",
    "COLUMNS",
    "FEATURES",
    "translator_logs",
    "translator_model",
    "slang_share",
    "window",
    "event_window",
    "reference_window",
    "labels_known_at",
    "feedback_loop",
]
