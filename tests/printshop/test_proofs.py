"""Proofs: each face as a PNG cropped to the trim, and a contact sheet, the same every time."""

import io

import pytest
from PIL import Image

from fichegen.printshop.proofs import contact_sheet, face_pngs

IDS = ["inleiding", "participatie", "vertrouwensrelatie", "op-maat-en-op-tempo-werken",
       "positieve-krachtenbenadering", "de-integrale-benadering", "rechtenbenadering",
       "referentiekader", "actief-luisteren", "partners"]


@pytest.fixture(scope="module")
def print_pdf(built):
    return built("pages").read_bytes()


@pytest.fixture(scope="module")
def faces(print_pdf):
    return face_pngs(print_pdf)


def image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_faces_are_cropped_to_the_trim(faces):
    assert len(faces) == 20
    width, height = round(148 / 25.4 * 110), round(210 / 25.4 * 110)
    for data in faces:
        w, h = image(data).size
        assert abs(w - width) <= 1 and abs(h - height) <= 1, (w, h)


def test_front_starts_with_the_teal_band(faces):
    front = image(faces[0])
    # the band runs to the trim edge: with bleed or marks in the picture the corner would be white
    for xy in [(0, 0), (3, 3), (20, 10), (front.width - 2, 1)]:
        r, g, b = front.getpixel(xy)
        assert g > r + 60 and b > r + 60 and max(r, g, b) < 200, (xy, (r, g, b))
    assert front.getpixel((front.width // 2, front.height - 100)) == (255, 255, 255)


def test_faces_are_deterministic(print_pdf, faces):
    assert face_pngs(print_pdf) == faces


def test_face_ppi(print_pdf):
    small = face_pngs(print_pdf, ppi=36)
    assert image(small[1]).size[0] in (209, 210, 211)  # 148 mm at 36 ppi ≈ 209.8 px


def test_contact_sheet(print_pdf):
    data = contact_sheet(print_pdf, IDS, title="Generalistisch Werkt")
    sheet = image(data)
    face_w, face_h = round(148 / 25.4 * 40), round(210 / 25.4 * 40)
    assert sheet.width >= 4 * 2 * face_w  # four pairs a row
    assert sheet.height >= 3 * face_h  # ten pairs: three rows
    assert sheet.getpixel((1, 1)) == (236, 236, 236)  # light grey background
    assert contact_sheet(print_pdf, IDS, title="Generalistisch Werkt") == data
    assert contact_sheet(print_pdf, IDS) != data  # without the title
