"""Search by name."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .common import (
    _COMPANY_REF,
    _PERSON_REF,
    SubjectRefOut,
    _examples,
)

# -- search ----------------------------------------------------------------------------------


class SearchHit(SubjectRefOut):
    model_config = _examples(_COMPANY_REF, _PERSON_REF)


class SearchPublic(BaseModel):
    data: list[SearchHit]
    count: int
    tokens: list[str] = Field(description="how the query was tokenised")
