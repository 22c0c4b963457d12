"""A canonical dump of a whole graph, so two graphs can be compared for equality in tests."""

from __future__ import annotations

import hashlib
import json

from creditgraph.graph_model.stores.base import Store


def graph_dump(store: Store) -> dict[str, list]:
    dump: dict[str, list] = {}
    for label in store.schema.domain_nodes:
        rows = store.run(f"MATCH (n:{label}) RETURN n ORDER BY n.key")
        dump[label] = [{k: v for k, v in r["n"].items() if not k.startswith("_")} for r in rows]
    for rel_type, rel in store.schema.relationships.items():
        for src, dst in rel.pairs:
            rows = store.run(f"MATCH (a:{src})-[r:{rel_type}]->(b:{dst}) RETURN a.key AS a, b.key AS b, r")
            items = [
                (r["a"], r["b"], {k: v for k, v in r["r"].items() if not k.startswith("_")}) for r in rows
            ]
            dump[f"{src}-{rel_type}->{dst}"] = sorted(
                items, key=lambda x: json.dumps(x, default=str, ensure_ascii=False)
            )
    return dump


def fingerprint(store: Store) -> str:
    text = json.dumps(graph_dump(store), default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
