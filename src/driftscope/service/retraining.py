"""Retraining: a challenger trained on logged data, promoted only if it beats the champion.

The challenger is trained on the logged requests whose label is known (a
label arrived at or before the newest request: the service never reads labels
from its own future), except the most recent ones, which are held out, plus
the labelled reference data when the spec has some (so a challenger does not
forget what the champion knew): champion and challenger are both scored on the
held-out requests. The challenger is promoted only when
its accuracy is higher by at least ``min_gain``. Every version and every
decision, promoted or not, is recorded.
"""

from __future__ import annotations

import datetime as _dt
import logging
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .._validation import check_finite
from .registry import ModelRegistry
from .schema import InputSchema
from .store import Store, quote

__all__ = ["retraining_decision", "Retrainer", "Decision", "default_trainer"]

log = logging.getLogger("driftscope.service.retraining")


def retraining_decision(champion_score: float, challenger_score: float,
                        min_gain: float = 0.0) -> bool:
    """Promote the challenger? Only when it scores higher than the champion by more than
    `min_gain` on the same held-out data (a tie keeps the champion).

    Examples
    --------
    >>> retraining_decision(0.80, 0.85), retraining_decision(0.80, 0.80)
    (True, False)
    >>> retraining_decision(0.80, 0.81, min_gain=0.02)
    False
    """
    champion_score = check_finite(champion_score, "champion_score")
    challenger_score = check_finite(challenger_score, "challenger_score")
    return bool(challenger_score - champion_score > min_gain)


def default_trainer(champion: Any) -> Callable:
    """A trainer that refits a clone of the champion (same hyper-parameters)."""
    def train(X: Any, y: Any) -> Any:
        from sklearn.base import clone

        return clone(champion).fit(X, y)
    return train


@dataclass
class Decision:
    reason: str
    champion: str
    challenger: str | None
    champion_score: float | None
    challenger_score: float | None
    n_train: int
    n_eval: int
    promoted: bool
    note: str


class Retrainer:
    """Train, compare, promote or keep; record everything.

    Parameters
    ----------
    store, registry, schema :
        Where the logged data, the model versions and the request fields are.
    trainer : callable ``(X, y) -> model``
        Fits a challenger on model inputs (as `to_model_input` makes them).
    to_model_input : callable
        As for `create_app`.
    eval_fraction : float
        Share of the labelled requests, the most recent, held out for the comparison.
    min_train, min_eval : int
        Fewer labelled requests than this: no challenger (the decision says so).
    min_gain : float
        See `retraining_decision`.
    base : pandas.DataFrame, optional
        Labelled reference rows (model inputs and ``label``), always trained on.
    """

    def __init__(self, store: Store, registry: ModelRegistry, schema: InputSchema, *,
                 trainer: Callable, to_model_input: Callable | None = None,
                 eval_fraction: float = 0.3, min_train: int = 50, min_eval: int = 20,
                 min_gain: float = 0.0, max_rows: int = 200_000, base: Any = None):
        self.store, self.registry, self.schema = store, registry, schema
        self.trainer = trainer
        self.to_input = to_model_input or (lambda frame: frame)
        self.eval_fraction, self.min_train, self.min_eval = eval_fraction, min_train, min_eval
        self.min_gain, self.max_rows = min_gain, max_rows
        self.base = base  # labelled reference rows: model inputs and "label"

    def labelled(self):
        """The newest `max_rows` labelled requests known now, oldest first."""
        import pandas as pd

        cols = list(self.schema.model_inputs)
        newest = self.store.scalar('SELECT MAX("timestamp") FROM requests')
        if newest is None:
            return pd.DataFrame(columns=[*cols, "label", "timestamp"])
        select = ", ".join(f"r.{quote(c)}" for c in cols)
        rows = self.store.query(
            f'SELECT {select}, l.label, r."timestamp" FROM requests r JOIN labels l '
            f'ON l.request_id = r.request_id WHERE l.label_at <= $1 '
            f'ORDER BY r."timestamp" DESC, r.request_id LIMIT {int(self.max_rows)}', [newest])
        return pd.DataFrame(rows[::-1], columns=[*cols, "label", "timestamp"])

    def run_once(self, reason: str = "manual") -> Decision:
        champion_version = self.registry.champion_version()
        champion = self.registry.load(champion_version)
        data = self.labelled()
        n_eval = int(round(len(data) * self.eval_fraction))
        train, held_out = data.iloc[:len(data) - n_eval], data.iloc[len(data) - n_eval:]
        if len(train) < self.min_train or len(held_out) < self.min_eval:
            decision = Decision(reason, champion_version, None, None, None, len(train),
                                len(held_out), False,
                                f"not enough labels yet ({len(train)} to train, "
                                f"{len(held_out)} to compare; need {self.min_train} and "
                                f"{self.min_eval})")
            self._record(decision)
            log.info("retraining (%s): %s", reason, decision.note)
            return decision
        cols = list(self.schema.model_inputs)
        fit_on = train[[*cols, "label"]]
        if self.base is not None and len(self.base):
            import pandas as pd

            fit_on = pd.concat([self.base[[*cols, "label"]], fit_on], ignore_index=True)
        challenger = self.trainer(self.to_input(fit_on[cols]), fit_on["label"].to_numpy())
        X_eval, y_eval = self.to_input(held_out[cols]), held_out["label"].to_numpy()
        champ_score = float(np.mean(champion.predict(X_eval) == y_eval))
        chall_score = float(np.mean(challenger.predict(X_eval) == y_eval))
        version = self._next_version()
        path = self.registry.save(challenger, version)
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        self.store.execute("INSERT INTO model_versions VALUES ($1, $2, $3, $4, $5)",
                           [version, now, champion_version, len(train), str(path)])
        promoted = retraining_decision(champ_score, chall_score, self.min_gain)
        if promoted:
            self.registry.promote(version)
        note = (f"accuracy on the {len(held_out)} most recent labelled requests: champion "
                f"{champ_score:.3f}, challenger {chall_score:.3f}; "
                + ("promoted" if promoted else "champion kept"))
        decision = Decision(reason, champion_version, version, champ_score, chall_score,
                            len(train), len(held_out), promoted, note)
        self._record(decision)
        log.info("retraining (%s): %s", reason, note)
        return decision

    def _next_version(self) -> str:
        n = int(self.store.scalar("SELECT COUNT(*) FROM model_versions") or 0)
        taken = set(self.registry.versions())
        while f"v{n + 1}" in taken:
            n += 1
        return f"v{n + 1}"

    def _record(self, d: Decision) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        self.store.execute(
            "INSERT INTO retraining_decisions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [now, d.reason, d.champion, d.challenger, d.champion_score, d.challenger_score,
             d.n_train, d.n_eval, d.promoted, d.note])
