"""Related-party risk: own risk from records, propagated over ties, explained, written back.

Typical run::

    inputs = fetch_inputs(store)
    own = own_risk(inputs.violations, inputs.listings, as_of=day)
    result = propagate_risk(inputs.indexed, own, subjects=inputs.subjects)
    print(result.explain("Company", "9132…"))
    write_back(store, result)
"""

from .explain import Explanation, RiskPath, SourceShare, explain_risk
from .fetch import RiskInputs, fetch_inputs
from .matrix import IndexedEdges, RiskGraph, build_graph
from .own import LISTING_COLUMNS, VIOLATION_COLUMNS, OwnRisk, RecordRisk, own_risk
from .propagation import PropagationNotConverged, RiskResult, propagate_risk
from .weights import DEFAULT_WEIGHTS, EDGE_WEIGHTS, RiskWeights
from .writeback import write_back

__all__ = [
    "DEFAULT_WEIGHTS",
    "EDGE_WEIGHTS",
    "LISTING_COLUMNS",
    "VIOLATION_COLUMNS",
    "Explanation",
    "IndexedEdges",
    "OwnRisk",
    "PropagationNotConverged",
    "RecordRisk",
    "RiskGraph",
    "RiskInputs",
    "RiskPath",
    "RiskResult",
    "RiskWeights",
    "SourceShare",
    "build_graph",
    "explain_risk",
    "fetch_inputs",
    "own_risk",
    "propagate_risk",
    "write_back",
]
