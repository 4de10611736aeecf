"""Request logs of Vector Prime's Translator, generated from the station's timeline.

The Translator reads an alien message (a string of tokens) and classifies its
intent (:data:`~watchtower.world.language.INTENTS`). It is a real
scikit-learn model, a bag of words over the Formal Alien lexicon followed by a
logistic regression, trained on a labelled sample of July's traffic. So when
"Slang Alien" replaces known words by unknown ones, accuracy falls because the
model stops seeing its evidence, not because the generator says so.

How the world of :data:`~watchtower.world.timeline.TIMELINE` enters the data:

* **Slang (15-30 Aug)**: each request comes from a slang speaker with a
  probability that grows linearly, planet by planet, from 0 (before the
  planet's onset, the first on Trappist-1e on 15 Aug) to the planet's final
  share on 31 Aug, and stays there. Slang speakers write shorter sentences,
  clip keywords into out-of-vocabulary forms, swap particles for fillers and
  drop honorifics (lower formality).
* **Concept drift (from 10 Sep)**: messages are generated exactly as before,
  but a message containing :data:`~watchtower.world.language.CONCEPT_WORD`
  now means ``"distress"`` (with probability 0.9), whatever it used to mean.
  P(input) stays put; P(label | input) changes.
* **Ground truth**: a random share of requests (``label_rate``) is reviewed by
  a human linguist; its label arrives days later, at ``label_at``. The other
  requests have no label (``NaN`` / ``NaT``).
* **System health** does not care about language: ``status`` is 200 for about
  99.8% of requests and ``latency_ms`` is lognormal around 50 ms, all along.

Every day is generated from its own random stream (the seed and the date), so a
shorter period is exactly a slice of a longer one.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from .cache import cached
from .language import (
    CONCEPT_WORD,
    FILLERS,
    HONORIFICS,
    INTENTS,
    KEYWORDS,
    LEXICON,
    NAMES,
    PARTICLES,
    SLANG_OF,
    TOKENS,
)
from .timeline import event

__all__ = [
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
]

# --------------------------------------------------------------------------
# The world's constants
# --------------------------------------------------------------------------

#: Planets sending traffic, their share of requests, the day slang reaches them
#: and the share of slang speakers they end up with (from 31 Aug on).
_PLANET_TABLE: tuple[tuple[str, float, _dt.date, float], ...] = (
    ("Trappist-1e", 0.30, _dt.date(2043, 8, 15), 0.85),
    ("Proxima b", 0.25, _dt.date(2043, 8, 17), 0.70),
    ("Kepler-442b", 0.20, _dt.date(2043, 8, 19), 0.60),
    ("Gliese 667Cc", 0.15, _dt.date(2043, 8, 21), 0.55),
    ("Ross 128b", 0.10, _dt.date(2043, 8, 23), 0.50),
)
#: The planets, most traffic first.
PLANETS: tuple[str, ...] = tuple(p[0] for p in _PLANET_TABLE)
_PLANET_P = np.array([p[1] for p in _PLANET_TABLE])
_SLANG_DONE = np.datetime64("2043-08-31T00:00", "s")  # every ramp ends here
_SLANG_ONSET = np.array([np.datetime64(p[2], "s") for p in _PLANET_TABLE])
_SLANG_MAX = np.array([p[3] for p in _PLANET_TABLE])

#: Channels a message arrives on, with fixed shares (0.55, 0.35, 0.10).
CHANNELS: tuple[str, ...] = ("text", "voice", "beacon")
_CHANNEL_P = np.array([0.55, 0.35, 0.10])

_INTENT_P = np.array([0.30, 0.30, 0.15, 0.25])  # greeting, trade, distress, request
_CONCEPT_START = np.datetime64(event("concept").start, "s")
_CONCEPT_FLIP = 0.9
_DISTRESS = INTENTS.index("distress")

_MAX_LEN = 24
_NAME_P = 0.04  # share of tokens that are proper names (out of vocabulary)
_KEYWORD_P = {False: 0.30, True: 0.40}  # formal, slang: share of keyword tokens
_OWN_CLASS_P = 0.8  # a keyword signals the message's own intent
_CLIP_P = 0.85  # slang speakers clip a keyword
_FILLER_P = 0.6  # slang speakers swap a particle for a filler
_HONORIFIC_GAIN = 0.6  # P(honorific) per non-keyword token = gain * formality

_STATUS = np.array([200, 429, 500, 503])
_STATUS_P = np.array([0.998, 0.0004, 0.0008, 0.0008])

_N_TRAIN = 6000

_ZIPF = 1.0 / np.arange(1, len(KEYWORDS["greeting"]) + 1) ** 0.8
_ZIPF_CDF = np.cumsum(_ZIPF / _ZIPF.sum())
_N_KW = len(_ZIPF)
_N_LEX = len(LEXICON)
_TOKEN_ID = {t: i for i, t in enumerate(TOKENS)}
_KW_ID = np.array([[_TOKEN_ID[w] for w in KEYWORDS[c]] for c in INTENTS])  # (4, 12)
_SLANG_KW_ID = np.array([[_TOKEN_ID[SLANG_OF[w]] for w in KEYWORDS[c]] for c in INTENTS])
_PARTICLE_ID = np.array([_TOKEN_ID[w] for w in PARTICLES])
_HONORIFIC_ID = np.array([_TOKEN_ID[w] for w in HONORIFICS])
_FILLER_ID = np.array([_TOKEN_ID[w] for w in FILLERS])
_NAME_ID = np.array([_TOKEN_ID[w] for w in NAMES])
_CONCEPT_ID = _TOKEN_ID[CONCEPT_WORD]
_TOKEN_ARRAY = np.array(TOKENS, dtype=object)

#: Columns of :func:`translator_logs`, in order.
COLUMNS: tuple[str, ...] = (
    "timestamp", "request_id", "planet", "channel", "sentence_length", "oov_rate",
    "formality", "text", "latency_ms", "status", "prediction", "confidence",
    "label", "label_at",
)  # fmt: skip

#: The input features a drift monitor watches (numeric, then categorical).
FEATURES: tuple[str, ...] = ("sentence_length", "oov_rate", "formality", "planet", "channel")


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------


def slang_share(when: Any, planet: str | None = None) -> float:
    """Probability that a request sent at ``when`` comes from a slang speaker.

    Parameters
    ----------
    when : str, datetime or pandas.Timestamp
        Station time.
    planet : str, optional
        One of :data:`PLANETS`; by default the traffic-weighted mean of all
        planets.

    Returns
    -------
    float
        0 before 15 Aug 2043, growing linearly planet by planet, constant from
        31 Aug 2043 on.

    Examples
    --------
    >>> slang_share("2043-08-14")
    0.0
    >>> round(slang_share("2043-08-23"), 3), round(slang_share("2043-08-31"), 3)
    (0.259, 0.683)
    >>> slang_share("2043-09-20", planet="Trappist-1e")
    0.85
    """
    t = np.datetime64(pd.Timestamp(when).to_datetime64(), "s")
    shares = _slang_by_planet(np.array([t]))[0]
    if planet is None:
        return float(shares @ _PLANET_P)
    try:
        return float(shares[PLANETS.index(planet)])
    except ValueError:
        raise ValueError(f"unknown planet {planet!r}; planets are {PLANETS}") from None


def _slang_by_planet(t: np.ndarray) -> np.ndarray:
    """Slang share for each time (rows) and planet (columns)."""
    t = t.astype("datetime64[s]").astype(np.int64)[:, None].astype(float)
    onset = _SLANG_ONSET.astype(np.int64).astype(float)
    done = float(_SLANG_DONE.astype(np.int64))
    ramp = np.clip((t - onset) / (done - onset), 0.0, 1.0)
    return ramp * _SLANG_MAX


def _messages(rng: np.random.Generator, intent: np.ndarray, slang: np.ndarray):
    """Token ids (n, _MAX_LEN), lengths and formality of n messages."""
    n = intent.size
    formality = np.where(slang, rng.beta(2.5, 6.0, n), rng.beta(9.0, 3.0, n))
    length = np.where(slang, 2 + rng.poisson(4.0, n), 4 + rng.poisson(8.0, n))
    length = np.minimum(length, _MAX_LEN)

    shape = (n, _MAX_LEN)
    kind = rng.random(shape)
    own = rng.random(shape) < _OWN_CLASS_P
    rank = np.minimum(np.searchsorted(_ZIPF_CDF, rng.random(shape), side="right"), _N_KW - 1)
    other = (intent[:, None] + rng.integers(1, len(INTENTS), shape)) % len(INTENTS)
    kw_class = np.where(own, intent[:, None], other)
    clip = slang[:, None] & (rng.random(shape) < _CLIP_P)
    keyword = np.where(clip, _SLANG_KW_ID[kw_class, rank], _KW_ID[kw_class, rank])

    honor = rng.random(shape) < _HONORIFIC_GAIN * formality[:, None]
    filler = slang[:, None] & (rng.random(shape) < _FILLER_P)
    particle = np.where(
        filler,
        _FILLER_ID[rng.integers(0, _FILLER_ID.size, shape)],
        _PARTICLE_ID[rng.integers(0, _PARTICLE_ID.size, shape)],
    )
    other_word = np.where(honor, _HONORIFIC_ID[rng.integers(0, _HONORIFIC_ID.size, shape)], particle)
    name = _NAME_ID[rng.integers(0, _NAME_ID.size, shape)]

    kw_p = np.where(slang, _KEYWORD_P[True], _KEYWORD_P[False])[:, None]
    tokens = np.where(kind < _NAME_P, name, np.where(kind < _NAME_P + kw_p, keyword, other_word))
    tokens[np.arange(_MAX_LEN)[None, :] >= length[:, None]] = -1
    return tokens, length, formality


def _texts(tokens: np.ndarray, length: np.ndarray) -> list[str]:
    words = _TOKEN_ARRAY[np.where(tokens < 0, 0, tokens)]
    return [" ".join(row[:k]) for row, k in zip(words.tolist(), length.tolist())]


def _bag_of_words(tokens: np.ndarray) -> sparse.csr_matrix:
    """Counts of lexicon tokens, the same matrix the model's vectorizer builds."""
    rows, cols = np.nonzero((tokens >= 0) & (tokens < _N_LEX))
    data = np.ones(rows.size, dtype=np.int64)
    m = sparse.csr_matrix((data, (rows, tokens[rows, cols])), shape=(tokens.shape[0], _N_LEX))
    m.sum_duplicates()
    return m


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _trained_model(seed: int):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rng = np.random.default_rng([seed, 0])
    intent = rng.choice(len(INTENTS), size=_N_TRAIN, p=_INTENT_P)
    tokens, length, _ = _messages(rng, intent, np.zeros(_N_TRAIN, dtype=bool))
    model = Pipeline(
        [
            (
                "bag_of_words",
                CountVectorizer(vocabulary=list(LEXICON), token_pattern=r"\S+", lowercase=False),
            ),
            ("classifier", LogisticRegression(C=1.0, max_iter=1000)),
        ]
    )
    model.fit(_texts(tokens, length), np.array(INTENTS, dtype=object)[intent])
    return model


