"""Fixtures shared by the query tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest


@pytest.fixture
def query_calls(monkeypatch) -> Callable[..., Counter]:
    """``query_calls(module, …)`` counts, by name, the library queries those modules run from then
    on (each module's own ``query``, as it calls it): how a test sees which reads a walk made."""
    calls: Counter = Counter()

    def watch(*modules: ModuleType) -> Counter:
        for module in modules:
            real = module.query

            def counting(on, name, /, *a, _real=real, **k):
                calls[name] += 1
                return _real(on, name, *a, **k)

            monkeypatch.setattr(module, "query", counting)
        return calls

    return watch
