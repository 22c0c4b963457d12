"""Reference data several layers read: the policy registry (jurisdictions, agencies, reforms, the
violation taxonomy and its matcher), its plain data models, and the display periods of records.

It lives with the model so that ``ingest`` (which writes it into the graph) and ``queries`` (which
answer from it) both read it from below. The files are ``graph_model/resources/*.yaml``.
"""
