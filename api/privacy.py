"""Masking of result payloads by role: the one place the API decides who sees personal data.

The personal fields are the schema's own (``personal: true``: ``id_number``, ``number`` of a Phone,
``account_no``) plus any field named ``phone``/``phones``. A node dict that carries its ``_label``
is masked by that label's personal properties (so a PolicyDocument's ``number`` is left alone);
a plain row by field name. The walk itself is ``graph_model.privacy``'s, shared with the CLI
and the analysts' client.

* ``investigator``: unmasked;
* ``regulator``, ``analyst``: masked (``320402********0754``, ``138****5678``, ``****1234``);
* ``public``: personal fields removed altogether (public routes never return persons anyway).
"""

from __future__ import annotations

from typing import Any

from graph_model.privacy import mask

from .logsafe import mask_text
from .security import User


def mask_payload(payload: Any, role: str, *, not_personal: frozenset[str] = frozenset()) -> Any:
    """A copy of ``payload`` (dicts, lists, scalars) fit for ``role`` to see.

    ``not_personal`` names fields a route knows are not personal although they share a personal
    name (e.g. a document's ``number`` in a flat row). The walk is ``graph_model.privacy.mask``.
    """
    if role == "investigator":
        return payload
    return mask(payload, skip=not_personal, drop=role == "public", text=mask_text)


def view_for(user: User, payload: Any, **kw: Any) -> Any:
    return mask_payload(payload, user.role, **kw)
