"""The service layer: one function per feature, the one place the CLI, the HTTP routes and the
Python client call into (files → ingest → graph_model → queries → service → api/client).

Each function takes a store first and typed parameters; ``as_of=None`` means today, decided once,
here (:func:`service.clock.day`). Answers are the shapes the query layer builds (dicts) or the
dataclasses declared beside the function; masking by role, audit and HTTP errors stay with the
interfaces, which only translate arguments and print or serialise what comes back.
"""
