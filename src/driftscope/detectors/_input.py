"""The one check every detector's ``update(x)`` makes: `x` is a single finite number.

A stream detector holds running sums, so one NaN or inf would poison every
later decision without a sound (NaN compares false, so the detector would
silently never fire again). Bad values are therefore errors, never dropped:
dropping them would shift the step indices the detections are reported at.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import DtypeError, NonFiniteError


def as_value(x, owner: str) -> float:
    """Return `x` as a float after checking it is one finite real number.

    `owner` (``"PageHinkley"``, ...) starts the message. Booleans count as
    0 and 1. Raises `DtypeError` (strings, None, complex, arrays, ...) or
    `NonFiniteError` (NaN, +/-inf).
    """
    if type(x) is float:  # the common case first, without the ABC checks
        v = x
    elif isinstance(x, (numbers.Real, np.bool_)) and not isinstance(x, (str, bytes)):
        try:
            v = float(x)
        except OverflowError:  # an int beyond float range
            v = math.inf
    else:
        raise DtypeError(f"{owner}.update: x must be a single real number, got "
                         f"{type(x).__name__} {x!r}", name="x")
    if not math.isfinite(v):
        raise NonFiniteError(f"{owner}.update: x must be finite, got {x!r}; a NaN or inf "
                             "would corrupt the running statistics for good", name="x")
    return v
