"""The synthetic batch: deterministic, valid where it should be, and its truth is consistent."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from creditgraph.graph_model import normalize as N
from creditgraph.graph_model import types as T
from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.ingest.records.models import FILES
from creditgraph.ingest.records.validate import validate_batch
from creditgraph.ingest.synth import COLUMNS, VIOLATION_TYPES, chunk_sizes, synth
from creditgraph.ingest.synth.vocabulary import FREE_TEXT_VIOLATIONS


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module", params=[None, 1100], ids=["one pass", "in chunks"])
def batch(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict, dict]:
    """The batch made in one pass, and made in three chunks as a province-sized batch is (each
    chunk written and dropped before the next): every test of the batch holds for both."""
    out = tmp_path_factory.mktemp("synth")
    chunked = {"chunk_subjects": request.param} if request.param else {}
    synth(out, subjects=3000, seed=11, bad_rows=0.01, encodings="mixed", **chunked)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return out, truth, validate_batch(out)


def test_same_seed_same_files(tmp_path: Path) -> None:
    synth(tmp_path / "a", subjects=600, seed=3, bad_rows=0.02)
    synth(tmp_path / "b", subjects=600, seed=3, bad_rows=0.02)
    synth(tmp_path / "c", subjects=600, seed=4, bad_rows=0.02)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a")["persons.csv"] != _digest(tmp_path / "c")["persons.csv"]


def test_writes_every_contract_file(batch) -> None:
    _out, truth, validated = batch
    assert set(COLUMNS) == set(FILES) == set(validated)
    assert truth["encodings"]["companies.csv"] == "gb18030"
    assert validated["companies.csv"].encoding == "gb18030"
    assert validated["persons.csv"].encoding == "utf-8-sig"
    assert validated["roles.csv"].encoding == "utf-8"


def test_every_bad_row_fails_as_stated_and_nothing_else_fails(batch) -> None:
    _, truth, validated = batch
    rejects = {(f, r.line, r.column): r.code for f, v in validated.items() for r in v.rejects}
    planted = {(b["file"], b["line"], b["column"]): b["reason"] for b in truth["bad_rows"]}
    assert rejects == planted
    reasons = {b["reason"] for b in truth["bad_rows"]}
    assert {"bad_check_char", "bad_date", "bad_enum", "bad_ratio", "missing", "bad_birth_date"} <= reasons
    assert {b["file"] for b in truth["bad_rows"]} == set(FILES)


def _keys(validated) -> dict[str, set[str]]:
    def col(f: str, c: str) -> set[str]:
        return set(validated[f].frame[c])

    shops = validated["shops.csv"].frame
    return {
        "person": col("persons.csv", "id_number"),
        "company": col("companies.csv", "uscc"),
        "shop": set(shops["platform_id"] + "/" + shops["shop_id"]),
        "courier": col("couriers.csv", "courier_id"),
        "platform": col("platforms.csv", "platform_id"),
        "entry": col("list_entries.csv", "entry_id"),
        "violation": col("violations.csv", "record_id"),
    }


def test_truth_refers_to_rows_that_exist(batch) -> None:
    _, truth, validated = batch
    keys = _keys(validated)
    entries = validated["list_entries.csv"].frame.set_index("entry_id")
    roles = validated["roles.csv"].frame
    role_set = set(zip(roles["company_uscc"], roles["person_id_number"], roles["role"], strict=True))
    assert truth["reappearances"] and truth["courier_bans"] and truth["rings"] and truth["decoys"]
    bases = {r["basis"] for r in truth["reappearances"]}
    assert bases == {
        "direct_role",
        "shop_operator",
        "reopened_shop",
        "shareholding",
        "shared_identifier",
        "responsible_person",
    }
    for r in truth["reappearances"]:
        assert r["person"] in keys["person"]
        assert r["listed"]["id"] in keys[r["listed"]["kind"]]
        assert r["entity"]["id"] in keys[r["entity"]["kind"]]
        e = entries.loc[r["entry_id"]]
        assert (e["list"], e["subject_kind"], e["subject_id"]) == (
            "black",
            r["listed"]["kind"],
            r["listed"]["id"],
        )
        assert e["listed_at"].isoformat() == r["listed_at"] < r["since"] <= truth["as_of"]
        if r["basis"] in ("direct_role", "responsible_person"):
            assert (r["entity"]["id"], r["person"], r["role"]) in role_set
        if "nominee" in r:
            assert r["nominee"] in keys["person"]
    for c in truth["courier_bans"]:
        assert c["courier"] in keys["courier"] and c["entity"]["id"] in keys[c["entity"]["kind"]]
        assert "限制入驻平台" in entries.loc[c["entry_id"], "measures"]
    for d in truth["decoys"]:
        assert d["entry_id"] in keys["entry"]
        assert d["entity"]["id"] in keys[d["entity"]["kind"]]
    for ring in truth["rings"]:
        for m in ring["members"]:
            assert m["id"] in keys[m["kind"]]
        for f in ring["flagged"]:
            assert f["ref"] in (keys["entry"] if f["via"] == "black" else keys["violation"])


def test_shared_identifiers_really_are_shared(batch) -> None:
    """Each ring link's holders carry the identifier, in forms that normalise alike."""
    _out, truth, validated = batch
    holders: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for f, kind, key in (("persons.csv", "person", "id_number"), ("companies.csv", "company", "uscc")):
        for row in validated[f].frame.to_dict("records"):
            if row["phone"]:
                holders.setdefault(("phone", row["phone"]), set()).add((kind, row[key]))
            if row["address"]:
                holders.setdefault(("address", N.address_key(row["address"])), set()).add((kind, row[key]))
    for row in validated["shops.csv"].frame.to_dict("records"):
        ref = ("shop", f"{row['platform_id']}/{row['shop_id']}")
        if row["phone"]:
            holders.setdefault(("phone", row["phone"]), set()).add(ref)
        if row["address"]:
            holders.setdefault(("address", N.address_key(row["address"])), set()).add(ref)
    for row in validated["accounts.csv"].frame.to_dict("records"):
        holders.setdefault(("account", row["account_no"]), set()).add((row["holder_kind"], row["holder_id"]))
    for ring in truth["rings"]:
        for ident in ring["identifiers"]:
            value = N.address_key(ident["value"]) if ident["kind"] == "address" else ident["value"]
            expected = {(h["kind"], h["id"]) for h in ident["holders"]}
            assert holders[(ident["kind"], value)] == expected
    for g in truth["generic_identifiers"]:
        value = N.address_key(g["value"]) if g["kind"] == "address" else g["value"]
        assert len(holders[(g["kind"], value)]) == g["holders"] > truth["generic_threshold"]


