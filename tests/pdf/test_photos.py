"""Photos as image XObjects of their own: the converted picture's samples, named by what they are made
of, embedded once however many files hold the same bytes, and added to the resource document's objects
after the rest."""

from __future__ import annotations

import hashlib
import zlib

from pypdf import PdfReader

from fichegen.options import BuildOptions, Layout
from fichegen.pdf import draw
from fichegen.pdf.photos import photo
from fichegen.pipeline import build
from fichegen.style import assets


def _jpeg(path, colour=(40, 120, 200), size=(900, 600)):
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return str(path)


def test_a_photo_is_the_converted_picture_deflated_and_named_by_what_it_is_made_of(tmp_path):
    path = _jpeg(tmp_path / "a.jpg")
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    made = photo(path, digest, (600, 400), 300.0)
    image = assets.picture(path, (600, 400), 300.0)
    assert (made.width, made.height) == (600, 400) and zlib.decompress(made.data) == image.tobytes()
    assert photo(path, digest, (600, 400), 300.0) == made  # the same bytes every time
    others = {photo(path, digest, (300, 200), 300.0).name, photo(path, digest, (600, 400), 240.0).name, made.name}
    assert len(others) == 3 and all(n.startswith("Photo") for n in others)
    body = made.body()
    assert body.startswith(b"<</BitsPerComponent 8/ColorSpace /DeviceCMYK/Height 400/Subtype /Image/Type /XObject"
                           b"/Width 600/Filter /FlateDecode/Length %d>>\nstream\n" % len(made.data))


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
