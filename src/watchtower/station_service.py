"""The station's Drift Service: the Translator served by `driftscope.service`.

The course's instance of the generic service: the Translator
(:func:`watchtower.world.translator_model`) reads the ``text`` field; the
front end also sends the planet, the channel and three numeric summaries of
the message, which are logged and watched for drift. The reference window is
July 2043, the training period.

Run it with ``make serve``, or part by part::

    python -m driftscope.service app --spec watchtower.station_service:translator_spec ...
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

import pandas as pd

from driftscope.service import Field, InputSchema, ServiceSpec

from .world import reference_window, translator_logs, translator_model

__all__ = ["TRANSLATOR_SCHEMA", "translator_spec", "request_body", "label_body",
           "train_translator", "model_text"]

#: A Translator request: the message and what the station's front end knows about it.
TRANSLATOR_SCHEMA = InputSchema(
    [Field("text", "text"), Field("planet", "categorical"), Field("channel", "categorical"),
     Field("sentence_length", "numeric"), Field("oov_rate", "numeric"),
     Field("formality", "numeric")],
    model_inputs=["text"],
)


def model_text(frame: pd.DataFrame) -> pd.Series:
    """The Translator reads the text column alone."""
    return frame["text"]


def train_translator(texts: Any, labels: Any):
    """A challenger Translator: bag of words over the tokens it has seen (slang included).

    The champion's vocabulary is the Formal Alien lexicon, fixed in July; a
    challenger learns its vocabulary from the logged messages, so clipped slang
    keywords become evidence instead of being ignored.
    """
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    model = Pipeline([("bag_of_words", CountVectorizer(token_pattern=r"\S+", lowercase=False)),
                      ("classifier", LogisticRegression(C=1.0, max_iter=1000))])
    return model.fit(list(texts), list(labels))


@functools.lru_cache(maxsize=4)
def _reference(seed: int, requests_per_day: int) -> pd.DataFrame:
    return reference_window(translator_logs("2043-07-01", "2043-07-31",
                                            requests_per_day=requests_per_day, seed=seed))


def translator_spec(seed: int = 2043, *, window: _dt.timedelta = _dt.timedelta(days=1),
                    min_rows: int = 50) -> ServiceSpec:
    """The Translator, its schema and July's reference window, ready to serve."""
    return ServiceSpec(model=functools.partial(translator_model, seed), schema=TRANSLATOR_SCHEMA,
                       reference=functools.partial(_reference, seed, 500), version="v1",
                       to_model_input=model_text, trainer=train_translator,
                       window=window, min_rows=min_rows)


def request_body(row: Any) -> dict:
    """The ``POST /predict`` body of one row of :func:`translator_logs` (its time and id kept)."""
    return {"request_id": row.request_id, "timestamp": pd.Timestamp(row.timestamp).isoformat(),
            "text": row.text, "planet": str(row.planet), "channel": str(row.channel),
            "sentence_length": int(row.sentence_length), "oov_rate": float(row.oov_rate),
            "formality": float(row.formality)}


def label_body(row: Any) -> dict:
    """One entry of a ``POST /labels`` body: the row's label, when it arrived."""
    return {"request_id": row.request_id, "label": str(row.label),
            "label_at": pd.Timestamp(row.label_at).isoformat()}
