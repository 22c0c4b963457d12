"""The parameter types live in ``service.params`` (the service models below the API use them)."""

from creditgraph.service.params import DATE_RULE, PATTERNS, Day, Uscc

__all__ = ["DATE_RULE", "PATTERNS", "Day", "Uscc"]
