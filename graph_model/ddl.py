"""DDL generated from the schema: Ladybug tables and macros, Neo4j constraints and indexes.

Only here do the two stores' definitions differ (stores.md, rule 7); both come from one Schema.
"""

from __future__ import annotations

from .schema import NodeType, RelType, Schema

# Functions Neo4j has and Ladybug lacks, created as macros with the database (stores.md rule 5).
LADYBUG_MACROS: dict[str, str] = {
    "type": "CREATE MACRO type(r) AS label(r)",
    "toString": "CREATE MACRO toString(x) AS to_string(x)",
    "toInteger": "CREATE MACRO toInteger(x) AS to_int64(x)",
    "toFloat": "CREATE MACRO toFloat(x) AS to_double(x)",
    "split": "CREATE MACRO split(s, d) AS string_split(s, d)",
    "head": "CREATE MACRO head(l) AS list_extract(l, 1)",
    "last": "CREATE MACRO last(l) AS list_extract(l, size(l))",
}

FULLTEXT_INDEX = "name_fulltext"


def _ladybug_props(props) -> str:
    return ", ".join(f"{p.name} {p.type}" + (" PRIMARY KEY" if p.key else "") for p in props.values())


def ladybug_node_table(node: NodeType) -> str:
    return f"CREATE NODE TABLE IF NOT EXISTS {node.name}({_ladybug_props(node.properties)})"


def ladybug_rel_table(rel: RelType) -> str:
    pairs = ", ".join(f"FROM {s} TO {d}" for s, d in rel.pairs)
    props = "".join(f", {p.name} {p.type}" for p in rel.properties.values())
    return f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}{props})"


def ladybug_ddl(schema: Schema) -> list[str]:
    return [ladybug_node_table(n) for n in schema.nodes.values()] + [
        ladybug_rel_table(r) for r in schema.relationships.values()
    ]


def neo4j_ddl(schema: Schema) -> list[str]:
    """Uniqueness on every key, range indexes on dates that "as of" queries filter, a CJK full-text index."""
    stmts = [
        f"CREATE CONSTRAINT {n.name.lower()}_key IF NOT EXISTS FOR (n:{n.name}) REQUIRE n.key IS UNIQUE"
        for n in schema.nodes.values()
    ]
    for n in schema.nodes.values():
        for p in n.properties.values():
            if p.type == "DATE":
                stmts.append(
                    f"CREATE INDEX {n.name.lower()}_{p.name} IF NOT EXISTS FOR (n:{n.name}) ON (n.{p.name})"
                )
    stmts.append(neo4j_fulltext_ddl(schema))
    return stmts


def neo4j_fulltext_ddl(schema: Schema) -> str:
    """The CJK full-text index on names (a bulk load drops it and makes it again afterwards)."""
    searchable = "|".join(n.name for n in schema.nodes.values() if n.name not in {"Meta", "Phone", "Account"})
    return (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{searchable}) ON EACH [n.name] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
