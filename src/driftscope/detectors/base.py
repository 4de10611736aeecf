"""What every stream detector shares: parameters by name, state in `_reset`, read-only flags.

As in River, a detector is built with its parameters (each stored under its
own name, so `repr` and `clone` read them back), keeps all of its state in
attributes set by `_reset`, and answers one question per value: ``update(x)``
returns whether drift is flagged at this step, also readable afterwards as
`drift_detected`. The step after a detection starts from a fresh state.
A subclass writes `_reset` (calling ``super()._reset()``) and `update`.
"""

from __future__ import annotations

import inspect
from typing import Any


__all__ = ["DriftDetector"]


class DriftDetector:
    """Base class of the stream detectors (`PageHinkley`, `DDM`, `ADWIN`).

    Attributes
    ----------
    drift_detected : bool
        Whether the last `update` flagged drift (read-only).
    """

    def _reset(self) -> None:
        """Forget the stream: the state of a detector that has seen nothing."""
        self._drift = False

    @property
    def drift_detected(self) -> bool:
        """Whether the last `update` flagged drift."""
        return self._drift

    def update(self, x: Any) -> bool:
        """Add one value; return whether drift is flagged at this step (the new `drift_detected`).

        Each detector writes its own: it is the hot loop of a stream, so it
        checks `x` (``driftscope._validation.as_stream_value``), calls
        `_reset` if the previous step flagged drift, and updates its state
        inline.
        """
        raise NotImplementedError

    def _params(self) -> dict[str, Any]:
        names = inspect.signature(type(self).__init__).parameters
        return {name: getattr(self, name) for name in names if name != "self"}

    def clone(self) -> "DriftDetector":
        """A new detector with the same parameters and no state."""
        return type(self)(**self._params())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({args})"
