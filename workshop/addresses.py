"""The client's address as the rate limits count it."""

import ipaddress

from flask import request


def client_address() -> str:
    """Return the key of the client's address: IPv4 as is, IPv6 by its /64 network (one
    host usually holds a whole /64, so counting single IPv6 addresses would count nothing).

    `request.remote_addr` is the peer, or with AIHIO_TRUSTED_PROXIES the address the
    trusted proxies saw (Werkzeug's ProxyFix, set up in create_app)."""
    raw = request.remote_addr or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
