"""Answers kept in memory (api/cache.py) and the audit log's group commit: a kept answer is the
role's own, every hit is still audited, a write shows at once, and 50 concurrent audited requests
still make one unbroken chain."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from api_data import C2, ID1, P1

from creditgraph.api.audit import AuditLog, verify
from creditgraph.api.cache import TTLCache
from creditgraph.api.security import User

pytest_plugins = ("api_fixtures",)

ENTITY = "/subjects/{kind}/{ident:path}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from api_fixtures import _server

    yield from _server(tmp_path_factory, "cache")


def _audited(server, endpoint: str) -> list[dict]:
    path = server.workdir / "audit.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [r for r in map(json.loads, lines) if r["endpoint"] == endpoint]


def test_a_kept_answer_is_the_roles_own_and_every_hit_is_audited(server):
    inv, reg = server.client("investigator"), server.client("regulator")
    before = len(_audited(server, ENTITY))
    bodies = {"investigator": [], "regulator": []}
    for _ in range(3):  # interleaved, so each role's answer is kept while the other's is asked for
        for role, client in (("regulator", reg), ("investigator", inv)):
            r = client.get(f"/subjects/person/{P1}")
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            bodies[role].append(r.text)
    assert all(ID1 in b for b in bodies["investigator"])
    assert not any(ID1 in b for b in bodies["regulator"])
    assert all(b == bodies["regulator"][0] for b in bodies["regulator"])
    records = _audited(server, ENTITY)
    assert len(records) - before == 6  # hits included
    assert [r["role"] for r in records[before:]] == ["regulator", "investigator"] * 3
    assert all(r["subjects"] == [P1] for r in records[before:])
    # a hit (answered before routing) is recorded exactly as the first answer was
    assert all(r["params"] == {"kind": "person", "ident": P1} for r in records[before:])
    assert verify(server.workdir / "audit.jsonl").ok
    # and logged by its route; the access log line is written once the answer has gone out, so
    # the last one may land a moment after the client has read it
    deadline = time.monotonic() + 5
    while server.log.read_text().count(f"GET {ENTITY} 200") < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.log.read_text().count(f"GET {ENTITY} 200") >= 6


def test_a_kept_answer_needs_a_valid_key_of_the_same_role(server):
    reg = server.client("regulator")
    assert reg.get(f"/subjects/person/{P1}").status_code == 200  # kept for regulators
    assert server.client(key="not-a-key").get(f"/subjects/person/{P1}").status_code == 401
    assert server.client().get(f"/subjects/person/{P1}").status_code == 401
    assert server.client("public").get(f"/subjects/person/{P1}").status_code == 403
    body = server.client("analyst").get(f"/subjects/person/{P1}").text
    assert ID1 not in body  # another masked role: its own answer


def test_a_write_shows_at_once(server):
    inv = server.client("investigator")

    def contested() -> bool | None:
        body = inv.get(f"/subjects/company/{C2}").json()
        return next(v for v in body["sections"]["violations"] if v["key"] == "V-C2").get("contested")

    assert not contested() and not contested()  # the second from memory
    filed = inv.post(
        "/objections",
        json={
            "target_label": "Violation",
            "target_key": "V-C2",
            "subject_key": C2,
            "filed_by": "代理人",
            "reason": "更正",
        },
    )
    assert filed.status_code == 201, filed.text
    assert contested() is True


def test_errors_are_not_kept(server):
    inv = server.client("investigator")
    for _ in range(2):
        assert inv.get("/subjects/company/91320400MA1W2Y3X9Z").status_code in (404, 422)
    assert inv.get(f"/subjects/company/{C2}", params={"as_of": "1800-01-01"}).status_code == 422


def test_ttl_cache_expires_and_can_be_off():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cache = TTLCache(0.05, size=2)
    assert cache.peek("a") is None
    assert cache.get("a", compute) == 1 and cache.get("a", compute) == 1 and cache.peek("a") == 1
    time.sleep(0.06)
    assert cache.peek("a") is None and cache.get("a", compute) == 2
    cache.get("b", compute), cache.get("c", compute)  # size 2: "a" is the oldest and goes
    assert cache.peek("a") is None and cache.peek("c") == 4
    off = TTLCache(0, size=10)
    assert off.get("a", compute) == 5 and off.get("a", compute) == 6


def test_group_commit_keeps_one_chain(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    user = User(name="ivy", role="investigator")

    async def many() -> list[dict]:
        return await asyncio.gather(
            *(
                log.append_async(user=user, method="GET", endpoint="/x", params={"i": i}, subjects=[f"s{i}"])
                for i in range(50)
            )
        )

    written = asyncio.run(many())
    log.append(user=user, method="GET", endpoint="/y", params={}, subjects=["t"])  # a sync writer after
    verdict = verify(log.path)
    assert verdict.ok and verdict.records == 51
    assert sorted(r["seq"] for r in written) == list(range(1, 51))
    assert {r["params"]["i"] for r in written} == set(range(50))


def test_group_commit_fails_every_waiter_when_the_log_cannot_be_written(tmp_path):
    (tmp_path / "audit.jsonl").mkdir()  # a directory where the log should be
    log = AuditLog(tmp_path / "audit.jsonl")
    user = User(name="ivy", role="investigator")

    async def two() -> list:
        return await asyncio.gather(
            *(
                log.append_async(user=user, method="GET", endpoint="/x", params={}, subjects=["s"])
                for _ in range(2)
            ),
            return_exceptions=True,
        )

    assert all(isinstance(r, OSError) for r in asyncio.run(two()))