def test_codes_in_the_files_are_valid_and_written_in_variants(batch) -> None:
    out, _, _ = batch
    with (out / "roles.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert any("/" in r["since"] or "年" in r["since"] for r in rows)
    with (out / "shareholdings.csv").open(encoding="utf-8") as fh:
        assert any(r["ratio"].endswith("%") for r in csv.DictReader(fh))
    with (out / "persons.csv").open(encoding="utf-8-sig") as fh:
        phones = [r["phone"] for r in csv.DictReader(fh) if r["phone"]]
    assert any(p.startswith(("+86", "0086")) for p in phones)
    with (out / "products.csv").open(encoding="utf-8") as fh:
        products = list(csv.DictReader(fh))
    assert {p["category"] for p in products} >= {"食品", "婴配食品", "药品", "化妆品", "危险品"}
    good = [p["barcode"] for p in products if p["barcode"] and len(p["barcode"]) == 13]
    assert sum(1 for b in good if T.gtin_check_digit(b[:12]) == b[12]) >= len(good) - 5


def test_roles_are_heavy_tailed(batch) -> None:
    _, _, validated = batch
    counts = validated["roles.csv"].frame["person_id_number"].value_counts()
    assert (counts == 1).mean() > 0.5
    assert counts.max() >= 10


# Every key a batch makes up itself (not a real-world code): a second batch must not reuse them.
BATCH_KEYS = {
    "violations.csv": "record_id",
    "complaints.csv": "complaint_id",
    "list_entries.csv": "entry_id",
    "products.csv": "product_id",
    "shops.csv": "shop_id",
    "couriers.csv": "courier_id",
}


def _column(folder: Path, name: str, column: str) -> set[str]:
    with open(folder / name, encoding="utf-8") as fh:
        return {row[column] for row in csv.DictReader(fh) if row.get(column)}


def test_batches_of_different_seeds_share_no_record_entry_or_product_id(tmp_path: Path) -> None:
    """Issue 18: seeds 3 and 4 both numbered from V000000000, E00000000, PD00000000 …, so loading the
    second batch rewrote the first one's records, entries and products."""
    synth(tmp_path / "a", subjects=600, seed=3)
    synth(tmp_path / "b", subjects=600, seed=4)
    for name, column in BATCH_KEYS.items():
        a, b = _column(tmp_path / "a", name, column), _column(tmp_path / "b", name, column)
        assert a and b, name
        assert not a & b, f"{name}: {sorted(a & b)[:5]}"
    assert "V3-000000000" in _column(tmp_path / "a", "violations.csv", "record_id")


def test_every_key_is_written_once(batch) -> None:
    """Ids run on across chunks: no subject, record, entry, product or shop is written twice."""
    _, truth, validated = batch
    keyed = ("companies.csv", "persons.csv", "shops.csv", "couriers.csv", "platforms.csv", "products.csv")
    for name in (*keyed, "violations.csv", "complaints.csv", "list_entries.csv"):
        key = list(FILES[name].model.key)
        assert key and not validated[name].frame.duplicated(key).any(), name
    assert sum(truth["counts"].values()) == sum(v.total_rows for v in validated.values())


def test_chunks_are_near_equal_and_cover_every_subject() -> None:
    assert chunk_sizes(3000, 1100) == [1000, 1000, 1000]
    assert chunk_sizes(15_000_000) == [1_000_000] * 15
    assert chunk_sizes(1_000_001) == [500_001, 500_000]
    assert chunk_sizes(500, 1100) == [500]


def test_every_base_complaint_carries_its_handling_in_every_chunk(batch) -> None:
    """Status, resolution and 先行赔付 are filled before each chunk is written, not only for the last
    chunk the patterns see: a resolved complaint has its date, a paid-ahead one its compensation."""
    out, _, _ = batch
    with (out / "complaints.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["complaint_id"]]
    assert rows and all(r["status"] in ("受理", "转办", "办结", "先行赔付") for r in rows), (
        "a complaint without status"
    )
    for r in rows:
        assert bool(r["resolved_at"]) == (r["status"] in ("办结", "先行赔付")), r
        assert bool(r["compensation"]) == (r["status"] == "先行赔付"), r


def test_violation_types_are_the_taxonomys_or_free_text(batch) -> None:
    """Records name a type of the taxonomy (synth reads graph_model/resources/violation_types.yaml,
    it does not type it again) or one of the free-text forms the loader maps; 其他 is never drawn."""
    _, _, validated = batch
    taxonomy = {v.name for v in load_registry().violation_types.values()}
    written = set(validated["violations.csv"].frame["violation_type"])
    assert set(VIOLATION_TYPES) < taxonomy
    assert written - taxonomy <= set(FREE_TEXT_VIOLATIONS)
    assert "其他" not in written and len(written & taxonomy) >= 15
