"""The power iteration both the propagation and its explanations solve with.

Its own module so that ``explain`` (which re-solves a subject's neighbourhood) and ``propagation``
(which imports ``explain`` for ``RiskResult.explain``) share it without importing each other."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from creditgraph.graph_model.errors import CreditgraphError


class PropagationNotConverged(CreditgraphError):
    """The power iteration hit ``max_iter`` before its L1 residual fell below ``tol``."""

    def __init__(self, max_iter: int, residual: float, tol: float) -> None:
        self.max_iter, self.residual, self.tol = max_iter, residual, tol
        super().__init__(
            f"risk propagation did not converge in {max_iter} iterations "
            f"(L1 residual {residual:.3g}, tolerance {tol:.3g})"
        )


def _power_iteration(
    transition: sp.csr_array,
    p: np.ndarray,
    alpha: float,
    tol: float,
    max_iter: int,
    tick: Callable[[int, float], None] | None = None,
) -> tuple[np.ndarray, int, float]:
    """Iterate ``x <- alpha M x + (1 - alpha) p`` from ``p``: one CSR mat-vec (alpha folded into
    the matrix once) and three vector passes a step. The matrix's dtype sets the precision."""
    scaled = transition * transition.dtype.type(alpha)
    x = p.astype(transition.dtype)
    teleport = x * x.dtype.type(1.0 - alpha)
    diff = np.empty_like(x)
    residual = float("inf")
    for it in range(1, max_iter + 1):
        nxt = scaled @ x
        nxt += teleport
        np.subtract(nxt, x, out=diff)
        residual = float(np.abs(diff, out=diff).sum(dtype=np.float64))
        x = nxt
        if tick is not None:
            tick(it, residual)
        if residual < tol:
            return x.astype(np.float64, copy=False), it, residual
    raise PropagationNotConverged(max_iter, residual, tol)
