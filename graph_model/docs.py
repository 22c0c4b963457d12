"""The schema page for people: a Mermaid diagram and a table per label, generated from schema.yaml.

Run ``python -m creditgraph.graph_model.docs > docs/schema.md``; a test fails when the page is stale. The boxes
of the diagram are the schema's Policy, Subject, Record and Identifier families.
"""

from __future__ import annotations

from .schema import Schema, load_schema


def groups(schema: Schema) -> dict[str, list[str]]:
    """The diagram's boxes: the schema's Policy, Subject, Record and Identifier families."""
    return {
        "Policy": list(schema.policy),
        "Market": [*schema.subjects, "Product"],
        "Records": list(schema.records),
        "Shared identifiers": list(schema.identifiers),
    }


def _diagram(schema: Schema) -> list[str]:
    lines = ["```mermaid", "flowchart LR"]
    placed = set()
    for i, (group, labels) in enumerate(groups(schema).items()):
        lines.append(f'  subgraph g{i}["{group}"]')
        for label in labels:
            if label in schema.domain_nodes:
                lines.append(f"    {label}([{label}])")
                placed.add(label)
        lines.append("  end")
    for label in schema.domain_nodes:
        if label not in placed:
            lines.append(f"  {label}([{label}])")
    subjects = set(schema.subjects)
    lines.append(f'  Subject{{{{"any Subject: {", ".join(schema.subjects)}"}}}}')
    for rel in schema.relationships.values():
        pairs = list(rel.pairs)
        # a type that ties every subject to the same label is drawn once, from "Subject"
        for end in {d for _, d in pairs}:
            if {s for s, d in pairs if d == end} == subjects:
                pairs = [(s, d) for s, d in pairs if d != end] + [("Subject", end)]
        for end in {s for s, _ in pairs}:
            if {d for s, d in pairs if s == end} == subjects:
                pairs = [(s, d) for s, d in pairs if s != end] + [(end, "Subject")]
        for src, dst in sorted(set(pairs)):
            lines.append(f"  {src} -->|{rel.name}| {dst}")
    lines.append("```")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    out = [
        "# The creditgraph schema",
        "",
        "Generated from `graph_model/schema.yaml` by `python -m creditgraph.graph_model.docs`; do not edit by hand.",
        "Every node has `key` (unique per label) and `name` (its caption). Properties marked **personal**",
        "are masked in every output unless the caller's role may see them, and never logged.",
        "",
        *_diagram(schema),
        "",
        "## Labels",
        "",
    ]
    for node in schema.domain_nodes.values():
        out += [
            f"### {node.name}",
            "",
            _cell(node.description),
            "",
            "| property | type | value | notes |",
            "|---|---|---|---|",
        ]
        for p in node.properties.values():
            notes = ", ".join(
                x for x in ("key" if p.key else "", "**personal**" if p.personal else "", p.description) if x
            )
            out.append(f"| `{p.name}` | {p.type} | {_value(schema, p.value)} | {_cell(notes)} |")
        out.append("")
    out += ["## Relationship types", "", "| type | from → to | properties | meaning |", "|---|---|---|---|"]
    for rel in schema.relationships.values():
        pairs = "<br>".join(f"{s} → {d}" for s, d in rel.pairs)
        props = ", ".join(f"`{k}` {v.type}" for k, v in rel.properties.items())
        out.append(f"| `{rel.name}` | {pairs} | {props} | {_cell(rel.description)} |")
    out += [
        "",
        "## Enumerations",
        "",
        "The closed value types a property or a record file's column may name (`value` above;",
        "[the import contract](records.md)): the accepted values, in order, and other spellings accepted for them.",
        "",
        "| enum | values | also accepted |",
        "|---|---|---|",
    ]
    for e in schema.enums.values():
        aliases = ", ".join(f"{k} → {v}" for k, v in e.aliases.items())
        out.append(f"| `{e.name}` | {' / '.join(e.values)} | {_cell(aliases)} |")
    return "\n".join(out) + "\n"


def _value(schema: Schema, name: str) -> str:
    """A value type's name, linked to its enumeration when it is one."""
    return f"[{name}](#enumerations)" if name in schema.enums else name


if __name__ == "__main__":
    print(render(), end="")
