"""A client generated from the live server's /openapi.json with openapi-python-client (the way
regulators' and platforms' systems call creditgraph), then five operations called through it against
that server on a synthetic graph: entity file, related parties, reappearances, who must act, create
and read an objection. The generated types parse every answer (dates as dates, enums as enums)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from api_data import KEYS
from api_fixtures import SYNTH_AS_OF

pytest_plugins = ("api_fixtures",)

BIN = Path(sys.executable).parent
GENERATOR = shutil.which("openapi-python-client", path=str(BIN)) or shutil.which("openapi-python-client")
PACKAGE = "creditgraph_http_client"
AS_OF = dt.date.fromisoformat(SYNTH_AS_OF)


@pytest.fixture(scope="module")
def client_pkg(synth_api, tmp_path_factory):
    """The generated package, imported from a temporary directory."""
    assert GENERATOR, "openapi-python-client is not installed: pip install -e '.[dev]'"
    out = tmp_path_factory.mktemp("generated")
    done = subprocess.run(
        [
            GENERATOR,
            "generate",
            "--url",
            f"{synth_api.url}/openapi.json",
            "--output-path",
            str(out / PACKAGE),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},  # ruff formats it
    )
    assert done.returncode == 0 and (out / PACKAGE / "client.py").exists(), done.stdout + done.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _client(pkg, server, role: str):
    return pkg.AuthenticatedClient(
        base_url=server.url, token=KEYS[role], prefix="", auth_header_name="X-API-Key", timeout=60
    )


def _op(name: str):
    """The generated module of one operation (operationId = the route's name)."""
    for tag in ("subjects", "alerts", "policy", "objections"):
        try:
            return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")
        except ModuleNotFoundError:
            continue
    raise AssertionError(f"the generated client has no operation {name}")


def test_five_operations_through_the_generated_client(client_pkg, synth_api):
    models = importlib.import_module(f"{PACKAGE}.models")
    truth = synth_api.truth
    hit = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    company = hit["entity"]["id"]
    with _client(client_pkg, synth_api, "regulator") as reg:
        entity = _op("read_entity_file").sync(
            kind=models.ReadEntityFileKind.COMPANY, ident=company, client=reg, as_of=AS_OF
        )
        assert isinstance(entity, models.EntityFilePublic), entity
        assert entity.subject.node_key == company and entity.as_of == AS_OF

        related = _op("read_related").sync(
            kind=models.ReadRelatedKind.COMPANY, ident=company, client=reg, depth=1, as_of=AS_OF
        )
        assert isinstance(related, models.RelatedPublic), related
        assert related.nodes[0].node_key == company and related.nodes[0].depth == 0
        assert any(n.kind == "person" for n in related.nodes)

        found = _op("read_reappearances").sync(client=reg, as_of=AS_OF, limit=500)
        assert isinstance(found, models.ReappearancesPublic), found
        assert found.count >= 1 and any(r.entity.key == company for r in found.data)

        who = _op("read_responsible").sync(
            client=reg, violation_type="刷单", jurisdiction="320412", as_of=AS_OF
        )
        assert isinstance(who, models.ResponsiblePublic), who
        assert who.lead and who.jurisdiction["code"] == "320412"

    target, subject = _violation(synth_api.workdir / "batch")
    with _client(client_pkg, synth_api, "investigator") as inv:
        body = models.ObjectionCreate(
            target_label=models.ObjectionCreateTargetLabel.VIOLATION,
            target_key=target,
            subject_key=subject,
            filed_by="委托代理人",
            reason="处罚决定已被撤销",
            filed_at=AS_OF,
        )
        created = _op("create_objection").sync_detailed(client=inv, body=body)
        assert created.status_code == 201, created.content
        made = created.parsed
        assert isinstance(made, models.ObjectionPublic) and made.status == "open" and made.filed_at == AS_OF
        read = _op("read_objection").sync(key=made.key, client=inv)
        assert isinstance(read, models.ObjectionPublic), read
        assert (read.key, read.target_key, read.status) == (made.key, target, "open")
        again = _op("create_objection").sync_detailed(client=inv, body=body)
        assert again.status_code == 409 and isinstance(again.parsed, models.ErrorOut)


def _violation(batch: Path) -> tuple[str, str]:
    """The batch's last company violation (no other test contests it)."""
    with open(batch / "violations.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["subject_kind"] == "company"]
    return rows[-1]["record_id"], rows[-1]["subject_id"]
