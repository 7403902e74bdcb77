"""Generate the built-in icons, templates/default/icons/*.svg (dev-time tool; standard library only).

Every icon is drawn here for this project, on one grid so that the set is consistent: a 24 × 24 box,
two units kept clear all round (as letters keep side bearings), strokes 2 units wide with round caps
and joins, no fills but for dots. At 10 pt text a stroke is then 0.83 pt, close to the stems of the
body fonts. Only plain shapes are written (<path>, <circle>, <rect>, <line>, <polyline>, <polygon>),
black, with no CSS, masks or transparency: fichegen paints each icon in the colour of its text.

The icons are released under CC0 1.0 (see templates/default/icons/LICENSE).

Usage::

    python templates/tools/make_icons.py            # writes templates/default/icons/*.svg
    python templates/tools/make_icons.py --out DIR  # writes DIR/*.svg
"""

from __future__ import annotations

import argparse
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "default", "icons")
INK = "#000000"


def num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def path(d: str) -> str:
    return f'<path d="{d}"/>'


def circle(cx, cy, r) -> str:
    return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}"/>'


def dot(cx, cy, r=1.25) -> str:
    """A filled dot (the point of an i, ! or ?)."""
    return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{INK}" stroke="none"/>'


def rect(x, y, w, h, r=0.0, transform="") -> str:
    extra = f' transform="{transform}"' if transform else ""
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(r)}" ry="{num(r)}"{extra}/>'


def poly(points, closed=False) -> str:
    tag = "polygon" if closed else "polyline"
    return f'<{tag} points="{" ".join(f"{num(x)},{num(y)}" for x, y in points)}"/>'


def arc_point(cx, cy, r, degrees):
    """A point on a circle, angles clockwise from 3 o'clock (the SVG y axis points down)."""
    a = math.radians(degrees)
    return cx + r * math.cos(a), cy + r * math.sin(a)


def arc(cx, cy, r, start, end) -> str:
    """An open arc from `start` to `end` degrees, clockwise."""
    (x0, y0), (x1, y1) = arc_point(cx, cy, r, start), arc_point(cx, cy, r, end)
    large = 1 if (end - start) % 360 > 180 else 0
    return path(f"M{num(x0)} {num(y0)}A{num(r)} {num(r)} 0 {large} 1 {num(x1)} {num(y1)}")


def star(cx, cy, outer, inner, points=5):
    out = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        out.append(arc_point(cx, cy, r, -90 + i * 180 / points))
    return poly(out, closed=True)


def bulb() -> list[str]:
    return [path("M9 16.5C9 14.6 6 13 6 9.2A6 6 0 0 1 18 9.2C18 13 15 14.6 15 16.5Z"),
            path("M9.5 19.5H14.5"), path("M10.5 22H13.5")]


def person(cx, head_y, head_r, shoulders_y, half) -> list[str]:
    return [circle(cx, head_y, head_r),
            path(f"M{num(cx - half)} {num(shoulders_y)}A{num(half)} {num(half)} 0 0 1 {num(cx + half)} {num(shoulders_y)}")]


def chat() -> list[str]:
    # a round bubble, its tail at the lower left
    cx, cy, r = 12.5, 11, 8.5
    x0, y0 = arc_point(cx, cy, r, 130)
    x1, y1 = arc_point(cx, cy, r, 155)
    return [path(f"M{num(x0)} {num(y0)}L3.2 20.8L{num(x1)} {num(y1)}A{num(r)} {num(r)} 0 1 1 {num(x0)} {num(y0)}Z")]


def euro() -> list[str]:
    return [arc(14, 12, 7, 40, 320), path("M4.5 10H13"), path("M4.5 14H12")]