def translator_model(seed: int = 2043):
    """The Translator: a scikit-learn pipeline trained on July 2043's traffic.

    A :class:`~sklearn.feature_extraction.text.CountVectorizer` over the Formal
    Alien lexicon (out-of-vocabulary tokens are ignored) followed by a
    :class:`~sklearn.linear_model.LogisticRegression`, fitted on 6,000 labelled
    Formal Alien messages drawn for ``seed``. :func:`translator_logs` uses the
    same model, so ``translator_model(seed).predict(logs.text)`` reproduces the
    ``prediction`` column of ``translator_logs(..., seed=seed)``.

    Parameters
    ----------
    seed : int
        The world's seed.

    Returns
    -------
    sklearn.pipeline.Pipeline
        A fresh copy (changing it does not change the generator's model).

    Examples
    --------
    >>> model = translator_model(2043)
    >>> list(model.classes_)
    ['distress', 'greeting', 'request', 'trade']
    >>> model.predict(["koruna ka velaan lygaaqo"])[0]
    'greeting'
    """
    return copy.deepcopy(_trained_model(int(seed)))


# --------------------------------------------------------------------------
# The logs
# --------------------------------------------------------------------------


def _day(seed: int, day: np.datetime64, n_mean: float, label_rate: float, slang_on: bool):
    """Every random draw of one day, from the day's own stream."""
    ordinal = int(day.astype("datetime64[D]").astype(np.int64))
    rng = np.random.default_rng([seed, ordinal + 100_000])
    n = int(rng.poisson(n_mean))
    seconds = np.sort(rng.uniform(0.0, 86_400.0, n))
    t = day.astype("datetime64[ms]") + (seconds * 1000).astype("timedelta64[ms]")
    planet = rng.choice(len(PLANETS), size=n, p=_PLANET_P)
    channel = rng.choice(len(CHANNELS), size=n, p=_CHANNEL_P)
    intent = rng.choice(len(INTENTS), size=n, p=_INTENT_P)
    p_slang = _slang_by_planet(t)[np.arange(n), planet] if slang_on else np.zeros(n)
    slang = rng.random(n) < p_slang
    tokens, length, formality = _messages(rng, intent, slang)
    flip = rng.random(n) < _CONCEPT_FLIP
    latency = rng.lognormal(np.log(50.0), 0.22, n)
    status = rng.choice(_STATUS, size=n, p=_STATUS_P)
    reviewed = rng.random(n) < label_rate
    delay_hours = 24.0 + rng.gamma(2.0, 30.0, n)  # 1 day + about 2.5 days on average
    return dict(
        t=t, planet=planet, channel=channel, intent=intent, tokens=tokens, length=length,
        formality=formality, flip=flip, latency=latency, status=status, reviewed=reviewed,
        delay=(delay_hours * 3_600_000).astype("timedelta64[ms]"),
        day=np.full(n, ordinal),
    )  # fmt: skip


