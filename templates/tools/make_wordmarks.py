"""Generate the wordmark logos of the organisation templates (dev-time tool).

This is NOT part of fichegen at run time and is not a project dependency. It
needs, at development time only::

    pip install fonttools font-lato font-caladea font-rhd

(``font-source-serif-pro`` and ``font-source-sans-pro`` are already project
dependencies.)

Every letter is converted from the TrueType glyph outlines to an SVG <path>,
so the logos contain no <text> elements and need no font when they are drawn
(svglib would otherwise substitute an unembedded Helvetica). Glyphs are placed
with the cmap + hmtx advances and pair kerning from the GPOS 'kern' feature
(or a legacy 'kern' table). The SVG y axis points down, so outlines are
flipped while they are drawn.

Only plain shapes are written: <path>, <rect>, <circle>, <polygon>, with
inline hex colours -- no gradients, opacity, masks, clip paths, <defs>/<use>
or CSS. Each design is written twice: ``logo.svg`` in colour and
``logo-white.svg`` with every fill and stroke #FFFFFF, for dark bands.

The designs are original, simple wordmarks plus one accent shape each; they
do not reproduce any organisation's real logo.

Usage::

    python templates/tools/make_wordmarks.py            # writes templates/*/logo*.svg
    python templates/tools/make_wordmarks.py --out DIR  # writes DIR/<template>/logo*.svg
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
from dataclasses import dataclass, field

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.dirname(HERE)
WHITE = "#FFFFFF"
LOGO_WIDTH_MM = 40.0          # nominal size written to width/height; fichegen scales anyway


def num(v: float) -> str:
    """Compact number: at most 2 decimals, no trailing zeros, no '-0'."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def package_font(package: str, filename: str) -> str:
    mod = importlib.import_module(package)
    return os.path.join(os.path.dirname(mod.__file__), "files", filename)


# --------------------------------------------------------------------------- fonts


