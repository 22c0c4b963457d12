"""The app in-process (no server): error mapping that a healthy live server cannot show.

The API's Cypher lives in the one library (queries/cypher/), run and linted by tests/queries/test_query_library.py
and tests/graph_model/test_cypher_lint.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from api_data import ID1
from fastapi.testclient import TestClient

from creditgraph.api.config import ApiSettings
from creditgraph.api.main import create_app
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.library import load_library

from conftest import NEO4J_GROUP


def _settings(tmp_path, **kw) -> ApiSettings:
    return ApiSettings(
        _env_file=None,
        db=kw.pop("db", tmp_path / "db.lbug"),
        neo4j_uri=None,
        api_keys="k:investigator:ivy",
        api_keys_file=tmp_path / "keys.json",
        audit_log=tmp_path / "audit.jsonl",
        **kw,
    )


def test_store_unavailable_is_a_generic_503_and_health_still_answers(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app = create_app(_settings(tmp_path, db=blocker / "db.lbug"))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        r = client.get("/ready")
        assert r.status_code == 503
        assert r.json() == {
            "detail": "the embedded store is unavailable or refused the query; try again later",
            "errors": [],
        }
        assert str(blocker) not in r.text


def test_unexpected_errors_are_500_without_trace_or_data(tmp_path):
    app = create_app(_settings(tmp_path))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError(f"secret detail {ID1}")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/boom")
    assert r.status_code == 500
    assert r.json()["detail"].startswith("internal error; quote ")
    assert "secret" not in r.text and ID1 not in r.text and "Traceback" not in r.text


def test_a_store_error_is_503_without_its_text(tmp_path):
    app = create_app(_settings(tmp_path))
    with TestClient(app) as client:  # a fresh database without the schema: every query fails
        r = client.get("/jurisdictions", headers={"X-API-Key": "k"})
    assert r.status_code == 503
    assert "Table" not in r.text and "Binder" not in r.text
    assert "never initialised" in r.json()["detail"] and "creditgraph init" in r.json()["detail"]


def test_on_the_embedded_store_the_app_reads_its_database_file_in_the_background(tmp_path):
    """No library reads there (they would race the store's close at shutdown): the file is read into
    the page cache, which serves the first statements; off, nothing runs."""
    with TestClient(create_app(_settings(tmp_path))):  # makes the database
        pass
    size = (tmp_path / "db.lbug").stat().st_size
    app = create_app(_settings(tmp_path))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        app.state.warm_up.join(timeout=60)
        done = app.state.warmed
    assert (done.ran, done.failed) == (0, ())
    assert done.bytes_read >= size > 0
    app = create_app(_settings(tmp_path, warm_up=False))
    with TestClient(app):
        assert app.state.warm_up is None and app.state.warmed is None


@NEO4J_GROUP
def test_on_neo4j_the_app_warms_every_library_read_up_in_the_background(tmp_path, neo4j_store, neo4j_server):
    settings = _settings(tmp_path).model_copy(
        update={"neo4j_uri": neo4j_server["uri"], "neo4j_password": neo4j_server["password"]}
    )
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200  # served while the warm-up runs
        app.state.warm_up.join(timeout=300)
        assert not app.state.warm_up.is_alive()
        done = app.state.warmed
    expected = sum(
        len(q.subjects) if "Subject" in q.templated else 1 for q in load_library().values() if not q.writes
    )
    assert (done.ran, done.failed) == (expected, ())


def _older_database(tmp_path):
    """A database as an older creditgraph left it: the fixture batch loaded, then a table the
    schema declares since (practitioners' qualifications, issue 19) dropped."""
    path = tmp_path / "old.lbug"
    batch = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "batch"
    with EmbeddedStore(path) as store:
        store.create_schema()
        load_records(store, batch, as_of=date(2026, 6, 30), progress=False)
        store.run("DROP TABLE HOLDS_QUALIFICATION", write=True)
        companies = store.run("MATCH (c:Company) RETURN count(c) AS n")[0]["n"]
    return path, companies


def test_an_older_database_read_only_says_to_run_init(tmp_path):
    """Read-only, the server cannot add the table: a read that needs it says what to run, not 'try again'."""
    path, _ = _older_database(tmp_path)
    with TestClient(create_app(_settings(tmp_path, db=path, read_only=True))) as client:
        r = client.get("/practitioners", params={"group": "律师"}, headers={"X-API-Key": "k"})
    assert r.status_code == 503
    assert "older creditgraph" in r.json()["detail"] and "creditgraph init" in r.json()["detail"]
    assert "HOLDS_QUALIFICATION" in r.json()["detail"] and str(path) not in r.text


def test_an_older_database_writable_is_upgraded_at_start_and_keeps_its_records(tmp_path):
    path, companies = _older_database(tmp_path)
    with TestClient(create_app(_settings(tmp_path, db=path))) as client:
        r = client.get("/practitioners", params={"group": "律师"}, headers={"X-API-Key": "k"})
        assert r.status_code == 200, r.text
        assert r.json()["data"] == []
    with EmbeddedStore(path, read_only=True) as store:
        assert store.run("MATCH (c:Company) RETURN count(c) AS n")[0]["n"] == companies > 0


def test_the_openapi_description_is_built_at_start(tmp_path):
    """Every request with a query string reads it: built before the first request, not by the first
    burst of them at once (64 concurrent first requests took 8-15 s when each thread built it)."""
    app = create_app(_settings(tmp_path))
    assert app.openapi_schema is None
    with TestClient(app):
        assert app.openapi_schema is not None and "/practitioners" in app.openapi_schema["paths"]


def test_cached_answers_go_out_serialised_once_and_other_answers_are_still_scrubbed(tmp_path, monkeypatch):
    """The entity file, related parties and measures are built from a payload the mask walk has
    scrubbed already: the middleware sends them as they are (first answer and replay alike), every
    other JSON answer for a masked role still goes through its scrub; and what went out unscrubbed
    is exactly what the scrub would have sent."""
    import json

    import creditgraph.api.masking as masking
    from creditgraph.graph_model.privacy import scrub

    path, _ = _older_database(tmp_path)
    with EmbeddedStore(path) as store:
        store.create_schema()  # the table the helper dropped
        company = store.run("MATCH (c:Company)<-[:OFFICER_OF]-(:Person) RETURN c.key AS k LIMIT 1")[0]["k"]
    scrubbed = []
    send = masking._send_scrubbed

    async def counting(send_, start, raw):
        scrubbed.append(raw)
        await send(send_, start, raw)

    monkeypatch.setattr(masking, "_send_scrubbed", counting)
    settings = _settings(tmp_path, db=path).model_copy(update={"api_keys": "r:regulator:rita"})
    with TestClient(create_app(settings)) as client:
        for route in ("", "/related?depth=2", "/measures"):
            for _ in range(2):  # computed, then replayed from the kept answers
                r = client.get(f"/subjects/company/{company}{route}", headers={"X-API-Key": "r"})
                assert r.status_code == 200, r.text
                assert scrub(r.json()) == r.json() and json.loads(r.content) == r.json()
        assert scrubbed == []
        assert client.get("/jurisdictions", headers={"X-API-Key": "r"}).status_code == 200
        assert len(scrubbed) == 1
