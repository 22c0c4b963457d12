"""What every model module shares: the example helper and the subject references."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# -- the regulators' read endpoints: subjects, relations, paths, risk ------------------------
# Shapes follow the query layer (queries/*.py); nested records whose fields vary by relationship
# or record kind stay dicts. Persons carry ``key`` = masked ID and ``node_key`` = the keyed hash;
# ``id_number`` is unmasked for investigators only (api/masking.py).

_PERSON_REF = {
    "kind": "person",
    "key": "320402********0754",
    "name": "张三",
    "node_key": "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455",
    "id_number": "320402********0754",
}
_COMPANY_REF = {
    "kind": "company",
    "key": "91320413504986847Q",
    "name": "常州某某科技有限公司",
    "node_key": "91320413504986847Q",
}


class SubjectRefOut(BaseModel):
    kind: str = Field(description="company, person, shop, platform, courier (or phone, address, account)")
    key: str = Field(description="the key users know; for persons the masked citizen ID")
    name: str | None = None
    node_key: str = Field(description="the graph's key (persons: keyed hash of the citizen ID)")
    id_number: str | None = Field(default=None, description="persons only; unmasked for investigators only")
    model_config = _examples(_PERSON_REF)


class NodeRefOut(BaseModel):
    kind: str
    key: str
    name: str | None = None


class IdentifierRefOut(NodeRefOut):
    number: str | None = Field(default=None, description="phones: the number; masked unless investigator")
    account_no: str | None = Field(
        default=None, description="accounts: the number; masked unless investigator"
    )


class StoredRisk(BaseModel):
    risk_own: float | None = None
    risk_score: float | None = None
    risk_rank: int | None = None
    list_status: str | None = Field(default=None, description="black, red or empty at the last run")