class Font:
    _cache: dict[str, "Font"] = {}

    @classmethod
    def get(cls, package: str, filename: str) -> "Font":
        path = package_font(package, filename)
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def __init__(self, path: str):
        self.path = path
        self.tt = TTFont(path)
        self.glyphs = self.tt.getGlyphSet()
        self.cmap = self.tt.getBestCmap()
        self.hmtx = self.tt["hmtx"]
        self.upm = self.tt["head"].unitsPerEm
        self._pair_subtables = self._collect_kerning()
        self._legacy_kern = {}
        if "kern" in self.tt:
            for sub in self.tt["kern"].kernTables:
                self._legacy_kern.update(getattr(sub, "kernTable", {}))

    # -- kerning ---------------------------------------------------------------
    def _collect_kerning(self):
        if "GPOS" not in self.tt:
            return []
        gpos = self.tt["GPOS"].table
        if not gpos.FeatureList or not gpos.LookupList:
            return []
        indices = set()
        for rec in gpos.FeatureList.FeatureRecord:
            if rec.FeatureTag == "kern":
                indices.update(rec.Feature.LookupListIndex)
        subtables = []
        for i in sorted(indices):
            lookup = gpos.LookupList.Lookup[i]
            for sub in lookup.SubTable:
                if lookup.LookupType == 9:          # extension
                    if sub.ExtensionLookupType != 2:
                        continue
                    sub = sub.ExtSubTable
                elif lookup.LookupType != 2:
                    continue
                subtables.append((i, sub))
        return subtables

    def kern(self, left: str, right: str) -> float:
        """Pair adjustment in font units (first matching subtable per lookup)."""
        total, done = 0, set()
        for lookup_index, sub in self._pair_subtables:
            if lookup_index in done:
                continue
            cov = sub.Coverage.glyphs
            if left not in cov:
                continue
            value = None
            if sub.Format == 1:
                pairset = sub.PairSet[cov.index(left)]
                for rec in pairset.PairValueRecord:
                    if rec.SecondGlyph == right:
                        value = rec.Value1
                        break
                else:
                    continue
            elif sub.Format == 2:
                c1 = sub.ClassDef1.classDefs.get(left, 0)
                c2 = sub.ClassDef2.classDefs.get(right, 0)
                value = sub.Class1Record[c1].Class2Record[c2].Value1
            if value is not None:
                total += getattr(value, "XAdvance", 0) or 0
            done.add(lookup_index)
        if not self._pair_subtables:
            total += self._legacy_kern.get((left, right), 0)
        return total

    # -- layout ------------------------------------------------------------------
    def glyph_name(self, ch: str) -> str:
        try:
            return self.cmap[ord(ch)]
        except KeyError:
            raise SystemExit(f"{os.path.basename(self.path)} has no glyph for {ch!r}")

    def width(self, text: str, size: float, tracking: float = 0.0) -> float:
        """Advance width of *text* at *size*; *tracking* in em (added between letters)."""
        s = size / self.upm
        names = [self.glyph_name(c) for c in text]
        w = 0.0
        for i, g in enumerate(names):
            w += self.hmtx[g][0] * s
            if i + 1 < len(names):
                w += self.kern(g, names[i + 1]) * s + tracking * size
        return w

    def outline(self, text: str, size: float, x: float, baseline: float,
                tracking: float = 0.0) -> tuple[str, tuple[float, float, float, float]]:
        """SVG path data for *text* with its left edge at x, baseline at y (y down)."""
        s = size / self.upm
        names = [self.glyph_name(c) for c in text]
        svg = SVGPathPen(self.glyphs, ntos=num)
        bounds = BoundsPen(self.glyphs)
        pen_x = x
        for i, g in enumerate(names):
            matrix = (s, 0, 0, -s, pen_x, baseline)          # flip y: font y up, SVG y down
            self.glyphs[g].draw(TransformPen(svg, matrix))
            self.glyphs[g].draw(TransformPen(bounds, matrix))
            pen_x += self.hmtx[g][0] * s
            if i + 1 < len(names):
                pen_x += self.kern(g, names[i + 1]) * s + tracking * size
        if bounds.bounds is None:
            raise SystemExit(f"nothing drawn for {text!r}")
        return svg.getCommands(), bounds.bounds

    def ink_left(self, text: str, size: float) -> float:
        """Left side bearing of the first glyph at *size* (to align ink edges)."""
        g = self.glyph_name(text[0])
        b = BoundsPen(self.glyphs)
        self.glyphs[g].draw(b)
        return (b.bounds[0] if b.bounds else 0) * size / self.upm

    def ink_right(self, text: str, size: float, tracking: float = 0.0) -> float:
        """Distance from the ink's right edge to the end of the advance width."""
        g = self.glyph_name(text[-1])
        b = BoundsPen(self.glyphs)
        self.glyphs[g].draw(b)
        return (self.hmtx[g][0] - (b.bounds[2] if b.bounds else 0)) * size / self.upm

    def cap_height(self, size: float) -> float:
        return self.tt["OS/2"].sCapHeight * size / self.upm

    def x_height(self, size: float) -> float:
        return self.tt["OS/2"].sxHeight * size / self.upm


# --------------------------------------------------------------------------- drawing


