"""creditgraph for analysts: ``creditgraph.connect()`` returns a :class:`~creditgraph.client.Client`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import Client

__all__ = ["Client", "connect"]


def connect(*args: Any, **kwargs: Any) -> Client:
    """Open the creditgraph store (see :func:`creditgraph.client.connect`)."""
    from .client import connect as _connect

    return _connect(*args, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Client":
        from .client import Client

        return Client
    raise AttributeError(name)
