"""Drift policies: which test each column gets, and when a column or a data set drifts.

Every policy follows the `Policy` protocol (``driftscope.policies._base``)
and is registered here, in `POLICIES`, which `drift_report`, the command line
and the docs read; nothing else lists them.

* ``"evidently"``: `EvidentlyPolicy`, Evidently 0.7.23's `DataDriftPreset`
  reproduced (module `driftscope.policies.evidently_preset`).
* ``"watchtower"``: `WatchtowerPolicy`, the course's recommendation, effect
  size plus Benjamini-Hochberg-corrected tests (module
  `driftscope.policies.watchtower`).
* ``"sketch"``: `SketchPolicy`, the watchtower rule computed from bin and
  category counts alone (chi-square on bins where the watchtower policy uses
  KS), so from streaming sketches and from the partitions of a distributed
  data frame (module `driftscope.policies.sketched`); its engine is
  ``"profiles"``.

Examples
--------
>>> from driftscope.policies import POLICIES, describe_policies
>>> sorted(POLICIES)
['evidently', 'sketch', 'watchtower']
>>> POLICIES["sketch"].engine, POLICIES["watchtower"].defaults["bins"]
('profiles', 10)
>>> print(describe_policies()[0])
evidently: Evidently 0.7's DataDriftPreset: its column kinds, tests and verdicts
"""

from __future__ import annotations

from typing import Any, Callable

from .._validation import check_policy, check_policy_class
from ._base import (
    CATEGORICAL,
    FRAMES,
    NUMERICAL,
    PROFILES,
    ColumnDrift,
    ColumnTest,
    Measure,
    Policy,
    Skip,
    TEXT,
    share_rule,
)
from .evidently_preset import EvidentlyPolicy
from .sketched import SketchPolicy
from .text_columns import EvidentlyTextTest, WatchtowerTextTest
from .watchtower import WatchtowerPolicy

__all__ = ["POLICIES", "Policy", "ColumnTest", "Measure", "ColumnDrift", "Skip",
           "EvidentlyPolicy", "WatchtowerPolicy", "SketchPolicy", "register_policy",
           "register_column_test", "make_policy", "describe_policies", "share_rule", "NUMERICAL",
           "CATEGORICAL", "TEXT", "FRAMES", "PROFILES"]

#: name -> policy class; the one list of policies.
POLICIES: dict[str, type] = {}


def register_policy(cls: type) -> type:
    """Add a policy class to `POLICIES` under its ``name`` (usable as a class decorator)."""
    check_policy_class(cls, ("name", "summary", "engine", "defaults", "default_drift_share",
                             "from_params", "plan", "decide", "dataset_drift", "rule"),
                       (FRAMES, PROFILES))
    POLICIES[cls.name] = cls
    return cls


def register_column_test(policy: str, kind: str, test: Callable[..., ColumnTest]) -> None:
    """Teach `policy` to test columns of `kind` with `test` (a `ColumnTest` factory).

    The factory is called as the policy's ``column_tests`` are: with
    ``current_counts=`` under ``"evidently"``, with the policy instance
    under ``"watchtower"`` and ``"sketch"``.
    """
    cls = POLICIES[policy]
    # Each class owns its mapping, so a subclass's registration stays its own.
    if "column_tests" not in vars(cls):
        cls.column_tests = dict(cls.column_tests)
    cls.column_tests[kind] = test


def make_policy(policy: Any, params: dict[str, Any] | None = None) -> Any:
    """The policy object for `policy` (a name in `POLICIES` or a policy object) and `params`.

    Parameters given as None take their defaults. A parameter the policy
    does not take is a `ParameterError` that names the policies taking it.
    """
    given = {k: v for k, v in (params or {}).items() if v is not None}
    check_policy(policy, given, POLICIES, Policy)
    if not isinstance(policy, str):
        return policy
    return POLICIES[policy].from_params(**given)


def describe_policies() -> list[str]:
    """One line per registered policy: ``"name: summary"``, for the CLI and the docs."""
    return [f"{name}: {cls.summary}" for name, cls in POLICIES.items()]


for _cls in (EvidentlyPolicy, WatchtowerPolicy, SketchPolicy):
    register_policy(_cls)
del _cls

# Text columns, through the seam every new kind uses (driftscope.policies.text_columns).
register_column_test("evidently", TEXT, EvidentlyTextTest)
register_column_test("watchtower", TEXT, WatchtowerTextTest)
