"""What every drift policy returns: one `ColumnDrift` per column."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["ColumnDrift", "Skip", "NUMERICAL", "CATEGORICAL"]

NUMERICAL = "numerical"
CATEGORICAL = "categorical"


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
    kind : {"numerical", "categorical"}
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
