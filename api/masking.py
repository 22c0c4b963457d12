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

import json
from typing import Any

from creditgraph.graph_model.privacy import mask, scrub, scrub_text

from .security import User

UNMASKED_ROLES = frozenset({"investigator"})
OWN_TEXT = frozenset({"/openapi.json", "/docs", "/redoc"})  # the service's own text, not data
# set in a request's scope state by an answer whose body was built from a ``view_for`` payload
# (every string already through ``scrub_text``): ScrubPersonalText sends it as it is
SCRUBBED = "creditgraph_scrubbed"


def mask_payload(payload: Any, role: str, *, not_personal: frozenset[str] = frozenset()) -> Any:
    """A copy of ``payload`` (dicts, lists, scalars) fit for ``role`` to see.

    ``not_personal`` names fields a route knows are not personal although they share a personal
    name (e.g. a document's ``number`` in a flat row). The walk is ``graph_model.privacy.mask``.
    """
    if role in UNMASKED_ROLES:
        return payload
    return mask(payload, skip=not_personal, drop=role == "public", text=scrub_text)


def view_for(user: User, payload: Any, **kw: Any) -> Any:
    return mask_payload(payload, user.role, **kw)


class ScrubPersonalText:
    """The last step of every JSON answer: personal data inside free text is masked for every
    caller who is not allowed to see it (all but investigators, and anyone unauthenticated).

    Routes mask the structured personal fields (``view_for``); names, addresses, reasons and
    descriptions are free text a registry may have typed an ID number, a phone or an account
    into. Applied here, where the answer is turned into bytes, no route can forget it.

    An answer built from a ``view_for`` payload has had every string scrubbed already (the mask
    walk scrubs free text too); its route says so in the scope's state (``SCRUBBED``), and it
    goes out as it is, not parsed and serialised a second time on the event loop (0.15 ms an
    entity file, 0.6 ms a depth-2 walk, each request).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] in OWN_TEXT:
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def scrubbing_send(message) -> None:
            if message["type"] == "http.response.start":
                user = scope.get("state", {}).get("user")
                headers = dict(message.get("headers", []))
                is_json = headers.get(b"content-type", b"").startswith(b"application/json")
                done = scope.get("state", {}).get(SCRUBBED)
                if is_json and not done and getattr(user, "role", None) not in UNMASKED_ROLES:
                    start.update(message)
                    return
            elif message["type"] == "http.response.body" and start:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await _send_scrubbed(send, start, b"".join(body))
                return
            await send(message)

        await self.app(scope, receive, scrubbing_send)


async def _send_scrubbed(send, start: dict[str, Any], raw: bytes) -> None:
    try:
        data = json.dumps(scrub(json.loads(raw)), ensure_ascii=False, separators=(",", ":")).encode()
    except ValueError:  # not JSON after all: scrub it as text
        data = scrub_text(raw.decode("utf-8", "replace")).encode()
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(data)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": data})
