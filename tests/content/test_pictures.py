"""Cards' pictures as content: where the file may be, and files that are not what they say they are.
Every problem is one line at the card's `image:` line; nothing crashes, hangs or decodes a bomb."""

from __future__ import annotations

import struct
import zlib

import pytest
from click.testing import CliRunner
from PIL import Image

from fichegen.cli import cli
from fichegen.content import pictures
from fichegen.content.deck import load_deck


def photo(path, size=(1600, 900), kind="JPEG"):
    """A smooth test picture: a gradient with a disc, so resampling and colour are visible."""
    w, h = size
    image = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    image = Image.merge("RGB", (image.getchannel(0), Image.new("L", (w, h), 120), image.getchannel(0).transpose(Image.FLIP_LEFT_RIGHT)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, kind)
    return path


def png_bomb(path, side=30_000):
    """A PNG whose header claims side × side pixels, with almost no data: what a decoder would allocate
    for is what matters."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


def check(folder):
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def deck_with(make_deck, folder, image_line: str):
    return make_deck(folder, {"01-a.yaml": f"title: A\n{image_line}\nfront: [x]\n"})


def test_a_picture_is_read_with_its_size_and_digest(make_deck, tmp_path):
    folder = deck_with(make_deck, tmp_path / "d", "image: {file: fotos/foto.jpg, side: back}")
    photo(folder / "fotos" / "foto.jpg", (1600, 900))
    (card,) = load_deck(folder).cards
    assert (card.image.name, card.image.side, card.image.line, card.image.size) == ("fotos/foto.jpg", "back", 2, (1600.0, 900.0))
    assert card.image.file == str((folder / "fotos" / "foto.jpg").resolve()) and len(card.image.digest) == 64


@pytest.mark.parametrize("name, message", [
    ("../foto.jpg", "image: '../foto.jpg' leads out of the card's folder ('..'); put the picture in the deck folder"),
    ("/etc/foto.jpg", "image: '/etc/foto.jpg' is an absolute path; name the file relative to the card, inside the deck folder"),
    ("fotos/../../foto.jpg", "image: 'fotos/../../foto.jpg' leads out of the card's folder ('..'); put the picture in the deck folder"),
    ("foto.gif", "image: 'foto.gif' is not a picture fichegen can place; use JPEG, PNG or SVG"),
])
def test_a_picture_outside_the_deck_folder_is_refused(make_deck, tmp_path, name, message):
    photo(tmp_path / "foto.jpg")
    folder = deck_with(make_deck, tmp_path / "d", f"image: {{file: '{name}'}}")
    assert check(folder) == (1, f"{folder}/01-a.yaml:2: {message}\n")


def test_a_symlink_out_of_the_deck_folder_is_refused(make_deck, tmp_path):
    photo(tmp_path / "foto.jpg")
    folder = deck_with(make_deck, tmp_path / "d", "image: link.jpg")
    (folder / "link.jpg").symlink_to(tmp_path / "foto.jpg")
    assert check(folder) == (1, f"{folder}/01-a.yaml:2: image: 'link.jpg' is outside the deck folder; put the picture in the deck folder\n")


def test_a_missing_picture_names_the_nearest_file(make_deck, tmp_path):
    folder = deck_with(make_deck, tmp_path / "d", "image: {file: foto.jpeg, side: front}")
    photo(folder / "foto.jpg")
    assert check(folder) == (1, f"{folder}/01-a.yaml:2: image: no file 'foto.jpeg' in d/ (did you mean 'foto.jpg'?)\n")


def test_image_keys_and_side_are_checked(make_deck, tmp_path):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: {file: f.jpg, kant: back}\n",
                                        "02-b.yaml": "title: B\nimage: {file: f.jpg, side: achter}\n",
                                        "03-c.yaml": "title: C\nimage: [f.jpg]\n"})
    photo(folder / "f.jpg")
    code, err = check(folder)
    assert code == 1 and err.splitlines() == [
        f"{folder}/01-a.yaml:2: unknown key 'image.kant'",
        f"{folder}/02-b.yaml:2: image.side: expected front or back, got 'achter'",
        f"{folder}/03-c.yaml:2: image: expected a mapping like {{file: foto.jpg, side: front}}, got a list"]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(make_deck, tmp_path):
    folder = deck_with(make_deck, tmp_path / "d", "image: bom.png")
    png_bomb(folder / "bom.png")
    assert check(folder) == (1, f"{folder}/01-a.yaml:2: card 'a' image: 'bom.png' claims more pixels than the 60-megapixel "
                                "limit (a damaged or hostile file?); use a smaller picture\n")


def test_a_picture_between_the_limit_and_twice_it_is_refused_too(tmp_path):
    """Pillow only warns between its limit and twice it; that warning is our error as well."""
    with pytest.raises(pictures.PictureError, match="megapixel limit"):
        pictures.open_raster(png_bomb(tmp_path / "big.png", side=9_000))  # 81 MP: above 60, below 120


def test_a_truncated_picture_is_one_line(make_deck, tmp_path):
    folder = deck_with(make_deck, tmp_path / "d", "image: half.jpg")
    data = photo(tmp_path / "whole.jpg").read_bytes()
    (folder / "half.jpg").write_bytes(data[: len(data) // 2])
    code, err = check(folder)
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith(f"{folder}/01-a.yaml:2: card 'a' image: 'half.jpg' cannot be read as a JPEG image (")
    assert err.endswith("); save it again or use another\n")


def test_a_file_that_is_not_the_image_it_claims_to_be(make_deck, tmp_path):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: tekst.jpg\n", "02-b.yaml": "title: B\nimage: echt-png.jpg\n",
                                        "03-c.yaml": "title: C\nimage: eps.png\n"})
    (folder / "tekst.jpg").write_text("<html>not a photo</html>")
    photo(folder / "echt-png.jpg", kind="PNG")
    (folder / "eps.png").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")  # never handed to Ghostscript
    code, err = check(folder)
    assert code == 1 and err.splitlines() == [
        f"{folder}/01-a.yaml:2: card 'a' image: 'tekst.jpg' is not a JPEG image",
        f"{folder}/02-b.yaml:2: card 'b' image: 'echt-png.jpg' is not a JPEG image (it is PNG data; rename it to echt-png.png)",
        f"{folder}/03-c.yaml:2: card 'c' image: 'eps.png' is not a PNG image"]


def test_an_svg_picture_with_text_or_a_raster_image_is_refused(make_deck, tmp_path):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: tekst.svg\n", "02-b.yaml": "title: B\nimage: foto.svg\n"})
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
    (folder / "tekst.svg").write_text(head + '<text x="1" y="5">Hallo</text></svg>')
    photo(folder / "p.png", (8, 8), "PNG")
    (folder / "foto.svg").write_text(head + '<image x="0" y="0" width="10" height="10" xlink:href="p.png"/></svg>')
    code, err = check(folder)
    assert code == 1 and err.splitlines() == [
        f"{folder}/01-a.yaml:2: card 'a' image: 'tekst.svg' contains text; convert the text to outlines (paths)",
        f"{folder}/02-b.yaml:2: card 'b' image: 'foto.svg' embeds a raster image; place the JPEG or PNG itself instead"]


def test_a_file_used_by_many_cards_is_inspected_once(make_deck, tmp_path, monkeypatch):
    folder = make_deck(tmp_path / "d", {f"0{i}-k{i}.yaml": f"title: K{i}\nimage: foto.png\n" for i in range(5)})
    photo(folder / "foto.png", (300, 200), "PNG")
    seen = []
    real = pictures.inspect
    monkeypatch.setattr(pictures, "inspect", lambda path: seen.append(path) or real(path))
    deck = load_deck(folder)
    assert len(seen) == 1 and {c.image.digest for c in deck.cards} == {deck.cards[0].image.digest}


def test_exif_orientation_turns_the_picture_upright(tmp_path):
    image = Image.new("RGB", (40, 20), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise: shown upright it is 20 × 40
    image.save(tmp_path / "turned.jpg", exif=exif)
    assert pictures.open_raster(tmp_path / "turned.jpg").size == (20, 40)
