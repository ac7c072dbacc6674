"""What intake finds: one frozen record per claim, in the seeds schema's terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from .gazetteer import Weapon


@dataclass(frozen=True)
class Finding:
    """A claim drafted from the text, located by paragraph, with a quote of at most six words.

    ``measure`` is one of the schema's measures; keys that do not belong to it stay empty.
    ``weapon`` is the gazetteer entry behind a weapon subject (``None`` for places and events).
    """

    measure: str
    subject: str
    paragraph: int
    quote: str
    offset: int = 0  # character offset in the paragraph, to keep text order
    value: float | None = None
    unit: str | None = None
    qualifier: str = ""
    qualifier_class: str = ""
    alternate: str = ""  # the figure in the second unit the text gives, e.g. "190 mi"
    reference: str = ""  # place_distance: from what
    scope: str = ""  # authorization / authorized_depth
    status: str | None = None  # authorization: "allowed" | "prohibited"
    date: str = ""  # event_date: ISO day, month or year
    date_basis: str = ""
    speaker: str = "report"
    speaker_role: str = ""
    via: str = ""  # the outlet the speaker is quoted through
    affiliation: str = ""  # whose official or source: "US", "Ukraine", ...
    origin: str = ""  # a known statement this claim repeats (a shared quotation)
    note: str = ""
    weapon: Weapon | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Unclassified:
    """A distance the rules could not place (no range, depth or border cue): shown for review."""

    paragraph: int
    quote: str
    value: float
    unit: str
