"""Arrow tables typed by the schema: what the bulk path writes to Parquet and ``COPY`` reads."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from .schema import Schema

ARROW_TYPES = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "STRING[]": pa.list_(pa.string()),
}


def _column(values: pd.Series, typ: pa.DataType) -> pa.Array:
    values = values.astype(object).where(values.notna(), None) if values.dtype != object else values
    if pa.types.is_list(typ):
        values = values.map(lambda v: list(v) if isinstance(v, list | tuple) else None)
    return pa.array(values.tolist(), type=typ, from_pandas=True)


def node_table(schema: Schema, label: str, frame: pd.DataFrame) -> pa.Table:
    """The frame's columns that the label declares, each cast to its schema type, plus ``label``."""
    props = schema.node(label).properties
    unknown = [c for c in frame.columns if c not in props]
    if unknown:
        raise ValueError(f"{label} has no properties {unknown}")
    frame = frame.assign(label=label)
    return pa.table({c: _column(frame[c], ARROW_TYPES[props[c].type]) for c in frame.columns})


def rel_table(schema: Schema, rel_type: str, frame: pd.DataFrame) -> pa.Table:
    """``src``, ``dst`` then every declared property in order (COPY maps rel files by position)."""
    props = schema.rel(rel_type).properties
    n = len(frame)
    columns = {
        "src": pa.array(frame["src"].tolist(), pa.string()),
        "dst": pa.array(frame["dst"].tolist(), pa.string()),
    }
    for name, prop in props.items():
        typ = ARROW_TYPES[prop.type]
        columns[name] = _column(frame[name], typ) if name in frame.columns else pa.nulls(n, typ)
    return pa.table(columns)
