"""QR codes of join addresses, as SVG that scales to any size (for the projector)."""

import io

import segno


def qr_svg(data: str) -> bytes:
    """Return an SVG QR code of `data`: black on white, a quiet zone, a viewBox to scale by."""
    code = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    # omitsize: no fixed width/height, only a viewBox, so CSS can make it as large as needed.
    code.save(buffer, kind="svg", scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    return buffer.getvalue()
