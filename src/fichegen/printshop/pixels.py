"""The total ink a CMYK image asks for at its darkest pixel: a print shop's ink limit holds for pictures
as much as for the colours that text and fills are painted in."""

from __future__ import annotations

LOSSLESS = {"/FlateDecode", "/ASCII85Decode", "/ASCIIHexDecode", "/LZWDecode", "/RunLengthDecode"}


def max_ink(image) -> float | None:
    """The largest C + M + Y + K of any pixel of a PDF image XObject, in per cent; None when the image is
    not 8-bit DeviceCMYK compressed losslessly (pypdf undoes those filters; a JPEG is not judged here), so
    nothing is claimed of it."""
    from PIL import Image, ImageChops

    from fichegen.style import assets

    filters = image.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    decode = [float(v) for v in image.get("/Decode") or [0, 1] * 4]
    if image.get("/ColorSpace") != "/DeviceCMYK" or int(image.get("/BitsPerComponent", 0)) != 8 \
            or any(f not in LOSSLESS for f in filters) or decode not in ([0, 1] * 4, [1, 0] * 4):
        return None
    size = (int(image["/Width"]), int(image["/Height"]))
    data = image.get_data()
    if len(data) < size[0] * size[1] * 4:
        return None
    pixels = Image.frombytes("CMYK", size, data[:size[0] * size[1] * 4])
    if decode[0] == 1:  # stored inverted, as some writers store CMYK
        pixels = ImageChops.invert(pixels)
    return assets.max_ink(pixels)
