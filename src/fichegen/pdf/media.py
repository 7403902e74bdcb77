"""The content writer's cases for a card's pictures, QR codes and icons (layout.boxes): PDF operators
naming the XObjects of the Kit (pdf/resources.py). The QR code is drawn here, as vectors."""

from __future__ import annotations


def picture(add, p, images: dict) -> None:
    """The whole picture at its box, cut to its slot (cover) or inside it (contain)."""
    from fichegen.pdf.content import nums  # the writer's numbers (content.py calls here)

    name, unit_w, unit_h = images[p.path]
    add(f"q n {nums(p.x, p.y, p.w, p.h)} re W n {nums(p.iw / unit_w, 0, 0, p.ih / unit_h, p.ix, p.iy)} cm {name} Do Q")


def code(add, c) -> None:
    """A QR code as one filled path of module runs, in module units, 100 % K: merged runs keep the
    stream small, and one path leaves no seams between modules where a renderer anti-aliases."""
    from fichegen.pdf.content import nums

    parts = [f"q 0 0 0 1 k {nums(c.module, 0, 0, c.module, c.x, c.y)} cm n"]
    parts += [f"{col} {row} {length} 1 re" for col, row, length in c.runs]
    parts.append("f Q")
    add(" ".join(parts))


def icon(add, i, icons: dict) -> None:
    """An icon's form (made in its colour) scaled to its box."""
    from fichegen.pdf.content import nums  # the writer's numbers (content.py calls here)

    name, unit_w, unit_h = icons[(i.path, i.colour)]
    add(f"q {nums(i.size / unit_w, 0, 0, i.size / unit_h, i.x, i.y)} cm {name} Do Q")
