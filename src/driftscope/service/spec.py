"""What a deployment declares: the model, its schema and its reference data."""

from __future__ import annotations

import datetime as _dt
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from .._validation import check_instance, check_spec_target
from .schema import InputSchema

__all__ = ["ServiceSpec", "load_spec"]


@dataclass
class ServiceSpec:
    """Everything the app and the monitor need to know about one served model.

    Parameters
    ----------
    model : estimator, or a function returning one
        The first champion (fitted). A function is called when first needed
        (the shipper never needs it).
    schema : InputSchema
    reference : pandas.DataFrame or Profile
        The reference window: a frame with the monitored fields and a
        ``prediction`` column (the model's answers on it), or its `Profile`.
        A ``label`` column (missing where unknown) is used by retraining. A
        function returning one of these is called when first needed (the app
        never needs it).
    version : str
        Name of the first champion.
    to_model_input : callable, optional
        One-row frame of ``schema.model_inputs`` -> what ``model.predict`` takes.
    trainer : callable ``(X, y) -> model``, optional
        Fits a challenger; default: refit a clone of the champion.
    window : datetime.timedelta
        Drift window (event time).
    drift_options : dict
        ``drift_report(..., policy="sketch")`` options.
    """

    model: Any
    schema: InputSchema
    reference: Any
    version: str = "v1"
    to_model_input: Callable | None = None
    trainer: Callable | None = None
    window: _dt.timedelta = _dt.timedelta(days=1)
    min_rows: int = 50
    drift_options: dict = field(default_factory=dict)

    def load_model(self):
        """The first champion (calling `model` once if it is a function)."""
        if callable(self.model) and not hasattr(self.model, "predict"):
            self.model = self.model()
        return self.model

    def reference_data(self):
        """The reference frame or profile (calling `reference` once if it is a function)."""
        if callable(self.reference) and not hasattr(self.reference, "columns"):
            self.reference = self.reference()
        return self.reference

    def labelled_reference(self):
        """The reference rows with a label (model inputs and ``label``), or None."""
        ref = self.reference_data()
        if not hasattr(ref, "columns") or "label" not in ref.columns:
            return None
        cols = [*self.schema.model_inputs, "label"]
        out = ref.loc[ref["label"].notna(), cols].copy()
        out["label"] = out["label"].astype(str)
        return out.reset_index(drop=True)

    def reference_profile(self):
        from driftscope import Profile

        ref = self.reference_data()
        if isinstance(ref, Profile):
            return ref
        cols = [*self.schema.monitored, "prediction"]
        frame = ref[cols].copy()
        for c in cols:  # the store keeps labels as text
            if c == "prediction" or self.schema.kind(c) == "categorical":
                frame[c] = frame[c].astype(str)
        return Profile.from_frame(frame, bins=100)


def load_spec(target: str) -> ServiceSpec:
    """``"package.module:name"``: a `ServiceSpec`, or a function returning one."""
    module, name = check_spec_target(target)
    obj = getattr(importlib.import_module(module), name)
    spec = obj() if callable(obj) and not isinstance(obj, ServiceSpec) else obj
    return check_instance(spec, target, ServiceSpec, "a ServiceSpec")
