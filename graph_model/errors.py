"""Errors every layer above the stores can rely on, whichever store is behind them.

Store-specific exceptions (Ladybug's RuntimeError, the neo4j driver's) are mapped to these in the
adapters, so the API and the CLI answer the same way on both stores and never leak store text.
"""


class CreditgraphError(Exception):
    """Base of every error creditgraph raises on purpose; its message is safe to show a user."""


class StoreError(CreditgraphError):
    """The store refused or failed a statement."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (server down, database locked by another process)."""


class SchemaOutdated(StoreUnavailable):
    """The database was built by an older creditgraph: a table the schema declares is missing.

    ``creditgraph init`` declares the missing tables in place (idempotent; every record kept)."""

    def __init__(self, message: str, table: str) -> None:
        super().__init__(message)
        self.table = table


class QueryTimeout(StoreError):
    """A query ran past the configured time limit and was interrupted."""


class NotFound(CreditgraphError):
    """A subject, document or query name that does not exist."""


class InputError(CreditgraphError):
    """Bad input from a user: a file, a CLI argument, an HTTP parameter. Says what and where."""