def _as_day(value: Any, name: str) -> np.datetime64:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a date such as '2043-08-01', got {value!r}") from exc
    if ts is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2043-08-01', got {value!r}")
    return np.datetime64(ts.normalize().to_datetime64(), "D")


def translator_logs(
    start: Any = "2043-07-01",
    end: Any = "2043-09-30",
    *,
    requests_per_day: float = 1500,
    seed: int = 2043,
    label_rate: float = 0.6,
    slang: bool = True,
    concept_drift: bool = True,
) -> pd.DataFrame:
    """Request logs of the Translator between two days (both included).

    Parameters
    ----------
    start, end : str, date or pandas.Timestamp
        First and last day (station time). The default covers the whole story:
        July's reference window to the end of September.
    requests_per_day : float
        Mean number of requests per day (each day's count is Poisson).
    seed : int
        The world's seed: same seed, same logs (and the same model).
    label_rate : float
        Share of requests that a human reviews; only those get a ``label``.
    slang, concept_drift : bool
        Switch off the slang spread or the change of meaning of
        :data:`~watchtower.world.language.CONCEPT_WORD` to get a world
        without that drift (for comparisons and false-alarm experiments).

    Returns
    -------
    pandas.DataFrame
        One row per request, sorted by time, with a fresh ``RangeIndex`` and
        the columns of :data:`COLUMNS`:

        ============== ================== =========================================
        column          dtype              meaning
        ============== ================== =========================================
        timestamp       datetime64[ms]     when the request arrived
        request_id      object (str)       ``"VP-20430815-00042"``, unique
        planet          category           sending world (:data:`PLANETS`)
        channel         category           ``text``, ``voice`` or ``beacon``
        sentence_length int64              number of tokens in ``text``
        oov_rate        float64            share of tokens outside the lexicon
        formality       float64            speaker register in [0, 1] (1 = formal)
        text            object (str)       the message, space-separated tokens
        latency_ms      float64            response time
        status          int64              HTTP status (200 almost always)
        prediction      category           the Translator's intent
        confidence      float64            its probability for that intent
        label           category           true intent, NaN if never reviewed
        label_at        datetime64[ms]     when the label arrived, NaT if never
        ============== ================== =========================================

    Examples
    --------
    >>> logs = translator_logs("2043-08-01", "2043-08-02", requests_per_day=200)
    >>> logs.shape
    (416, 14)
    >>> row = logs.iloc[0]
    >>> row.request_id, row.planet, row.prediction
    ('VP-20430801-00000', 'Gliese 667Cc', 'trade')
    >>> row.text
    'kaelun dravos dravos ledyk dravos is ze ny kubu lo'
    >>> bool((logs.status == 200).mean() > 0.99), bool(logs.latency_ms.median() < 60)
    (True, True)
    >>> labelled = logs.dropna(subset=["label"])
    >>> bool((labelled.label_at - labelled.timestamp).min() >= pd.Timedelta("1D"))
    True
    >>> translator_logs("2043-08-01", "2043-08-01", requests_per_day=200).equals(
    ...     logs[logs.timestamp < "2043-08-02"])
    True
    """
    first, last = _as_day(start, "start"), _as_day(end, "end")
    if last < first:
        raise ValueError(f"end ({last}) is before start ({first})")
    if not requests_per_day > 0:
        raise ValueError(f"requests_per_day must be > 0, got {requests_per_day!r}")
    if not 0.0 <= label_rate <= 1.0:
        raise ValueError(f"label_rate must be in [0, 1], got {label_rate!r}")
    seed = int(seed)
    args = (first, last, float(requests_per_day), seed, float(label_rate), bool(slang),
            bool(concept_drift))
    return cached(lambda: _logs(*args), (str(first), str(last), *args[2:]))


