"""Synthetic record batches with planted answers, for tests, demos and load runs.

``synth(out_dir, subjects=N, seed=S, bad_rows=RATE, encodings=...)`` writes every file of the
import contract (shared/contract/records.md) plus ``truth.json``. The bulk is generated with
numpy from pools built once with Faker ``zh_CN`` (names, company words, mobile prefixes), so a
million subjects write in seconds. Codes are valid by construction (USCC, citizen ID and
GTIN-13 check characters from :mod:`graph_model.types`); phones, dates, ratios and addresses
are written in the variant forms real exports use (+86, 年月日, "35%", 十八号, full-width digits).

Planted patterns use *fresh* entities that nothing else in the batch touches, and every base
identifier (phone, address, account) is unique except the planted shared ones and the generic
ones, so the truth is complete as well as correct: a query that finds more than the truth
found something the generator did not plant.

The modules, in the order a batch is made (:mod:`creditgraph.ingest.synth.generate` keeps that order):

- :mod:`~creditgraph.ingest.synth.vocabulary`, :mod:`~creditgraph.ingest.synth.codes`, :mod:`~creditgraph.ingest.synth.forms`,
  :mod:`~creditgraph.ingest.synth.fake`: words and places, valid codes, written forms, drawn values;
- :mod:`~creditgraph.ingest.synth.batch`: the batch being built and its row makers; :mod:`~creditgraph.ingest.synth.truth`:
  the truth entries the patterns share;
- :mod:`~creditgraph.ingest.synth.base` and :mod:`~creditgraph.ingest.synth.events`: the base population, in chunks;
- one module per planted pattern family, each telling the truth entries it owns:
  :mod:`~creditgraph.ingest.synth.reappearance`, :mod:`~creditgraph.ingest.synth.bans` (market, platform and courier bans),
  :mod:`~creditgraph.ingest.synth.rings` (shared identifiers), :mod:`~creditgraph.ingest.synth.generic` (generic
  identifiers), :mod:`~creditgraph.ingest.synth.barred_roles`, :mod:`~creditgraph.ingest.synth.commitments`,
  :mod:`~creditgraph.ingest.synth.practitioners`, :mod:`~creditgraph.ingest.synth.intermediaries`,
  :mod:`~creditgraph.ingest.synth.inspections`, :mod:`~creditgraph.ingest.synth.complaints`;
- :mod:`~creditgraph.ingest.synth.breakage` (bad rows) and :mod:`~creditgraph.ingest.synth.writer` (files, truth.json).

truth.json
----------
All ids use the contract's keys: persons by ``id_number``, companies by ``uscc``, shops as
``platform_id/shop_id``, couriers by ``courier_id``, list entries by ``entry_id``. The batch's own
ids (records ``V<seed>-…``, complaints ``C<seed>-…``, entries ``E<seed>-…``, products ``PD<seed>-…``,
shops ``S<seed>-…``, couriers ``CR<seed>-…``) carry the seed, so batches of different seeds load side
by side; persons, companies and platforms are real-world codes and are not tagged. Dates are
ISO. ``as_of`` is the date every answer holds on (and on any later date, as no planted entry
expires); queries should be run "as of" it.

``{"format": 1, "seed", "subjects", "as_of", "generic_threshold", "encodings", "counts": {file: rows},
"relationships": int,`` then the lists of :data:`ingest.synth.truth.KEYS`, each described by the
module that plants it.
"""

from creditgraph.ingest.synth.base import chunk_sizes
from creditgraph.ingest.synth.batch import CHUNK_SUBJECTS, COLUMNS, Synth
from creditgraph.ingest.synth.codes import citizen_ids, gtin_codes, uscc_codes
from creditgraph.ingest.synth.forms import address_text, int_to_cn
from creditgraph.ingest.synth.generate import synth
from creditgraph.ingest.synth.vocabulary import AS_OF, GENERIC_THRESHOLD, VIOLATION_TYPES
from creditgraph.ingest.synth.writer import MIXED_ENCODINGS

__all__ = [
    "AS_OF",
    "CHUNK_SUBJECTS",
    "COLUMNS",
    "GENERIC_THRESHOLD",
    "MIXED_ENCODINGS",
    "VIOLATION_TYPES",
    "Synth",
    "address_text",
    "chunk_sizes",
    "citizen_ids",
    "gtin_codes",
    "int_to_cn",
    "synth",
    "uscc_codes",
]
