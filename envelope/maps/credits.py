"""Who said each figure the map draws, and how many reports and independent origins back it:
each figure is credited to its own claims' speakers (``Claim.credit``), never to a report's
first attribution; a figure resting only on draft claims (``review = "pending"``) is unreviewed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layers import Layer
from .text import range_text

if TYPE_CHECKING:  # pragma: no cover
    from ..envelopes import Envelope
    from ..scenario import Claim, Scenario

#: A claim backs a ring when its distance is the ring's range to within this (metres).
SAME_RANGE_M = 1.0


@dataclass(frozen=True)
class FigureCredit:
    """One drawn figure ('ATACMS claimed 185\u2013200 mi'), what backs it and who said it."""

    layer_key: str
    what: str  # 'ATACMS claimed 185\u2013200 mi'
    backing: str  # '4 reports, 4 origins' (envelope.scenario.backing)
    speakers: tuple[str, ...]  # '000, 001: the report itself', one per distinct credit
    unreviewed: str  # '' or the part resting only on pending claims: '300 km' or 'all'

    @property
    def line(self) -> str:
        """'ATACMS claimed 185\u2013200 mi (4 reports, 4 origins): 000, 001: the report itself'."""
        return self.brief(len(self.speakers))

    def brief(self, limit: int = 3) -> str:
        """The line with at most ``limit`` speakers named, then how many more."""
        more = len(self.speakers) - limit
        who = "; ".join(self.speakers[:limit]) + (f"; {more} more" if more > 0 else "")
        flag = ""
        if self.unreviewed:
            flag = (
                " [unreviewed]" if self.unreviewed == "all" else f" [{self.unreviewed} unreviewed]"
            )
        return f"{self.what}{flag} ({self.backing})" + (f": {who}" if who else "")


def _distinct(claims: Iterable[Claim]) -> list[Claim]:
    return list({(c.report_id, c.id): c for c in claims}.values())


def figure_claims(env: Envelope) -> list[Claim]:
    """The claims behind one ring's figure: those stating its distance (a claimed range, an
    authorized depth); for an authorized zone at full reach, the authorizations themselves."""
    claims = _distinct(env.claims)
    same = [
        c
        for c in claims
        if c.metres is not None
        and abs(c.metres - env.range_m) <= SAME_RANGE_M
        and c.measure != "place_distance"
    ]
    if env.kind == "authorized":
        depth = [c for c in same if c.measure != "weapon_range"]
        return depth or [c for c in claims if c.measure == "authorization"]
    return same


def layer_claims(g: Layer) -> list[Claim]:
    """The claims behind a layer's figure: its rings' own, and for a claimed band every range
    claim inside it (a 190 mi report inside 185–200 mi backs the band too)."""
    own = [c for e in g.envelopes for c in figure_claims(e)]
    if g.kind == "claimed":
        lo, hi = min(g.ranges_m) - SAME_RANGE_M, max(g.ranges_m) + SAME_RANGE_M
        own += [
            c
            for e in g.envelopes
            for c in e.claims
            if c.measure == "weapon_range" and c.metres is not None and lo <= c.metres <= hi
        ]
    return _distinct(own)


def unreviewed(claims: Sequence[Claim]) -> bool:
    """True when a figure rests only on drafts nobody has checked yet."""
    return bool(claims) and all(c.review == "pending" for c in claims)


def unreviewed_ranges(g: Layer) -> tuple[float, ...]:
    """The ranges of ``g`` that rest only on pending claims."""
    return tuple(e.range_m for e in g.envelopes if unreviewed(figure_claims(e)))


def unreviewed_words(g: Layer) -> str:
    """'' (reviewed), 'all' (the whole layer rests on drafts) or the ranges that do ('300 km')."""
    found = unreviewed_ranges(g)
    if not found:
        return ""
    if len(set(found)) == len(set(g.ranges_m)):
        return "all"
    unit = next(e.unit for e in g.envelopes if e.range_m in found)
    return ", ".join(range_text([r], unit) for r in sorted(set(found)))


def speakers(claims: Sequence[Claim]) -> tuple[str, ...]:
    """'000, 002: the report itself' per distinct credit, in the claims' report order."""
    from ..scenario.model import short_id

    by: dict[str, list[str]] = {}
    for c in sorted(claims, key=lambda c: c.report_id):
        ids = by.setdefault(c.credit, [])
        if short_id(c.report_id) not in ids:
            ids.append(short_id(c.report_id))
    return tuple(f"{', '.join(ids)}: {who}" for who, ids in by.items())


def backing_text(scenario: Scenario | None, claims: Sequence[Claim]) -> str:
    """'4 reports, 2 origins' (``envelope.scenario.backing``); '' without claims."""
    if scenario is None or not claims:
        return ""
    from ..scenario import backing

    return backing(scenario, list(claims))


def credit_layer(g: Layer, scenario: Scenario | None) -> FigureCredit | None:
    """The credit of one drawn layer; None for a bare range or a figure with no claims."""
    claims = layer_claims(g)
    if g.kind == "range" or not claims:
        return None
    kind = "may be authorized" if g.uncertain else g.kind
    return FigureCredit(
        layer_key=g.key,
        what=f"{g.label} {kind} {range_text(g.ranges_m, g.unit)}",
        backing=backing_text(scenario, claims),
        speakers=speakers(claims),
        unreviewed=unreviewed_words(g),
    )


def credits(layers: Iterable[Layer], scenario: Scenario | None) -> tuple[FigureCredit, ...]:
    out = (credit_layer(g, scenario) for g in layers)
    return tuple(c for c in out if c is not None)
