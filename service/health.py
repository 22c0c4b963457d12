"""Whether the store answers, and what it holds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.library import WarmUp, query
from creditgraph.queries.library import warm_up as _warm_up


def ready(store: Store) -> str:
    """The store's backend once it has answered a trivial query (raises the store's error if not)."""
    query(store, "ready")
    return store.backend


def status(store: Store) -> dict[str, Any]:
    """How many nodes of every label and relationships of every type the store holds."""
    return store.counts()


def jurisdictions(store: Store) -> list[dict[str, Any]]:
    """The administrative divisions (GB/T 2260) the graph holds: a few thousand at most."""
    return query(store, "jurisdictions")


def warm_up(store: Store, stop: Callable[[], bool] = lambda: False) -> WarmUp:
    """What a server does at its start so its first requests do not pay for a cold store.

    The embedded store reads its database file into the operating system's page cache (its reads
    come from there: a first reappearance scan on 15M subjects 10.2 s from disk, 4.0-5.0 s after;
    graph_model.stores.embedded.EmbeddedStore.warm_files). A Neo4j server runs every library read
    once, for its plans and its own page cache (queries.library.warm_up). Library reads are not run
    on the embedded store: they run in this process, and one still running when the app shuts down
    would race the store's close; a file read stops between chunks."""
    started = time.perf_counter()
    read = store.warm_files(stop)
    if store.backend == "embedded":
        return WarmUp(0, (), time.perf_counter() - started, read)
    done = _warm_up(store, stop=stop)
    return WarmUp(done.ran, done.failed, time.perf_counter() - started, read)
