"""The command line shows personal data masked, always: it has no roles to unmask for."""

from __future__ import annotations

from typing import Any

from graph_model.types import mask_account, mask_id, mask_phone

MASKS = {
    "id_number": mask_id,
    "nominee_id_number": mask_id,
    "number": mask_phone,
    "phone": mask_phone,
    "account_no": mask_account,
}


def masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (MASKS[k](v) if k in MASKS and isinstance(v, str) else masked(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value
