"""Files Pillow reads that Tinte does not take, and files that declare more pixels than they
hold: made here, so that the corpus follows the installed Pillow.

Every format Pillow can write is written by Pillow itself (except Tinte's four); the formats
it only reads get a hand-made header that Pillow opens. A few variants are the ones that
broke Django's own reading of an image's size (a long palette, bitmaps in an icon).
"""

import functools
import io
import struct
import warnings
import zlib

from PIL import Image, features

# Tinte's own four, and MPO (a JPEG with more pictures in it: JPEG's first bytes, a JPEG to
# Tinte). PDF and Palm can be written but not read; BUFR, GRIB, HDF5 and WMF only with a
# handler an application registers.
TAKEN = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
NOT_READABLE = {"PDF", "PALM", "BUFR", "GRIB", "HDF5", "WMF"}

# The mode each format can be written in, and the extension it is named with.
WRITTEN = {
    "AVIF": ("RGB", "avif"),
    "BLP": ("P", "blp"),
    "BMP": ("RGB", "bmp"),
    "DDS": ("RGBA", "dds"),
    "DIB": ("RGB", "dib"),
    "EPS": ("RGB", "eps"),
    "ICNS": ("RGBA", "icns"),
    "ICO": ("RGBA", "ico"),
    "IM": ("RGB", "im"),
    "JPEG2000": ("RGB", "jp2"),
    "MSP": ("1", "msp"),
    "PCX": ("RGB", "pcx"),
    "PPM": ("RGB", "ppm"),
    "QOI": ("RGBA", "qoi"),
    "SGI": ("RGB", "sgi"),
    "SPIDER": ("F", "spi"),
    "TGA": ("RGB", "tga"),
    "TIFF": ("RGB", "tif"),
    "XBM": ("1", "xbm"),
}


def _written(image_format: str) -> bytes:
    mode, _extension = WRITTEN[image_format]
    image = Image.linear_gradient("L").resize((64, 64)).convert(mode)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # IM: read until Pillow 15
        image.save(buffer, image_format)
    return buffer.getvalue()


def _xpm() -> bytes:
    return b"""/* XPM */
static char *bild[] = {
"2 2 2 1",
"  c #000000",
". c #ffffff",
" .",
". "
};
"""


def _xpm_many_colours(colours=256, size=48) -> bytes:
    """An X pixmap whose palette is longer than the first kilobyte."""
    names = [chr(97 + i // 26) + chr(97 + i % 26) for i in range(colours)]
    lines = [f'"{size} {size} {colours} 2",']
    lines += [f'"{name} c #{i:02x}{i:02x}{i:02x}",' for i, name in enumerate(names)]
    lines += [
        '"' + "".join(names[(x + y) % colours] for x in range(size)) + '",' for y in range(size)
    ]
    return ("/* XPM */\nstatic char *bild[] = {\n" + "\n".join(lines) + "};\n").encode()


def _ico_bitmaps() -> bytes:
    """An icon in several sizes, stored as bitmaps (as older Windows tools write them)."""
    icon = io.BytesIO()
    image = Image.linear_gradient("L").resize((256, 256)).convert("RGBA")
    image.save(icon, "ICO", sizes=[(16, 16), (32, 32), (256, 256)], bitmap_format="bmp")
    return icon.getvalue()


def _psd(width=64, height=48) -> bytes:
    # Signature, version 1, channels, size, 8 bits, RGB; no colour data, resources or layers;
    # raw pixel data.
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)
    return header + struct.pack(">III", 0, 0, 0) + b"\x00\x00" + bytes(3 * width * height)


def _fli(width=64, height=48) -> bytes:
    header = struct.pack("<IHHHHHHI", 128 + 16, 0xAF11, 1, width, height, 8, 0, 5)
    header = header.ljust(128, b"\x00")
    frame = struct.pack("<IHH8x", 16, 0xF1FA, 0)
    return header + frame


def _cur() -> bytes:
    # An ICO whose type says cursor.
    icon = io.BytesIO()
    Image.new("RGBA", (32, 32), "red").save(icon, "ICO", sizes=[(32, 32)], bitmap_format="bmp")
    data = icon.getvalue()
    return data[:2] + b"\x02\x00" + data[4:]


def _dcx() -> bytes:
    pcx = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(pcx, "PCX")
    return struct.pack("<III", 987654321, 12, 0) + pcx.getvalue()


def _fits(width=64, height=48) -> bytes:
    cards = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        f"NAXIS1  = {width:>20}",
        f"NAXIS2  = {height:>20}",
        "END",
    ]
    header = b"".join(card.ljust(80).encode() for card in cards).ljust(2880, b" ")
    return header + bytes(width * height).ljust(2880, b"\x00")


def _gbr(width=64, height=48) -> bytes:
    name = b"Pinsel\x00"
    header = struct.pack(">IIIII", 28 + len(name), 2, width, height, 1) + b"GIMP"
    return header + struct.pack(">I", 0) + name + bytes(width * height)


def _sun(width=64, height=48) -> bytes:
    return struct.pack(">8I", 0x59A66A95, width, height, 8, width * height, 1, 0, 0) + bytes(
        width * height
    )


def _xvthumb(width=64, height=48) -> bytes:
    return (
        b"P7 332\n#XVVERSION:\n#END_OF_COMMENTS\n"
        + f"{width} {height} 255\n".encode()
        + bytes(width * height)
    )


