"""The subjects the OpenAPI examples name: they exist in the demo graph (``make demo`` builds it with
``creditgraph synth DIR --subjects 20000 --seed 1`` and the shipped policy data), so "Try it out"
with the defaults finds them. Values that cannot exist in every graph are listed in ``MADE_UP``."""

from __future__ import annotations

DEMO_COMPANY = "91320413504986847Q"  # 常州市东方峻景印务有限公司, 320413: a violation and a black-list entry
DEMO_COMPANY_NAME = "常州市东方峻景印务有限公司"
DEMO_VIOLATION = "V1-000000392"  # committed by DEMO_COMPANY
DEMO_ENTRY = "E1-00000157"  # DEMO_COMPANY on the black list
DEMO_PRODUCT = "PD1-00000000"

MADE_UP = {
    "OBJ-20250901-3f2a9c1e": "objection keys are made when an objection is filed",
    "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455": (
        "a person's node key is a keyed hash; the key differs per database"
    ),
}
