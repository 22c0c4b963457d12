"""One pydantic model per record file of the import contract (shared/contract/records.md),
generated from the contract as data (graph_model/contract.yaml) and the schema's value types.

The contract is the single place the rules live: which columns a file has, which are required,
and which value type (graph_model.types, or an enum of graph_model/schema.yaml) cleans each.
Two paths read the models generated here:

- row by row, ``Model.model_validate(row)`` — plain pydantic, used for small inputs and tests;
- column by column, :mod:`ingest.records.validate` — the same field specs applied to a whole
  DataFrame, cleaning each distinct value once, for files of millions of rows.

Unknown columns are allowed (``extra="allow"``) and kept. A reference whose type depends on a
kind column (``subject_id`` of a ``person`` is a citizen ID, of a ``shop`` is
``platform_id/shop_id``) is the contract's ``kind_ref`` rule, listed in ``kind_refs``.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from creditgraph.graph_model.contract import RULES, Column, ContractError, FileContract, load_contract
from creditgraph.graph_model.types import MissingValue, ValueType

# --------------------------------------------------------------------------------------------
# Field specs


@dataclass(frozen=True)
class Spec:
    """Metadata on every model field: the value type that cleans it and whether it may be empty."""

    type: ValueType
    required: bool = False

    def clean(self, value: Any) -> Any:
        v = self.type.clean(value)
        if v is None and self.required:
            raise MissingValue("required value is empty")
        return v

    @property
    def personal(self) -> bool:
        return self.type.personal


# The Python type a cleaned value has, by value type; every other type cleans to a string.
PYTHON_TYPES: dict[str, Any] = {
    "date": dt.date,
    "ratio": float,
    "number": float,
    "integer": int,
    "boolean": bool,
    "list": list[str],
}

CONTRACT = load_contract()
# The value type of a reference, by the kind it refers to (the schema's subjects' `ref`).
REF_TYPES: dict[str, ValueType] = CONTRACT.ref_types


# --------------------------------------------------------------------------------------------
# Base


class Record(BaseModel):
    """Base of every record model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    # Columns whose value type depends on another column: {"subject_id": "subject_kind"}.
    kind_refs: ClassVar[dict[str, str]] = {}
    # Columns that together identify the record (for de-duplication and placeholders).
    key: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _blank_extras(cls, data: Any) -> Any:
        """Unknown columns are kept as text, an empty cell as None (as for known columns)."""
        if isinstance(data, dict):
            fields = cls.model_fields
            return {
                k: (None if k not in fields and isinstance(v, str) and not v.strip() else v)
                for k, v in data.items()
            }
        return data

    @classmethod
    def specs(cls) -> dict[str, Spec]:
        """Column → spec, in declaration order."""
        out: dict[str, Spec] = {}
        for name, info in cls.model_fields.items():
            out[name] = next(m for m in info.metadata if isinstance(m, Spec))
        return out

    @classmethod
    def required_columns(cls) -> list[str]:
        return [c for c, s in cls.specs().items() if s.required]

    @classmethod
    def personal_columns(cls) -> set[str]:
        return {c for c, s in cls.specs().items() if s.personal}


def _field(column: Column) -> tuple[Any, Any]:
    """A required field has no default; an optional one may be None and defaults to it."""
    spec = Spec(column.type, column.required)
    py = PYTHON_TYPES.get(column.value, str)
    if column.required:
        return Annotated[py, BeforeValidator(spec.clean), spec], ...
    return Annotated[py | None, BeforeValidator(spec.clean), spec], None


def _rule_validator(rule: str, column: str, kind_column: str) -> Any:
    """The pydantic form of a contract rule: run on ``column`` after the kind column is cleaned."""
    check = RULES[rule]

    def validate(cls: type[Record], value: Any, info: ValidationInfo) -> Any:
        return check(value, info.data, kind_column, REF_TYPES)

    return field_validator(column, mode="after")(validate)


def make_model(contract: FileContract) -> type[Record]:
    """The pydantic model of one record file, generated from its contract."""
    validators = {f"check_{r.column}": _rule_validator(r.rule, r.column, r.kind) for r in contract.rules}
    model = create_model(
        contract.model,
        __base__=Record,
        __module__=__name__,
        __validators__=validators,
        **{c.name: _field(c) for c in contract.columns},
    )
    model.key = contract.key
    model.kind_refs = contract.kind_refs
    return model


# --------------------------------------------------------------------------------------------
# Files, in dependency order (the contract's order): anything referred to comes before what
# refers to it, so a full batch creates no placeholders.


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[Record]
    depends_on: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")


FILES: dict[str, FileSpec] = {
    name: FileSpec(name, make_model(c), c.depends_on) for name, c in CONTRACT.files.items()
}
LOAD_ORDER: tuple[str, ...] = tuple(FILES)
# Every model by its name, importable from this module as before (``CompanyRecord`` …).
MODELS: dict[str, type[Record]] = {f.model.__name__: f.model for f in FILES.values()}
if clash := sorted(MODELS.keys() & globals().keys()):
    raise ContractError(f"contract models would shadow names of {__name__}: {', '.join(clash)}")
globals().update(MODELS)


def spec_for(file_name: str) -> FileSpec:
    """The spec of a contract file by its name (``companies.csv`` or ``companies``)."""
    name = file_name if file_name.endswith(".csv") else f"{file_name}.csv"
    try:
        return FILES[name]
    except KeyError as err:
        raise KeyError(f"{file_name!r} is not a contract file; known: {', '.join(FILES)}") from err
