"""The PDF stage on its own: a Kit prepared from a resource document, faces written with it, read back
with pypdf."""

from __future__ import annotations

import io
import re
import struct
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.conftest import ROOT
from fichegen.geometry import MM, PageGeometry
from fichegen.layout.compose import Face, Fill, Image, PatternFill, TextRun
from fichegen.pdf import content, draw, resources, writer
from fichegen.style import fonts

A5 = (148 * MM, 210 * MM)
GEOMETRY = PageGeometry(A5, bleed=3 * MM, marks=True)
STANDARD_14 = re.compile(rb"/BaseFont\s*/(Helvetica|Times|Courier|Symbol|ZapfDingbats)")
BLACK = (0.0, 0.0, 0.0, 1.0)


def _ref(face: str) -> fonts.FontRef:
    return fonts.ref(fonts.resolve(face, ROOT))


def _png(tmp_path: Path) -> str:
    from PIL import Image as PILImage

    path = tmp_path / "logo.png"
    PILImage.new("RGB", (40, 20), (200, 30, 40)).save(path)
    return str(path)


def _face(runs, images=(), patterns=()) -> Face:
    return Face("c", "front", A5, (Fill(0, A5[1] - 60, A5[0], 60, (0.7, 0.4, 0, 0.5)),), tuple(runs),
                (20, 20, A5[0] - 40, A5[1] - 40), 9, tuple(images), tuple(patterns))


def _resources(runs, initial, images=()) -> draw.Resources:
    chars: dict = {}
    for run in runs:
        chars.setdefault(run.font, set()).update(run.text)
    return draw.Resources(initial, tuple(sorted(((f, "".join(sorted(c))) for f, c in chars.items()),
                                                key=lambda fc: fc[0].name)), tuple(images))


def _pdf(faces, kit: draw.Kit, geometry=GEOMETRY) -> bytes:
    out = io.BytesIO()
    boxes = {"MediaBox": geometry.media.as_tuple(), "BleedBox": geometry.bleed_box.as_tuple(),
             "TrimBox": geometry.trim.as_tuple()}
    w = writer.PageWriter(out, boxes, kit.objects)
    for stream in draw.face_contents(faces, geometry, kit):
        w.page(stream)
    w.close(writer.Info("t", "s", "fichegen test", "20260101"))
    return out.getvalue()


def _many_chars(ref: fonts.FontRef, n: int) -> str:
    """n characters the font has, beyond ASCII: enough for more than one 256-character subset."""
    have = sorted(c for c in fonts.face(ref).face.charToGlyph if c > 0xBF and chr(c).isprintable()
                  and not chr(c).isspace())
    return "".join(map(chr, have[:n]))


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    regular, bold = _ref("Source Sans Pro Regular"), _ref("Source Sans Pro Bold")
    many = _many_chars(regular, 400)
    runs = [TextRun(30, 500, "Inleiding (1) \\ één", bold, 20, BLACK, 100),
            TextRun(30, 470, "Een lijn die uitgevuld wordt tot de marge", regular, 9, (0, 0, 0, 0.9), 200, 0.1, 1.5),
            TextRun(30, 455, "zij (tussen haakjes) \\ zijn €5 — “zo”", regular, 9, (0, 0, 0, 0.9), 200),
            TextRun(30, 440, many[:200], regular, 9, BLACK, 300),
            TextRun(30, 425, many[200:] + " a" + many[:3], regular, 9, BLACK, 300, 0, 0.7)]
    logos = (str(ROOT / "templates" / "recht-op" / "logo.svg"), _png(tmp_path_factory.mktemp("logo")))
    res = _resources(runs, regular, logos)
    kit = draw.prepare(res)
    images = (Image(300, 40, 80, 18, logos[0]), Image(300, 70, 40, 20, logos[1]))
    patterns = (PatternFill(0, A5[1] - 60, A5[0], 60, "dots", 3, (0, 0.3, 0.8, 0.15)),)
    face = _face(runs, images, patterns)
    return SimpleNamespace(runs=runs, res=res, kit=kit, face=face, pdf=_pdf([face, _face(runs[:2])], kit))


