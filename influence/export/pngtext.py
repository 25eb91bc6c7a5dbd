"""PNG bytes carrying text: the stamp written as UTF-8 iTXt chunks, and screenshots cut to an exact size.

Written by hand because Pillow re-encodes the whole image to add text chunks; inserting the chunks after
the header keeps the screenshot's bytes as Chromium encoded them.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import Image

_HEADER_END = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC


def exact(png: bytes, width: int, height: int, texts: dict[str, str]) -> bytes:
    """The screenshot at exactly width x height, with `texts` (the stamp) as iTXt chunks."""
    with Image.open(BytesIO(png)) as image:
        if image.size != (width, height):
            # fractional device scales (A4 at 200 dpi) can round one pixel over or under
            canvas = Image.new("RGB", (width, height), "white")
            canvas.paste(
                image.convert("RGB").crop((0, 0, min(width, image.width), min(height, image.height)))
            )
            buffer = BytesIO()
            canvas.save(buffer, format="PNG", compress_level=3)
            png = buffer.getvalue()
    return with_text(png, texts)


def with_text(png: bytes, texts: dict[str, str]) -> bytes:
    """PNG bytes with UTF-8 iTXt chunks inserted after the header chunk (no re-encoding of the image)."""
    chunks = b""
    for keyword, text in texts.items():
        body = keyword.encode("latin-1")[:79] + b"\0\0\0\0\0" + text.encode("utf-8")
        chunks += (
            struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
        )
    return png[:_HEADER_END] + chunks + png[_HEADER_END:]
