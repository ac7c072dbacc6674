"""envelope: exact geodesic strike envelopes from a border, traced to the reports behind them.

The public API is imported lazily (PEP 562), so that ``import envelope`` and ``envelope --help``
stay fast; ``envelope.compute_envelope_set`` and friends load their modules on first use.
"""

from __future__ import annotations

import importlib

_API = {
    # scenario -> envelopes
    "compute_envelope_set": "envelopes",
    "make_envelope": "envelopes",
    "summary_rows": "envelopes",
    "Envelope": "envelopes",
    "EnvelopeSet": "envelopes",
    # geometry
    "buffer": "geodesic",
    "distance_to_line": "geodesic",
    "line_index": "geodesic",
    # borders
    "get_segment": "borders",
    "resolve_segment": "borders",
    "segment_names": "borders",
    "country": "borders",
    "Segment": "borders",
    "LaunchPoint": "borders",
    "load_segment_file": "borders",
    # launch geometry: points, direction, standoff, several segments (issue 12)
    "launch_line": "launch",
    "segment_index": "launch",
    # scenario: the reports' claims, weapon profiles, authorization timeline
    "load_scenario": "scenario",
    "conflicts": "scenario",
    "claims_table": "scenario",
    "weapons_table": "scenario",
    "timeline_table": "scenario",
    "conflicts_table": "scenario",
    "Scenario": "scenario",
    "Report": "scenario",
    "Claim": "scenario",
    "WeaponProfile": "scenario",
    "Authorization": "scenario",
    "Conflict": "scenario",
    # targets and reach
    # (``envelope.reach`` is the package once imported, so the function is ``compute_reach``)
    "compute_reach": "reach",
    "Reach": "reach",
    "load_targets": "targets",
    "TargetSet": "targets",
    # units
    "parse_distance": "units",
    "format_distance": "units",
    "Distance": "units",
    # outputs
    "feature_collection": "export.geojson",
    "write_geojson": "export.geojson",
    "write_kml": "export.kml",
    "write_gpkg": "export.gpkg",
    "to_geodataframe": "export.gpkg",
    "build_map_model": "maps.model",
    "MapModel": "maps.model",
    "timeline_model": "maps.timeline",
    "build_map": "maps.html",
    "render_html": "maps.html",
    "render_static": "maps.static",
    "write_static": "maps.static",
    "EnvelopeError": "errors",
    # claim intake: draft claims from a new report's text
    "intake_file": "intake",
    "intake_text": "intake",
    "draft_toml": "intake",
    "claims_json": "intake",
}

__all__ = sorted(_API)


def _version() -> str:
    """The installed distribution's version; read on first use, since importlib.metadata costs
    about 70 ms at start-up."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("envelope")
    except PackageNotFoundError:  # a source checkout that was never installed
        return "0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        return _version()
    if name in _API:
        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'envelope' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
