"""Every weight of the risk model, in one place (nomenklatura keeps its feature weights in one list).

Changing a number here changes the score and its explanation together: the factor functions in
``own.py`` and the matrix builder in ``matrix.py`` read these and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from creditgraph.graph_model.schema import load_schema

#: Weight of one fresh violation by its recorded severity (一般 general, 较重 serious, 严重 grave).
SEVERITY_WEIGHTS: Mapping[str, float] = MappingProxyType({"一般": 1.0, "较重": 3.0, "严重": 9.0})

#: Severity assumed when a record carries none or one outside the taxonomy (said so in the detail).
DEFAULT_SEVERITY = "一般"

#: An active black-list entry: a decision that the subject is seriously untrustworthy (严重失信).
BLACKLIST_WEIGHT = 10.0

#: A violation's weight halves every this many days after its decision.
HALF_LIFE_DAYS = 730.0

#: How strongly each kind of tie passes risk (edges are undirected; parallel ties add up).
EDGE_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "LEGAL_REP_OF": 1.0,
        "OPERATES": 1.0,
        "SHAREHOLDER_OF": 0.8,
        "OFFICER_OF": 0.6,
        "HAS_ACCOUNT": 0.9,
        "HAS_PHONE": 0.7,
        "HAS_ADDRESS": 0.4,
        "ON_PLATFORM": 0.1,
        "SHIPS_FOR": 0.1,
    }
)

#: Labels of shared identifiers (the schema's Identifier family): nodes that pass risk between
#: subjects but carry none of their own.
IDENTIFIER_LABELS: frozenset[str] = frozenset(load_schema().identifiers)

#: An identifier shared by more subjects than this (a registered-agent address, a switchboard) is
#: generic and ties no one; one held by a single subject ties no one either and is dropped too.
MAX_IDENTIFIER_SUBJECTS = 20


@dataclass(frozen=True)
class RiskWeights:
    """The own-risk weights as one value, so a caller can try others without touching globals."""

    severity: Mapping[str, float] = field(default_factory=lambda: dict(SEVERITY_WEIGHTS))
    default_severity: str = DEFAULT_SEVERITY
    blacklist: float = BLACKLIST_WEIGHT
    half_life_days: float = HALF_LIFE_DAYS
    #: A record under a pending objection still counts: no policy document suspends a record while it
    #: is contested (连云港 涉审中介 实施意见 四(七) sets deadlines, not a suspension). A deployment
    #: that wants contested records left out sets this False (docs/records.md, "Objections").
    contested_counts: bool = True


DEFAULT_WEIGHTS = RiskWeights()
