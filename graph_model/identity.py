"""The database's own secret for keyed hashes of personal identifiers.

Persons, phones and accounts are keyed by an HMAC of the identifier, so the same citizen ID always
meets the same node while the key alone reveals nothing. The secret lives in the database (a Meta
node), so every process that opens it keys identically, and a copy of the keys without the
database cannot be reversed by enumerating the small space of valid ID numbers.
"""

from __future__ import annotations

import os
import secrets

from .stores.base import Store

SECRET_KEY = "id_secret"
SECRET_ENV = "CREDITGRAPH_ID_SECRET"


def ensure_secret(store: Store) -> str:
    """Return the store's secret, creating it on first use.

    ``CREDITGRAPH_ID_SECRET``, when set, is the secret a new database takes, so that two stores
    (a Neo4j import and an embedded copy, say) key the same persons alike. An existing database
    keeps its own secret whatever the environment says: changing it would orphan every person.
    """
    secret = store.get_meta(SECRET_KEY)
    if secret is None:
        secret = os.environ.get(SECRET_ENV) or secrets.token_hex(32)
        store.set_meta(SECRET_KEY, secret)
    return secret
