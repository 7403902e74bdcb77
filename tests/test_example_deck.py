"""The example deck in cards/buiten-leren builds in both its languages, with everything it shows: photos as
CMYK images that pass a print shop's preflight, icons, a QR code on every back that decodes to its address,
and a card that continues."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, order
from tests.conftest import ROOT

DECK = ROOT / "cards" / "buiten-leren"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    return {lang: build(DECK, BuildOptions(Layout.PAGES, output=str(out / f"{lang}.pdf"), language=lang, jobs=1,
                                           cache=False)).path for lang in ("nl", "fr")}


@pytest.mark.parametrize("lang, title, continued", [("nl", "Waarom buiten leren?", "Zaadjes op reis (vervolg)"),
                                                    ("fr", "Pourquoi apprendre dehors ?", "Des graines en voyage (suite)")])
def test_the_example_deck_in_each_language(pages, lang, title, continued):
    reader = PdfReader(pages[lang])
    assert len(reader.pages) == 12  # five cards, the last continued on a sixth
    assert reader.trailer["/Root"]["/Lang"] == lang
    text = [" ".join(page.extract_text().split()) for page in reader.pages]  # spaces, no-break ones too, as one
    assert title in text[0] and continued in text[10]
    other = "Kinderen leren met hun hele lijf" if lang == "fr" else "Les enfants apprennent avec tout leur corps"
    assert not any(other in t for t in text)


def test_the_example_deck_orders_with_its_photos_in_cmyk(tmp_path):
    """`order` passes the print file through preflight with the offset profile's limits (300 ppi, 300 %)."""
    folder = order(DECK, output=tmp_path / "order").path
    reader = PdfReader(folder / "buiten-leren-default-print.pdf")
    images = set()

    def walk(resources):
        for name, ref in (resources.get("/XObject") or {}).items():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                images.add((ref.idnum, obj["/ColorSpace"]))
            elif "/Resources" in obj:
                walk(obj["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    assert len(images) == 5 and {space for _, space in images} == {"/DeviceCMYK"}


def test_every_back_carries_a_qr_code_to_its_address(pages, render):
    import zxingcpp

    found = [[r.text for r in zxingcpp.read_barcodes(render(pages["fr"], i, scale=300 / 72))] for i in (1, 5, 11)]
    assert found == [["https://www.example.org/apprendre-dehors"], ["https://www.example.org/buiten-leren/regen"],
                     ["https://www.example.org/apprendre-dehors"]]
