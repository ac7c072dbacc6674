"""The slide's text panels: header, legend, summary table, targets table and footer, laid out in
inches from the bottom left and read off the map model."""

from __future__ import annotations

from .. import theme
from ..model import MapModel, MapState
from ..story import TargetStory
from .furniture import dot
from .metrics import plain, text_width, wrap

PANEL_IN = 4.25  # right-hand panel width
HEADER_IN = 0.92
MARGIN_IN = 0.22
SUMMARY_HEAD_IN = 0.4  # three lines of 8.5 pt column heads
_GREY = (0.333, 0.333, 0.333)


class Panels:
    """Writes text and keys onto a figure in inches."""

    def __init__(self, fig, w: float, h: float, model: MapModel):
        self.fig, self.w, self.h, self.model = fig, w, h, model
        self.tr = fig.dpi_scale_trans
        self.v = 1.0

    def text(self, x, y, s, **kw):
        kw.setdefault("transform", self.tr)
        kw.setdefault("color", "#1b1b1b")
        return self.fig.text(x, y, s, **kw)

    def rule(self, x0, x1, y, colour="#c8c8c8"):
        from matplotlib.lines import Line2D

        self.fig.add_artist(Line2D([x0, x1], [y, y], transform=self.tr, color=colour, lw=0.8))

    def rect(self, x, y, w, h, **kw):
        from matplotlib.patches import Rectangle

        self.fig.add_artist(Rectangle((x, y), w, h, transform=self.tr, **kw))

    # --- header and footer -----------------------------------------------------------------

    def header(self, state: MapState, subtitle: str | None = None) -> None:
        m = self.model
        title, tsize = plain(m.title), 19.0  # smaller, down to 12 pt, rather than run off
        while tsize > 12 and text_width(title, tsize) * 1.18 > self.w - 2 * MARGIN_IN:
            tsize -= 0.5
        self.text(MARGIN_IN, self.h - 0.22, title, fontsize=tsize, fontweight="bold", va="top")
        first = state.as_of_text or "ranges given by hand"
        if state.uncertain:
            first += " (an authorization may be in force)"
        bits = [
            first,
            plain(m.subtitle_segment),
            f"{m.segment.origin_name} \u2192 {m.segment.target_name}",
        ]
        sub = subtitle or "  \u00b7  ".join(bits)
        size = 11.5  # smaller, down to 8.5 pt, rather than run past the slide's edge
        while size > 8.5 and text_width(sub, size) > self.w - 2 * MARGIN_IN:
            size -= 0.5
        self.text(MARGIN_IN, self.h - 0.62, sub, fontsize=size, color="#4a4a4a", va="top")
        self.rule(MARGIN_IN, self.w - MARGIN_IN, self.h - HEADER_IN + 0.04)

    def footer_lines(self, story: TargetStory | None) -> list[str]:
        m = self.model
        width = self.w - 2 * MARGIN_IN
        src = "; ".join(m.citations) if m.citations else "ranges given by hand"
        brief = f" ({m.sources_brief})" if m.citations else ""
        lines = wrap(f"Sources{plain(brief)}: {plain(src)}.", width, 7.5)
        # every state's figures once each (a zone that may be in force and the same zone in
        # force rest on the same claims), each with its first speakers
        credited = {}
        for c in (c for st in m.states for c in st.credits if not c.unreviewed):
            credited.setdefault((c.layer_key.removesuffix("/uncertain"), c.speakers), c)
        reviewed = [c.brief(3) for c in credited.values()]
        if reviewed:  # each figure credited to its own speakers, with reports and origins
            lines += wrap(f"Who said it: {plain('; '.join(reviewed))}.", width, 7.5)
        for caveat in m.caveats:
            lines += wrap(plain(caveat), width, 7.5)
        tail = "Distances: geodesic on WGS84 (GeographicLib via pyproj), boundaries within 0.5 m."
        tail = f"{m.borders_credit}. {m.places_credit}. " + tail
        if story is not None:
            given = ", ".join(dict.fromkeys(story.reach.targets.row_sources()))
            credits = "; ".join(story.credits)
            tail += (
                f" {self.area_note()} Targets ({plain(given)}): inside = geodesic distance to "
                "the segment within range, in the target country"
                + (f"; {plain(credits)}." if credits else ".")
            )
        return lines + wrap(tail, width, 7.5)

    def footer(self, lines: list[str], footer_h: float) -> None:
        self.rule(MARGIN_IN, self.w - MARGIN_IN, footer_h - 0.06)
        self.text(
            MARGIN_IN,
            footer_h - 0.12,
            "\n".join(lines),
            fontsize=7.5,
            color="#444444",
            va="top",
            linespacing=1.45,
        )

    def area_note(self) -> str:
        m = self.model
        return (
            f"{m.area_note} Outlines drawn within {m.tolerance_m:g} m of the exact envelopes; "
            "every figure is from the exact geometry."
        )

    # --- legend ----------------------------------------------------------------------------

    def swatch(self, x: float, y: float, kind: str, colour) -> None:
        """A legend key drawn as the map draws that kind of reach, over the target's fill."""
        from matplotlib.colors import to_rgba
        from matplotlib.lines import Line2D

        look = theme.look
        box = (x + 0.02, y - 0.16, 0.36, 0.15)
        if kind in ("point", "unreviewed"):
            if kind == "point":
                self.fig.add_artist(
                    dot(x + 0.2, y - 0.085, 6.5, "#111111", "white", 1.4, transform=self.tr)
                )
            else:
                self.text(
                    x + 0.2,
                    y - 0.085,
                    "?",
                    fontsize=10,
                    fontweight="bold",
                    color="#8a2b00",
                    ha="center",
                    va="center",
                )
            return
        if kind == "launch_line":
            yy = y - 0.085
            self.fig.add_artist(
                Line2D(
                    [x + 0.04, x + 0.36],
                    [yy, yy],
                    transform=self.tr,
                    color="#111111",
                    lw=1.6,
                    linestyle=(0, (4, 2.5)),
                )
            )
            return
        if kind == "segment":
            yy = y - 0.085
            for col, lw in (("white", 6.5), ("#111111", 3.2)):
                self.fig.add_artist(
                    Line2D(
                        [x + 0.04, x + 0.36],
                        [yy, yy],
                        transform=self.tr,
                        color=col,
                        lw=lw,
                        solid_capstyle="round",
                    )
                )
            return
        self.rect(*box, facecolor=theme.country_fill("target"), edgecolor="none")
        if kind == "authorized":
            fill = to_rgba(colour, look("authorized_fill")["fill"])
            self.rect(*box, facecolor=fill, edgecolor=colour, lw=1.6)
        elif kind == "uncertain":
            u = look("uncertain_fill")
            self.rect(
                *box,
                facecolor=to_rgba(colour, u["fill"]),
                edgecolor=to_rgba(colour, u["hatch"]),
                lw=0,
                hatch="////",
            )
            self.rect(*box, facecolor="none", edgecolor=colour, lw=1.6, linestyle=(0, (1.2, 2)))
        elif kind == "claimed":
            self.rect(*box, facecolor="none", edgecolor=colour, lw=1.5, linestyle=(0, (4, 2.5)))
        elif kind == "band":
            band = look("band")["hatch"]
            self.rect(*box, facecolor="none", edgecolor=to_rgba(colour, band), lw=0, hatch="////")
        else:  # a bare range
            self.rect(*box, facecolor="none", edgecolor=colour, lw=1.5, linestyle=(0, (1, 2)))

    def legend(
        self,
        x: float,
        y: float,
        story: TargetStory | None,
        lh: float,
        *,
        compact: bool = False,
    ) -> float:
        """The legend from the model's entries: each weapon in its colour in every pattern it
        takes on the map, the patterns explained in grey, territory; returns the y below it."""
        v = self.v
        sections: dict[str, list] = {}
        for e in self.model.legend:
            sections.setdefault(e.section, []).append(e)
        self.text(x, y, "Legend", fontsize=12.5 if not compact else 11, fontweight="bold", va="top")
        y -= 0.3 * v

        def sec(key):
            nonlocal y
            self.text(x, y, theme.legend(key).upper(), fontsize=8, color="#666666", va="top")
            y -= 0.2 * v

        def item(s, at=0.5):
            nonlocal y
            size = 9.5 if not compact else 8.5
            lines = wrap(s, self.w - x - at - MARGIN_IN, size)  # a long entry takes two lines
            self.text(x + at, y - 0.085, lines[0], fontsize=size, va="center")
            for extra in lines[1:]:
                y -= lh * 0.8
                self.text(x + at, y - 0.085, extra, fontsize=size, va="center")
            y -= lh

        layers = [*self.model.layers, *(g for s in self.model.states for g in s.layers)]
        kinds: dict[str, list[str]] = {}
        for g in layers:
            if g.weapon:
                k = "uncertain" if g.uncertain else g.kind
                kinds.setdefault(g.weapon, [])
                if k not in kinds[g.weapon]:
                    kinds[g.weapon].append(k)
        if sections.get("weapons") and story is None:
            sec("weapons")
            for e in sections["weapons"]:
                drawn = [k for k in ("claimed", "authorized", "uncertain") if k in kinds[e.key]]
                for n, k in enumerate(drawn):
                    self.swatch(x + 0.42 * n, y, k, e.colour)
                item(plain(e.label), at=0.42 * len(drawn) + 0.08)
            y -= 0.05 * v
        sec("reach")
        grey = theme.colour("legend_grey")
        for e in sections.get("reach", []):
            self.swatch(x, y, e.key, grey if e.key != "range" else "#222222")
            item(e.label)
        if compact:
            return y
        countries = sections.get("territory", [])
        if countries:
            y -= 0.05 * v
            sec("territory")
        if countries and story is not None:  # one line
            x0 = x
            for e in countries:
                self.rect(
                    x0 + 0.02, y - 0.16, 0.3, 0.15, facecolor=e.colour, edgecolor="#999999", lw=0.8
                )
                self.text(x0 + 0.4, y - 0.085, e.label, fontsize=9.5, va="center")
                x0 += 0.55 + text_width(e.label, 9.5)
            y -= lh
        else:
            for e in countries:
                self.rect(
                    x + 0.02, y - 0.16, 0.36, 0.15, facecolor=e.colour, edgecolor="#999999", lw=0.8
                )
                item(e.label)
        return y

    # --- tables ----------------------------------------------------------------------------

    def table_header(self, xs, heads, x0, x1, y) -> None:
        """Bold grey column heads over a hairline: both side-panel tables share this look."""
        for cx, h in zip(xs, heads, strict=True):
            self.text(
                cx,
                y,
                h,
                fontsize=8.5,
                color="#555555",
                fontweight="bold",
                va="bottom",
                linespacing=1.1,
            )
        self.rule(x0, x1, y - 0.05, colour="#cccccc")

    def summary(self, x: float, y: float, state: MapState, width: float = PANEL_IN) -> float:
        """'Territory of Russia within reach': a row per weapon; returns the y below it."""
        target = self.model.segment.target_name
        self.text(
            x, y, f"Territory of {target} within reach", fontsize=12.5, fontweight="bold", va="top"
        )
        heads = ("claimed", "authorized", "authorized\nshare of\nclaimed")
        y -= 0.24 * self.v + SUMMARY_HEAD_IN
        rows = [
            (
                r.label,
                r.colour,
                (r.claimed, r.claimed_range),
                (r.authorized, r.authorized_range),
                r.share,
            )
            for r in state.summary
        ]
        size, sub = 9.5, 7.5

        def need(scale):
            name_w = max((text_width(r[0], size * scale) * 1.08 + 0.2 for r in rows), default=0)
            widths = [name_w]
            for k, head in enumerate(heads):
                cells = [
                    max(text_width(r[2 + k][0], size * scale), text_width(r[2 + k][1], sub))
                    if k < 2
                    else text_width(r[4], size * scale)
                    for r in rows
                ]
                widths.append(max(cells + [text_width(h, 8.5) * 1.08 for h in head.split("\n")]))
            return widths

        room = width - 0.15
        scale = 1.0
        widths = need(scale)
        while sum(widths) + 0.1 * len(heads) > room and scale > 0.7:
            scale -= 0.05
            widths = need(scale)
        gap = max(0.1, (room - sum(widths)) / len(heads))
        cols = [x]
        for wd in widths[:-1]:
            cols.append(cols[-1] + wd + gap)
        self.table_header(cols[1:], heads, x, x + room, y)
        y -= 0.1 * self.v
        fs = size * scale
        for name, col, (c1, c1s), (c2, c2s), share in rows:
            if col:
                self.rect(x, y - 0.17, 0.13, 0.13, facecolor=col, edgecolor="none")
            self.text(
                x + (0.2 if col else 0),
                y - 0.03,
                plain(name),
                fontsize=fs,
                fontweight="bold",
                va="top",
            )
            for cx, (main, small) in ((cols[1], (c1, c1s)), (cols[2], (c2, c2s))):
                self.text(cx, y - 0.03, main, fontsize=fs, va="top")
                self.text(cx, y - 0.22, small, fontsize=sub, color="#666666", va="top")
            self.text(cols[3], y - 0.03, share, fontsize=fs, va="top")
            y -= 0.46 * self.v
        return y

    def briefs(self, story: TargetStory) -> list[list[str]]:
        return [wrap(plain(w.sentence), PANEL_IN - 0.35, 7.8) for w in story.weapons]

    def targets(self, x: float, y: float, st: TargetStory) -> None:
        """Per weapon: targets within claimed reach (band), authorized, claimed not authorized;
        then the briefing sentences, as the HTML map's targets panel."""

        v = self.v
        self.text(x, y, "Targets within reach", fontsize=12.5, fontweight="bold", va="top")
        self.text(
            x + PANEL_IN - 0.15,
            y - 0.03,
            f"{st.within:,} of {st.total:,} targets",
            fontsize=9,
            color="#555555",
            va="top",
            ha="right",
        )
        y -= 0.3 * v
        kx = x
        marker = theme.targets()["marker"]
        for kind in st.kinds:
            user = kind == "user"
            face, edge = ("#111111", "white") if user else ("white", "#111111")
            self.fig.add_artist(
                dot(
                    kx + 0.07,
                    y - 0.07,
                    5 if user else 5.5,
                    face,
                    edge,
                    0.8 if user else 1.1,
                    transform=self.tr,
                    marker=marker.get(kind, "o"),
                )
            )
            label = theme.targets()["legend"].get(kind, kind)
            self.text(kx + 0.18, y - 0.07, label, fontsize=8.5, va="center")
            kx += 0.4 + text_width(label, 8.5)
        y -= 0.62 * v
        cols = (x, x + 0.98, x + 2.0, x + 2.95)
        heads = ("claimed", "authorized", "claimed, not\nauthorized")
        self.table_header(cols[1:], heads, x, x + PANEL_IN - 0.15, y)
        y -= 0.1 * v
        for w in st.weapons:
            self.rect(
                x, y - 0.17, 0.13, 0.13, facecolor=theme.weapon_colour(w.weapon), edgecolor="none"
            )
            size = 9.5 if len(w.weapon) <= 7 else max(6.5, 9.5 * 7 / len(w.weapon))
            self.text(
                x + 0.2, y - 0.03, plain(w.weapon), fontsize=size, fontweight="bold", va="top"
            )
            cells = (
                st.band([n for _, n, _ in w.claimed]),
                st.band([n for _, n, _ in w.authorized]) if w.authorized else "none",
                f"{w.not_authorized:,}",
            )
            for cx, text in zip(cols[1:], cells, strict=True):
                self.text(cx, y - 0.03, text, fontsize=9.5, va="top")
            y -= 0.24 * v
        y -= 0.04
        for brief in self.briefs(st):
            self.text(x, y, "\u2022", fontsize=7.8, va="top")
            self.text(x + 0.13, y, "\n".join(brief), fontsize=7.8, va="top", linespacing=1.3)
            y -= 0.13 * len(brief) + 0.06
        if st.note:
            self.text(x, y, f"Map: {st.note}.", fontsize=7.5, color="#555555", va="top")