ICONS: dict[str, list[str]] = {
    "info": [circle(12, 12, 10), path("M12 11V17"), dot(12, 7.6)],
    "tip": bulb(),
    "lamp": bulb(),
    "idea": [path("M12 3C12.9 8.4 15.6 11.1 21 12C15.6 12.9 12.9 15.6 12 21C11.1 15.6 8.4 12.9 3 12C8.4 11.1 11.1 8.4 12 3Z"),
             path("M19 2.5V5.5"), path("M17.5 4H20.5")],
    "warning": [path("M10.3 4.1L2.6 17.6A2 2 0 0 0 4.3 20.6H19.7A2 2 0 0 0 21.4 17.6L13.7 4.1A2 2 0 0 0 10.3 4.1Z"),
                path("M12 9.5V13.8"), dot(12, 17.1)],
    "question": [circle(12, 12, 10), path("M9.2 9.4A2.9 2.9 0 1 1 13.4 12C12.5 12.5 12 13.1 12 14"), dot(12, 17.2)],
    "check": [poly([(4.5, 12.5), (9.5, 17.5), (19.5, 6.5)])],
    "person": person(12, 7.8, 3.8, 21, 7.5),
    "people": [*person(9, 8.2, 3.4, 21, 6.5),
               path("M15.6 4.9A3.4 3.4 0 0 1 15.6 11.5"), path("M17.6 14.6A6.5 6.5 0 0 1 21.5 20.6V21")],
    "group": [*person(12, 7.2, 3.1, 21, 5.8), circle(5, 9.6, 2.2), circle(19, 9.6, 2.2),
              path("M2 19.5A4.4 4.4 0 0 1 4.9 14.7"), path("M22 19.5A4.4 4.4 0 0 0 19.1 14.7")],
    "chat": chat(),
    "heart": [path("M12 20.5C6.5 17 3 13.5 3 9.2A4.7 4.7 0 0 1 12 7A4.7 4.7 0 0 1 21 9.2C21 13.5 17.5 17 12 20.5Z")],
    "home": [path("M3.5 10.5L12 3.5L20.5 10.5"), path("M5.5 9V20.5H18.5V9"), path("M10 20.5V14.5H14V20.5")],
    "book": [path("M12 6.8C10 5.3 7 4.6 3 5V18.8C7 18.4 10 19.1 12 20.6C14 19.1 17 18.4 21 18.8V5C17 4.6 14 5.3 12 6.8Z"),
             path("M12 6.8V20.6")],
    "calendar": [rect(3.5, 5, 17, 16, 2), path("M3.5 10H20.5"), path("M8 3V7"), path("M16 3V7")],
    "clock": [circle(12, 12, 10), path("M12 6.5V12L15.8 14.3")],
    "euro": euro(),
    "phone": [rect(6.5, 2.5, 11, 19, 2.5), path("M10.8 18.3H13.2")],
    "mail": [rect(2.5, 5, 19, 14, 2), path("M3 6.5L12 13L21 6.5")],
    "link": [rect(1.6, 8.6, 12.2, 6.8, 3.4, "rotate(-45 12 12)"), rect(10.2, 8.6, 12.2, 6.8, 3.4, "rotate(-45 12 12)")],
    "star": [star(12, 12.8, 9.8, 4.2)],
    "flag": [path("M5 21.5V3.5"), path("M5 4.5C9 2.5 11.5 6.5 15.5 4.5C16.8 3.9 18 3.8 19 4V14C18 13.8 16.8 13.9 15.5 14.5C11.5 16.5 9 12.5 5 14.5")],
    "target": [circle(12, 12, 10), circle(12, 12, 6), dot(12, 12, 2)],
    "arrow": [path("M4 12H20"), poly([(14, 6), (20, 12), (14, 18)])],
    "pin": [path("M12 21.5C12 21.5 5 15 5 9.5A7 7 0 0 1 19 9.5C19 15 12 21.5 12 21.5Z"), circle(12, 9.5, 2.5)],
}


def svg(parts: list[str]) -> str:
    body = "\n  ".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" '
            f'stroke="{INK}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">\n  {body}\n</svg>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT)
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    for name, parts in ICONS.items():
        with open(os.path.join(out, f"{name}.svg"), "w", encoding="utf-8", newline="\n") as f:
            f.write(svg(parts))
    print(f"wrote {len(ICONS)} icons to {out}")


if __name__ == "__main__":
    main()
