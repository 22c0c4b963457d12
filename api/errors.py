"""The service's errors (``service.errors``), under the name the routes import them by."""

from creditgraph.service.errors import BadParam, Conflict, ReadOnlyStore, UnknownValue

__all__ = ["BadParam", "Conflict", "ReadOnlyStore", "UnknownValue"]
