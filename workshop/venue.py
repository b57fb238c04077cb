"""Running at a venue: the address laptops in the room reach, and a QR code for the terminal.

No Flask here: `aihio demo`, `aihio serve` and the facilitator's pages call these.
"""

import ipaddress
import os
import socket
import sys

import segno

# An address in TEST-NET-1 (RFC 5737): connecting a UDP socket to it sends nothing, but
# makes the kernel pick the interface (and so the address) it would route through.
_PROBE = ("192.0.2.1", 9)


def is_loopback(host: str | None) -> bool:
    """Tell whether a host name or address points at this machine only."""
    if not host:
        return True
    host = host.strip("[]")
    if host in ("localhost", "0.0.0.0", "::"):  # noqa: S104 - names a wildcard, binds nothing
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith(".localhost")
    return address.is_loopback or address.is_unspecified


def lan_address() -> str | None:
    """Return this machine's address on the local network, or None when it has none.

    AIHIO_LAN_ADDRESS overrides the guess (a machine with several networks).
    """
    configured = (os.environ.get("AIHIO_LAN_ADDRESS") or "").strip()
    if configured:
        return configured
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback(address) else address


def venue_base_url(port: int, scheme: str = "http") -> tuple[str, bool]:
    """Return (base URL on the LAN address, whether a LAN address was found)."""
    address = lan_address()
    if address is None:
        return f"{scheme}://127.0.0.1:{port}", False
    host = f"[{address}]" if ":" in address else address
    return f"{scheme}://{host}:{port}", True


def terminal_qr(data: str, out=None) -> None:
    """Print a QR code of `data` in the terminal (two rows per character line)."""
    out = out or sys.stdout
    segno.make(data, error="m", micro=False).terminal(out=out, compact=True, border=2)
