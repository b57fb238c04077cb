"""Join codes and bearer tokens: random, unambiguous, stored only as hashes."""

import hashlib
import secrets

# No 0/O, 1/I/L: codes are read aloud and copied from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes: docs/security.md


def new_join_code() -> str:
    """Return a fresh random join code such as `K7M4QXPD`."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str | None) -> str:
    """Return a typed code in canonical form: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def new_token() -> str:
    """Return a bearer token of 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
