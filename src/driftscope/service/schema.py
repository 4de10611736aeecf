"""The declared input schema of a served model, and the request bodies it validates.

A model is served with the list of fields a request carries: numbers, labels
(categories) and free text. The schema builds the pydantic models FastAPI
validates requests with, so a malformed request gets a 422 that names the
field and the problem, and it names the columns the analytics store keeps and
the drift job watches.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Sequence

from .._validation import check_field, check_model_inputs, check_schema_fields

__all__ = ["Field", "InputSchema"]

_KINDS = ("numeric", "categorical", "text")
#: Columns the service itself writes next to the declared fields.
RESERVED = frozenset({"request_id", "timestamp", "received_at", "model_version", "latency_ms",
                      "prediction", "confidence", "label", "label_at"})


@dataclass(frozen=True)
class Field:
    """One field of a request.

    Parameters
    ----------
    name : str
        Lower-case SQL-safe identifier (letters, digits, underscores).
    kind : {"numeric", "categorical", "text"}
        Numbers must be finite; categories and text are non-empty strings.
        Unseen categories are accepted: they are drift evidence, not errors.
    monitored : bool, default True
        Watched by the drift job (text fields never are: their drift is read
        through numeric summaries such as a length or an out-of-vocabulary rate).
    """

    name: str
    kind: Literal["numeric", "categorical", "text"]
    monitored: bool = True

    def __post_init__(self):
        check_field(self.name, self.kind, _KINDS, RESERVED)


@dataclass(frozen=True)
class InputSchema:
    """The fields a request carries and which of them the model reads.

    Parameters
    ----------
    fields : sequence of Field
    model_inputs : sequence of str, optional
        The fields passed to the model, in order (all fields by default); the
        others are metadata that is logged and monitored only.

    Examples
    --------
    >>> schema = InputSchema([Field("text", "text"), Field("planet", "categorical"),
    ...                       Field("length", "numeric")], model_inputs=["text"])
    >>> schema.monitored
    ['planet', 'length']
    >>> Body = schema.request_model()
    >>> Body(text="ka", planet="Mars", length=2).length
    2.0
    """

    fields: Sequence[Field]
    model_inputs: Sequence[str] | None = None
    _by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        fields = tuple(self.fields)
        names = check_schema_fields(fields, Field)
        inputs = tuple(names if self.model_inputs is None else self.model_inputs)
        check_model_inputs(inputs, names)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "model_inputs", inputs)
        object.__setattr__(self, "_by_name", {f.name: f for f in fields})

    @property
    def names(self) -> list[str]:
        """All field names, in order."""
        return [f.name for f in self.fields]

    @property
    def monitored(self) -> list[str]:
        """Numeric and categorical fields the drift job watches."""
        return [f.name for f in self.fields if f.monitored and f.kind != "text"]

    @property
    def numeric(self) -> list[str]:
        return [f.name for f in self.fields if f.kind == "numeric"]

    def kind(self, name: str) -> str:
        return self._by_name[name].kind

    def request_model(self):
        """The pydantic model of one ``POST /predict`` body (extra fields forbidden)."""
        from pydantic import ConfigDict, StringConstraints, create_model
        from typing import Annotated

        text = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
        from pydantic import Field as PField

        defs: dict[str, Any] = {}
        for f in self.fields:
            if f.kind == "numeric":
                defs[f.name] = (float, PField(allow_inf_nan=False, strict=True))
            else:
                defs[f.name] = (text, ...)
        rid = Annotated[str, StringConstraints(min_length=1, max_length=128,
                                               pattern=r"^[A-Za-z0-9._:\-]+$")]
        defs["request_id"] = (rid | None, None)
        defs["timestamp"] = (_dt.datetime | None, None)
        return create_model("PredictRequest", __config__=ConfigDict(extra="forbid"), **defs)
