"""Photos as image XObjects of their own: the converted picture's samples, named by what they are made
of, embedded once however many files hold the same bytes, and added to the resource document's objects
after the rest; a handout, or one card's PDF in the preview, holds its own photos only."""

from __future__ import annotations

import hashlib
import zlib

import pytest
from pypdf import PdfReader

from fichegen.options import BuildOptions, Layout
from fichegen.pdf import draw, writer
from fichegen.pdf.photos import photo
from fichegen.pipeline import build, faces, handout
from fichegen.style import assets


def _jpeg(path, colour=(40, 120, 200), size=(900, 600)):
    """A photo of grain over a colour: its samples hardly compress, as a real photo's."""
    from PIL import Image, ImageChops

    grain = Image.effect_noise(size, 40).convert("RGB")
    ImageChops.add(Image.new("RGB", size, colour), grain, 1, -128).save(path, quality=95)
    return str(path)


def test_a_photo_is_the_converted_picture_deflated_and_named_by_what_it_is_made_of(tmp_path):
    path = _jpeg(tmp_path / "a.jpg")
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    made = photo(path, digest, (600, 400), 300.0)
    image = assets.picture(path, (600, 400), 300.0)
    head, _, rest = made.body.partition(b">>\nstream\n")
    data = rest.removesuffix(b"\nendstream")
    assert (made.width, made.height) == (600, 400) and zlib.decompress(data) == image.tobytes()
    assert head + b">>" == (b"<</BitsPerComponent 8/ColorSpace /DeviceCMYK/Height 400/Subtype /Image/Type /XObject"
                            b"/Width 600/Filter /FlateDecode/Length %d>>" % len(data))
    assert photo(path, digest, (600, 400), 300.0) == made  # the same bytes every time
    others = {photo(path, digest, (300, 200), 300.0).name, photo(path, digest, (600, 400), 240.0).name, made.name}
    assert len(others) == 3 and all(n.startswith("Photo") for n in others)


def test_photos_follow_the_document_s_objects_and_the_dictionary_names_them(tmp_path):
    from fichegen.style import fonts

    font = fonts.ref(fonts.resolve("Source Sans Pro", tmp_path))
    path = _jpeg(tmp_path / "a.jpg")
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    res = draw.Resources(font, ((font, "abc"),), pictures=((path, digest, None),))
    doc = draw.document(res)
    kit = draw.prepare(res)
    numbers = [n for n, _ in kit.objects[1]]
    assert numbers == list(range(2, len(numbers) + 2)) and kit.objects[0] == numbers[-1]  # the dictionary last
    assert numbers[-2] == len(doc.objects) + 2  # the photo right after the document's objects
    (name,) = [name for file, name, _, _ in kit.images if file == path]
    assert b"/XObject <</%b %d 0 R>>" % (name.encode(), numbers[-2]) in kit.objects[1][-1][1]
    bare = draw.compose(doc)
    assert bare.images == () and b"XObject" not in bare.objects[1][-1][1] and bare.key != kit.key


def test_one_photo_in_two_files_is_embedded_once(tmp_path, make_deck):
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: a.jpg\nfront: [een]\nback: twee\n",
                                      "02-b.yaml": "title: B\nimage: kopie.jpg\nfront: [drie]\nback: vier\n"})
    _jpeg(deck / "a.jpg")
    (deck / "kopie.jpg").write_bytes((deck / "a.jpg").read_bytes())
    out = build(deck, BuildOptions(Layout.PAGES, output=str(tmp_path / "p.pdf"), jobs=1, cache=False)).path
    reader = PdfReader(out)
    images = {ref.idnum for page in reader.pages for ref in page["/Resources"]["/XObject"].values()
              if ref.get_object()["/Subtype"] == "/Image"}
    assert len(images) == 1


def _images(reader) -> set[tuple[int, int]]:
    """The sizes of the image XObjects the pages name, through the forms they place (a handout's sheet
    places each face as a form)."""
    found, seen = set(), set()

    def walk(resources):
        for ref in resources.get("/XObject", {}).values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            x = ref.get_object()
            if x["/Subtype"] == "/Image":
                found.add((int(x["/Width"]), int(x["/Height"])))
            else:
                walk(x.get("/Resources", {}))

    for page in reader.pages:
        walk(page["/Resources"])
    return found


@pytest.fixture
def two_photos(tmp_path, make_deck):
    """Cards a and b show one photo (900 × 600), c another (1000 × 700), d none."""
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: a.jpg\nfront: [een]\nback: twee\n",
                                      "02-b.yaml": "title: B\nimage: {file: a.jpg, side: back}\nfront: [drie]\nback: vier\n",
                                      "03-c.yaml": "title: C\nimage: c.jpg\nfront: [vijf]\nback: zes\n",
                                      "04-d.yaml": "title: D\nfront: [zeven]\nback: acht\n"})
    _jpeg(deck / "a.jpg")
    _jpeg(deck / "c.jpg", (200, 60, 30), (1000, 700))
    return deck


def test_a_handout_holds_its_own_card_s_photo_only(two_photos, tmp_path, read_pdf):
    whole = build(two_photos, BuildOptions(Layout.PAGES, output=str(tmp_path / "p.pdf"), jobs=1, cache=False)).path
    assert _images(read_pdf(whole)) == {(900, 600), (1000, 700)}
    c = handout(two_photos, "c", output=tmp_path / "c.pdf").path
    assert _images(read_pdf(c)) == {(1000, 700)}
    assert _images(read_pdf(handout(two_photos, "b", output=tmp_path / "b.pdf").path)) == {(900, 600)}
    assert _images(read_pdf(handout(two_photos, "d", output=tmp_path / "d.pdf").path)) == set()
    a = photo(str(two_photos / "a.jpg"), hashlib.sha256((two_photos / "a.jpg").read_bytes()).hexdigest(), None, 300.0)
    assert c.stat().st_size < whole.stat().st_size - len(a.body)  # the other photo's samples are not in it


def test_a_preview_card_s_pdf_holds_its_own_photos_and_shows_what_the_whole_kit_shows(two_photos, read_pdf, render, tmp_path):
    import io

    from fichegen.pipeline.drawing import write_pages

    shown = faces(two_photos)
    assert [_images(read_pdf(shown.pdf([i]))) for i in range(4)] == [{(900, 600)}, {(900, 600)}, {(1000, 700)}, set()]
    assert _images(read_pdf(shown.pdf([1, 2]))) == {(900, 600), (1000, 700)}
    for i in range(3):  # the same pixels as the card drawn with every photo of the deck
        own, every = tmp_path / f"own{i}.pdf", tmp_path / f"every{i}.pdf"
        own.write_bytes(shown.pdf([i]))
        buf = io.BytesIO()
        write_pages(buf, shown.geometry, shown.kit, iter(shown.pairs[i]), writer.Info("t", "", "", "20000101"))
        every.write_bytes(buf.getvalue())
        for side in (0, 1):
            assert render(own, side).tobytes() == render(every, side).tobytes()
