"""The service's errors on top of graph_model.errors: a parameter refused, a conflict, a read-only store
(api/main.py maps each to a status code; the CLI prints each as one line)."""

from __future__ import annotations

from creditgraph.graph_model.errors import CreditgraphError, InputError, NotFound


class BadParam(InputError):
    """A request parameter the route refuses after validation: 422 naming ``param``."""

    def __init__(self, param: str, message: str, location: str = "query") -> None:
        super().__init__(message)
        self.param = param
        self.location = location


class Conflict(CreditgraphError):
    """The request does not fit the resource's state (deciding a decided objection): 409."""


class ReadOnlyStore(CreditgraphError):
    """This server opened the store read-only (several workers on the embedded store): 503."""


class UnknownValue(NotFound):
    """A well-formed look-up value the data does not hold (a violation type, a division): 404 naming
    ``param`` (a rule of the data, not of the request's shape, so not a 422)."""

    def __init__(self, param: str, message: str, location: str = "query") -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.location = location
        self.reason = message
