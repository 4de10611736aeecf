"""The world of Vector Prime: data sets for The Watchtower, generated, never downloaded.

* :func:`translator_logs`: the station Translator's request logs, driven by
  :data:`TIMELINE` (reference July, quiet early August, "Slang Alien" covariate
  drift from 15 Aug, concept drift from 10 Sep, delayed labels).
* :func:`translator_model`: the Translator itself, a scikit-learn pipeline.
* :func:`window`, :func:`event_window`, :func:`reference_window`,
  :func:`labels_known_at`: slices of the logs.
* :func:`shifted_normal`, :func:`drifting_stream`: small synthetic samples and
  streams for tests and detectors.
* :func:`feedback_loop`: a predictive-patrol simulation whose model feeds on its
  own decisions.

Everything is deterministic for a seed.
"""

from .feedback import feedback_loop
from .language import CONCEPT_WORD, INTENTS, LEXICON
from .streams import drifting_stream, shifted_normal
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
    "shifted_normal",
    "drifting_stream",
    "feedback_loop",
]
