"""The audit chain, the log filter, the masking rules and the keys file, without a server."""

from __future__ import annotations

import itertools
import json
import logging
import threading
from datetime import UTC, date, datetime

import pytest
from api_data import ACCOUNT1, ID1, P1, PHONE1

from creditgraph.api.audit import GENESIS, AuditLog, export, verify
from creditgraph.api.logsafe import PersonalDataFilter, mask_text
from creditgraph.api.masking import mask_payload
from creditgraph.api.security import KeyRing, User, create_key, hash_key, parse_env_keys, revoke_key
from creditgraph.graph_model.errors import InputError

IVY = User("ivy", "investigator")


def _fill(path, n=5):
    log = AuditLog(path)
    for i in range(n):
        log.append(
            user=IVY, method="GET", endpoint="/persons/{key}", params={"key": P1, "i": i}, subjects=[P1]
        )
    return log


def test_chain_verifies_and_links_every_record(tmp_path):
    path = tmp_path / "audit.jsonl"
    _fill(path)
    records = [json.loads(x) for x in path.read_text().splitlines()]
    assert records[0]["prev"] == GENESIS and [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    assert all(b["prev"] == a["hash"] for a, b in itertools.pairwise(records))
    v = verify(path)
    assert v.ok and v.records == 5 and v.last_hash == records[-1]["hash"]


@pytest.mark.parametrize("how", ["alter", "delete", "insert", "reorder"])
def test_chain_breaks_where_the_log_was_tampered_with(tmp_path, how):
    path = tmp_path / "audit.jsonl"
    _fill(path)
    lines = path.read_text().splitlines()
    if how == "alter":
        rec = json.loads(lines[2])
        rec["who"] = "someone-else"
        lines[2] = json.dumps(rec, ensure_ascii=False, sort_keys=True)
    elif how == "delete":
        del lines[2]
    elif how == "insert":
        lines.insert(2, lines[1])
    else:
        lines[1], lines[2] = lines[2], lines[1]
    path.write_text("\n".join(lines) + "\n")
    v = verify(path)
    assert not v.ok and v.broken_at in (2, 3), v
    assert v.reason


def test_concurrent_writers_keep_one_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    logs = [AuditLog(path) for _ in range(4)]  # as if four worker processes

    def work(log):
        for _ in range(25):
            log.append(user=IVY, method="GET", endpoint="/x", params={}, subjects=[])

    threads = [threading.Thread(target=work, args=(log,)) for log in logs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert verify(path).ok and verify(path).records == 100


def test_parameters_are_recorded_masked(tmp_path):
    path = tmp_path / "audit.jsonl"
    AuditLog(path).append(
        user=IVY, method="GET", endpoint="/x", params={"q": ID1, "phone": PHONE1}, subjects=[P1]
    )
    text = path.read_text()
    assert ID1 not in text and PHONE1 not in text and P1 in text


def test_cli_verify_fails_on_an_altered_record_and_export_filters_by_date(tmp_path):
    from typer.testing import CliRunner

    from creditgraph.api.cli import app

    path = tmp_path / "audit.jsonl"
    _fill(path, 3)
    runner = CliRunner()
    env = {"CREDITGRAPH_AUDIT_LOG": str(path)}

    def cli(*args):
        return runner.invoke(app, ["audit", *args], env=env)

    ok = cli("verify")
    assert ok.exit_code == 0 and "3 records, chain intact" in ok.stdout
    today = datetime.now(UTC).date()
    out = cli("export", "--since", today.isoformat())
    assert out.exit_code == 0 and len(out.stdout.splitlines()) == 3
    assert json.loads(out.stdout.splitlines()[0])["who"] == "ivy"
    assert list(export(path, date(today.year + 1, 1, 1))) == []
    lines = path.read_text().splitlines()
    rec = json.loads(lines[1])
    rec["subjects"] = []
    lines[1] = json.dumps(rec, sort_keys=True)
    path.write_text("\n".join(lines) + "\n")
    bad = cli("verify")
    assert bad.exit_code == 1 and "line 2" in bad.output
    refused = cli("export")
    assert refused.exit_code == 1 and "broken at line 2" in refused.output
    assert len(cli("export", "--force").stdout.splitlines()) == 3
    bad_date = cli("export", "--since", "last week")
    assert bad_date.exit_code == 2 and "--since" in bad_date.output


# -- the log filter ----------------------------------------------------------------------------


def test_mask_text_hides_ids_phones_and_accounts_but_not_hashes_or_usccs():
    text = f"id={ID1} tel=+86 {PHONE1} acct {ACCOUNT1} key={P1} uscc=91320400MA1W2Y3X4C"
    masked = mask_text(text)
    for value in (ID1, PHONE1, ACCOUNT1):
        assert value not in masked
    assert P1 in masked and "91320400MA1W2Y3X4C" in masked
    assert ID1[:6] in masked and ID1[-4:] in masked


def test_an_all_digit_company_code_is_not_taken_for_an_account():
    from creditgraph.graph_model.types import uscc_check_char

    body = "91320411309538815"
    uscc = body + uscc_check_char(body)
    assert uscc.isdigit(), "this test needs an all-digit code"
    assert uscc in mask_text(f"no company {uscc} in the graph")
    wrong = body + str((int(uscc[-1]) + 1) % 10)  # 18 digits that are no valid code: masked
    assert wrong not in mask_text(f"acct {wrong}")


def test_log_filter_masks_message_arguments_and_traceback(caplog):
    logger = logging.getLogger("creditgraph.test")
    handler = logging.StreamHandler()
    handler.addFilter(PersonalDataFilter())
    records = []
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        logger.warning("looked up %s with phone %s", ID1, PHONE1)
        try:
            raise ValueError(f"bad id {ID1}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    formatted = "\n".join(logging.Formatter().format(r) for r in records)
    assert ID1 not in formatted and PHONE1 not in formatted
    assert "looked up 320402" in formatted and "ValueError: bad id 320402" in formatted


# -- masking by role ---------------------------------------------------------------------------


def test_masking_by_role_and_label():
    row = {"key": P1, "id_number": ID1, "phones": [PHONE1], "nested": [{"account_no": ACCOUNT1}]}
    assert mask_payload(row, "investigator") == row
    masked = mask_payload(row, "regulator")
    assert masked["id_number"] == "320402********" + ID1[-4:]
    assert masked["phones"] == ["138****5678"]
    assert masked["nested"][0]["account_no"].endswith(ACCOUNT1[-4:]) and ACCOUNT1 not in str(masked)
    assert "id_number" not in mask_payload(row, "public")
    note = {"reason": f"身份证 {ID1}，电话 {PHONE1}"}
    assert ID1 not in str(mask_payload(note, "analyst")) and PHONE1 not in str(mask_payload(note, "analyst"))
    assert mask_payload(note, "investigator") == note
    doc = {"_label": "PolicyDocument", "number": "苏政办发〔2017〕144号"}
    assert mask_payload(doc, "analyst") == doc  # a document's number is not a phone


# -- keys --------------------------------------------------------------------------------------


def test_keys_file_stores_only_hashes_and_is_reloaded(tmp_path):
    path = tmp_path / "keys.json"
    ring = KeyRing(path, "envkey:regulator:ci")
    assert ring.authenticate("envkey") == User("ci", "regulator")
    assert ring.authenticate("nope") is None and ring.authenticate(None) is None
    key = create_key(path, role="analyst", name="ann")
    assert key not in path.read_text() and hash_key(key) in path.read_text()
    assert ring.authenticate(key) == User("ann", "analyst")
    with pytest.raises(InputError, match="exists already"):
        create_key(path, role="analyst", name="ann")
    assert revoke_key(path, name="ann")
    assert ring.authenticate(key) is None
    with pytest.raises(InputError, match="unknown role"):
        parse_env_keys("k:root:x")