def _logs(first: np.datetime64, last: np.datetime64, requests_per_day: float, seed: int,
          label_rate: float, slang: bool, concept_drift: bool) -> pd.DataFrame:
    """The body of :func:`translator_logs`, on checked arguments."""
    days = np.arange(first, last + np.timedelta64(1, "D"))
    parts = [_day(seed, d, float(requests_per_day), float(label_rate), slang) for d in days]
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    n = cols["t"].size
    tokens, length = cols["tokens"], cols["length"]

    model = _trained_model(seed)
    proba = model[-1].predict_proba(_bag_of_words(tokens))
    classes = list(model[-1].classes_)
    pred_intent = np.array([INTENTS.index(c) for c in classes])[proba.argmax(axis=1)]

    intent = cols["intent"]
    if concept_drift:
        has_word = (tokens == _CONCEPT_ID).any(axis=1)
        changed = has_word & cols["flip"] & (cols["t"] >= _CONCEPT_START)
        intent = np.where(changed, _DISTRESS, intent)
    label_code = np.where(cols["reviewed"], intent, -1)
    label_at = cols["t"] + cols["delay"]
    label_at[~cols["reviewed"]] = np.datetime64("NaT")

    # Request ids: the day and the request's rank in that day.
    counts = np.array([p["t"].size for p in parts])
    rank = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    stamps = [str(d).replace("-", "") for d in days]
    day_of_row = np.repeat(np.arange(days.size), counts).tolist()
    request_id = [f"VP-{stamps[i]}-{r:05d}" for i, r in zip(day_of_row, rank.tolist())]

    oov = (tokens >= _N_LEX).sum(axis=1) / length
    intents = pd.CategoricalDtype(list(INTENTS))
    frame = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(cols["t"]),
            "request_id": request_id,
            "planet": pd.Categorical.from_codes(cols["planet"], dtype=pd.CategoricalDtype(list(PLANETS))),
            "channel": pd.Categorical.from_codes(cols["channel"], dtype=pd.CategoricalDtype(list(CHANNELS))),
            "sentence_length": length.astype(np.int64),
            "oov_rate": oov,
            "formality": np.round(cols["formality"], 4),
            "text": _texts(tokens, length),
            "latency_ms": np.round(cols["latency"], 2),
            "status": cols["status"].astype(np.int64),
            "prediction": pd.Categorical.from_codes(pred_intent, dtype=intents),
            "confidence": np.round(proba.max(axis=1), 4),
            "label": pd.Categorical.from_codes(label_code, dtype=intents),
            "label_at": pd.to_datetime(label_at),
        }
    )
    return frame


