"""Own risk: every factor on records whose answers are known by hand."""

from __future__ import annotations

from datetime import date

import pytest

from creditgraph.graph_model.errors import InputError
from creditgraph.queries.risk import RiskWeights, own_risk

AS_OF = date(2025, 1, 1)
HALF_LIFE_AGO = date(2023, 1, 1)  # 731 days before AS_OF


def v(record: str, **kw) -> dict:
    return {"label": "Company", "key": "c1", "record": record, "severity": "严重", "decided_at": AS_OF, **kw}


def entry(record: str, **kw) -> dict:
    return {
        "label": "Person",
        "key": "p1",
        "record": record,
        "list": "black",
        "listed_at": date(2024, 1, 1),
        **kw,
    }


def test_severity_weights_fresh_violations():
    own = own_risk([v("a", severity="一般"), v("b", severity="较重"), v("c", severity="严重")], as_of=AS_OF)
    assert own.of("Company", "c1") == pytest.approx(1 + 3 + 9)


def test_unknown_severity_counts_as_default_and_says_so():
    own = own_risk([v("a", severity="离谱"), v("b", severity=None)], as_of=AS_OF)
    assert own.of("Company", "c1") == pytest.approx(2.0)
    assert all("counted as 一般" in r.factors[1].detail for r in own.explain("Company", "c1"))


def test_recency_halves_every_half_life():
    w = RiskWeights(half_life_days=731)
    own = own_risk([v("a", decided_at=HALF_LIFE_AGO)], as_of=AS_OF, weights=w)
    assert own.of("Company", "c1") == pytest.approx(4.5)
    (rec,) = own.explain("Company", "c1")
    assert "731 days before 2025-01-01" in rec.factors[2].detail


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"repaired_at": date(2024, 12, 31)}, "credit repaired on 2024-12-31"),
        ({"display_until": date(2024, 6, 30)}, "publication ended on 2024-06-30"),
        ({"upheld_objection": True}, "objection against it was upheld"),
        ({"decided_at": date(2025, 2, 1)}, "decided after the as-of date"),
    ],
)
def test_excluded_violations_add_nothing_and_say_why(change, reason):
    own = own_risk([v("x", **change)], as_of=AS_OF)
    assert own.of("Company", "c1") == 0.0
    (rec,) = own.explain("Company", "c1")
    assert rec.contribution == 0.0 and reason in rec.factors[0].detail


def test_a_contested_violation_still_counts_unless_the_deployment_says_otherwise():
    """Issue 16: no document suspends a record while an objection is pending (连云港 涉审中介
    实施意见 四(七) sets deadlines only); RiskWeights(contested_counts=False) leaves it out."""
    assert own_risk([v("x", contested=True)], as_of=AS_OF).of("Company", "c1") == pytest.approx(9.0)
    own = own_risk([v("x", contested=True)], as_of=AS_OF, weights=RiskWeights(contested_counts=False))
    assert own.of("Company", "c1") == 0.0
    (rec,) = own.explain("Company", "c1")
    assert "objection is pending" in rec.factors[0].detail


def test_repair_or_display_end_after_as_of_still_counts():
    own = own_risk([v("x", repaired_at=date(2025, 3, 1), display_until=date(2025, 1, 2))], as_of=AS_OF)
    assert own.of("Company", "c1") == pytest.approx(9.0)


@pytest.mark.parametrize("end", ["repaired_at", "display_until"])
def test_an_end_date_is_the_first_day_a_violation_no_longer_counts(end):
    """As everywhere in creditgraph (the entity file, flagged_subjects.cypher): on its end date
    a violation has stopped counting."""
    own = own_risk([v("x", decided_at=date(2024, 1, 1), **{end: AS_OF})], as_of=AS_OF)
    assert own.of("Company", "c1") == 0.0
    day_before = own_risk([v("x", decided_at=date(2024, 1, 1), **{end: AS_OF})], as_of=date(2024, 12, 31))
    assert day_before.of("Company", "c1") > 0


def test_black_list_entries_in_force_only():
    own = own_risk(
        listings=[
            entry("b1"),
            entry("b2", expires_at=date(2024, 12, 1)),
            entry("b3", removed_at=date(2024, 6, 1)),
            entry("b4", listed_at=date(2025, 6, 1)),
            entry("b5", expires_at=date(2026, 1, 1), removed_at=date(2025, 2, 1)),
        ],
        as_of=AS_OF,
    )
    assert own.of("Person", "p1") == pytest.approx(10.0 * 2)  # b1 and b5
    reasons = {r.record: r.factors[0].detail for r in own.explain("Person", "p1")}
    assert "expired on 2024-12-01" in reasons["b2"]
    assert "removed from the list on 2024-06-01" in reasons["b3"]
    assert "listed after" in reasons["b4"]


def test_red_list_never_adds_risk_but_sets_status():
    own = own_risk(listings=[entry("r1", list="red", key="p2")], as_of=AS_OF)
    assert own.of("Person", "p2") == 0.0
    assert own.totals.set_index("key").loc["p2", "list_status"] == "red"


def test_black_beats_red_in_list_status():
    own = own_risk(listings=[entry("r1", list="red"), entry("b1")], as_of=AS_OF)
    assert own.totals.set_index("key").loc["p1", "list_status"] == "black"


def test_explanation_is_the_table_that_was_summed():
    records = [
        v("a"),
        v("b", severity="一般", decided_at=HALF_LIFE_AGO),
        v("c", repaired_at=date(2024, 1, 1)),
    ]
    own = own_risk(records, [entry("b1", label="Company", key="c1")], as_of=AS_OF)
    explained = own.explain("Company", "c1")
    assert sum(r.contribution for r in explained) == pytest.approx(own.of("Company", "c1"))
    assert [r.record for r in explained][:2] == ["b1", "a"]  # largest first
    assert "⇒" in str(explained[0])


def test_missing_optional_columns_are_unknown_and_required_ones_fail():
    own = own_risk(
        [{"label": "Company", "key": "c1", "record": "a", "severity": "较重", "decided_at": "2025-01-01"}]
    )
    assert own.of("Company", "c1") > 0
    with pytest.raises(InputError):
        own_risk([{"key": "c1", "severity": "较重"}])


def test_no_records_at_all():
    assert own_risk(None, None, as_of=AS_OF).totals.empty
