"""``creditgraph measures``: what applies to one subject on a date, thin over ``service.subjects``."""

from __future__ import annotations

from graph_model.privacy import mask as masked
from graph_model.stores import open_store
from service import subjects

from .cli_records import AsOf, Json, SubjectIdent, SubjectKind
from .console import friendly_errors, out, parse_date, print_json


@friendly_errors
def measures(
    kind: SubjectKind,
    ident: SubjectIdent,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """The incentives (red list) and restrictions (black list) that apply to a subject on a date,
    each with its entry, document and clause."""
    with open_store(read=True) as store:
        answer = masked(subjects.measures(store, subjects.resolve(store, kind, ident), parse_date(as_of)))
    if as_json:
        print_json(answer)
        return
    who = " ".join(str(answer["subject"].get(k)) for k in ("kind", "key", "name") if answer["subject"].get(k))
    out.print(f"{who} on {answer['as_of']}: {len(answer['entries'])} list entries in force", soft_wrap=True)
    for title in ("incentives", "restrictions"):
        out.print(f"{title}: {len(answer[title])}" + ("" if answer[title] else " (none)"))
        for item in answer[title]:
            rule = f"{item['document']} {item['clause']}" if item["known"] else "not in the documents"
            note = f"; suspended by {', '.join(item['suspended_by'])}" if item.get("suspended_by") else ""
            out.print(f"  {item['entry']}  {item['name']}  ({rule}{note})", soft_wrap=True)