def _pixar(width=64, height=48) -> bytes:
    header = bytearray(512)
    header[:4] = b"\x80\xe8\x00\x00"
    header[416:420] = struct.pack("<HH", width, height)
    header[424:428] = struct.pack("<HH", 14, 2)  # RGB
    return bytes(header) + bytes(3 * width * height)


def _ftex(width=64, height=48) -> bytes:
    # Format 1: uncompressed RGBA, one mipmap.
    header = b"FTEX" + struct.pack("<iiii", 3, width, height, 1) + struct.pack("<iii", 1, 1, 0)
    body = bytes(4 * width * height)
    return header + struct.pack("<ii", 36, len(body)) + body


def _mcidas(width=64, height=48) -> bytes:
    words = [0] * 256
    words[1], words[8], words[9], words[10], words[13], words[14] = 4, height, width, 1, 1, 0
    words[33], words[34], words[35] = 256, 256, 0
    header = struct.pack(">256i", *words)
    return b"\x00\x00\x00\x00" + header[4:] + bytes(width * height)


def _imt(width=64, height=48) -> bytes:
    return f"width {width}\nheight {height}\npixel n8\n\x0c".encode() + bytes(width * height)


def _wmf() -> bytes:
    # A placeable metafile header: Pillow reads its size, and draws it only on Windows.
    header = struct.pack("<IHhhhhHIH", 0x9AC6CDD7, 0, 0, 0, 640, 480, 1440, 0, 0)
    checksum = 0
    for (word,) in struct.iter_unpack("<H", header[:20]):
        checksum ^= word
    header = header[:20] + struct.pack("<H", checksum)
    return header + struct.pack("<HHHIHIH", 1, 9, 0x300, 12, 0, 0, 0) + b"\x03\x00\x00\x00\x00\x00"


HAND_MADE = {
    "XPM": ("xpm", _xpm),
    "XPM-256": ("xpm", _xpm_many_colours),
    "ICO-BMP": ("ico", _ico_bitmaps),
    "PSD": ("psd", _psd),
    "FLI": ("fli", _fli),
    "CUR": ("cur", _cur),
    "DCX": ("dcx", _dcx),
    "FITS": ("fits", _fits),
    "GBR": ("gbr", _gbr),
    "SUN": ("ras", _sun),
    "XVTHUMB": ("xv", _xvthumb),
    "PIXAR": ("pxr", _pixar),
    "FTEX": ("ftc", _ftex),
    "MCIDAS": ("area", _mcidas),
    "IMT": ("imt", _imt),
    "WMF": ("wmf", _wmf),
}


@functools.cache
def refused_formats() -> dict[str, tuple[str, bytes]]:
    """Each format Pillow opens but Tinte refuses: its file name and content."""
    Image.init()
    corpus = {}
    for image_format in sorted(set(Image.SAVE) - TAKEN - NOT_READABLE):
        if image_format == "JPEG2000" and not features.check("jpg_2000"):
            continue
        if image_format == "AVIF" and not features.check("avif"):
            continue
        extension = WRITTEN[image_format][1]
        corpus[image_format] = (f"bild.{extension}", _written(image_format))
    for image_format, (extension, make) in HAND_MADE.items():
        corpus[image_format] = (f"bild.{extension}", make())
    return corpus


# Files that declare far more pixels than they hold: a few hundred bytes each.


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 200))
        + _png_chunk(b"IEND", b"")
    )


def huge_gif(width: int, height: int) -> bytes:
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + bytes(6)
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00;"
    return screen + frame


def huge_jpeg(width: int, height: int) -> bytes:
    small = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(small, "JPEG")
    data = small.getvalue()
    frame = data.index(b"\xff\xc0")  # start of frame: precision, height, width
    return data[: frame + 5] + struct.pack(">HH", height, width) + data[frame + 9 :]


def huge_webp(width: int, height: int) -> bytes:
    """A lossless WebP whose bitstream and extended header both say `width` × `height`."""
    small = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(small, "WEBP", lossless=True)
    bitstream = bytearray(small.getvalue()[12:])  # the VP8L chunk
    assert bitstream[:4] == b"VP8L"
    bits = struct.unpack("<I", bitstream[9:13])[0] & ~((1 << 28) - 1)
    bitstream[9:13] = struct.pack("<I", bits | (width - 1) | (height - 1) << 14)
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + vp8x + bytes(bitstream)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def huge_tga(width: int, height: int) -> bytes:
    """A 18-byte Targa header saying RGB of `width` × `height`, and a few pixels."""
    return struct.pack("<BBBHHBHHHHBB", 0, 0, 2, 0, 0, 0, 0, 0, width, height, 24, 0) + bytes(266)


def huge_sgi(width: int, height: int) -> bytes:
    header = struct.pack(">hbbHHHHII", 474, 0, 1, 3, width, height, 3, 0, 255)
    return header.ljust(512, b"\x00") + bytes(64)


def huge_pcx(width: int, height: int) -> bytes:
    header = struct.pack("<BBBBHHHHHH", 10, 5, 0, 8, 0, 0, width - 1, height - 1, 72, 72)
    header = header.ljust(65, b"\x00") + struct.pack("<BHH", 3, width, 1)
    return header.ljust(128, b"\x00") + bytes(64)
