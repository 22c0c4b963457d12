"""Identifier bodies made in bulk and valid by construction: USCC (mod 31) and citizen ID (mod 11)
check characters from :mod:`graph_model.types`, GTIN-13, and the bijection that turns distinct
allocation indexes into distinct, scattered serials (so no two subjects ever share a code)."""

from __future__ import annotations

from typing import Any

import numpy as np

from creditgraph.graph_model import types as T


def _check_chars(bodies: np.ndarray, charset: str, weights: tuple[int, ...], modulus: int, table: str) -> Any:
    """Vectorised weighted-sum check characters (USCC: mod 31; citizen ID: mod 11)."""
    width = len(weights)
    cp = np.asarray(bodies, dtype=f"<U{width}").view(np.uint32).reshape(len(bodies), width)
    lut = np.full(128, 0, dtype=np.int64)
    for i, c in enumerate(charset):
        lut[ord(c)] = i
    total = (lut[cp] * np.array(weights)).sum(axis=1) % modulus
    return np.array(list(table), dtype=object)[total]


def uscc_codes(regions: np.ndarray, serials: np.ndarray) -> np.ndarray:
    """Valid USCCs ``91`` + division + 9-digit serial + check character."""
    num = 91 * 10**15 + np.asarray(regions).astype(np.int64) * 10**9 + np.asarray(serials, dtype=np.int64)
    bodies = num.astype("<U17")
    table = "".join(T.USCC_CHARSET[(31 - k) % 31] for k in range(31))
    return bodies.astype(object) + _check_chars(bodies, T.USCC_CHARSET, T.USCC_WEIGHTS, 31, table)


def citizen_ids(regions: np.ndarray, births: np.ndarray, seqs: np.ndarray) -> np.ndarray:
    """Valid citizen IDs from division codes, birth days (since 1970) and 3-digit sequences."""
    d = np.asarray(births).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (d.astype("datetime64[M]") - d.astype("datetime64[Y]")).astype(np.int64) + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    ymd = y * 10000 + m * 100 + day
    num = np.asarray(regions).astype(np.int64) * 10**11 + ymd * 1000 + np.asarray(seqs, dtype=np.int64)
    bodies = num.astype("<U17")
    return bodies.astype(object) + _check_chars(bodies, "0123456789", T.ID_WEIGHTS, 11, T.ID_CHECK)


def gtin_codes(serials: np.ndarray) -> np.ndarray:
    """Valid GTIN-13 barcodes ``69`` (China) + 10-digit serial + check digit."""
    bodies = (69 * 10**10 + np.asarray(serials, dtype=np.int64)).astype("<U12")
    cp = bodies.view(np.uint32).reshape(len(bodies), 12).astype(np.int64) - 48
    total = (cp * np.tile([1, 3], 6)).sum(axis=1)
    return bodies.astype(object) + ((10 - total % 10) % 10).astype("<U1").astype(object)


def bijection(idx: np.ndarray, modulus: int, salt: int) -> np.ndarray:
    """Distinct indexes → distinct, scattered serials below ``modulus`` (a power of ten)."""
    return (idx.astype(np.int64) * 387_420_489 + salt) % modulus
