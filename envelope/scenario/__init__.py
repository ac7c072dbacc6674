"""The scenario: what the news reports claim (ranges, depths, permissions, dates), the weapon
profiles and the authorization timeline built on those claims, and where the claims disagree.

Schema: ``seeds/README.md``. Modules: ``model`` (frozen dataclasses), ``schema`` and
``records`` (validation), ``load``, ``timeline`` (as-of logic), ``conflicts``, ``tables``.
"""

from __future__ import annotations

from .conflicts import conflicts
from .load import load_scenario
from .model import Authorization, Claim, Conflict, Report, Scenario, WeaponProfile
from .records import load_report
from .tables import claims_table, conflicts_table, timeline_table, weapons_table
from .timeline import authorization_as_of, authorized_range_m, find_weapon, latest_date

__all__ = [
    "Authorization",
    "Claim",
    "Conflict",
    "Report",
    "Scenario",
    "WeaponProfile",
    "authorization_as_of",
    "authorized_range_m",
    "claims_table",
    "conflicts",
    "conflicts_table",
    "find_weapon",
    "latest_date",
    "load_report",
    "load_scenario",
    "timeline_table",
    "weapons_table",
]
