"""One router per resource; ``api/main.py`` includes each. An alert is one entry of
``service.alerts.ALERTS`` instead (its route is built from it). Adding a read endpoint:

1. The Cypher: a ``.cypher`` file with its header (name, params, answers, example) — in
   ``queries/cypher/``, the one library (``query(store, name, ...)``),
   where the Neo4j lint and the embedded-store tests check it. Values as ``$params``, labels
   only from the schema. A list gets a ``NAME_count`` twin and is run with ``service.paging.run_page``.
2. The models in ``service/models/<feature>.py``: ``ThingPublic`` with an example, ``ThingsPublic(data, count)``
   for a list; personal fields Optional (masked or removed by role).
3. The feature in ``service/things.py``: one function taking the store first, typed parameters,
   ``as_of=None`` meaning today (``service.clock.day``), raising ``NotFound``/``BadParam``::

       def thing(store: Store, key: str, fanout: int) -> dict[str, Any]:
           rows = query(store, "thing", key=key, fanout=fanout)
           if not rows:
               raise NotFound("no thing with that key")     # → 404
           return rows[0]

4. The route in ``api/routes/things.py``, thin over it: a plain ``def`` (it runs in the thread pool;
   the store is blocking), dependencies in the signature only, no store call of its own::

       @router.get("/{key}", response_model=ThingPublic, responses=errors(401, 403, 404, 422, 503),
                   summary="...")
       def read_thing(key: KeyPath, request: Request, store: StoreDep, user: OfficialUser,
                      fanout: FanoutDep, audit: AuditDep) -> ThingPublic:
           out = ThingPublic(**view_for(user, things.thing(store, key, fanout)))  # masking by role
           audit_request(request, audit, user, [key])        # only if it returns personal data
           return out

   Path/query parameters as ``Annotated[..., Path(pattern=...)]``/``Query(ge=, le=)`` so bad values
   are 422 naming them before any query; dates as ``params.Day`` and codes as ``params.Uscc`` (the
   value types' own rules, declared in the schema). Every rule the route enforces is declared (the
   contract test in tests/api/test_api_schemathesis.py sends what the schema allows and expects it
   accepted); a rule no schema keyword can state is described in words and listed in
   tests/api/schemathesis_hooks.py. A look-up the data lacks raises ``errors.UnknownValue`` (404).
   Caps: ``PageDep`` (limit/offset), ``DepthDep``, ``FanoutDep``; time: the store's query timeout.
5. ``app.include_router(things.router)`` in ``api/main.py``; a test in ``tests/api/``.
"""