@dataclass
class Logo:
    """A list of shapes with colour roles; rendered in colour or all white."""
    name: str
    colours: dict[str, str]
    items: list[tuple] = field(default_factory=list)       # (kind, role, attrs, bounds)

    def text(self, font: Font, text: str, size: float, x: float, baseline: float,
             role: str, tracking: float = 0.0):
        d, b = font.outline(text, size, x, baseline, tracking)
        self.items.append(("path", role, {"d": d}, b))
        return b

    def rect(self, x, y, w, h, role):
        self.items.append(("rect", role, {"x": num(x), "y": num(y), "width": num(w),
                                          "height": num(h)}, (x, y, x + w, y + h)))

    def circle(self, cx, cy, r, role):
        self.items.append(("circle", role, {"cx": num(cx), "cy": num(cy), "r": num(r)},
                           (cx - r, cy - r, cx + r, cy + r)))

    def polygon(self, points, role):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        self.items.append(("polygon", role,
                           {"points": " ".join(f"{num(x)},{num(y)}" for x, y in points)},
                           (min(xs), min(ys), max(xs), max(ys))))

    def filled_path(self, d, bounds, role):
        self.items.append(("path", role, {"d": d}, bounds))

    def svg(self, white: bool = False, margin: float = 2.0) -> str:
        x0 = min(b[0] for *_, b in self.items) - margin
        y0 = min(b[1] for *_, b in self.items) - margin
        x1 = max(b[2] for *_, b in self.items) + margin
        y1 = max(b[3] for *_, b in self.items) + margin
        w, h = x1 - x0, y1 - y0
        wmm = LOGO_WIDTH_MM
        hmm = wmm * h / w
        variant = "white" if white else "colour"
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{num(wmm)}mm" height="{num(hmm)}mm" '
            f'viewBox="{num(x0)} {num(y0)} {num(w)} {num(h)}">',
            f'<!-- {self.name} wordmark ({variant}); generated by '
            f'templates/tools/make_wordmarks.py -->',
        ]
        for kind, role, attrs, _ in self.items:
            colour = WHITE if white else self.colours[role]
            a = " ".join(f'{k}="{v}"' for k, v in attrs.items())
            extra = ' fill-rule="nonzero"' if kind == "path" else ""
            out.append(f'<{kind} {a} fill="{colour}"{extra}/>')
        out.append("</svg>")
        return "\n".join(out) + "\n"


def crescent(x0, x1, y, sag_outer, sag_inner, steps=48):
    """A crescent between x0 and x1 hanging below the line y, as path data.

    Two circular arcs share their end points; the outer one sags *sag_outer*
    below y and the inner one *sag_inner*, so the shape is thickest in the
    middle and tapers to sharp points -- a furrow cut by a plough. It is written
    as a fine polygon (M/L/Z only) so no stroke caps or arc commands are needed.
    """
    def arc(sag):
        chord = x1 - x0
        r = (chord ** 2 / 4 + sag ** 2) / (2 * sag)
        cx, cy = (x0 + x1) / 2, y + sag - r
        half = math.asin((chord / 2) / r)
        return [(cx + r * math.sin(t), cy + r * math.cos(t))
                for t in (-half + 2 * half * i / steps for i in range(steps + 1))]
    pts = arc(sag_outer) + arc(sag_inner)[::-1][1:-1]
    d = "M" + "L".join(f"{num(px)} {num(py)}" for px, py in pts) + "Z"
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return d, (min(xs), min(ys), max(xs), max(ys))


# --------------------------------------------------------------------------- designs


def uantwerpen() -> Logo:
    """'OASeS' in Source Serif Pro Bold, a red square full stop, and a small
    'Universiteit Antwerpen' line in Source Sans Pro Semibold set to the same width."""
    logo = Logo("uantwerpen", {"main": "#1B2A5C", "accent": "#C8102E"})
    serif = Font.get("font_source_serif_pro", "SourceSerifPro-Bold.ttf")
    sans = Font.get("font_source_sans_pro", "SourceSansPro-Semibold.ttf")
    size, word = 100.0, "OASeS"
    x = -serif.ink_left(word, size)
    b = logo.text(serif, word, size, x, 0, "main", tracking=0.01)
    # square "full stop" sitting on the baseline
    sq = 15.0
    sx = b[2] + 6.0
    logo.rect(sx, -sq, sq, sq, "accent")
    right = sx + sq
    # second line: fit its ink to the full width of the line above
    line2 = "Universiteit Antwerpen"
    track = 0.06
    s2 = 30.0
    ink = lambda s: (sans.width(line2, s, track) - sans.ink_left(line2, s)
                     - sans.ink_right(line2, s, track))
    s2 = s2 * right / ink(s2)
    logo.text(sans, line2, s2, -sans.ink_left(line2, s2), 14 + sans.cap_height(s2),
              "main", tracking=track)
    return logo