def _streams(reader):
    """Every content stream of the file with its resources: pages, and the forms they place."""
    seen = set()

    def forms(resources):
        for ref in (resources or {}).get("/XObject", {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form" and ref.idnum not in seen:
                seen.add(ref.idnum)
                yield obj.get_data(), obj.get("/Resources", resources)
                yield from forms(obj.get("/Resources", resources))

    for page in reader.pages:
        yield page.get_contents().get_data(), page["/Resources"]
        yield from forms(page["/Resources"])


def test_text_is_encoded_through_the_tounicode_cmaps_and_round_trips(setting):
    reader = PdfReader(io.BytesIO(setting.pdf))
    text = reader.pages[0].extract_text()
    assert "".join(text.split()) == "".join("".join(r.text for r in setting.runs).split())
    fonts_used = reader.pages[0]["/Resources"]["/Font"]
    assert any(name.endswith("+1") for name in fonts_used)  # the 400 characters took a second subset


def test_the_kit_s_codes_are_the_fonts_tounicode_maps(setting):
    reader = PdfReader(io.BytesIO(setting.pdf))
    font_dict = reader.pages[0]["/Resources"]["/Font"]
    for codes in setting.kit.fonts:
        for ch, subset, code in codes.codes:
            cmap = font_dict["/" + codes.subsets[subset]]["/ToUnicode"].get_data()
            if ch != "\xa0":
                assert resources.to_unicode(cmap)[code] == ch


def test_the_space_is_code_32_and_justified_lines_use_word_spacing(setting):
    for codes in setting.kit.fonts:
        assert (" ", 0, 32) in codes.codes
    ops = ContentStream(PdfReader(io.BytesIO(setting.pdf)).pages[0].get_contents(), None).operations
    spacing = [float(operands[0]) for operands, op in ops if op == b"Tw"]
    assert 1.5 in spacing and 0.7 in spacing
    shown = [operands[0] for operands, op in ops if op == b"Tj"]
    assert any(b" " in s.get_original_bytes() for s in shown)


def test_where_the_space_is_not_code_32_each_space_is_moved_by_a_tj_adjustment(setting):
    kit = setting.kit
    swapped = []
    for codes in kit.fonts:
        table = [(ch, s, 33 if ch in " \xa0" else 32 if (s, n) == (0, 33) else n) for ch, s, n in codes.codes]
        swapped.append(draw.FontCodes(codes.font, codes.subsets, tuple(table), codes.lacking))
    odd = draw.Kit(kit.objects, tuple(swapped), kit.images, kit.registration, "space-not-32")
    run = TextRun(30, 470, "een twee drie", setting.runs[1].font, 9, BLACK, 200, 0, 1.5)
    [stream] = draw.face_contents([_face([run])], 0.0, odd)
    text = zlib.decompress(stream).decode("latin-1")
    # the space is byte 33 ("!") here: each one is followed by an adjustment of −1.5 pt / 9 pt × 1000
    assert "[(een!) -166.6667 (twee!) -166.6667 (drie)] TJ" in text
    assert "1.5 Tw" not in text and " Tw" in text and re.findall(r"(\S+) Tw", text) == ["0"]


def test_no_standard_font_and_every_font_embedded(setting):
    assert not STANDARD_14.search(setting.pdf)
    reader = PdfReader(io.BytesIO(setting.pdf))
    for _, named in _streams(reader):
        for font in named.get("/Font", {}).values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType" and "/FontFile2" in font["/FontDescriptor"]
            assert not STANDARD_14.search(b"/BaseFont " + font["/BaseFont"].encode())


def test_only_cmyk_and_the_registration_separation(setting):
    reader = PdfReader(io.BytesIO(setting.pdf))
    registration = "/" + setting.kit.registration
    for data, named in _streams(reader):
        for operands, op in ContentStream(_Raw(data), None).operations:
            assert op not in (b"rg", b"RG", b"g", b"G", b"sc", b"SC"), op
            if op in (b"cs", b"CS"):
                assert operands[0] == registration
        for space in named.get("/ColorSpace", {}).values():
            space = space.get_object()
            assert (space[0], space[1], space[2]) == ("/Separation", "/All", "/DeviceCMYK")
        for ref in named.get("/XObject", {}).values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                assert obj["/ColorSpace"] == "/DeviceCMYK"


class _Raw:
    """A content stream's bytes, as pypdf's ContentStream reads a stream."""

    def __init__(self, data: bytes):
        self.data = data

    def get_data(self) -> bytes:
        return self.data

    def get_object(self):
        return self

    def __getitem__(self, key):
        raise KeyError(key)


def test_logos_are_placed_as_xobjects(setting):
    reader = PdfReader(io.BytesIO(setting.pdf))
    page = reader.pages[0]
    placed = [str(operands[0]) for operands, op in ContentStream(page.get_contents(), None).operations if op == b"Do"]
    names = [name for _, name, _, _ in setting.kit.images]
    assert placed == ["/" + n for n in names]
    xobjects = page["/Resources"]["/XObject"]
    assert [xobjects["/" + n]["/Subtype"] for n in names] == ["/Form", "/Image"]


def test_same_input_same_bytes(setting):
    again = draw.prepare(setting.res)
    assert again == setting.kit
    assert _pdf([setting.face, _face(setting.runs[:2])], again) == setting.pdf


def _draw_elsewhere(face, kit):
    return list(draw.face_contents([face], GEOMETRY, kit))


def test_a_face_drawn_in_another_process_from_the_kit_alone_is_the_same(setting):
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        there = pool.submit(_draw_elsewhere, setting.face, setting.kit.without_objects()).result()
    assert there == list(draw.face_contents([setting.face], GEOMETRY, setting.kit))


def _renamed(src: Path, dest: Path, ps_name: str) -> Path:
    """A copy of a TrueType font whose PostScript name (name ID 6) is `ps_name`."""
    data = bytearray(src.read_bytes())
    count = struct.unpack(">H", data[4:6])[0]
    tables = {bytes(data[12 + 16 * i:16 + 16 * i]): struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(count)}
    at, _ = tables[b"name"]
    n, strings = struct.unpack(">HH", data[at + 2:at + 6])
    for i in range(n):
        rec = at + 6 + 12 * i
        platform, _, _, name_id, length, offset = struct.unpack(">HHHHHH", data[rec:rec + 12])
        if name_id == 6:
            new = ps_name.encode("utf-16-be" if platform in (0, 3) else "latin-1")
            assert len(new) <= length
            start = at + strings + offset
            data[start:start + len(new)] = new
            data[rec + 8:rec + 10] = struct.pack(">H", len(new))
    dest.write_bytes(bytes(data))
    return dest


def test_two_fonts_with_one_postscript_name_each_draw_with_their_own_file(tmp_path):
    files = [_renamed(fonts.resolve(f"Lato {face}", ROOT), tmp_path / f"{face}.ttf", "Lato-Same")
             for face in ("Regular", "Black")]
    refs = [fonts.ref(f) for f in files]
    assert {fonts.face(r).face.name for r in refs} == {b"Lato-Same"}
    runs = [TextRun(30, 500 - 20 * i, "Wammes", ref, 12, BLACK, 100) for i, ref in enumerate(refs)]
    kit = draw.prepare(_resources(runs, refs[0]))
    reader = PdfReader(io.BytesIO(_pdf([_face(runs)], kit)))
    page = reader.pages[0]
    font_of = {}
    current = None
    for operands, op in ContentStream(page.get_contents(), None).operations:
        if op == b"Tf":
            current = str(operands[0])
        elif op == b"Tj":
            font_of[current] = operands[0].get_original_bytes()
    assert len(font_of) == 2 and len(kit.fonts) == 2
    for codes in kit.fonts:
        name = "/" + codes.subsets[0]
        shown = font_of[name]
        font = page["/Resources"]["/Font"][name]
        widths = [float(w) for w in font["/Widths"]]
        own = fonts.face(codes.font)
        # each font's widths are its own file's: Black is wider than Regular
        assert [round(widths[b]) for b in shown] == [round(own.stringWidth(c, 1000)) for c in "Wammes"]
        assert font["/FontDescriptor"]["/FontFile2"].get_data()
    programs = {page["/Resources"]["/Font"][name]["/FontDescriptor"]["/FontFile2"].get_data() for name in font_of}
    assert len(programs) == 2


def test_furniture_is_in_the_registration_colour_with_the_labels_text(setting):
    font = setting.runs[1].font
    label = SimpleNamespace(x=100, y=20, rotation=90, size=7, max_width=50, align="centre",
                            text="Een te lange regel voor de ruimte")
    side = SimpleNamespace(lines=[SimpleNamespace(x0=0, y0=0, x1=10, y1=10, dashed=True)], labels=[label])
    res = draw.Resources(font, ((font, "".join(sorted(set(label.text)))),))
    kit = draw.prepare(res)
    [stream] = draw.furniture_contents([side], font, kit)
    text = zlib.decompress(stream).decode("latin-1")
    assert f"/{kit.registration} CS 1 SCN /{kit.registration} cs 1 scn" in text and "[2 2] 0 d" in text
    size = float(re.search(r"(\S+) Tf", text).group(1))
    assert fonts.width(font, label.text, size) == pytest.approx(50)  # shrunk to its room
    x = float(re.search(r"BT 1 0 0 1 (\S+) 0 Tm", text).group(1))
    assert x == pytest.approx(-25)  # centred


def test_numbers_are_written_compactly_and_without_exponents():
    assert [content.num(v) for v in (0, 1.0, -0.5, 0.1 + 0.2, 1e-9, -1e-9, 31.181102, 436.53543, 1234.56789)] == \
        ["0", "1", "-.5", ".3", "0", "0", "31.1811", "436.5354", "1234.568"]


def test_the_resource_document_names_no_standard_font_with_an_svg_logo(setting):
    pdf = draw.resource_pdf(setting.res)
    assert not STANDARD_14.search(pdf) and b"Helvetica" not in pdf


def test_kits_that_differ_in_ascii_share_a_key_and_unseeded_characters_are_refused(setting):
    font = setting.runs[1].font
    small = draw.prepare(draw.Resources(font, ((font, "abc"),)))
    more = draw.prepare(draw.Resources(font, ((font, "abcQ"),)))
    assert small.key == more.key  # ASCII has its own codes: a face's bytes are the same with either
    face = _face([TextRun(30, 470, "aQb", font, 9, BLACK, 200)])
    assert list(draw.face_contents([face], 0.0, small)) == list(draw.face_contents([face], 0.0, more))
    other = draw.prepare(draw.Resources(font, ((font, "abcé"),)))
    assert other.key != small.key
    with pytest.raises(ValueError, match="U\\+00E9"):
        list(draw.face_contents([_face([TextRun(30, 470, "é", font, 9, BLACK, 200)])], 0.0, small))