# --------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------


def window(logs: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    """Requests from day ``start`` to day ``end``, both days included.

    Like the timeline's "1-14 Aug": ``window(logs, "2043-08-01", "2043-08-14")``
    holds every request of 14 Aug too. Times of day in ``start``/``end`` are
    ignored (whole days).

    Examples
    --------
    >>> logs = translator_logs("2043-08-01", "2043-08-03", requests_per_day=100)
    >>> sorted(window(logs, "2043-08-02", "2043-08-03").timestamp.dt.day.unique().tolist())
    [2, 3]
    """
    first, last = _as_day(start, "start"), _as_day(end, "end")
    lo = pd.Timestamp(first)
    hi = pd.Timestamp(last + np.timedelta64(1, "D"))
    ts = logs["timestamp"]
    return logs[(ts >= lo) & (ts < hi)]


def event_window(logs: pd.DataFrame, key: str) -> pd.DataFrame:
    """Requests during the timeline event ``key`` (see :data:`TIMELINE`).

    Examples
    --------
    >>> logs = translator_logs("2043-08-13", "2043-08-16", requests_per_day=100)
    >>> event_window(logs, "quiet").timestamp.dt.day.unique().tolist()
    [13, 14]
    """
    ev = event(key)
    return window(logs, ev.start, ev.end)


def reference_window(logs: pd.DataFrame) -> pd.DataFrame:
    """The reference window: July 2043, the Translator's training period.

    Examples
    --------
    >>> logs = translator_logs("2043-07-30", "2043-08-02", requests_per_day=100)
    >>> reference_window(logs).timestamp.dt.month.unique().tolist()
    [7]
    """
    return event_window(logs, "training")


def labels_known_at(logs: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """The logs as an engineer sees them at ``as_of``: later labels not yet known.

    Returns a copy in which ``label`` and ``label_at`` are missing for every
    request whose label arrives after ``as_of`` (a time; a date means its
    midnight). Requests sent after ``as_of`` are kept (filter them yourself if
    you want a strict view of the past).

    Examples
    --------
    >>> logs = translator_logs("2043-08-01", "2043-08-07", requests_per_day=100)
    >>> now = labels_known_at(logs, "2043-08-05")
    >>> int(logs.label.notna().sum()) > int(now.label.notna().sum())
    True
    >>> bool((now.label_at.dropna() <= pd.Timestamp("2043-08-05")).all())
    True
    """
    cutoff = pd.Timestamp(as_of)
    out = logs.copy()
    late = ~(out["label_at"] <= cutoff)
    out.loc[late, "label"] = np.nan
    out.loc[late, "label_at"] = pd.NaT
    return out

