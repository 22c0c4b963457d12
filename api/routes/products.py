"""Product trace: product → manufacturer → shops → platforms → couriers, with the violations met.
Officials only (no persons in the answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from creditgraph.service.models import ProductTracePublic, errors
from creditgraph.service.products import trace

from ..deps import OfficialUser, StoreDep
from ..masking import view_for
from .subjects import AsOfQuery

router = APIRouter(prefix="/products", tags=["products"])

ProductPath = Annotated[
    str,
    Path(
        pattern=r"^[0-9A-Za-z][0-9A-Za-z_\-.]{0,63}$",
        description="the product_id of the contract",
        examples=["PD1-00000000"],
    ),
]


@router.get(
    "/{product_id}/trace",
    response_model=ProductTracePublic,
    responses=errors(401, 403, 404, 422, 503),
    summary="Where a product comes from and goes: manufacturer, shops selling it on as_of, their "
    "platforms, the couriers serving them, and the violations in force on each",
)
def read_product_trace(
    product_id: ProductPath, store: StoreDep, user: OfficialUser, as_of: AsOfQuery = None
) -> ProductTracePublic:
    return ProductTracePublic(**view_for(user, trace(store, product_id, as_of)))
