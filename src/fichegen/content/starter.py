"""`fichegen new`: a small deck that builds as it is, to start writing from: deck.yaml and three cards
showing bullet points, emphasis and a long back."""

from __future__ import annotations

from pathlib import Path

from fichegen.errors import FichegenError, Problem

_CARDS = {
    "en": {
        "01-welcome.yaml": """\
label: Card 1
title: Welcome
front:
  - Each card has a **front** with a title and bullet points.
  - The back holds longer prose.
  - Change this text, save, and build again.
back: |
  This deck was made by fichegen new. Each card is one YAML file in this folder; deck.yaml holds the
  deck's title, language and template.

  A blank line, like the one above, starts a new paragraph.
""",
        "02-emphasis.yaml": """\
label: Card 2
title: Emphasis
front:
  - Write **bold** between two pairs of asterisks.
  - Write *italic* between single asterisks.
  - Everything else prints as typed, even < > & and a lone * asterisk.
back: |
  Use emphasis sparingly: a **word** or two per card is enough for a reader to find the point again.
""",
        "03-a-long-back.yaml": """\
label: Card 3
title: A long back
front:
  - Text that does not fit is set smaller, never cut.
  - Every card then shares the same type size.
back: |
  The back of a card holds the explanation that the bullet points on the front only hint at. It can run
  to several paragraphs; fichegen sets them justified and hyphenated for the deck's language, with even
  spacing and no lone short word on a last line.

  When a back is too long even at the smallest size the template allows, the build stops and says which
  card and how much too long it is, so that you can shorten it or split it over two cards.

  Run fichegen check to see whether everything fits without writing a PDF.
""",
    },
    "nl": {
        "01-welkom.yaml": """\
label: Kaart 1
title: Welkom
front:
  - Elke kaart heeft een **voorkant** met een titel en opsommingspunten.
  - Op de achterkant staat langere tekst.
  - Pas deze tekst aan, bewaar, en bouw opnieuw.
back: |
  Deze stapel is gemaakt met fichegen new. Elke kaart is een YAML-bestand in deze map; deck.yaml bevat
  de titel, de taal en de sjabloon van de stapel.

  Een witregel, zoals die hierboven, begint een nieuwe alinea.
""",
        "02-nadruk.yaml": """\
label: Kaart 2
title: Nadruk
front:
  - Zet **vet** tussen twee paar sterretjes.
  - Zet *cursief* tussen enkele sterretjes.
  - Al het andere wordt gedrukt zoals getypt, ook < > & en een los * sterretje.
back: |
  Gebruik nadruk spaarzaam: een **woord** of twee per kaart volstaat om de kern terug te vinden.
""",
        "03-een-lange-achterkant.yaml": """\
label: Kaart 3
title: Een lange achterkant
front:
  - Tekst die niet past, wordt kleiner gezet, nooit afgeknipt.
  - Alle kaarten krijgen dan dezelfde lettergrootte.
back: |
  De achterkant van een kaart bevat de uitleg waar de punten op de voorkant alleen naar verwijzen. Ze
  mag meerdere alinea's lang zijn; fichegen zet ze uitgevuld en afgebroken voor de taal van de stapel,
  met een gelijkmatige spatiëring en nooit een los kort woord op de laatste regel.

  Is een achterkant zelfs op de kleinste grootte die de sjabloon toelaat te lang, dan stopt de bouw en
  zegt ze welke kaart hoeveel te lang is, zodat je haar kunt inkorten of over twee kaarten verdelen.

  Met fichegen check zie je of alles past, zonder een PDF te schrijven.
""",
    },
}


def write(folder: Path, template: str = "default", language: str = "en") -> list[Path]:
    """Write a starter deck into `folder` (made if need be); refuses a folder that exists and is not
    empty, touching nothing. Returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise FichegenError(Problem(str(folder), None, "is a file; give the name of a new folder"))
    if folder.is_dir() and any(folder.iterdir()):
        raise FichegenError(Problem(str(folder), None, "the folder exists and is not empty; give the name of a new folder"))
    cards = _CARDS["nl" if language.split("-")[0].lower() == "nl" else "en"]
    title = folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "My deck"
    deck = (f"title: \"{title.replace(chr(34), '')}\"\nlanguage: {language}\ntemplate: {template}\n"
            "footer: \"\"                # e.g. www.example.org\n")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "deck.yaml"]
        written[0].write_text(deck, encoding="utf-8")
        for name, text in cards.items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    except OSError as e:
        raise FichegenError(Problem(str(folder), None, f"cannot write here: {e.strerror}")) from None
    return written
