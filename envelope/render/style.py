"""Visual encoding shared by every medium (HTML map, static PNG/SVG/PDF, KML), so a slide, a
browser and Google Earth tell the same story with the same colours and words.

Hue = weapon (Okabe-Ito, colour-blind safe); pattern = kind of reach: authorized reach is a solid,
opaque fill; claimed reach a light fill with a dashed edge; the spread between the lowest and
highest claim is hatched. The values match ``html.py`` (a test keeps them in step).
"""

from __future__ import annotations

#: Okabe & Ito (2008) colour-blind-safe palette, in the order weapons are assigned colours.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
RANGE_COLOUR = "#222222"  # a bare --range with no weapon
SEA = "#d5e1ea"
COUNTRY_FILL = {"target": "#f4efe6", "origin": "#ffffff", "other": "#e9e9e6"}
COUNTRY_EDGE = "#8f8f8f"
FALLBACK_NAMES = {"RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus"}

#: Fill opacity by kind of reach (the HTML map's values).
FILL_ALPHA = {"authorized": 0.5, "claimed": 0.13, "range": 0.04}
#: Legend wording, identical in every medium.
LEGEND = {
    "weapons": "Weapon (colour)",
    "reach": "Reach (pattern)",
    "territory": "Territory",
    "authorized": "Authorized reach: solid",
    "claimed": "Claimed reach: light, dashed edge",
    "band": "Spread of claims: hatched (lowest to highest report)",
    "range": "Range (no weapon)",
    "segment": "Border segment (launch line)",
}

MI = 1609.344


def weapon_colours(weapons) -> dict[str, str]:
    """Colour per weapon in order of first appearance, as the HTML map assigns them."""
    return {w: PALETTE[i % len(PALETTE)] for i, w in enumerate(dict.fromkeys(weapons))}


def kml_colour(hex_rgb: str, alpha: float = 1.0) -> str:
    """'#0072B2', 0.5 -> '7fb27200': KML writes colours as aabbggrr."""
    h = hex_rgb.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    a = max(0, min(255, int(alpha * 255)))
    return f"{a:02x}{b}{g}{r}".lower()
