"""Writes for goals, measures, results and evidence. Web views and the API call these.

Every function checks permission, validates, saves and writes the audit entry with the
participation as scope, inside one transaction. Measures are re-indexed for the
good-practice library whenever they or their results change. One module per sub-domain:
`goals`, `measures` (with status, publication and funding), `results` (with evidence) and
`library` (the full-text index).
"""

from boligsosial.plans.services.goals import goal_delete, goal_save, measurement_add
from boligsosial.plans.services.library import (
    ReindexCounts,
    delete_from_index,
    reindex_library,
    reindex_measure,
)
from boligsosial.plans.services.measures import (
    funding_add,
    funding_remove,
    measure_delete,
    measure_publish,
    measure_save,
    measure_set_status,
)
from boligsosial.plans.services.results import (
    evidence_add,
    evidence_delete,
    result_add,
    result_delete,
)

__all__ = [
    "ReindexCounts",
    "delete_from_index",
    "evidence_add",
    "evidence_delete",
    "funding_add",
    "funding_remove",
    "goal_delete",
    "goal_save",
    "measure_delete",
    "measure_publish",
    "measure_save",
    "measure_set_status",
    "measurement_add",
    "reindex_library",
    "reindex_measure",
    "result_add",
    "result_delete",
]
