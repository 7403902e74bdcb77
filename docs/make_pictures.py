"""Regenerate the pictures in README from a fresh build: python docs/make_pictures.py"""

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def side_by_side(pdf: Path, pages: list[int], out: Path, scale: float = 0.9, gap: int = 24) -> None:
    doc = pdfium.PdfDocument(str(pdf))
    images = [doc[i].render(scale=scale).to_pil() for i in pages]
    width = sum(im.width for im in images) + gap * (len(images) + 1)
    height = max(im.height for im in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (226, 226, 222))
    x = gap
    for im in images:
        sheet.paste(im, (x, gap))
        x += im.width + gap
    sheet.save(out, optimize=True)


def icon_sheet(out: Path, columns: int = 9, cell: float = 58.0) -> None:
    """The built-in icons with their names, as README shows them: drawn as fichegen draws them."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from fichegen.style import fonts
    from fichegen.style.assets import svg_drawing
    from fichegen.style.template import load

    template = load("default")
    names = sorted(template.icons)
    rows = -(-len(names) // columns)
    font = template.styles["footer"].font(template)
    fonts.face(font)
    pdf = ROOT / "output" / "readme-icons.pdf"
    c = Canvas(str(pdf), pagesize=(columns * cell, rows * cell + 8), invariant=1)
    for i, name in enumerate(names):
        x, y = (i % columns) * cell, (rows - 1 - i // columns) * cell + 8
        drawing = svg_drawing(template.icons[name], template.styles["prose"].colour)
        c.saveState()
        c.translate(x + cell / 2 - 14, y + 18)
        c.scale(28 / 24, 28 / 24)
        renderPDF.draw(drawing, c, 0, 0)
        c.restoreState()
        c.setFont(font.name, 8)
        c.drawCentredString(x + cell / 2, y + 4, name)
    c.save()
    pdfium.PdfDocument(str(pdf))[0].render(scale=1.5).to_pil().convert("RGB").save(out, optimize=True)


def fichegen(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "fichegen.cli", *args], check=True, cwd=ROOT)


def continued_deck() -> Path:
    """The real deck's second card with the backs of the next two after its own, set to continue."""
    import yaml

    source, folder = ROOT / "cards" / "generalistisch-werkt", ROOT / "output" / "readme-continued"
    folder.mkdir(parents=True, exist_ok=True)
    deck = yaml.safe_load((source / "deck.yaml").read_text(encoding="utf-8"))
    names = deck.pop("cards")
    deck["overflow"] = "continue"
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    cards = [yaml.safe_load((source / name).read_text(encoding="utf-8")) for name in names[2:5]]
    cards[0]["back"] = "\n\n".join(card["back"].strip() for card in cards)
    (folder / "02-vertrouwensrelatie.yaml").write_text(yaml.safe_dump(cards[0], allow_unicode=True, width=1000), encoding="utf-8")
    return folder


if __name__ == "__main__":
    out = ROOT / "output"
    fichegen("build", "cards/generalistisch-werkt", "--layout", "proof")
    side_by_side(out / "generalistisch-werkt-proof.pdf", [4, 5], ROOT / "docs" / "front-and-back.png")
    fichegen("build", "cards/generalistisch-werkt", "--layout", "sheets", "--sheet", "A4", "--duplex", "long",
             "-o", "output/readme-a4-long.pdf")
    side_by_side(out / "readme-a4-long.pdf", [0, 1], ROOT / "docs" / "sheets-a4-long-edge.png", scale=0.45)
    fronts = []
    for name in ("uantwerpen", "recht-op"):
        fichegen("build", "cards/generalistisch-werkt", "--layout", "proof", "--template", name, "-o", f"output/readme-{name}.pdf")
        fronts.append(pdfium.PdfDocument(str(out / f"readme-{name}.pdf"))[6].render(scale=0.7).to_pil())
    gap = 24
    sheet = Image.new("RGB", (sum(f.width for f in fronts) + gap * 3, fronts[0].height + gap * 2), (226, 226, 222))
    for i, front in enumerate(fronts):
        sheet.paste(front, (gap + i * (front.width + gap), gap))
    sheet.save(ROOT / "docs" / "two-templates.png", optimize=True)
    fichegen("build", "tests/decks/media-demo", "--layout", "proof", "-o", "output/readme-media.pdf")
    side_by_side(out / "readme-media.pdf", [0, 1], ROOT / "docs" / "media.png", scale=0.6)
    icon_sheet(ROOT / "docs" / "icons.png")
    fichegen("build", str(continued_deck().relative_to(ROOT)), "--layout", "proof", "-o", "output/readme-continued.pdf")
    side_by_side(out / "readme-continued.pdf", [1, 2, 3], ROOT / "docs" / "continued-card.png", scale=0.6)
    fichegen("build", "cards/buiten-leren", "--layout", "proof", "--all-languages")
    nl, fr = (pdfium.PdfDocument(str(out / f"buiten-leren-proof-{lang}.pdf")) for lang in ("nl", "fr"))
    pages = [nl[2].render(scale=0.7).to_pil(), nl[3].render(scale=0.7).to_pil(), fr[2].render(scale=0.7).to_pil()]
    sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * 4, pages[0].height + gap * 2), (226, 226, 222))
    for i, page in enumerate(pages):
        sheet.paste(page, (gap + i * (page.width + gap), gap))
    sheet.save(ROOT / "docs" / "example-deck.png", optimize=True)
