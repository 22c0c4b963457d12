"""Issue 18: one clock for the whole product. A server whose machine clock is in another day
answers every default date (alerts' as_of, an objection's filing day) for today in Asia/Shanghai;
CREDITGRAPH_TZ changes the zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from api_data import C1, seed
from api_fixtures import ApiServer

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError

pytest_plugins = ("api_fixtures",)


def _zone_in_another_day() -> str:
    """A zone whose date differs from Shanghai's right now (UTC-12 before 20:00 there, else UTC+14)."""
    shanghai = datetime.now(ZoneInfo("Asia/Shanghai"))
    return "Etc/GMT+12" if shanghai.hour < 20 else "Etc/GMT-14"


def test_today_is_shanghai_unless_set(monkeypatch):
    monkeypatch.delenv("CREDITGRAPH_TZ", raising=False)
    assert today() == datetime.now(ZoneInfo("Asia/Shanghai")).date()
    other = _zone_in_another_day()
    monkeypatch.setenv("CREDITGRAPH_TZ", other)
    assert today() == datetime.now(ZoneInfo(other)).date() != datetime.now(ZoneInfo("Asia/Shanghai")).date()
    monkeypatch.setenv("CREDITGRAPH_TZ", "Mars/Olympus")
    with pytest.raises(InputError, match="CREDITGRAPH_TZ"):
        today()


def test_a_server_in_another_day_answers_for_shanghai_s_today(tmp_path):
    seed(tmp_path / "db.lbug")
    server = ApiServer(tmp_path, TZ=_zone_in_another_day()).start()
    try:
        shanghai = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        with server.client("regulator") as reg, server.client("investigator") as inv:
            for path in ("/alerts/reappearances", "/alerts/courier-bans", "/alerts/shared-identifiers"):
                assert reg.get(path).json()["as_of"] == shanghai, path
            filed = inv.post(
                "/objections",
                json={
                    "target_label": "Violation",
                    "target_key": "V-C1",
                    "subject_key": C1,
                    "filed_by": "甲公司",
                    "reason": "已撤销",
                },
            )
            assert filed.status_code == 201, filed.text
            assert filed.json()["filed_at"] == shanghai
    finally:
        server.stop()