def de_ploeg() -> Logo:
    """'de ploeg' in Lato Black with an orange furrow-like curve under it and a
    small 'deel van Emino' in Lato Bold."""
    logo = Logo("de-ploeg", {"main": "#1F6F4A", "accent": "#F08A24"})
    black = Font.get("font_lato", "Lato-Black.ttf")
    bold = Font.get("font_lato", "Lato-Bold.ttf")
    size, word = 100.0, "de ploeg"
    b = logo.text(black, word, size, -black.ink_left(word, size), 0, "main", tracking=-0.01)
    width = b[2]
    # furrow: a crescent under the word, thickest in the middle, tapering to points
    top = b[3] + 9.0                               # just below the descenders of p and g
    d, ab = crescent(0, width, top, sag_outer=20.0, sag_inner=8.0)
    logo.filled_path(d, ab, "accent")
    # small line under the furrow, right-aligned with the word
    line2, s2, track = "deel van Emino", 28.0, 0.03
    w2 = bold.width(line2, s2, track) - bold.ink_right(line2, s2, track)
    logo.text(bold, line2, s2, width - w2, ab[3] + 8.0 + bold.cap_height(s2),
              "main", tracking=track)
    return logo


def recht_op() -> Logo:
    """'RECHT-OP' in Red Hat Display Black, underlined by a yellow bar that turns
    upward into an arrow at the right end ('recht op' = upright)."""
    logo = Logo("recht-op", {"main": "#D52B1E", "accent": "#F6C700"})
    font = Font.get("font_rhd", "RedHatDisplay-Black.ttf")
    size, word = 100.0, "RECHT-OP"
    b = logo.text(font, word, size, -font.ink_left(word, size), 0, "main", tracking=0.02)
    cap = font.cap_height(size)
    t = 12.0                                       # bar thickness
    gap = 11.0
    y_top = gap                                    # top of the bar (baseline is y=0)
    y_bot = gap + t
    x_stem = b[2] + 22.0                           # left edge of the vertical stem
    head_w = 16.0                                  # arrowhead overhang each side of stem
    head_h = 28.0
    tip = -cap - 30.0                              # the arrow rises well above the capitals
    neck = tip + head_h
    pts = [
        (0, y_top),
        (x_stem, y_top),
        (x_stem, neck),
        (x_stem - head_w, neck),
        (x_stem + t / 2, tip),
        (x_stem + t + head_w, neck),
        (x_stem + t, neck),
        (x_stem + t, y_bot),
        (0, y_bot),
    ]
    logo.polygon(pts, "accent")
    return logo


def weerwerk() -> Logo:
    """'weerwerk' in Caladea Bold with an ochre dot before it and a small
    'activering' in Lato Bold under the word."""
    logo = Logo("weerwerk", {"main": "#1D3E6E", "accent": "#D99A2B"})
    serif = Font.get("font_caladea", "Caladea-Bold.ttf")
    sans = Font.get("font_lato", "Lato-Bold.ttf")
    size, word = 100.0, "weerwerk"
    xh = serif.x_height(size)
    r = xh * 0.5
    logo.circle(r, -xh / 2, r, "accent")           # dot centred on the x-height band
    x = 2 * r + 12.0
    b = logo.text(serif, word, size, x - serif.ink_left(word, size), 0, "main", tracking=0.0)
    line2, track = "activering", 0.10
    s2 = 34.0
    logo.text(sans, line2, s2, b[0] - sans.ink_left(line2, s2), 16 + sans.cap_height(s2),
              "main", tracking=track)
    return logo


DESIGNS = {
    "uantwerpen": uantwerpen,
    "de-ploeg": de_ploeg,
    "recht-op": recht_op,
    "weerwerk": weerwerk,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=TEMPLATES, help="templates folder (default: %(default)s)")
    ap.add_argument("names", nargs="*", help="only these templates")
    args = ap.parse_args()
    for name in args.names or DESIGNS:
        logo = DESIGNS[name]()
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        for white, fn in ((False, "logo.svg"), (True, "logo-white.svg")):
            path = os.path.join(folder, fn)
            with open(path, "w", encoding="utf-8") as f:
                f.write(logo.svg(white=white))
            print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
