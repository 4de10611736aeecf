"""The contract between `drift_report` and a drift policy.

A *policy* decides which columns are tested and how, when a column drifts
and when the data set does. `drift_report` runs one loop for every policy:

1. the policy's *engine* (``"frames"`` or ``"profiles"``, see
   `driftscope.engines`) checks the two inputs and hands out each column's
   pair: two pandas Series, or two sketches;
2. ``policy.plan(column, reference, current, explicit)`` returns a `Skip`
   (with the reason) or the `ColumnTest` that handles the column's kind;
3. the test reads the pair once (``test.read``), measures it
   (``test.measure`` -> `Measure`) and keeps what a figure needs
   (``test.plot``);
4. ``policy.decide(measures)`` turns the measures into the final rows (a
   policy may decide the columns jointly, e.g. a multiple-testing
   correction), and ``policy.dataset_drift`` and ``policy.rule`` give the
   data-set verdict and its wording.

A new column kind needs no change to the loop: the policy's `plan` returns a
`ColumnTest` for it. `EvidentlyPolicy` looks the test up in its
``column_tests`` mapping by the kind it infers, so a module can teach it a
kind with `register_column_test`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Mapping, Protocol, Sequence, runtime_checkable

__all__ = ["ColumnDrift", "Skip", "Measure", "ColumnTest", "Policy", "share_rule", "NUMERICAL",
           "CATEGORICAL", "TEXT", "FRAMES", "PROFILES"]

NUMERICAL = "numerical"
CATEGORICAL = "categorical"
TEXT = "text"

#: The engines: data frames in (every value at hand), or profiles in (bin and category counts).
FRAMES = "frames"
PROFILES = "profiles"


def share_rule(drift_share: float) -> str:
    """The data-set rule "at least `drift_share` of the columns drifted", in words (worded once)."""
    return f"the data set drifts from {drift_share:.0%} of the columns"


@dataclass(frozen=True)
class Skip:
    """A column a policy leaves out of the report, and why."""

    reason: str


@dataclass(frozen=True)
class ColumnDrift:
    """The verdict on one column.

    Attributes
    ----------
    column : str
        Column name.
    kind : {"numerical", "categorical", ...}
        How the policy treated the column.
    test : str
        The test, by Evidently's display name for ``policy="evidently"``
        (``"K-S p_value"``, ``"Wasserstein distance (normed)"``, ...).
    statistic : float
        The drift score the verdict compares with `threshold`: a p-value for
        Evidently's tests (as in Evidently's own reports), a distance or an
        effect size (PSI, Jensen-Shannon) otherwise.
    threshold : float
        The threshold `statistic` is compared with.
    pvalue : float or None
        The p-value behind the verdict (corrected for multiple testing under
        ``policy="watchtower"``), or None when the test has none.
    drifted : bool
        The verdict.
    n_reference, n_current : int
        Values compared, after dropping missing ones.
    missing_reference, missing_current : int
        Missing values (NaN, None, pd.NA, +/-inf) dropped.
    note : str
        Anything worth knowing about the column (new categories, a change in
        the missing rate, the raw p-value), or ``""``.
    """

    column: Any
    kind: str
    test: str
    statistic: float
    threshold: float
    pvalue: float | None
    drifted: bool
    n_reference: int
    n_current: int
    missing_reference: int
    missing_current: int
    note: str = ""

    def __post_init__(self) -> None:
        for field in ("statistic", "threshold"):
            value = getattr(self, field)
            if not isinstance(value, (int, float)) or math.isnan(value):
                raise AssertionError(f"column {self.column!r}: {field} is {value!r}")
        if self.pvalue is not None and not 0.0 <= self.pvalue <= 1.0:
            raise AssertionError(f"column {self.column!r}: pvalue is {self.pvalue!r}")

    def to_dict(self) -> dict[str, Any]:
        """The row as plain Python values (JSON-ready)."""
        d = asdict(self)
        d["drifted"] = bool(d["drifted"])
        return d


@dataclass(frozen=True)
class Measure:
    """What a `ColumnTest` found in one column, before the policy decides.

    Attributes
    ----------
    row : ColumnDrift
        The column's verdict as the test alone gives it (raw p-value; a
        policy that corrects for multiple testing rewrites it in `decide`).
    counted : bool or None
        How the data-set rule counts the column when that differs from the
        row's verdict (Evidently's ``DriftedColumnsCount``); None: as the row.
    """

    row: ColumnDrift
    counted: bool | None = None


@runtime_checkable
class ColumnTest(Protocol):
    """How a policy tests one kind of column (see the module notes).

    ``read(column, reference, current)`` gets the engine's pair (two Series
    or two sketches) and returns whatever `measure` and `plot` need, read
    once; ``measure(column, data)`` returns a `Measure`; ``plot(data)``
    returns the shares of a figure: ``{"type": "numerical", "edges",
    "reference", "current"}`` or ``{"type": "categorical", "labels",
    "reference", "current"}``.
    """

    kind: str

    def read(self, column: Any, reference: Any, current: Any) -> Any: ...

    def measure(self, column: Any, data: Any) -> Measure: ...

    def plot(self, data: Any) -> dict[str, Any]: ...


@runtime_checkable
class Policy(Protocol):
    """A drift policy (see the module notes for how `drift_report` uses one).

    Class attributes: ``name`` (its key in `driftscope.policies.POLICIES`),
    ``summary`` (one line, for the CLI and the docs), ``engine``
    (``"frames"`` or ``"profiles"``), ``defaults`` (parameter -> default) and
    ``default_drift_share``. Instances are built with
    ``from_params(**params)``, which validates the parameters, and expose
    them as ``params``.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    engine: ClassVar[str]
    defaults: ClassVar[Mapping[str, Any]]
    default_drift_share: ClassVar[float]

    @property
    def params(self) -> dict[str, Any]: ...

    def plan(self, column: Any, reference: Any, current: Any,
             explicit: bool) -> ColumnTest | Skip: ...

    def decide(self, measures: Sequence[Measure]) -> list[ColumnDrift]: ...

    def dataset_drift(self, n_drifted: int, share: float, drift_share: float) -> bool: ...

    def rule(self, drift_share: float) -> str: ...
