"""Engines: where the column pairs of a drift report come from.

A policy names its engine (`Policy.engine`); `drift_report` asks that engine
for the columns to compare and for each column's pair, and runs the same
loop whatever the engine:

``"frames"`` (`FrameEngine`)
    Two pandas DataFrames; a column's pair is two Series, so a policy has
    every value at hand (sorts, exact KS p-values). Large frames are read a
    few columns at a time in threads (NumPy's sorts release the GIL).
``"profiles"`` (`ProfileEngine`)
    Two `Profile` objects (one sketch per column: bin or category counts),
    from `Profile.from_frame`, a stream, SQL ``GROUP BY`` counts or a Dask
    DataFrame (`driftscope.distributed`); a column's pair is two sketches.
    Data frames are accepted too: the reference is profiled and the current
    frame sketched on its bins.

The engine of a report is `DriftReport.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ._validation import (
    check_batch_kind,
    check_columns,
    check_columns_present,
    check_frames,
    check_not_profiles,
    check_profile_columns,
    check_profile_pair,
    is_numeric_dtype,
    nothing_to_test,
    numbers_in_one_frame_only,
    split_time_columns,
)
from .errors import ColumnMismatchError
from .policies import FRAMES, POLICIES, PROFILES

__all__ = ["ColumnSource", "FrameEngine", "ProfileEngine", "ENGINES"]


@dataclass
class ColumnSource:
    """The columns an engine hands to the report loop.

    Attributes
    ----------
    names : list
        Columns to compare, in order.
    explicit : bool
        Whether the caller named them (``columns=[...]``): a column a policy
        cannot test is then an error rather than a skip.
    pair : callable
        ``pair(column) -> (reference, current)``: two Series or two sketches.
    skipped : dict
        Columns the engine left out already (time columns of profiled frames).
    cells : int
        Values per column times columns, to decide on threads.
    threads : bool
        Whether reading columns in threads pays (sorting does).
    params : dict
        What the engine adds to the report's parameters (the profiles' fine bins).
    """

    names: list[Any]
    explicit: bool
    pair: Callable[[Any], tuple[Any, Any]]
    skipped: dict[Any, str] = field(default_factory=dict)
    cells: int = 0
    threads: bool = False
    params: dict[str, Any] = field(default_factory=dict)


class FrameEngine:
    """Two pandas DataFrames in; a column's pair is two Series."""

    name = FRAMES

    def open(self, reference: Any, current: Any, columns: Sequence[Any] | None,
             policy: str) -> ColumnSource:
        from .sketch import Profile

        check_not_profiles(reference, current, Profile, policy,
                           [n for n, c in POLICIES.items() if c.engine == PROFILES])
        names = check_frames(reference, current, columns)
        return ColumnSource(names, columns is not None,
                            lambda c: (reference[c], current[c]),
                            cells=(len(reference) + len(current)) * len(names), threads=True)


class ProfileEngine:
    """Two `Profile` objects in (or frames, profiled here); a column's pair is two sketches."""

    name = PROFILES

    def open(self, reference: Any, current: Any, columns: Sequence[Any] | None,
             policy: str) -> ColumnSource:
        from .sketch import HistogramSketch, Profile

        skipped: dict[Any, str] = {}
        check_profile_pair(reference, current, Profile)
        if isinstance(reference, Profile):
            ref_profile = reference
            if isinstance(current, Profile):
                cur_profile = current
            else:
                cur_profile = self._sketch_current(ref_profile, current, columns)
        else:
            names = check_frames(reference, current, columns)
            kept, skipped = split_time_columns(reference.dtypes, names, explicit=columns is not None)
            if not kept:
                raise nothing_to_test(skipped)
            for c in kept:  # the frame policies' rule: numbers in both frames or in neither
                if is_numeric_dtype(reference[c].dtype) != is_numeric_dtype(current[c].dtype):
                    raise numbers_in_one_frame_only(c, reference[c].dtype, current[c].dtype)
            ref_profile = Profile.from_frame(reference, columns=kept)
            cur_profile = ref_profile.sketch_like(current[kept], name="current")
        names = list(ref_profile) if columns is None else check_columns(columns)
        check_profile_columns(names, ref_profile, cur_profile, explicit=columns is not None)
        fine = {s.quantiles.size + 1 for s in ref_profile.values()
                if isinstance(s, HistogramSketch) and s.quantiles is not None}
        return ColumnSource(
            names, columns is not None, lambda c: (ref_profile[c], cur_profile[c]),
            skipped=skipped,
            params={"fine_bins": fine.pop() if len(fine) == 1 else sorted(fine) or None})

    @staticmethod
    def _sketch_current(ref_profile: Any, current: Any, columns: Sequence[Any] | None) -> Any:
        from .sketch import Profile

        wanted = list(ref_profile) if columns is None else list(columns)
        check_columns_present(current, wanted, "current", error=ColumnMismatchError)
        for c in wanted:
            if c in ref_profile:
                check_batch_kind(ref_profile[c], current[c].dtype, "current", c)
        return Profile({c: ref_profile[c] for c in wanted if c in ref_profile}).sketch_like(
            current, name="current")


#: engine name -> engine
ENGINES = {FRAMES: FrameEngine(), PROFILES: ProfileEngine()}
