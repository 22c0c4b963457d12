"""The app in-process (no server): error mapping that a healthy live server cannot show.

The API's Cypher lives in the one library (queries/cypher/), run and linted by tests/test_query_library.py
and tests/test_cypher_lint.py."""

from __future__ import annotations

from api_data import ID1
from fastapi.testclient import TestClient

from api.config import ApiSettings
from api.main import create_app
from queries.library import load_library

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


def test_no_warm_up_on_the_embedded_store(tmp_path):
    app = create_app(_settings(tmp_path))
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
    expected = sum(len(q.subjects) if "Subject" in q.templated else 1 for q in load_library().values())
    assert (done.ran, done.failed) == (expected, ())
