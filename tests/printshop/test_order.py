"""`fichegen order`: a folder a print shop can use as it is, passing our preflight for every template."""

import hashlib
import json

import pytest
from pypdf import PdfReader

from fichegen.pipeline import order
from fichegen.errors import FichegenError
from fichegen.printshop.preflight import preflight


@pytest.mark.parametrize("name", ["default", "uantwerpen", "de-ploeg", "recht-op", "weerwerk"])
def test_order_folder_passes_preflight(tmp_path, name, real_deck):
    folder = order(real_deck, template_name=name, output=tmp_path / "order").path
    print_file = folder / f"generalistisch-werkt-{name}-print.pdf"
    findings, pages = preflight(print_file)
    assert pages == 20 and [str(f) for f in findings] == []
    reader = PdfReader(print_file)
    assert reader.pdf_header == "%PDF-1.4"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1:2003"
    assert reader.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert reader.metadata["/Trapped"] == "/False"
    assert reader.metadata["/CreationDate"].startswith("D:20261129")  # deck.yaml's date: reproducible
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert (intent["/S"], intent["/OutputConditionIdentifier"], intent["/Info"], intent["/RegistryName"]) == (
        "/GTS_PDFX", "FOGRA39", "Coated FOGRA39", "http://www.color.org")
    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    assert job["sha256"] == hashlib.sha256(print_file.read_bytes()).hexdigest()
    assert (job["template"], job["cards"], job["pages"], job["trim_mm"], job["bleed_mm"]) == (name, 10, 20, [148.0, 210.0], 3.0)
    assert job["sha256"] in (folder / "README.txt").read_text(encoding="utf-8")
    proofs = sorted(p.name for p in (folder / "proofs").iterdir())
    assert len(proofs) == 21 and proofs[0] == "01-inleiding-back.png" and "contact-sheet.png" in proofs


def test_order_is_reproducible_and_replaces_the_folder_whole(tmp_path, real_deck):
    first = order(real_deck, output=tmp_path / "o").path
    before = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    (first / "stale.txt").write_text("left over")
    again = order(real_deck, output=tmp_path / "o").path
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert after == before  # same bytes, and nothing left over from the earlier folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o"]  # no temporary folders left behind


def test_a_failed_order_leaves_the_earlier_one_untouched(tmp_path, make_deck):
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"})
    folder = order(deck, output=tmp_path / "o").path
    before = sorted(p.name for p in folder.rglob("*"))
    (deck / "01-a.yaml").write_text("title: A\nfront: 3\n", encoding="utf-8")
    with pytest.raises(FichegenError):
        order(deck, output=tmp_path / "o")
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_unknown_print_condition(tmp_path, real_deck):
    with pytest.raises(FichegenError) as e:
        order(real_deck, output=tmp_path / "o", condition="fogra39")
    assert str(e.value.problems[0]) == ("--condition: unknown print condition 'fogra39' (did you mean 'FOGRA39'?); "
                                        "known: FOGRA39, FOGRA51, FOGRA52, FOGRA29, CGATS21_CRPC6, CGATS TR 001")


def test_preflight_refuses_the_one_key_pdfx_form(tmp_path, real_deck):
    """PDF/X-1a:2003 is GTS_PDFXVersion (PDF/X-1:2003) with GTS_PDFXConformance (PDF/X-1a:2003); the older
    one-key form that fichegen used to write ('PDF/X-1a:2003' as the version, no conformance) is refused."""
    from pypdf import PdfWriter

    good = next(order(real_deck, output=tmp_path / "order").path.glob("*-print.pdf"))
    assert not [f for f in preflight(good)[0] if not f.warning]
    writer = PdfWriter(clone_from=PdfReader(good))
    info = dict(PdfReader(good).metadata)
    del info["/GTS_PDFXConformance"]
    writer.metadata = {**info, "/GTS_PDFXVersion": "PDF/X-1a:2003"}
    bad = tmp_path / "one-key.pdf"
    with open(bad, "wb") as f:
        writer.write(f)
    messages = [f.message for f in preflight(bad)[0] if f.check == "pdf/x" and not f.warning]
    assert messages == ["GTS_PDFXVersion is 'PDF/X-1a:2003', a form ISO 15930-4 does not know; a PDF/X-1a:2003 file "
                        "says GTS_PDFXVersion (PDF/X-1:2003) and GTS_PDFXConformance (PDF/X-1a:2003)",
                        # the XMP packet still says what the file said before the edit
                        "the XMP metadata says GTS_PDFXVersion 'PDF/X-1:2003' but the Info dictionary says 'PDF/X-1a:2003'"]


def test_a_picture_below_the_profiles_resolution_fails_before_drawing(tmp_path, make_deck):
    """400 pixels across a 120 mm slot is 85 ppi: a warning for a build, an error at the card's `image:`
    line for a shop that asks for 300 (and nothing written); the office printer's 200 ppi refuses it too."""
    from PIL import Image

    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: klein.png\nfront: [een]\nback: twee\n"})
    Image.new("RGB", (400, 300), (200, 40, 40)).save(deck / "klein.png")
    for profile, ppi in (("offset-fogra39", "300"), ("office", "200")):
        with pytest.raises(FichegenError) as e:
            order(deck, profile=profile, output=tmp_path / profile)
        assert [str(p) for p in e.value.problems] == [
            f"{deck / '01-a.yaml'}:2: card 'a' image: 'klein.png' prints at 85 ppi; the profile '{profile}' asks for "
            f"at least {ppi} ppi: use a larger picture"]
        assert not (tmp_path / profile).exists()
