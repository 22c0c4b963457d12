"""The small graph every API test server starts from, and the keys its callers use."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from creditgraph.graph_model.types import citizen_id_check_char, uscc_check_char


def uscc(body: str) -> str:
    return body + uscc_check_char(body)


def citizen_id(body: str) -> str:
    return body + citizen_id_check_char(body)


def entry_in_force(row: dict, day: str) -> bool:
    """A list_entries.csv row (ISO dates) in force on ``day``: listed, not expired, not removed."""
    on = date.fromisoformat(day)
    return (
        date.fromisoformat(row["listed_at"]) <= on
        and (not row["expires_at"] or date.fromisoformat(row["expires_at"]) > on)
        and (not row["removed_at"] or date.fromisoformat(row["removed_at"]) > on)
    )


def person_key(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


C1 = uscc("91320400MA1W2Y3X4")
C2 = uscc("91320400MA1W2Y3X5")
C3 = uscc("91320402MA2A3B4C5")
ID1 = citizen_id("32040219900101075")
ID2 = citizen_id("32040219851212123")
PHONE1 = "13812345678"
ACCOUNT1 = "6222021234567890123"
P1 = person_key("person-1")
P2 = person_key("person-2")
PERSONAL_VALUES = (ID1, ID2, PHONE1, ACCOUNT1)

KEYS = {
    "investigator": "test-inv-key",
    "regulator": "test-reg-key",
    "analyst": "test-ana-key",
    "public": "test-pub-key",
}
NAMES = {"investigator": "ivy", "regulator": "rex", "analyst": "ann", "public": "pat"}
ENV_KEYS = ",".join(f"{KEYS[r]}:{r}:{NAMES[r]}" for r in KEYS)

COMPANY_ENTRIES = [f"L-{i:02d}" for i in range(1, 13)]


def _link(store, rel: str, src: str, dst: str, rows: list[dict]) -> None:
    """Relationships for the fixture, one parameterised MERGE each (independent of bulk paths)."""
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("src", "dst")}
        sets = "".join(f" SET x.{k} = ${k}" for k in props)
        store.run(
            f"MATCH (a:{src} {{key: $src}}) MATCH (b:{dst} {{key: $dst}}) MERGE (a)-[x:{rel}]->(b){sets} "
            "RETURN count(x) AS c",
            row,
            write=True,
        )


def seed(db: Path, extra_entries: int = 0) -> None:
    """Write the test graph into a new embedded database at ``db`` (closed afterwards).
    ``extra_entries`` more black-list entries of C1 make list queries take real time."""
    from creditgraph.graph_model.stores.embedded import EmbeddedStore

    s = EmbeddedStore(db, query_timeout_ms=60_000)
    try:
        if extra_entries:
            s.create_schema()
            s.upsert_nodes("Company", [{"key": C1, "name": "常州甲科技有限公司"}])
            keys = [f"X-{i:06d}" for i in range(extra_entries)]
            s.upsert_nodes(
                "ListEntry", [{"key": k, "list": "black", "listed_at": date(2024, 1, 1)} for k in keys]
            )
            s.run(
                "UNWIND $rows AS r MATCH (a:Company {key: r.src}) MATCH (b:ListEntry {key: r.dst}) "
                "MERGE (a)-[x:LISTED_IN]->(b) RETURN count(x) AS c",
                {"rows": [{"src": C1, "dst": k} for k in keys]},
                write=True,
            )
        s.create_schema()
        s.upsert_nodes(
            "Jurisdiction",
            [
                {"key": "320000", "name": "江苏省", "level": "province"},
                {"key": "320400", "name": "常州市", "level": "city"},
                {"key": "320402", "name": "天宁区", "level": "county"},
            ],
        )
        _link(
            s,
            "PART_OF",
            "Jurisdiction",
            "Jurisdiction",
            [{"src": "320400", "dst": "320000"}, {"src": "320402", "dst": "320400"}],
        )
        s.upsert_nodes(
            "Company",
            [
                {"key": C1, "name": "常州甲科技有限公司", "status": "存续", "jurisdiction": "320400"},
                {"key": C2, "name": "常州乙贸易有限公司", "status": "存续", "jurisdiction": "320400"},
                {"key": C3, "name": "天宁丙食品有限公司", "status": "吊销", "jurisdiction": "320402"},
            ],
        )
        s.upsert_nodes(
            "Person",
            [
                {"key": P1, "name": "张三", "id_number": ID1, "jurisdiction": "320402"},
                {"key": P2, "name": "李四", "id_number": ID2, "jurisdiction": "320400"},
            ],
        )
        s.upsert_nodes("Phone", [{"key": person_key("phone-1"), "name": "138****5678", "number": PHONE1}])
        _link(s, "HAS_PHONE", "Person", "Phone", [{"src": P1, "dst": person_key("phone-1")}])
        s.upsert_nodes("Account", [{"key": person_key("acct-1"), "account_no": ACCOUNT1, "bank": "工商银行"}])
        _link(s, "HAS_ACCOUNT", "Person", "Account", [{"src": P1, "dst": person_key("acct-1")}])
        _link(s, "LEGAL_REP_OF", "Person", "Company", [{"src": P1, "dst": C1}])
        _link(s, "OFFICER_OF", "Person", "Company", [{"src": P2, "dst": C2, "role": "监事"}])
        s.upsert_nodes(
            "Violation",
            [
                {"key": "V-C1", "name": "虚假宣传", "decided_at": date(2025, 6, 1)},
                {"key": "V-C2", "name": "无证经营", "decided_at": date(2025, 5, 1)},
                {"key": "V-C3", "name": "超范围经营", "decided_at": date(2025, 4, 1)},
                {"key": "V-P1", "name": "拒不履行", "decided_at": date(2025, 3, 1)},
            ],
        )
        _link(
            s,
            "COMMITTED",
            "Company",
            "Violation",
            [{"src": C1, "dst": "V-C1"}, {"src": C2, "dst": "V-C2"}, {"src": C3, "dst": "V-C3"}],
        )
        _link(s, "COMMITTED", "Person", "Violation", [{"src": P1, "dst": "V-P1"}])
        companies = [C1, C2, C3]
        entries = [
            {
                "key": k,
                "list": "black" if i % 2 else "red",
                "listed_at": date(2024, 1 + i % 12, 1 + i),
                "reason": "测试",
                "agency_as_written": "常州市市场监督管理局",
                "jurisdiction": "320400",
            }
            for i, k in enumerate(COMPANY_ENTRIES)
        ]
        entries.append(
            {
                "key": "L-REMOVED",
                "list": "black",
                "listed_at": date(2023, 1, 1),
                "removed_at": date(2024, 1, 1),
            }
        )
        entries.append({"key": "L-PERSON", "list": "black", "listed_at": date(2024, 5, 1)})
        s.upsert_nodes("ListEntry", entries)
        _link(
            s,
            "LISTED_IN",
            "Company",
            "ListEntry",
            [{"src": companies[i % 3], "dst": k} for i, k in enumerate(COMPANY_ENTRIES)]
            + [{"src": C3, "dst": "L-REMOVED"}],
        )
        _link(s, "LISTED_IN", "Person", "ListEntry", [{"src": P1, "dst": "L-PERSON"}])
    finally:
        s.close()
