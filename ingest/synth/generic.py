"""Generic identifiers: a customer-service phone and an e-commerce park address shared by more
shops than ``generic_threshold`` (planted on the last chunk's shops). Rings must not be formed
through them, so one holder of each is black-listed.

truth.json: ``"generic_identifiers": [{kind, value, as_written, holders: int, includes_flagged}]``."""

from __future__ import annotations

import numpy as np

from creditgraph.graph_model import types as T
from creditgraph.ingest.synth.batch import Synth

PARK = "常州市武进区湖塘镇电子商务产业园1号"


def plant(s: Synth, phones: np.ndarray, addresses: np.ndarray) -> None:
    """Write the generic phone and address over some of the shops' ``phones`` and ``addresses``."""
    r, n_shops = s.rng, s.n_shops
    gen = min(60, n_shops // 2)
    generic_rows = r.choice(n_shops, gen, replace=False)
    generic_phone = "400-826-" + f"{s.seed % 10_000:04d}"
    phones[generic_rows] = generic_phone
    park_rows = r.choice(np.setdiff1d(np.arange(n_shops), generic_rows), min(45, n_shops // 3), replace=False)
    addresses[park_rows] = PARK
    s.generic = [
        {
            "kind": "phone",
            "value": T.phone.clean(generic_phone),
            "as_written": generic_phone,
            "rows": generic_rows,
        },
        {"kind": "address", "value": PARK, "as_written": PARK, "rows": park_rows},
    ]


def generic_truth(s: Synth) -> None:
    """Record generic identifiers, flagging one holder of each so rings must skip them."""
    # Only a shop whose operator runs no other shop: its listing must reach nothing else.
    operators = s.shops["operator_id"]
    shops_per_operator: dict[str, int] = {}
    for op in operators.tolist():
        shops_per_operator[op] = shops_per_operator.get(op, 0) + 1
    for g in s.generic:
        rows = g["rows"]
        alone = [int(i) for i in rows if shops_per_operator[operators[i]] == 1]
        flagged_row = alone[0] if alone else int(rows[0])
        listed, _ = s.when()
        s.entry("shop", str(s.shop_refs[flagged_row]), listed, ["屏蔽或关闭店铺"])
        s.truth["generic_identifiers"].append(
            {
                "kind": g["kind"],
                "value": g["value"],
                "as_written": g["as_written"],
                "holders": len(rows),
                "includes_flagged": True,
            }
        )
