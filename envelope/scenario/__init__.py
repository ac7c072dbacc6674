"""The scenario: what the news reports claim (ranges, depths, permissions, dates), the weapon
profiles and the authorization timeline built on those claims, and where the claims disagree.

Schema: ``seeds/README.md``. Modules: ``model`` (frozen dataclasses), ``schema`` and
``records`` (validation), ``load``, ``timeline`` (three-valued as-of logic, dated states),
``conflicts``, ``sources`` (independent origins, wording overlap), ``tables``.
"""

from __future__ import annotations

from .conflicts import conflicts
from .load import load_scenario
from .model import (
    IN_FORCE,
    NOT_IN_FORCE,
    UNCERTAIN,
    Authorization,
    Claim,
    Conflict,
    Report,
    Scenario,
    WeaponProfile,
)
from .records import load_report
from .sources import Origin, backing, origins, sources_table, wording_overlap
from .tables import claims_table, conflicts_table, timeline_table, weapons_table
from .timeline import (
    Standing,
    TimelineState,
    authorization_status,
    find_weapon,
    latest_date,
    standing_authorizations,
    timeline_states,
)

__all__ = [
    "IN_FORCE",
    "NOT_IN_FORCE",
    "UNCERTAIN",
    "Authorization",
    "Claim",
    "Conflict",
    "Origin",
    "Report",
    "Scenario",
    "Standing",
    "TimelineState",
    "WeaponProfile",
    "authorization_status",
    "backing",
    "claims_table",
    "conflicts",
    "conflicts_table",
    "find_weapon",
    "latest_date",
    "load_report",
    "load_scenario",
    "origins",
    "sources_table",
    "standing_authorizations",
    "timeline_states",
    "timeline_table",
    "weapons_table",
    "wording_overlap",
]
