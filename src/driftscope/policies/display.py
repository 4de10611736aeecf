"""What a report shows beside its numbers: the shares of a drifted column's figure, and notes.

A figure is a plain dict (`driftscope.render.figure_svg` draws it):
``{"type": "numerical", "edges", "reference", "current"}`` (shares per bin)
or ``{"type": "categorical", "labels", "reference", "current"}`` (shares of
the most frequent categories, the rest summed into one bar).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

__all__ = ["MAX_BARS", "numerical_figure", "categorical_figure", "new_categories_note",
           "missing_rate_note", "join_notes"]

#: Categories drawn one by one; the others share one bar.
MAX_BARS = 12
#: Categories named in a note; the others are "...".
_NAMED = 5


def numerical_figure(edges: Any, reference: Any, current: Any) -> dict[str, Any]:
    """A histogram figure: shares of both samples on the same `edges`."""
    return {"type": "numerical", "edges": np.asarray(edges).tolist(),
            "reference": np.asarray(reference).tolist(), "current": np.asarray(current).tolist()}


def categorical_figure(labels: Sequence[Any], reference_counts: np.ndarray,
                       current_counts: np.ndarray) -> dict[str, Any]:
    """A bar figure: the shares of the `MAX_BARS` most frequent categories, then the rest."""
    ref_share = reference_counts / reference_counts.sum()
    cur_share = current_counts / current_counts.sum()
    order = np.argsort(-(ref_share + cur_share), kind="stable")
    top, rest = order[:MAX_BARS], order[MAX_BARS:]
    names = [str(labels[i]) for i in top]
    ref, cur = ref_share[top].tolist(), cur_share[top].tolist()
    if rest.size:
        names.append(f"{rest.size} others")
        ref.append(float(ref_share[rest].sum()))
        cur.append(float(cur_share[rest].sum()))
    return {"type": "categorical", "labels": names, "reference": ref, "current": cur}


def new_categories_note(labels: Sequence[Any], reference_counts: np.ndarray,
                        current_counts: np.ndarray) -> str:
    """``"new categories: 'a', 'b'"``: the categories current has and reference lacks, or ``""``."""
    new = [labels[i] for i in np.flatnonzero((reference_counts == 0) & (current_counts > 0))]
    if not new:
        return ""
    shown = ", ".join(repr(c) for c in new[:_NAMED]) + (", ..." if len(new) > _NAMED else "")
    return f"new categories: {shown}"


def missing_rate_note(n_reference: int, missing_reference: int, n_current: int,
                      missing_current: int) -> str:
    """``"missing 1.0% -> 9.0%"`` when the missing rate moved by 5 points or more, else ``""``."""
    r = missing_reference / (n_reference + missing_reference)
    c = missing_current / (n_current + missing_current)
    if abs(c - r) >= 0.05:
        return f"missing {r:.1%} -> {c:.1%}"
    return ""


def join_notes(*notes: str) -> str:
    """The non-empty notes, joined by ``"; "``."""
    return "; ".join(n for n in notes if n)
