"""One clock for the whole product: "today" is the date in the policy documents' time zone.

Every default date (``as_of`` of a query, an objection's filing day, the load date of a batch)
comes from :func:`today`, so a server running on UTC or on a laptop abroad answers for the same
day as the registry that sent the records. ``CREDITGRAPH_TZ`` (an IANA name) changes the zone.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InputError

DEFAULT_TZ = "Asia/Shanghai"  # the documents' (and the registries') time zone
TZ_ENV = "CREDITGRAPH_TZ"


def zone() -> ZoneInfo:
    """The product's time zone: ``CREDITGRAPH_TZ`` or Asia/Shanghai."""
    name = os.environ.get(TZ_ENV) or DEFAULT_TZ
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{TZ_ENV}: {name!r} is not an IANA time zone (e.g. {DEFAULT_TZ})") from None


def today() -> date:
    """Today's date in the product's time zone."""
    return datetime.now(zone()).date()
